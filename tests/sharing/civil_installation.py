"""The civil-affairs installation of the two-installation test (test_two_installations.py), run in its own
process on its own database: migrate, the demo regions and users, one household whose members are given,
its 低保 case walked to payment through the real procedure, the union registered as counterpart with its
public keys, and the confidentiality agreements. Prints the case's first payment month as JSON.

    python -m tests.sharing.civil_installation '{"household": {...}, "union_signing": "...", ...}'
"""

from __future__ import annotations

import datetime as dt
import json
import sys


def main(arg: str) -> None:
    from jiuzhu.cli import _django, bootstrap

    _django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    bootstrap(0, 1)
    spec = json.loads(arg)
    from jiuzhu.core.models import Region
    from jiuzhu.dibao.actions import do_create_application
    from jiuzhu.registry.actions import do_create_household
    from jiuzhu.sharing.register import do_add_counterpart, do_record_agreement
    from tests.dibao.helpers import to_status

    users = {u.username: u for u in get_user_model().objects.all()}
    household = do_create_household(None, spec["household"])
    app = to_status(do_create_application(users["sy_worker"], household), "active", users["sy_worker"],
                    users["sy_approver"])  # fmt: skip
    union = do_add_counterpart(None, name=spec["union_name"], side="union", region="110113", address="",
                               signing_key=spec["union_signing"], encryption_key=spec["union_encryption"])  # fmt: skip
    signed = dt.date(2026, 1, 5)
    do_record_agreement(None, union, reference="顺民保密〔2026〕1号", signed_on=signed)
    do_record_agreement(
        None, union, reference="顺民保密〔2026〕2号", signed_on=signed, user=users["sy_approver"]
    )
    assert Region.objects.filter(code="110113").exists()
    print(json.dumps({"payment_start": app.payment_start.strftime("%Y-%m")}))


if __name__ == "__main__":
    main(sys.argv[1])
