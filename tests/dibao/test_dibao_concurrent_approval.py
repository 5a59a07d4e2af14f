"""Two approvers acting on the same case at the same moment: exactly one succeeds (R-FLOW-08)."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from jiuzhu.dibao import actions as a
from tests.dibao.helpers import to_status


@pytest.mark.django_db(transaction=True)
def test_r_flow_08_two_approvers_at_once_exactly_one_succeeds(application, worker, approver, approver2):
    # Runs on both databases: the SQLite test database is a file (jiuzhu/settings.py), so each thread has
    # its own connection and waits for the other's lock (BEGIN IMMEDIATE, busy_timeout) as in production.
    assert connection.vendor == "postgresql" or not connection.is_in_memory_db()
    to_status(application, "county_approval", worker)
    barrier = threading.Barrier(2)
    results = {}

    def approve(user):
        try:
            barrier.wait()
            a.do_approve(user, application, payment_start=timezone.localdate())
            results[user.username] = "ok"
        except a.TransitionRefused as e:
            results[user.username] = str(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (approver, approver2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values()).count("ok") == 1, results
    refused = [m for m in results.values() if m != "ok"]
    assert "已批准" in refused[0] and "可能已被他人处理" in refused[0]
    application.refresh_from_db()
    assert application.status == "approved"


@pytest.mark.django_db(transaction=True)
def test_r_flow_01_two_workers_take_the_same_application_at_once_one_case(make_household, worker, users):
    """One open case per household: two workers accepting an application for the same household at the
    same moment make one case; the other is told the household already has one."""
    from jiuzhu.dibao.models import DibaoApplication

    household = make_household()
    barrier = threading.Barrier(2)
    results = []

    def create(user):
        try:
            barrier.wait()
            a.do_create_application(user, household)
            results.append("ok")
        except a.TransitionRefused as e:
            results.append(str(e))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(u,)) for u in (worker, users["sy_worker2"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results)[0] == "ok" and results.count("ok") == 1, results
    assert "已有在办" in [r for r in results if r != "ok"][0]
    assert DibaoApplication.objects.filter(household=household).count() == 1
