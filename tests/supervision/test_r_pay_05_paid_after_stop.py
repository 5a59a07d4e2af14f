"""R-PAY-05 / R-FLOW-10: a roster line (pending or paid) for a month from which the case is stopped."""

import datetime as dt

import pytest

from jiuzhu.dibao.actions import do_stop
from jiuzhu.payments import rosters as r

pytestmark = pytest.mark.django_db
AUG, SEP, OCT = dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)


def test_r_pay_05_line_for_a_month_after_the_stop(active_case, worker, approver, found):
    app = active_case(AUG)
    roster = r.do_make(worker, "dibao", "2026-09", "110113")
    line = roster.lines.get(case_id=app.pk, first_month=SEP)
    do_stop(approver, app, stop_month=SEP, reason="家庭收入超过低保标准", today=dt.date(2026, 9, 20))
    hits = found("paid_after_stop")
    assert [(s, h) for s, h, _d in hits] == [(f"line:{line.pk}", app.household_id)]
    assert hits[0][2] == f"2026-09起停发，花名册{roster.pk}仍发放至2026-09，1000.00元"


def test_r_pay_05_stop_after_the_paid_months_is_not(active_case, worker, approver, found):
    app = active_case(AUG)
    r.do_make(worker, "dibao", "2026-09", "110113")
    do_stop(approver, app, stop_month=OCT, reason="家庭收入超过低保标准", today=dt.date(2026, 9, 20))
    assert found("paid_after_stop") == []
