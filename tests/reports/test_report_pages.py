"""Every report (R-RPT-01..11) and the monitoring screen: page, XLSX and API answer for staff of each kind,
in their scope; others are refused."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from jiuzhu.reports.reports import REPORTS

USERS = ("sy_worker", "sy_approver", "auditor", "union_worker", "admin")


@pytest.mark.parametrize("slug", sorted(REPORTS))
def test_r_rpt_every_report_page_xlsx_and_api(slug, active_case, archive_at, as_user):
    from openpyxl import load_workbook

    active_case(timezone.localdate().replace(day=1))
    archive_at("active", "deep")
    for username in USERS:
        client = as_user(username)
        page = client.get(reverse("reports:report", args=[slug]))
        assert page.status_code == 200, username
        assert REPORTS[slug].rid.split()[0] in page.content.decode()  # the R-ID, in a title tooltip
        xlsx = client.get(reverse("reports:report_xlsx", args=[slug]))
        assert xlsx.status_code == 200
        assert load_workbook(io.BytesIO(xlsx.content)).worksheets
        api = client.get(f"/api/reports/{slug}")
        assert api.status_code == 200 and api.json()["report"] == slug


def test_r_rpt_05_monitor_screen_and_refusals(active_case, as_user, client, users):
    active_case(timezone.localdate().replace(day=1))
    page = as_user("sy_approver").get(reverse("reports:monitor"))
    assert page.status_code == 200
    body = page.content.decode()
    for text in ("资金流向", "未处理的发放预警", "逾期未办的期限", "低保案件", "保障中"):
        assert text in body
    # an applicant has no statistics; a region outside the scope is not found
    assert client.get(reverse("reports:report", args=["dibao"])).status_code == 302  # to the login
    assert (
        as_user("cy_worker").get(reverse("reports:report", args=["dibao"]), {"region": "110113"}).status_code
        == 404
    )
    assert as_user("cy_worker").get("/api/reports/dibao", {"region": "110113"}).status_code == 404
