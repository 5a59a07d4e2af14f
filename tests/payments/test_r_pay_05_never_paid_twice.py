"""Nothing is paid twice (spec/PAYMENTS.md, R-PAY-05): a database constraint keeps a case to one line per
programme and slot, whatever is re-run, retried, crashed half-way or run twice at the same moment."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connections, transaction

from jiuzhu.payments import rosters as r
from jiuzhu.payments.models import Claim, Roster, RosterLine

JUL, AUG = dt.date(2026, 7, 1), dt.date(2026, 8, 1)


def _cases_lines():
    return sorted(
        RosterLine.objects.exclude(status=RosterLine.Status.CANCELLED).values_list("case_id", "slots")
    )


@pytest.mark.django_db
def test_the_database_refuses_a_second_claim_of_the_same_slot(active_case, worker):
    app = active_case(AUG)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    line = roster.lines.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(
            programme="dibao", case_type="dibao.dibaoapplication", case_id=app.pk, slot="2026-08", line=line
        )


@pytest.mark.django_db
def test_the_database_refuses_a_second_regular_roster_for_the_same_period_and_region(active_case, worker):
    active_case(AUG)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    with pytest.raises(IntegrityError), transaction.atomic():
        Roster.objects.create(
            programme="dibao",
            period=AUG,
            scope_code="110113",
            scope_path=roster.scope_path,
            region=roster.region,
        )


@pytest.mark.django_db
def test_running_make_again_gives_the_same_lines(active_case, worker):
    active_case(AUG)
    active_case(AUG)
    first = r.do_make(worker, "dibao", "2026-08", "110113")
    before = _cases_lines()
    second = r.do_make(worker, "dibao", "2026-08", "110113")
    assert second.pk == first.pk and _cases_lines() == before and len(before) == 2


@pytest.mark.django_db
def test_a_county_roster_does_not_pay_what_a_township_roster_already_pays(active_case, worker, approver):
    active_case(AUG)
    township = r.do_make(worker, "dibao", "2026-08", "110113001")
    county = r.do_make(approver, "dibao", "2026-08", "110113")
    assert township.lines.count() == 1 and county.lines.count() == 0


@pytest.mark.django_db
def test_crashing_half_way_then_running_again_gives_the_same_lines(active_case, worker, monkeypatch):
    # started in July, first roster in September: each case owes an arrears line, so the lines are made by the
    # chunked path (not the one-statement insert of plain months), one per transaction here
    for _ in range(3):
        active_case(JUL)
    monkeypatch.setattr(
        r, "CHUNK", 1
    )  # one case's lines per transaction, so a crash leaves part of the roster

    def crash(done):
        raise RuntimeError("进程被终止")

    with pytest.raises(RuntimeError):
        r.do_make(worker, "dibao", "2026-09", "110113", progress=crash)
    # the first case's two lines, together: its arrears are owed only before its first roster
    assert RosterLine.objects.count() == 2
    r.do_make(worker, "dibao", "2026-09", "110113")
    assert len(_cases_lines()) == 6 and len(set(_cases_lines())) == 6
    assert Claim.objects.count() == 9  # arrears July–August (2 months) and September, for 3 cases


@pytest.mark.django_db
def test_crashing_after_the_one_statement_insert_then_running_again_gives_the_same_lines(active_case, worker):
    for _ in range(3):
        active_case(AUG)

    def crash(done):
        raise RuntimeError("进程被终止")

    with pytest.raises(RuntimeError):
        r.do_make(worker, "dibao", "2026-08", "110113", progress=crash)
    assert RosterLine.objects.count() == 3  # the insert of the plain months is one transaction: all or none
    r.do_make(worker, "dibao", "2026-08", "110113")
    assert len(_cases_lines()) == 3 and len(set(_cases_lines())) == 3
    assert Claim.objects.count() == 3


def _at_once(*calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_makes_at_the_same_moment_make_one_roster_and_each_line_once(active_case, worker, users):
    for _ in range(3):
        active_case(AUG)
    errors = _at_once(
        lambda: r.do_make(worker, "dibao", "2026-08", "110113"),
        lambda: r.do_make(users["sy_worker2"], "dibao", "2026-08", "110113"),
    )
    assert not errors, errors
    assert Roster.objects.filter(programme="dibao", period=AUG).count() == 1
    lines = _cases_lines()
    assert len(lines) == 3 and len(set(lines)) == 3


@pytest.mark.django_db(transaction=True)
def test_overlapping_rosters_made_at_the_same_moment_share_no_case(active_case, worker, approver):
    cases = {active_case(AUG).pk for _ in range(3)}
    errors = _at_once(
        lambda: r.do_make(worker, "dibao", "2026-08", "110113001"),
        lambda: r.do_make(approver, "dibao", "2026-08", "110113"),
    )
    assert not errors, errors
    paid = [case for case, _slot in _cases_lines()]
    assert sorted(paid) == sorted(cases)
