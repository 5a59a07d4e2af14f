"""Headless Chromium (issue 16 "Done means"): the dashboard shows the counts of a direct count, and a report
page draws its charts (ECharts from the app's own static files) beside tables holding the direct-count
numbers. With SCREENSHOTS=<folder> the pages are saved as PNG (docs/statistics.md uses them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone

from jiuzhu.dibao.models import DibaoApplication
from tests.browser import BROWSER_MARKS, chromium

pytestmark = BROWSER_MARKS


@pytest.fixture
def browser():
    yield from chromium("--window-size=1280,1600")


def _shot(driver, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / name))


def test_r_rpt_10_report_page_draws_its_charts_with_the_direct_counts(
    browser, live_server, active_case, town_worker, reviewed_case, township_approver, archive_at
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from jiuzhu.cli import DEMO_PASSWORD
    from jiuzhu.temporary.actions import do_approve

    month = timezone.localdate().replace(day=1)
    for _ in range(3):
        active_case(month)
    active_case(month, region="110113100201", area_type="rural", by=town_worker)
    do_approve(township_approver, reviewed_case("4800.00"))
    archive_at("active", "deep")

    # the direct count, straight from the case table
    scope = DibaoApplication.objects.filter(household__region__path__startswith="/110000/110100/110113/")
    urban = scope.filter(status="active", area_type="urban", payment_start__lte=month).count()
    rural = scope.filter(status="active", area_type="rural", payment_start__lte=month).count()
    applied_urban = scope.filter(applied_on__gte=month, area_type="urban").count()
    applied_rural = scope.filter(applied_on__gte=month, area_type="rural").count()
    assert (urban, rural, applied_urban, applied_rural) == (3, 1, 3, 1)

    b = browser
    b.get(live_server.url + "/login/")
    b.find_element(By.ID, "id_username").send_keys("sy_approver")
    b.find_element(By.ID, "id_password").send_keys(DEMO_PASSWORD)
    b.find_element(By.CSS_SELECTOR, "button[type=submit].primary").click()
    WebDriverWait(b, 30).until(lambda d: d.find_elements(By.ID, "figures"))
    cards = {
        c.find_element(By.CLASS_NAME, "k").text: c.find_element(By.CLASS_NAME, "n").text
        for c in b.find_elements(By.CSS_SELECTOR, "#figures .stat")
    }
    assert cards["本月享受低保家庭"] == str(urban + rural)
    assert cards["其中城市低保"] == str(urban) and cards["其中农村低保"] == str(rural)
    _shot(b, "dashboard.png")

    from jiuzhu.reports.reports import REPORTS

    for slug in REPORTS:  # every report page: each chart with data is drawn
        b.get(f"{live_server.url}/reports/{slug}/")
        charts = b.find_elements(By.CSS_SELECTOR, ".chart[data-spec]")
        assert charts or slug not in ("dibao", "temporary", "funds"), (
            slug
        )  # union figures: not a county user's
        WebDriverWait(b, 30).until(
            lambda d: all(
                c.get_attribute("data-drawn") == "1" for c in d.find_elements(By.CSS_SELECTOR, ".chart")
            )
        )
        for chart in charts:  # ECharts drew on a canvas of the chart's size
            canvas = chart.find_element(By.TAG_NAME, "canvas")
            assert int(canvas.get_attribute("width")) > 100 and int(canvas.get_attribute("height")) > 100
        if slug == "dibao":
            table = b.find_element(By.ID, "table-0")
            first = table.find_elements(By.CSS_SELECTOR, "tbody tr")[0]
            assert [td.text for td in first.find_elements(By.TAG_NAME, "td")] == [
                str(applied_urban),
                str(applied_rural),
                str(applied_urban + applied_rural),
            ]
            area = {
                tr.find_element(By.TAG_NAME, "th").text: tr.find_elements(By.TAG_NAME, "td")[0].text
                for tr in b.find_elements(By.CSS_SELECTOR, "#table-2 tbody tr")
            }
            assert area == {"胜利街道": str(urban), "李桥镇": str(rural)}
        if slug in ("dibao", "temporary"):
            _shot(b, f"report-{slug}.png")
    b.get(f"{live_server.url}/reports/monitor/")
    WebDriverWait(b, 30).until(
        lambda d: all(
            c.get_attribute("data-drawn") == "1" for c in d.find_elements(By.CSS_SELECTOR, ".chart")
        )
    )
    _shot(b, "monitor.png")
