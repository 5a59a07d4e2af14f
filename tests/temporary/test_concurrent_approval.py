"""Two approvers acting on the same case at the same moment: exactly one succeeds (R-FLOW-20): a row lock on
PostgreSQL, BEGIN IMMEDIATE on SQLite (the test database is a file there, jiuzhu/settings.py)."""

import threading

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.django_db(transaction=True)


def test_r_flow_20_two_approvers_same_moment_exactly_one_succeeds(reviewed_case, users):
    assert connection.vendor == "postgresql" or not connection.is_in_memory_db()
    from django.contrib.auth import get_user_model

    from jiuzhu.core.models import StatusChange
    from jiuzhu.core.workflow import TransitionRefused
    from jiuzhu.temporary.actions import do_approve
    from jiuzhu.temporary.models import TemporaryCase

    case = reviewed_case("1000.00")
    second = get_user_model().objects.create_user(
        "sy_approver2", role="approver", region=users["sy_approver"].region
    )
    barrier = threading.Barrier(2)
    results = []

    def approve(user):
        try:
            barrier.wait()
            do_approve(user, TemporaryCase.objects.get(pk=case.pk))
            results.append("ok")
        except TransitionRefused as e:
            results.append(str(e))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (users["sy_approver"], second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results)[0] == "ok" and results.count("ok") == 1
    assert "可能已被他人处理" in [r for r in results if r != "ok"][0]
    assert StatusChange.objects.filter(object_id=str(case.pk), to_status="approved").count() == 1
