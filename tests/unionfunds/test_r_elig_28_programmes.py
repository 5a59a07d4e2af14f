"""The union programmes as procedures: 送温暖 names its recipient group (R-ELIG-28) and is paid by real name
(R-PAY-25); the model-worker subsidy only to national model workers and May-1 medal holders, by bank transfer
(R-ELIG-29, R-PAY-13); 金秋助学 once a student a year (R-AMT-16); bank payments go through the union rosters of
the payments issue with their fund source (R-PAY-23)."""

import pytest

from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.payments import rosters
from jiuzhu.temporary.actions import Invalid
from jiuzhu.unionfunds.pay import do_pay
from tests.payments.conftest import set_account


def pay(u, f, h, **extra):
    m = h.applicant
    data = {"amount": "800.00", "payee_name": m.name, "payee_id_number": m.id_number, **extra}
    return do_pay(u, f, h, data)


def test_r_elig_28_warmth_names_its_group_and_goes_on_the_union_roster(fund, archived, fund_users):
    f = fund(code="U110113", programme="warmth", source="higher_union", received="5000.00")
    h = archived().household
    set_account(fund_users["base"], h.applicant)
    with pytest.raises(Invalid, match="请选择"):
        pay(fund_users["centre"], f, h, use="condolence")
    with pytest.raises(Invalid, match="送温暖对象类别"):
        pay(fund_users["centre"], f, h, use="condolence", recipient_group="national_model")
    p = pay(fund_users["centre"], f, h, use="condolence", recipient_group="front_line")
    roster = rosters.do_make(fund_users["base"], "union_warmth", f"{p.paid_on:%Y-%m}", "U110113")
    line = roster.lines.get()
    # 上级工会补助 is tagged "other" on the roster (payments has no such value); the ledger keeps it exactly
    assert (line.amount_fen, line.fund_source, line.case_id) == (80_000, "other", p.pk)
    assert p.fund.source == "higher_union"
    assert (
        rosters.do_make(fund_users["base"], "union_warmth", f"{p.paid_on:%Y-%m}", "U110113").lines.count()
        == 1
    )


def test_r_elig_29_model_worker_subsidy_only_to_honoured_workers_by_bank(fund, archived, fund_users):
    f = fund(code="U110113", programme="model_worker", source="central", received="5000.00")
    h = archived().household
    with pytest.raises(TransitionRefused, match="不得擅自扩大范围"):
        pay(fund_users["centre"], f, h, use="model_subsidy", recipient_group="front_line")
    with pytest.raises(TransitionRefused, match="直接转入劳模本人银行账户"):
        pay(
            fund_users["centre"],
            f,
            h,
            use="model_subsidy",
            recipient_group="national_model",
            method="cash",
            cash_reason="one_off",
        )
    p = pay(fund_users["centre"], f, h, use="model_subsidy", recipient_group="may_day_medal")
    assert p.method == "bank" and p.recipient_group == "may_day_medal"


def test_r_amt_16_golden_autumn_once_a_student_a_year(fund, archived, fund_users):
    f = fund(code="U110113", programme="golden_autumn", source="donations", received="5000.00")
    h = archived().household
    with pytest.raises(TransitionRefused, match="不在该资金的使用范围内"):
        pay(fund_users["centre"], f, h, use="basic_living")
    pay(fund_users["centre"], f, h, use="study_grant", amount="3000.00")
    with pytest.raises(TransitionRefused, match="每名学生每年补助一次"):
        pay(fund_users["centre"], f, h, use="study_grant", amount="100.00")
