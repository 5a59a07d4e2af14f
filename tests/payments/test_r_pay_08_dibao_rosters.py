"""What a 低保 roster pays, month by month (R-PAY-08, OP-27, R-FLOW-08/10/14), worked by hand.

The factory household: 2 persons, the applicant's wage 1800.00 a month, urban 胜利街道 of 顺义区 (110113), whose
2026 standard is 1400.00: 2 × 1400.00 − 1800.00 = 1000.00 a month (the township opinion and the approval).
"""

from __future__ import annotations

import datetime as dt

import pytest

from jiuzhu.dibao import actions as d
from jiuzhu.payments import rosters as r
from jiuzhu.payments.models import RosterLine

pytestmark = pytest.mark.django_db

JUL, AUG, SEP, OCT = (dt.date(2026, m, 1) for m in (7, 8, 9, 10))


def lines_of(roster, case=None):
    qs = roster.lines.exclude(status=RosterLine.Status.REMOVED).order_by("first_month")
    if case is not None:
        qs = qs.filter(case_id=case.pk)
    return [(ln.kind, ln.months_label, ln.amount_yuan()) for ln in qs]


def test_r_pay_08_first_period_is_the_approved_start_month(active_case, worker):
    app = active_case(AUG)
    assert app.payment_start == AUG
    assert lines_of(r.do_make(worker, "dibao", "2026-07", "110113"), app) == []
    assert lines_of(r.do_make(worker, "dibao", "2026-08", "110113"), app) == [
        ("regular", "2026-08", "1000.00")
    ]


def test_r_pay_08_arrears_before_the_first_roster_are_paid_once_as_their_own_line(active_case, worker):
    app = active_case(JUL)
    sep = r.do_make(worker, "dibao", "2026-09", "110113")
    assert lines_of(sep, app) == [
        ("arrears", "2026-07—2026-08", "2000.00"),
        ("regular", "2026-09", "1000.00"),
    ]
    again = r.do_make(worker, "dibao", "2026-09", "110113")
    assert again.pk == sep.pk and lines_of(again, app) == lines_of(sep, app)
    assert lines_of(r.do_make(worker, "dibao", "2026-10", "110113"), app) == [
        ("regular", "2026-10", "1000.00")
    ]
    # a roster for a month already paid as arrears has nothing for the case
    assert lines_of(r.do_make(worker, "dibao", "2026-08", "110113"), app) == []


def test_r_pay_08_rural_quarterly_is_paid_in_the_first_month_of_the_quarter(active_case, worker):
    from tests.factories import set_param

    set_param(
        None,
        region_code="110113",
        key="dibao_rural_payment",
        variant="",
        effective_from=JUL,
        value="quarterly",
    )
    rural = active_case(JUL, area_type="rural")  # the rural standard of 110113 is 1400.00 too
    urban = active_case(JUL)
    jul = r.do_make(worker, "dibao", "2026-07", "110113")
    assert lines_of(jul, rural) == [("regular", "2026-07—2026-09", "3000.00")]
    assert lines_of(jul, urban) == [("regular", "2026-07", "1000.00")]
    aug = r.do_make(worker, "dibao", "2026-08", "110113")
    assert lines_of(aug, rural) == []  # paid for August in July
    assert lines_of(aug, urban) == [("regular", "2026-08", "1000.00")]
    assert lines_of(r.do_make(worker, "dibao", "2026-10", "110113"), rural) == [
        ("regular", "2026-10—2026-12", "3000.00")
    ]


def test_op_27_monthly_unless_the_county_sets_quarterly(active_case, worker):
    rural = active_case(JUL, area_type="rural")
    assert lines_of(r.do_make(worker, "dibao", "2026-08", "110113"), rural) == [
        ("arrears", "2026-07", "1000.00"),
        ("regular", "2026-08", "1000.00"),
    ]


def test_r_flow_10_a_change_pays_the_new_amount_from_its_month(active_case, worker, approver):
    app = active_case(JUL)
    r.do_make(worker, "dibao", "2026-07", "110113")
    notice = d.do_change_benefit(
        approver, app, household_fen=80000, per_capita_fen=40000, reason="收入增加", effective_month=SEP
    )
    assert lines_of(r.do_make(worker, "dibao", "2026-08", "110113"), app) == [
        ("regular", "2026-08", "1000.00")
    ]
    sep = r.do_make(worker, "dibao", "2026-09", "110113")
    assert lines_of(sep, app) == [("regular", "2026-09", "800.00")]
    assert sep.lines.get(case_id=app.pk).decision == f"dibao.notice:{notice.pk}"


def test_r_flow_10_a_change_splits_arrears_where_the_amount_changes(active_case, worker, approver):
    app = active_case(JUL)
    d.do_change_benefit(
        approver, app, household_fen=120000, per_capita_fen=60000, reason="成员患病", effective_month=AUG
    )
    assert lines_of(r.do_make(worker, "dibao", "2026-09", "110113"), app) == [
        ("arrears", "2026-07", "1000.00"),
        ("arrears", "2026-08", "1200.00"),
        ("regular", "2026-09", "1200.00"),
    ]


def test_r_flow_10_a_stopped_case_is_paid_before_its_stop_month_and_never_after(
    active_case, worker, approver
):
    app = active_case(JUL)
    r.do_make(worker, "dibao", "2026-07", "110113")
    r.do_make(worker, "dibao", "2026-08", "110113")
    d.do_stop(approver, app, stop_month=OCT, reason="家庭人均收入高于低保标准")
    assert lines_of(r.do_make(worker, "dibao", "2026-09", "110113"), app) == [
        ("regular", "2026-09", "1000.00")
    ]
    assert lines_of(r.do_make(worker, "dibao", "2026-10", "110113"), app) == []
    assert lines_of(r.do_make(worker, "dibao", "2026-11", "110113"), app) == []


def test_r_flow_10_a_case_stopped_before_its_first_roster_is_paid_the_months_it_was_owed(
    active_case, worker, approver
):
    app = active_case(JUL)
    d.do_stop(approver, app, stop_month=SEP, reason="迁出本县")
    assert lines_of(r.do_make(worker, "dibao", "2026-10", "110113"), app) == [
        ("arrears", "2026-07—2026-08", "2000.00")
    ]


def test_r_flow_14_phase_out_pays_the_amount_in_force_until_it_ends(active_case, worker, approver):
    app = active_case(JUL)
    r.do_make(worker, "dibao", "2026-07", "110113")
    # 6 months of phase-out (110113) from 2026-08-15: until 2027-02-14
    d.do_start_phase_out(approver, app, starts_on=dt.date(2026, 8, 15))
    app.refresh_from_db()
    assert app.phase_out_end == dt.date(2027, 2, 14)
    assert lines_of(r.do_make(worker, "dibao", "2026-08", "110113"), app) == [
        ("regular", "2026-08", "1000.00")
    ]
    assert lines_of(r.do_make(worker, "dibao", "2027-02", "110113"), app)[-1] == (
        "regular",
        "2027-02",
        "1000.00",
    )
    assert lines_of(r.do_make(worker, "dibao", "2027-03", "110113"), app) == []


def test_r_flow_06_amounts_come_from_the_stored_decision_never_recalculated(active_case, worker):
    from jiuzhu.registry.actions import do_update_household
    from jiuzhu.registry.documents import to_document

    app = active_case(JUL)
    doc = to_document(app.household)
    doc["members"][0]["incomes"] = [{"kind": "wage", "amount": "2500.00", "per": "month"}]
    do_update_household(worker, app.household, doc)  # the engine would now find 300.00, not 1000.00
    assert lines_of(r.do_make(worker, "dibao", "2026-07", "110113"), app) == [
        ("regular", "2026-07", "1000.00")
    ]
    line = RosterLine.objects.get(case_id=app.pk)
    snap = app.snapshots.filter(purpose="township_review").latest("id")
    assert line.decision == f"dibao.decisionsnapshot:{snap.pk}"


def test_cases_not_yet_active_or_refused_get_no_line(make_household, worker, approver):
    from tests.dibao.helpers import to_status

    app = to_status(
        d.do_create_application(worker, make_household(), applied_on=JUL),
        "approval_publicity",
        worker,
        approver,
        start=JUL,
    )
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    assert lines_of(roster, app) == []
