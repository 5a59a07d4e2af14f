"""Issue 17 done-means: at a phone's screen size, an applicant logs in with a code, applies online, uploads a
file and signs the authorisation; the township takes the application into the procedure, which is taken
through its steps to a refusal; the applicant follows the case and opens the notice (its delivery date
recorded). Screenshots go to docs/portal/ (shown in docs/portal.md).

Needs Debian's chromium and chromium-driver and selenium, like tests/dibao/test_dibao_browser_walkthrough.py.
"""

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser import click_and_wait

CHROMIUM = "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "portal"
PHONE = (390, 844)  # CSS pixels of a common phone

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="/usr/bin/chromium 不存在"),
    pytest.mark.skipif(not os.path.exists(DRIVER), reason="chromedriver 不存在"),
]


@pytest.fixture
def phone_browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        f"--window-size={PHONE[0]},{PHONE[1]}",
        "--lang=zh-CN",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "mobileEmulation", {"deviceMetrics": {"width": PHONE[0], "height": PHONE[1], "pixelRatio": 2}}
    )
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def shot(driver, name: str) -> None:
    """A full-page screenshot at the phone's width."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(PHONE[0], min(max(height, PHONE[1]), 4000))
    driver.save_screenshot(str(SHOTS / f"{name}.png"))
    driver.set_window_size(*PHONE)


def test_portal_at_phone_size(phone_browser, live_server, applicant, household, users, tmp_path):
    from selenium.webdriver.common.by import By

    from jiuzhu.dibao import actions as d
    from jiuzhu.dibao.models import Notice
    from jiuzhu.portal.models import PortalApplication, Upload
    from tests.dibao.helpers import to_status
    from tests.portal.conftest import last_code, png

    b, base = phone_browser, live_server.url
    b.get(base + "/portal/login/")
    # the page fits the phone: nothing wider than the screen
    assert b.execute_script("return document.documentElement.scrollWidth") <= PHONE[0]
    b.find_element(By.ID, "id_phone").send_keys("13900000001")
    click_and_wait(b, b.find_element(By.ID, "send"))
    b.find_element(By.ID, "id_code").send_keys(last_code())
    shot(b, "1-login")
    click_and_wait(b, b.find_element(By.ID, "verify"))
    assert "张建国" in b.page_source
    shot(b, "2-home")

    click_and_wait(b, b.find_element(By.ID, "start"))
    app = PortalApplication.objects.get()
    # a wrong check digit is refused, naming the member's field
    box = b.find_element(By.ID, "id_m2-id_number")
    box.send_keys("110113200501010010")  # check digit should be 4
    b.find_element(By.ID, "id_m2-name").send_keys("张小红")
    from selenium.webdriver.support.ui import Select

    Select(b.find_element(By.ID, "id_m2-relation")).select_by_value("child")
    click_and_wait(b, b.find_element(By.ID, "save"))
    assert "第3位家庭成员 · 身份证号码：校验位应为" in b.find_element(By.ID, "err-m2-id_number").text
    shot(b, "3-field-error")
    b.find_element(By.ID, "id_m2-name").clear()
    b.find_element(By.ID, "id_m2-id_number").clear()
    Select(b.find_element(By.ID, "id_m2-relation")).select_by_value("")
    b.find_element(By.ID, "id_deposits").clear()
    b.find_element(By.ID, "id_deposits").send_keys("2000")
    click_and_wait(b, b.find_element(By.ID, "save"))
    assert "已保存" in b.page_source

    scan = tmp_path / "income.png"
    scan.write_bytes(png(2048))
    Select(b.find_element(By.ID, "id_doc_code")).select_by_value("income_proof")
    b.find_element(By.ID, "id_file").send_keys(str(scan))
    click_and_wait(b, b.find_element(By.ID, "upload"))
    assert "文件已上传" in b.page_source and Upload.objects.filter(application=app).count() == 1
    for n in (1, 2):
        b.find_element(By.ID, f"agree-{n}").click()
        click_and_wait(b, b.find_element(By.ID, f"consent-{n}"))
    shot(b, "4-documents-and-authorisation")
    click_and_wait(b, b.find_element(By.ID, "submit"))
    assert b.find_element(By.ID, "app-status").get_attribute("data-status") == "submitted"
    shot(b, "5-submitted")

    # arrange: submitted 25 days ago, so that the procedure's steps below can stand on past days
    PortalApplication.objects.filter(pk=app.pk).update(
        submitted_on=timezone.localdate() - dt.timedelta(days=25)
    )

    # the township worker: the to-do entry, then taking it into the procedure (its own pages)
    worker = users["sy_worker"]
    b.delete_all_cookies()
    b.get(base + "/login/")
    from jiuzhu.cli import DEMO_PASSWORD

    b.find_element(By.ID, "id_username").send_keys("sy_worker")
    b.find_element(By.ID, "id_password").send_keys(DEMO_PASSWORD)
    click_and_wait(b, b.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    b.get(base + "/todo/")
    assert f"/portal/work/{app.pk}/" in b.page_source
    b.get(base + f"/portal/work/{app.pk}/")
    click_and_wait(b, b.find_element(By.ID, "take"))
    app.refresh_from_db()
    assert app.status == "taken" and f"/dibao/{app.dibao_application_id}/" in b.current_url

    # the procedure's steps (the 低保 pages are tested by tests/dibao; here through the same actions)
    case = app.dibao_application
    d.do_submit(worker, case)
    today = timezone.localdate()
    case = to_status(
        case, "county_approval", worker, users["sy_approver"], start=today - dt.timedelta(days=20)
    )
    notice = d.do_refuse(
        users["sy_approver"], case, property_reason="家庭拥有两套住房", today=today - dt.timedelta(days=2)
    )

    # the applicant follows the case and opens the notice
    b.delete_all_cookies()
    b.get(base + "/portal/login/")
    b.find_element(By.ID, "id_phone").send_keys("13900000001")
    from jiuzhu.portal.models import LoginCode

    LoginCode.objects.update(created_at=timezone.now() - dt.timedelta(minutes=2))  # a minute has passed
    click_and_wait(b, b.find_element(By.ID, "send"))
    b.find_element(By.ID, "id_code").send_keys(last_code())
    click_and_wait(b, b.find_element(By.ID, "verify"))
    b.get(base + f"/portal/cases/dibao/{case.pk}/")
    assert b.find_element(By.ID, "case-status").get_attribute("data-status") == "refused"
    assert "未读" in b.page_source
    shot(b, "6-case")
    click_and_wait(b, b.find_element(By.ID, f"notice-{notice.pk}"))
    notice = Notice.objects.get(pk=notice.pk)
    assert (notice.delivered_on, notice.appeal_deadline) == (today, today + dt.timedelta(days=15))
    assert b.find_element(By.ID, "delivered").get_attribute("data-delivered") == f"{today:%Y-%m-%d}"
    shot(b, "7-notice")
