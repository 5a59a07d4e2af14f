"""R-RPT-11: temporary-assistance statistics — emergency vs expenditure, assist-first and regularised,
case-by-case, staged, referrals by destination, township vs county approvals; R-RPT-06 assistance to
registered-poor households. Hand-worked from cases walked through the real procedure."""

from __future__ import annotations

import datetime as dt

from jiuzhu.temporary.actions import (
    do_approve,
    do_assist_first,
    do_record_registration,
    do_refer,
    do_referral_outcome,
    do_regularise,
)


def _rows(section) -> dict:
    return {r[0]: r[1:] for r in section["rows"]}


def test_r_rpt_11_temporary_assistance_statistics(
    new_case, reviewed_case, township_approver, users, as_user, make_household
):
    worker = users["sy_worker"]
    do_approve(township_approver, reviewed_case("4800.00"))  # expenditure, township, 4800.00
    do_approve(users["sy_approver"], reviewed_case("6000.00", severity="severe"))  # expenditure, county
    first = do_assist_first(
        worker,
        new_case(),
        {"amount": "2000.00", "recipient": "张建国", "given_on": dt.date.today().isoformat()},
    )  # emergency, assist first, regularised below
    do_record_registration(
        worker, first, {"reg_recipient": "张建国", "reg_reason": "火灾", "reg_amount": "2000.00"}
    )
    do_regularise(users["sy_worker2"], first, {"reg_officer": "李经办", "reg_seal": True})
    do_assist_first(
        worker,
        new_case(),
        {"amount": "1000.00", "recipient": "张建国", "given_on": dt.date.today().isoformat()},
    )  # emergency, assist first, not regularised
    referred = new_case()
    ref = do_refer(worker, referred, {"target": "medical", "note": "转医疗救助"})
    do_referral_outcome(worker, ref, {"outcome": "helped", "outcome_note": "已纳入医疗救助"})
    do_refer(worker, referred, {"target": "charity"})

    data = as_user("sy_approver").get("/api/reports/temporary").json()
    assert data["requirement"] == "R-RPT-11"
    main = _rows(data["sections"][0])
    assert data["sections"][0]["header"] == ["项目", "急难型", "支出型", "合计"]
    assert main["申请"] == [3, 2, 5]
    # assist-first payments are approvals too, by the township worker's delegation (R-FLOW-17)
    assert main["批准救助"] == [2, 2, 4]
    assert main["其中：乡镇（街道）审批"] == [2, 1, 3]
    assert main["其中：县级民政部门审批"] == [0, 1, 1]
    assert main["救助金额（元）"] == ["3000.00", "10800.00", "13800.00"]
    assert main["其中：乡镇（街道）审批金额（元）"] == ["3000.00", "4800.00", "7800.00"]
    assert main["其中：县级审批金额（元）"] == ["0.00", "6000.00", "6000.00"]
    assert main["先行救助"] == [2, 0, 2]
    assert main["其中：已补办手续"] == [1, 0, 1]
    referrals = _rows(data["sections"][1])
    assert referrals["医疗救助"] == [1] and referrals["慈善组织"] == [1] and referrals["住房救助"] == [0]
    assert "已获帮助 1" in data["sections"][1]["note"] and "待反馈 1" in data["sections"][1]["note"]

    # programme filter: emergency only
    emergency = _rows(
        as_user("sy_approver").get("/api/reports/temporary", {"programme": "emergency"}).json()["sections"][0]
    )
    assert emergency["先行救助"] == [2, 2]
    # another district sees none of it
    other = _rows(as_user("cy_approver").get("/api/reports/temporary").json()["sections"][0])
    assert other["申请"] == [0, 0, 0]
