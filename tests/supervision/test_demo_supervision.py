"""The demo data has at least one true case of each risk rule (issue 15), complaints at several steps, an
inspection; it leaves the payments demo's roster waiting for finance without a blocking warning."""

import pytest

pytestmark = pytest.mark.django_db


def test_demo_has_a_ticket_for_every_rule(db):
    from django.db.models import Count

    from jiuzhu.cli import bootstrap
    from jiuzhu.payments import warnings as pw
    from jiuzhu.payments.models import Roster
    from jiuzhu.supervision.demo import make_supervision_demo
    from jiuzhu.supervision.models import Complaint, Finding, RiskWarning
    from jiuzhu.supervision.scan import RULES

    assert bootstrap(500, 1)
    made = make_supervision_demo()
    assert made["warnings"] >= len(RULES)
    per_rule = dict(RiskWarning.objects.values_list("rule").annotate(n=Count("id")))
    assert set(per_rule) == set(RULES)
    assert set(RiskWarning.objects.values_list("status", flat=True)) == {"open", "confirmed", "dismissed"}
    assert set(Complaint.objects.values_list("status", flat=True)) == {"closed", "assigned", "received"}
    assert Finding.objects.count() == 3
    for roster in Roster.objects.filter(status="confirmed"):
        assert pw.scan(roster) == 0
    assert make_supervision_demo() == {}  # once only
