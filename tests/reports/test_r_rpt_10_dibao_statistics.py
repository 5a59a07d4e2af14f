"""R-RPT-10: 低保 case statistics by urban/rural — page, XLSX and API agree with hand-worked numbers."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone

from jiuzhu.dibao import actions as a
from tests.dibao.helpers import to_status


def _rows(section) -> dict:
    return {str(r[0]): r[1:] for r in section["rows"]}


def test_r_rpt_10_applications_approvals_refusals_stops_by_urban_rural(
    active_case, make_household, worker, approver, town_worker, as_user
):
    this_month = timezone.localdate().replace(day=1)
    active_case(this_month)  # urban: applied, approved
    active_case(this_month, region="110113100201", area_type="rural", by=town_worker)  # rural
    stopped = active_case(this_month)  # urban: applied, approved, stopped
    a.do_stop(approver, stopped, stop_month=this_month, reason="收入超过标准")
    refused = a.do_create_application(worker, make_household("110113001002"))
    to_status(refused, "county_approval", worker, approver)
    a.do_refuse(approver, refused, property_reason="有两套住房")  # urban refusal, reason (ii)
    make_household("110105001001")  # another district: never counted for 顺义

    client = as_user("sy_approver")
    data = client.get("/api/reports/dibao").json()
    assert data["requirement"] == "R-RPT-10"
    main = _rows(data["sections"][0])
    assert data["sections"][0]["header"] == ["项目", "城市", "农村", "合计"]
    assert main["申请（受理）"] == [3, 1, 4]
    assert main["批准"] == [2, 1, 3]
    assert main["不予批准"] == [1, 0, 1]
    assert main["其中：财产状况不符合规定"] == [1, 0, 1]
    assert main["其中：家庭人均收入高于低保标准"] == [0, 0, 0]
    assert main["停保"] == [1, 0, 1]
    assert main["变更保障金"] == [0, 0, 0]
    trend = {r[0]: r for r in data["sections"][1]["rows"]}
    assert trend[f"{this_month:%Y-%m}"][1:] == [
        4,
        3,
        1,
        1,
        2,
    ]  # applied, approved, refused, stopped, receiving
    area = {r[0]: r[1:] for r in data["sections"][2]["rows"]}
    assert area == {"胜利街道": [1, 2, 3], "李桥镇": [1, 2, 1]}  # receiving, persons, applied

    # programme filter: rural only
    rural = _rows(client.get("/api/reports/dibao", {"programme": "rural"}).json()["sections"][0])
    assert rural["申请（受理）"] == [1, 1]

    # the township worker sees his township only
    township = _rows(as_user("sy_worker").get("/api/reports/dibao").json()["sections"][0])
    assert township["申请（受理）"] == [3, 0, 3]

    # the page: the table and its chart data; the XLSX holds the same numbers
    page = client.get(reverse("reports:report", args=["dibao"]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-spec="chart-0"' in body and 'id="chart-0"' in body and "低保审核审批情况" in body
    from openpyxl import load_workbook

    xlsx = client.get(reverse("reports:report_xlsx", args=["dibao"]))
    ws = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    values = {r[0]: list(r[1:]) for r in ws.iter_rows(min_row=5, values_only=True)}
    assert values["申请（受理）"] == [3, 1, 4]


def test_r_rpt_10_period_filter_excludes_other_months(active_case, as_user):
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    active_case(last_month)
    client = as_user("sy_approver")
    now = _rows(
        client.get("/api/reports/dibao", {"from": f"{this_month:%Y-%m}", "to": f"{this_month:%Y-%m}"}).json()[
            "sections"
        ][0]
    )
    assert now["申请（受理）"] == [0, 0, 0]
    before = _rows(
        client.get("/api/reports/dibao", {"from": f"{last_month:%Y-%m}", "to": f"{last_month:%Y-%m}"}).json()[
            "sections"
        ][0]
    )
    assert before["申请（受理）"] == [1, 0, 1]
