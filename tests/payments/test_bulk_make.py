"""The one-statement insert of plain months (payments.rosters._bulk, dibao.payables.dibao_bulk) makes exactly the
lines the case-by-case path makes (R-PAY-08, R-PAY-05): the same cases, months, amounts, decisions, payees and
accounts, and the claims that keep each month paid once. One September roster of 顺义区 is made both ways over
the same cases, cancelled in between (cancelling releases the claims).

The cases (factory household: 1000.00 a month, see test_r_pay_08_dibao_rosters.py), and which path pays them:
- A starts in September; G too, without an account; B was paid July and August; E too, stopped from October;
  J too, in phase-out until 2027-02: plain months, made by the insert;
- C started in July and was never on a roster: arrears July–August and September, case by case;
- D has a change to 800.00 from September (附件7): case by case;
- F is stopped from September, and I is rural in a county paying rural 低保 quarterly (September is not a
  quarter's first month): nothing, either way.
"""

from __future__ import annotations

import datetime as dt

import pytest

from jiuzhu.dibao import actions as d
from jiuzhu.payments import programmes
from jiuzhu.payments import rosters as r
from jiuzhu.payments.models import Claim, RosterLine

pytestmark = pytest.mark.django_db

JUL, AUG, SEP, OCT = (dt.date(2026, m, 1) for m in (7, 8, 9, 10))
FIELDS = (
    "case_type",
    "case_id",
    "kind",
    "slots",
    "first_month",
    "last_month",
    "amount_fen",
    "decision",
    "household_id",
    "member_id",
    "payee_name",
    "id_number",
    "bank",
    "account_number",
    "agent_name",
    "fund_source",
    "status",
)


def _lines(roster):
    return sorted(roster.lines.values_list(*FIELDS))


def _claims(roster):
    return sorted(Claim.objects.filter(line__roster=roster).values_list("case_id", "slot"))


def test_r_pay_08_the_one_statement_insert_makes_the_lines_case_by_case_makes(
    active_case, worker, approver, monkeypatch
):
    from tests.factories import set_param

    set_param(
        None,
        region_code="110113",
        key="dibao_rural_payment",
        variant="",
        effective_from=JUL,
        value="quarterly",
    )
    b, dd, e, f, j = (active_case(JUL) for _ in range(5))
    r.do_make(worker, "dibao", "2026-07", "110113")
    r.do_make(worker, "dibao", "2026-08", "110113")
    d.do_change_benefit(
        approver, dd, household_fen=80000, per_capita_fen=40000, reason="收入增加", effective_month=SEP
    )
    d.do_stop(approver, e, stop_month=OCT, reason="家庭人均收入高于低保标准")
    d.do_stop(approver, f, stop_month=SEP, reason="迁出本县")
    d.do_start_phase_out(approver, j, starts_on=dt.date(2026, 8, 15))
    c = active_case(JUL)
    a = active_case(SEP)
    g = active_case(SEP, account=False)
    i = active_case(SEP, area_type="rural")

    prog = programmes.get("dibao")
    bulk = prog.bulk
    monkeypatch.setattr(prog, "bulk", None)
    by_case = r.do_make(worker, "dibao", "2026-09", "110113")
    expected, expected_claims = _lines(by_case), _claims(by_case)
    r.do_cancel(worker, by_case, "对照另一种编制方式")

    inserted = []

    def spy(*args):
        source = bulk(*args)
        inserted.extend(source.values_list("pk", flat=True))
        return source

    monkeypatch.setattr(prog, "bulk", spy)
    in_bulk = r.do_make(worker, "dibao", "2026-09", "110113")
    assert in_bulk.pk != by_case.pk
    assert sorted(inserted) == sorted(x.pk for x in (a, b, e, g, j))
    assert _lines(in_bulk) == expected
    assert _claims(in_bulk) == expected_claims
    cases = {row[1] for row in expected}
    assert cases == {x.pk for x in (a, b, c, dd, e, g, j)} and not cases & {f.pk, i.pk}
    refs = list(in_bulk.lines.order_by("seq").values_list("seq", "ref"))
    assert [seq for seq, _ref in refs] == list(range(1, len(expected) + 1))
    assert all(ref == f"{in_bulk.pk:07d}{seq:07d}" for seq, ref in refs)
    # made again: nothing new, either way
    assert r.do_make(worker, "dibao", "2026-09", "110113").lines.count() == len(expected)
    assert RosterLine.objects.filter(roster=in_bulk, account_number="").count() == 1  # G


def test_r_pay_05_lines_plainly_owed_are_not_asked_again_and_the_others_are(
    active_case, worker, approver, monkeypatch
):
    """The warnings' recheck leaves out, in one query, the lines of cases plainly owed the month at the line's
    amount (programmes.Programme.plain); what it finds is what asking about every line finds. After the
    September roster is made: B is stopped from September (no longer payable), E's amount changes to 800.00
    from September (the line of 1000.00 differs), A and J stay as they were."""
    from jiuzhu.payments import warnings as w

    a, b, e, j = (active_case(SEP) for _ in range(4))
    roster = r.do_make(worker, "dibao", "2026-09", "110113")
    d.do_stop(approver, b, stop_month=SEP, reason="迁出本县")
    d.do_change_benefit(
        approver, e, household_fen=80000, per_capita_fen=40000, reason="收入增加", effective_month=SEP
    )
    prog = programmes.get("dibao")
    asked = []
    recheck = prog.recheck

    def spy(items):
        asked.extend(case_id for case_id, _slots in items)
        return recheck(items)

    monkeypatch.setattr(prog, "recheck", spy)
    found = w._find(roster)
    assert sorted(asked) == sorted([b.pk, e.pk])  # A and J were not asked: plainly owed
    monkeypatch.setattr(prog, "plain", None)
    assert w._find(roster) == found
    line_of = dict(roster.lines.values_list("case_id", "id"))
    kinds = {(line, kind) for line, kind in found}
    assert (line_of[b.pk], "not_payable") in kinds and (line_of[e.pk], "amount_differs") in kinds
    assert not any(line in (line_of[a.pk], line_of[j.pk]) for line, _k in kinds)
    assert "800.00" in found[(line_of[e.pk], "amount_differs")]
