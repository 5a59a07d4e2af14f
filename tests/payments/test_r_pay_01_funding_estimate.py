"""R-PAY-01 (民发〔2019〕139号 二(一)): civil affairs estimates the funding need for the budget — DEFAULT method
recipients × standards, by programme and county; 临时救助 at least what was approved in the past twelve months."""

from __future__ import annotations

import datetime as dt

import pytest

from jiuzhu.core.models import Region
from jiuzhu.payments.budget import estimate
from jiuzhu.temporary.actions import do_accept, do_approve, do_review

pytestmark = pytest.mark.django_db


def test_r_pay_01_dibao_need_is_persons_covered_times_the_standard(active_case, users, new_case_for_estimate):
    # two urban households of 胜利街道 (110113), 2 persons each, each paid 1000.00 a month (conftest);
    # the 2026 urban standard of 110113 is 1400.00: 4 × 1400.00 = 5600.00 a month, 67200.00 a year
    active_case(dt.date(2026, 8, 1))
    active_case(dt.date(2026, 9, 1))
    new_case_for_estimate("4500.00")
    needs = estimate(Region.objects.get(code="110113"), dt.date(2027, 1, 1))
    by = {n.programme: n for n in needs}
    urban = by["dibao_urban"]
    assert (urban.households, urban.persons, urban.standard_fen) == (2, 4, 140000)
    assert (urban.month_fen, urban.year_fen, urban.paid_month_fen) == (560000, 6720000, 200000)
    assert "dibao_rural" not in by
    temporary = by["temporary"]
    assert (temporary.households, temporary.year_fen, temporary.month_fen) == (1, 450000, 37500)


def test_r_pay_01_a_case_not_yet_in_payment_is_not_counted(active_case):
    active_case(dt.date(2026, 8, 1))
    assert estimate(Region.objects.get(code="110113"), dt.date(2026, 7, 1)) == []
    # another county's estimate does not see 110113's cases
    assert estimate(Region.objects.get(code="110105"), dt.date(2026, 9, 1)) == []


@pytest.fixture
def new_case_for_estimate(make_household, users):
    from jiuzhu.temporary.actions import do_create_case

    def make(amount: str):
        case = do_create_case(
            users["sy_worker"],
            make_household(),
            {
                "case_type": "emergency",
                "event_kind": "fire",
                "event_date": "2026-11-01",
                "severity": "moderate",
                "loss": "20000.00",
            },
        )
        case = do_accept(users["sy_worker"], case)
        case = do_review(
            users["sy_worker"],
            case,
            {"expenditure_check": "已核", "income_property_check": "已调查", "amount": amount},
        )
        return do_approve(users["sy_approver"], case)

    return make
