"""临时救助 money (issue 9): an approved amount is paid once — by the bank through a roster line, or in cash from
the township's reserve fund (备用金, R-PAY-09, whose ledger records the cash-out) — and a case is closed (办结)
only when the whole approved amount has been paid and accounted for (R-PAY-05)."""

from __future__ import annotations

import datetime as dt

import pytest

from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.payments import reserve
from jiuzhu.payments import rosters as r
from jiuzhu.payments.bankfiles import do_bank_file
from jiuzhu.payments.models import ReserveEntry
from jiuzhu.payments.returns import do_bank_return
from jiuzhu.temporary.actions import (
    do_accept,
    do_approve,
    do_close,
    do_pay_instalment,
    do_plan_instalments,
    do_register_handout,
    do_review,
)
from tests.payments.conftest import set_account

pytestmark = pytest.mark.django_db
HEADER = "业务参考号,收款账号,收款户名,金额,状态,失败原因,银行流水号"


@pytest.fixture
def approved(new_case, users):
    """An emergency case of 胜利街道 approved at 4500.00 元; its applicant has an account at the agent bank."""

    def make():
        case = do_accept(users["sy_worker"], new_case())
        case = do_review(
            users["sy_worker"],
            case,
            {"expenditure_check": "火灾损失已核", "income_property_check": "已调查", "amount": "4500.00"},
        )
        case = do_approve(users["sy_approver"], case)
        set_account(users["sy_worker"], case.household.applicant)
        return case

    return make


def month_of(case) -> str:
    return f"{case.approved_on:%Y-%m}"


def pay_by_bank(roster, users, tmp_path, state="成功"):
    r.do_confirm(users["sy_approver"], roster)
    r.do_allocate(users["sy_finance"], roster)
    do_bank_file(users["sy_finance"], roster, tmp_path / "bank.csv")
    rows = [
        ",".join([ln.ref, ln.account_number, ln.payee_name, ln.amount_yuan(), state, "", "S1"])
        for ln in roster.lines.all()
    ]
    return do_bank_return(users["sy_finance"], roster, ("\n".join([HEADER, *rows]) + "\n").encode())


def test_r_pay_09_the_approved_amount_is_one_roster_line_and_the_case_closes_once_the_bank_paid_it(
    approved, users, tmp_path
):
    case = approved()
    roster = r.do_make(users["sy_worker"], "temporary", month_of(case), "110113")
    [line] = roster.lines.filter(case_id=case.pk)
    assert line.amount_fen == 450000
    # on the roster: no cash on top of it, and no closing before the bank has paid
    with pytest.raises(TransitionRefused, match="已列入.*发放花名册"):
        do_register_handout(users["sy_worker"], case, {"form": "cash", "amount": "100.00", "recipient": "张"})
    with pytest.raises(TransitionRefused, match="尚有4500.00元在发放花名册中"):
        do_close(users["sy_worker"], case)
    pay_by_bank(roster, users, tmp_path)
    assert do_close(users["sy_worker"], case).status == "closed"


def test_r_pay_09_a_failed_bank_payment_keeps_the_case_open(approved, users, tmp_path):
    case = approved()
    roster = r.do_make(users["sy_worker"], "temporary", month_of(case), "110113")
    pay_by_bank(roster, users, tmp_path, state="失败")
    with pytest.raises(TransitionRefused, match="4500.00元"):
        do_close(users["sy_worker"], case)


def test_r_pay_09_cash_from_the_reserve_is_its_ledgers_cash_out_and_is_not_put_on_a_roster(approved, users):
    case = approved()
    fund = reserve.fund_for(case.household.region)
    reserve.do_top_up(
        users["sy_finance"], case.household.region, 1_000_000, dt.date(2026, 11, 2), "财政拨付凭证 2026-118"
    )
    do_register_handout(
        users["sy_worker"], case, {"form": "cash", "amount": "1500.00", "recipient": "张建国"}
    )
    [entry] = ReserveEntry.objects.filter(case_id=case.pk)
    assert (entry.kind, entry.amount_fen, entry.fund_id) == ("cash_out", -150000, fund.pk)
    assert reserve.balance_fen(fund) == 1_000_000 - 150000
    # the roster pays only what the cash did not: 4500.00 − 1500.00
    roster = r.do_make(users["sy_worker"], "temporary", month_of(case), "110113")
    assert [ln.amount_fen for ln in roster.lines.filter(case_id=case.pk)] == [300000]
    with pytest.raises(TransitionRefused, match="尚有3000.00元在发放花名册中"):
        do_close(users["sy_worker"], case)


def test_r_pay_09_a_case_paid_wholly_in_cash_closes_and_owes_nothing(approved, users):
    case = approved()
    with pytest.raises(TransitionRefused, match="尚有4500.00元未发放"):
        do_close(users["sy_worker"], case)
    do_register_handout(
        users["sy_worker"], case, {"form": "cash", "amount": "4500.00", "recipient": "张建国"}
    )
    roster = r.do_make(users["sy_worker"], "temporary", month_of(case), "110113")
    assert not roster.lines.filter(case_id=case.pk).exists()
    assert do_close(users["sy_worker"], case).status == "closed"


def test_r_pay_09_an_instalment_on_a_roster_is_not_paid_again_in_cash(approved, users):
    case = approved()
    due = case.approved_on.replace(day=1)
    later = (due + dt.timedelta(days=40)).replace(day=1)
    plan = do_plan_instalments(
        users["sy_worker"],
        case,
        [{"due": due.isoformat(), "amount": "3000.00"}, {"due": later.isoformat(), "amount": "1500.00"}],
    )
    # the first instalment is due in the roster's month, the second not yet
    roster = r.do_make(users["sy_worker"], "temporary", month_of(case), "110113")
    assert [(ln.amount_fen, ln.slots) for ln in roster.lines.filter(case_id=case.pk)] == [
        (300000, "instalment-1")
    ]
    with pytest.raises(TransitionRefused, match="已列入.*发放花名册"):
        do_pay_instalment(users["sy_worker"], plan[0], {"recipient": "张建国"})
    # the second, not on a roster, is handed out in cash from the reserve
    do_pay_instalment(users["sy_worker"], plan[1], {"recipient": "张建国"})
    assert ReserveEntry.objects.get(case_id=case.pk).amount_fen == -150000
