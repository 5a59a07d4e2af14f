"""R-PAY-21: the automatic year-end check — central spending entered equals the allocation received;
R-RPT-01 / R-PAY-18: the three year-end reports with due dates (carry-over by 30 November); R-PAY-17 counted
in the compliance figures; R-RPT-03: targets, readings, ACFTU's evaluation, the execution rate."""

import datetime as dt

import pytest
from django.db import transaction

from jiuzhu.archives import actions as archive_actions
from jiuzhu.core.models import Deadline
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.unionfunds import approvals, ledger, yearend
from jiuzhu.unionfunds.pay import do_pay, do_spend

YEAR = dt.date.today().year


@pytest.fixture
def year_of_money(fund, fund_users, archived):
    """ACFTU → 北京 100,000.00; 北京 → 顺义中心 60,000.00 and 朝阳中心 40,000.00; 顺义 pays 1,500.00 to a worker,
    and a 500.00 expense it reverses."""
    acftu = fund("ACFTU", by=fund_users["acftu_finance"], received="100000.00")
    bj = fund("U110000")
    sy = fund("U110113-HC")
    cy = fund("U110105-HC", by=fund_users["bj_finance"])
    on = dt.date.today()
    with transaction.atomic():
        ledger.pass_down(fund_users["acftu_finance"], acftu, bj, 10_000_000, on, "全总下拨")
        ledger.pass_down(fund_users["bj_finance"], bj, sy, 6_000_000, on, "京工下拨")
        ledger.pass_down(fund_users["bj_finance"], bj, cy, 4_000_000, on, "京工下拨")
    h = archived().household
    do_pay(fund_users["centre"], sy, h, {"project": "living", "use": "basic_living", "amount": "1500.00"})
    wrong = do_spend(
        fund_users["sy_finance"],
        sy,
        {
            "project": "legal",
            "use": "legal_aid",
            "amount": "500.00",
            "counterparty": "律所",
            "reference": "合同1",
        },
    )
    ledger.do_reverse(fund_users["sy_finance"], wrong, "合同未履行，退款")
    return {"acftu": acftu, "bj": bj, "sy": sy, "cy": cy, "household": h}


def test_r_pay_21_central_spending_must_equal_the_allocation(year_of_money, fund_users):
    rows = {r["fund"].union_org.code: r for r in yearend.central_check(fund_users["acftu_rights"], YEAR)}
    assert set(rows) == {"U110000", "U110113-HC", "U110105-HC"}  # ACFTU gets nothing from above
    assert (rows["U110000"]["allocated"], rows["U110000"]["spent"], rows["U110000"]["ok"]) == (
        10_000_000,
        10_000_000,
        True,
    )
    # 顺义: 60,000.00 received, 1,500.00 paid (the 500.00 expense reversed counts 0): 58,500.00 not spent
    assert (rows["U110113-HC"]["spent"], rows["U110113-HC"]["difference"]) == (150_000, 5_850_000)
    assert not rows["U110113-HC"]["ok"] and rows["U110105-HC"]["difference"] == 4_000_000
    # scoped: 顺义's audit sees its own fund only
    assert [r["fund"].union_org.code for r in yearend.central_check(fund_users["sy_audit"], YEAR)] == [
        "U110113-HC"
    ]


def test_r_rpt_01_three_reports_with_due_dates(year_of_money, fund_users, org):
    with pytest.raises(TransitionRefused, match="由省级工会报送"):
        yearend.do_open_year(fund_users["sy_rights"], org("U110113"), YEAR)
    reports = {r.kind: r for r in yearend.do_open_year(fund_users["bj_rights"], org("U110000"), YEAR)}
    assert reports["carry_over"].due == dt.date(YEAR, 11, 30)
    assert reports["standards"].due == dt.date(YEAR, 12, 31)
    assert reports["fund_use"].due == dt.date(YEAR + 1, 1, 31)
    assert Deadline.objects.filter(object_type="unionfunds.yearreport", met_at__isnull=True).count() == 3
    approvals.do_set_standard(
        fund_users["bj_rights"],
        org("U110000"),
        {
            "project": "living",
            "amount": "6300.00",
            "valid_from": f"{YEAR + 1}-01-01",
            "basis": "低保标准×4.5",
        },
    )
    carry = yearend.do_submit(fund_users["bj_finance"], reports["carry_over"], {"expected": "58500.00"})
    assert carry.content["expected_carry_over"] == "58500.00"
    assert carry.content["late"] == (dt.date.today() > dt.date(YEAR, 11, 30))
    balances = {b["fund"]: b["balance"] for b in carry.content["balances"]}
    assert balances[str(year_of_money["sy"])] == "58500.00" and balances[str(year_of_money["bj"])] == "0.00"
    std = yearend.do_submit(fund_users["bj_rights"], reports["standards"], {})
    assert std.content["standards"][0]["amount"] == "6300.00"
    if dt.date.today() < dt.date(YEAR + 1, 1, 1):
        with pytest.raises(TransitionRefused, match="年度结束后"):
            yearend.do_submit(fund_users["bj_rights"], reports["fund_use"], {})
    with pytest.raises(TransitionRefused, match="已于"):
        yearend.do_submit(fund_users["bj_rights"], reports["carry_over"], {"expected": "1"})
    assert Deadline.objects.filter(object_type="unionfunds.yearreport", met_at__isnull=True).count() == 1


def test_r_pay_17_entry_compliance_is_counted(year_of_money, fund_users, org):
    before = yearend.entry_compliance(org("U110000").path, YEAR)
    assert (before["total"], before["in_time"], before["missing"], before["share"]) == (1, 0, 1, "0.0%")
    payment = year_of_money["sy"].payments.get().aid_payment
    archive_actions.do_mark_entered(fund_users["centre"], payment)
    after = yearend.entry_compliance(org("U110000").path, YEAR)
    assert (after["in_time"], after["missing"], after["share"]) == (1, 0, "100.0%")
    content = yearend.content_of(
        yearend.do_open_year(fund_users["bj_rights"], org("U110000"), YEAR)[2], {}, fund_users["bj_rights"]
    )
    assert content["by_project"]["living"] == {"amount": "1500.00", "payments": 1}
    assert content["by_source"]["central"]["payment"] == "-1500.00"
    assert {c["ok"] for c in content["central_check"]} == {True, False}


def test_r_rpt_03_targets_readings_and_acftu_evaluation(year_of_money, fund_users, org):
    t = yearend.do_set_target(
        fund_users["bj_rights"],
        org("U110000"),
        {"year": str(YEAR), "indicator": "深度困难职工帮扶覆盖率", "target": "95", "unit": "%"},
    )
    yearend.do_record_reading(fund_users["bj_finance"], t, {"value": "62.5", "note": "三季度"})
    with pytest.raises(TransitionRefused, match="全国总工会作出"):
        yearend.do_evaluate(fund_users["bj_rights"], t, "良好")
    t = yearend.do_evaluate(fund_users["acftu_rights"], t, "良好")
    assert t.evaluation == "良好" and t.readings.get().value == 62.5
    # 北京's subtree: 1,500.00 paid to workers of 100,000.00 that came in from ACFTU
    assert yearend.execution_rate(org("U110000"), YEAR) == "1.5%"
