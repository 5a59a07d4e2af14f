"""R-RPT-03 (总工办发〔2020〕13号 第十三条、第十四条(一)): the union aid fund's performance targets in the funds
report — each target beside its actual (the latest reading the province recorded), the completion rate and
ACFTU's evaluation — and each province's budget execution rate; scope: the viewer's union subtree.

Hand-worked: 北京市总工会 sets 深度困难职工帮扶覆盖率 95 %, records 40 (31 March) then 62.5 (30 September): the
actual is the later reading, 62.5; completion 62.5 ÷ 95 = 0.65789… → 65.8 %. A second target, 帮扶困难职工户数
1200 户 without readings, shows "—" and 尚未评价. ACFTU evaluates the first "良好". No money came in: the
execution rate is "—"."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jiuzhu.unionfunds import yearend


def _section(data, title_part):
    return next(s for s in data["sections"] if title_part in s["title"])


def test_r_rpt_03_target_vs_actual_per_indicator(fund_users, org, as_user, client):
    year = timezone.localdate().year
    bj = org("U110000")
    cover = yearend.do_set_target(
        fund_users["bj_rights"],
        bj,
        {"year": str(year), "indicator": "深度困难职工帮扶覆盖率", "target": "95", "unit": "%"},
    )
    yearend.do_set_target(
        fund_users["bj_rights"],
        bj,
        {"year": str(year), "indicator": "帮扶困难职工户数", "target": "1200", "unit": "户"},
    )
    yearend.do_record_reading(fund_users["bj_finance"], cover, {"value": "40", "on": f"{year}-03-31"})
    yearend.do_record_reading(fund_users["bj_finance"], cover, {"value": "62.5", "on": f"{year}-09-30"})
    yearend.do_evaluate(fund_users["acftu_rights"], cover, "良好")

    client.force_login(fund_users["bj_rights"])
    data = client.get("/api/reports/funds").json()
    targets = _section(data, "绩效目标执行情况")
    assert targets["requirement"] == "R-RPT-03"
    rows = {r[1]: r for r in targets["rows"]}
    assert rows["深度困难职工帮扶覆盖率"] == [
        "北京市总工会",
        "深度困难职工帮扶覆盖率",
        "%",
        "95",
        "62.5",
        f"{year}-09-30",
        "65.8%",
        "良好",
    ]
    assert rows["帮扶困难职工户数"][3:] == ["1200", "—", "—", "—", "尚未评价"]
    drawn = dict(zip(targets["chart"]["categories"], targets["chart"]["series"][0]["data"], strict=True))
    assert drawn == {"北京市总工会 深度困难职工帮扶覆盖率": "65.8", "北京市总工会 帮扶困难职工户数": "0"}
    rate = _section(data, "预算执行率")
    assert ["北京市总工会", "—"] in rate["rows"]

    page = client.get("/reports/funds/").content.decode()
    assert "深度困难职工帮扶覆盖率" in page and "65.8%" in page

    # 顺义's union is below 北京's: it does not see the province's targets; civil-affairs staff see none.
    client.force_login(fund_users["sy_rights"])
    assert _section(client.get("/api/reports/funds").json(), "绩效目标执行情况")["rows"] == []
    assert _section(as_user("sy_approver").get("/api/reports/funds").json(), "绩效目标执行情况")["rows"] == []


def test_r_rpt_03_targets_of_the_period_end_year_only(fund_users, org, client):
    year = timezone.localdate().year
    yearend.do_set_target(
        fund_users["bj_rights"],
        org("U110000"),
        {"year": str(year - 1), "indicator": "去年的指标", "target": "10", "unit": "户"},
    )
    client.force_login(fund_users["bj_rights"])
    this_year = _section(client.get("/api/reports/funds").json(), "绩效目标执行情况")
    assert this_year["rows"] == []
    last = dt.date(year - 1, 12, 1)
    data = client.get(f"/api/reports/funds?from={last:%Y-%m}&to={last:%Y-%m}").json()
    assert [r[1] for r in _section(data, "绩效目标执行情况")["rows"]] == ["去年的指标"]


def test_r_rpt_01_year_end_reports_submitted_on_time_late_or_overdue(fund_users, org, client):
    """R-RPT-01: last year's three reports of 北京市总工会 — the carry-over submitted today (after 30 November:
    late), the standards not submitted (31 December passed: overdue), the fund use submitted today (on time
    when today is not after 31 January)."""
    today = timezone.localdate()
    year = today.year - 1
    reports = {r.kind: r for r in yearend.do_open_year(fund_users["bj_rights"], org("U110000"), year)}
    yearend.do_submit(fund_users["bj_finance"], reports["carry_over"], {"expected": "0.00"})
    yearend.do_submit(fund_users["bj_rights"], reports["fund_use"], {})
    client.force_login(fund_users["bj_rights"])
    last = dt.date(year, 12, 1)
    data = client.get(f"/api/reports/compliance?from={last:%Y-%m}&to={last:%Y-%m}").json()
    section = _section(data, "年终报告报送情况")
    assert section["requirement"] == "R-RPT-01"
    fund_use_due = dt.date(year + 1, 1, 31)
    assert section["rows"] == [
        ["北京市总工会", "结转资金预计情况报告", f"{year}-11-30", today.isoformat(), "逾期报送"],
        ["北京市总工会", "调整后帮扶标准报告", f"{year}-12-31", "—", "逾期未报送"],
        [
            "北京市总工会",
            "帮扶资金年度使用情况报告",
            fund_use_due.isoformat(),
            today.isoformat(),
            "按时报送" if today <= fund_use_due else "逾期报送",
        ],
    ]
    # 顺义's union does not see the province's reports
    client.force_login(fund_users["sy_rights"])
    data = client.get(f"/api/reports/compliance?from={last:%Y-%m}&to={last:%Y-%m}").json()
    assert _section(data, "年终报告报送情况")["rows"] == []
