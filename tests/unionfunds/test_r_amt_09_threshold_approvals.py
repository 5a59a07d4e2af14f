"""R-AMT-09 / OP-15: above 20,000 元 per household per project per calendar year the provincial union approves,
above 50,000 元 ACFTU agrees, decided before the payment that crosses; R-AMT-11: provincial standards per
project, dated; R-AMT-14: the superseded cap shown as advice only."""

import datetime as dt

import pytest

from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.temporary.actions import Invalid
from jiuzhu.unionfunds import approvals
from jiuzhu.unionfunds.pay import do_pay


def pay(u, f, h, amount, project="medical", use="serious_illness"):
    return do_pay(u, f, h, {"project": project, "use": use, "amount": amount, "self_paid_share": amount})


def test_r_amt_09_crossing_20000_needs_a_provincial_decision_first(fund, archived, fund_users, org):
    f = fund(received="100000.00")
    h = archived().household
    pay(fund_users["centre"], f, h, "20000.00")  # exactly 20,000.00 does not exceed
    assert approvals.needed(h, "medical", dt.date.today().year, 1) == ["province"]  # one fen more would
    with pytest.raises(TransitionRefused, match="累计将达20000.01元"):
        pay(fund_users["centre"], f, h, "0.01")
    req = approvals.do_request(
        fund_users["centre"],
        h,
        {"project": "medical", "level": "province", "up_to": "30000.00", "reason": "白血病化疗"},
    )
    assert req.deciding_union == org("U110000")
    with pytest.raises(TransitionRefused, match="北京市总工会权益保障部"):
        approvals.do_decide(fund_users["sy_rights"], req, True)  # the county may not decide it
    with pytest.raises(TransitionRefused, match="部门不能"):
        approvals.do_decide(fund_users["bj_finance"], req, True)
    req = approvals.do_decide(fund_users["bj_rights"], req, True, "同意")
    assert req.status == "approved" and req.approval.up_to_fen == 3_000_000
    p = pay(fund_users["centre"], f, h, "10000.00")
    assert p.aid_payment.year_total_fen == 3_000_000 and p.aid_payment.approval == req.approval
    with pytest.raises(TransitionRefused, match="省级工会审批"):
        pay(fund_users["centre"], f, h, "0.01")  # beyond the approved 30,000.00


def test_r_amt_09_above_50000_acftu_agrees_and_the_asker_never_decides(fund, archived, fund_users, org):
    f = fund(received="100000.00")
    h = archived().household
    with pytest.raises(Invalid, match="不超过50000.00元的不需要"):
        approvals.do_request(
            fund_users["centre"],
            h,
            {"project": "medical", "level": "national", "up_to": "50000.00", "reason": "x"},
        )
    asked = approvals.do_request(
        fund_users["bj_rights"],
        h,
        {"project": "medical", "level": "province", "up_to": "60000.00", "reason": "x"},
    )
    with pytest.raises(TransitionRefused, match="不能审批自己的申请"):
        approvals.do_decide(fund_users["bj_rights"], asked, True)
    approvals.do_decide(fund_users["bj_rights2"], asked, True)
    nat = approvals.do_request(
        fund_users["centre"],
        h,
        {"project": "medical", "level": "national", "up_to": "60000.00", "reason": "x"},
    )
    assert nat.deciding_union == org("ACFTU")
    with pytest.raises(TransitionRefused, match="中华全国总工会"):
        approvals.do_decide(fund_users["bj_rights2"], nat, True)
    pay(fund_users["centre"], f, h, "50000.00")
    with pytest.raises(TransitionRefused, match="全国总工会同意"):
        pay(fund_users["centre"], f, h, "0.01")
    approvals.do_decide(fund_users["acftu_rights"], nat, True)
    assert pay(fund_users["centre"], f, h, "10000.00").aid_payment.year_total_fen == 6_000_000


def test_r_amt_09_a_refused_request_lets_nothing_through(fund, archived, fund_users):
    f = fund(received="100000.00")
    h = archived().household
    pay(fund_users["centre"], f, h, "20000.00")
    req = approvals.do_request(
        fund_users["centre"],
        h,
        {"project": "medical", "level": "province", "up_to": "25000.00", "reason": "x"},
    )
    with pytest.raises(TransitionRefused, match="已有待审批"):
        approvals.do_request(
            fund_users["centre"],
            h,
            {"project": "medical", "level": "province", "up_to": "26000.00", "reason": "y"},
        )
    approvals.do_decide(fund_users["bj_rights"], req, False, "材料不全")
    with pytest.raises(TransitionRefused, match="省级工会审批"):
        pay(fund_users["centre"], f, h, "1.00")


def test_r_amt_11_standards_are_set_by_the_province_dated_and_shown_as_advice(
    fund, archived, fund_users, org
):
    year = dt.date.today().year
    with pytest.raises(TransitionRefused, match="由省级工会制定"):
        approvals.do_set_standard(
            fund_users["sy_rights"],
            org("U110113"),
            {"project": "living", "amount": "1", "valid_from": "2026-01-01", "basis": "x"},
        )
    approvals.do_set_standard(
        fund_users["bj_rights"],
        org("U110000"),
        {
            "project": "living",
            "amount": "6000.00",
            "valid_from": f"{year - 1}-01-01",
            "basis": "参照低保标准",
        },
    )
    std = approvals.do_set_standard(
        fund_users["bj_rights"],
        org("U110000"),
        {
            "project": "living",
            "amount": "6300.00",
            "valid_from": f"{year}-01-01",
            "basis": "参照低保标准",
            "price_index": "105.0",
        },
    )
    with pytest.raises(TransitionRefused, match="已有标准"):
        approvals.do_set_standard(
            fund_users["bj_rights"],
            org("U110000"),
            {"project": "living", "amount": "1", "valid_from": f"{year}-01-01", "basis": "x"},
        )
    f = fund(received="100000.00")
    h = archived().household
    p = pay(fund_users["centre"], f, h, "6300.00", project="living", use="basic_living")
    assert p.advice == []  # 6,300.00 is the standard, not above
    p = pay(fund_users["centre"], f, h, "0.01", project="living", use="basic_living")
    assert (
        p.advice[0] == f"本年度该项目累计6300.01元，高于省级工会标准6300.00元/户·年（{std.valid_from}起执行）"
    )


def test_r_amt_14_superseded_living_cap_is_advice_only(fund, archived, fund_users):
    """The household of the factory has 2 persons in 顺义 (urban standard 1400.00 a month in 2026):
    the old cap is 1400.00 × 12 × 2 = 33,600.00 a year; beyond it the payment goes through with advice."""
    if dt.date.today().year != 2026:
        pytest.skip("the demo standard is that of 2026")
    f = fund(received="100000.00")
    h = archived().household
    req = approvals.do_request(
        fund_users["centre"],
        h,
        {"project": "living", "level": "province", "up_to": "40000.00", "reason": "x"},
    )
    approvals.do_decide(fund_users["bj_rights"], req, True)
    p = pay(fund_users["centre"], f, h, "33600.00", project="living", use="basic_living")
    assert not any("已废止" in a for a in p.advice)
    p = pay(fund_users["centre"], f, h, "0.01", project="living", use="basic_living")
    assert "当地低保标准年度总额33600.00元" in p.advice[-1] and "已废止" in p.advice[-1]
