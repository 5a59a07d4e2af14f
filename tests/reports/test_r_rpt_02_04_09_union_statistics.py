"""R-RPT-02 (size, categories, distribution, one household one archive), R-RPT-04 (脱困, phase-out,
reclassification per period), R-RPT-09 (entry within 30 working days, archives waiting or returned) and
R-RPT-01 (year-end report due dates). Archives and payments through the real union procedure."""

from __future__ import annotations

import datetime as dt

from jiuzhu.archives import actions as a


def _rows(section) -> dict:
    return {r[0]: r[1:] for r in section["rows"]}


def _api(client, slug, **query):
    response = client.get(f"/api/reports/{slug}", query)
    assert response.status_code == 200
    return response.json()


def test_r_rpt_02_r_rpt_04_hardship_worker_statistics(archive_at, union_users, users, as_user):
    base = union_users["base"]
    archive_at("active", "deep")
    archive_at("active", "relative")
    archive_at("centre_review", "deep")  # not yet in file
    left = archive_at("active", "deep")
    a.do_review(base, left, {"outcome": "out_of_hardship"})
    a.do_start_phase_out(base, left)  # 脱困渐退期: still in file
    moved = archive_at("active", "relative")
    a.do_review(base, moved, {"outcome": "category_changed", "new_category": "accident", "note": "意外致困"})

    data = _api(as_user("union_worker"), "workers")  # the county help centre: its union's subtree
    assert data["requirement"] == "R-RPT-02 R-RPT-04"
    size = _rows(data["sections"][0])
    # in file (incl. phase-out), then: active, phase-out, investigating, higher review, centre review, removed
    assert size["深度困难"] == [2, 1, 1, 0, 0, 1, 0]
    assert size["相对困难"] == [1, 1, 0, 0, 0, 0, 0]
    assert size["意外致困"] == [1, 1, 0, 0, 0, 0, 0]
    assert size["合计"] == [4, 3, 1, 0, 0, 1, 0]
    assert _rows(data["sections"][1]) == {"顺义区": [4]}  # union staff: by county
    narrowed = _api(as_user("union_worker"), "workers", region="110113")
    assert _rows(narrowed["sections"][1]) == {"胜利街道": [4]}  # a county: by township
    this_month = f"{dt.date.today():%Y-%m}"
    progress = _rows(data["sections"][2])
    # taken into aid, out of hardship, removed, reclassified
    assert progress[this_month] == [4, 1, 0, 1]
    assert progress["期间合计"] == [4, 1, 0, 1]
    assert "渐退期家庭（当前）：1户" in data["sections"][2]["note"]

    # the deep category only; another district's union sees nothing; the filing union sees the same
    deep = _rows(_api(as_user("union_worker"), "workers", programme="deep")["sections"][0])
    assert list(deep) == ["深度困难", "合计"] and deep["合计"][0] == 2
    client = as_user("union_worker")
    client.force_login(union_users["other"])
    assert _rows(_api(client, "workers")["sections"][0])["合计"][0] == 0
    client.force_login(base)
    assert _rows(_api(client, "workers")["sections"][0])["合计"][0] == 4


def test_r_rpt_09_r_rpt_01_union_compliance(archive_at, union_users, as_user):
    base = union_users["base"]
    household = archive_at("active", "deep").household

    def pay(amount, paid_on):
        data = {"project": "living", "amount": amount, "fund_source": "central", "method": "bank"}
        return a.do_pay(base, household, {**data, "paid_on": paid_on.isoformat()})

    today = dt.date.today()
    pay("300.00", dt.date(2026, 9, 1))  # due long ago, never entered
    a.do_mark_entered(base, pay("200.00", today))  # entered at once
    a.do_mark_entered(base, pay("100.00", dt.date(2026, 9, 2)))  # entered today: late
    archive_at("higher_review", "relative")
    a.do_return(union_users["higher"], archive_at("higher_review", "deep"), "材料不全")

    client = as_user("union_worker")
    client.force_login(base)
    data = _api(client, "compliance", **{"from": "2026-01", "to": "2026-12"})
    entry = _rows(data["sections"][0])
    assert entry["期间帮扶支出笔数"] == [3]
    assert entry["30个工作日内录入"] == [1]
    assert entry["逾期录入"] == [1]
    assert entry["逾期未录入"] == [1]
    assert entry["尚在录入期限内"] == [0]
    assert entry["按时录入率"] == ["33.3%"]
    archives = _rows(data["sections"][1])
    assert archives["待上级工会复核"] == [1]
    assert archives["退回建档单位"] == [1]
    year_end = {r[0]: r[1] for r in data["sections"][2]["rows"]}
    assert year_end == {
        "预计结转资金报告": "2026-11-30",
        "调整后的帮扶标准报告": "2026-12-31",
        "年度帮扶资金使用情况报告": "2027-01-31",
    }
    assert data["sections"][2]["requirement"] == "R-RPT-01"
