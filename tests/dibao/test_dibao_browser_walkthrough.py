"""A 低保 case walked from application to approval through the pages, in headless Chromium.

Needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver) and selenium.
"""

import datetime as dt
import os
import shutil

import pytest

from tests.browser import click_and_wait

CHROMIUM = "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason="/usr/bin/chromium 不存在：apt-get install -y chromium chromium-driver",
    ),
    pytest.mark.skipif(
        not os.path.exists(DRIVER), reason="chromedriver 不存在：apt-get install -y chromium-driver"
    ),
]


@pytest.fixture
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
    ):
        options.add_argument(flag)
    options.add_argument("--lang=zh-CN")
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


class Pages:
    def __init__(self, driver, base):
        self.d, self.base = driver, base

    def login(self, username):
        from selenium.webdriver.common.by import By

        from jiuzhu.cli import DEMO_PASSWORD

        self.d.delete_all_cookies()
        self.d.get(self.base + "/login/")
        self.d.find_element(By.ID, "id_username").send_keys(username)
        self.d.find_element(By.ID, "id_password").send_keys(DEMO_PASSWORD)
        click_and_wait(self.d, self.d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        assert "/login/" not in self.d.current_url, self.d.page_source[:2000]

    def status(self):
        from selenium.webdriver.common.by import By

        return self.d.find_element(By.ID, "case-status").get_attribute("data-status")

    def step(self, name, **values):
        from selenium.webdriver.common.by import By

        box = self.d.find_element(By.ID, f"step-{name}")
        self.d.execute_script("arguments[0].open = true", box)
        for field, value in values.items():
            el = box.find_element(By.NAME, field)
            if el.get_attribute("type") == "checkbox":
                if bool(value) != el.is_selected():
                    el.click()
            else:
                self.d.execute_script(
                    "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'))",
                    el,
                    str(value),
                )
        click_and_wait(self.d, box.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        self.d.implicitly_wait(0)  # a page without error messages should not wait for one
        errors = self.d.find_elements(By.CSS_SELECTOR, ".msg.error")
        self.d.implicitly_wait(5)
        assert not errors, [e.text for e in errors]


@pytest.mark.django_db(transaction=True)
def test_dibao_case_from_application_to_approval_in_the_browser(browser, live_server, make_household):
    from selenium.webdriver.common.by import By

    from jiuzhu.dibao.models import DibaoApplication, Publicity, Source

    household = make_household()
    p = Pages(browser, live_server.url)
    p.login("sy_worker")
    browser.get(live_server.url + "/dibao/new/")
    browser.find_element(By.ID, "id_household").send_keys(household.number)
    click_and_wait(browser, browser.find_element(By.ID, "create-application"))
    assert p.status() == "draft"
    assert "通过部门信息共享获取" in browser.page_source  # R-FLOW-01
    for member in household.members.all():
        p.step("record_signature", member=member.pk, capacity="self", method="signature")
    p.step("submit")
    p.step("start_verification")
    # the 11 sources in one form (issue 10): one post instead of eleven
    rows = {f"result_{source}": "未发现不符" for source in Source.values}
    rows |= {f"consistent_{source}": "true" for source in Source.values}
    # the conclusion in the same form makes the report and completes the verification (issue 10, item 7)
    p.step("record_verifications", **rows, summary="与申报一致", then_next=True)
    assert p.status() == "visiting"
    today = dt.date.today().isoformat()
    p.step(
        "record_visit",
        visited_on=today,
        investigators="李明，王芳",
        representative="张建国",
        findings="属实",
        agrees="true",
        then_next=True,  # ticked by default: the visit's completion in the same post
    )
    assert p.status() == "appraisal"
    p.step(
        "record_appraisal",
        held_on=today,
        participants="村民代表7人",
        votes_for=7,
        votes_against=0,
        abstentions=0,
        then_next=True,
    )
    p.step("township_review")
    assert p.status() == "review_publicity"
    # seven days pass (the publicity cannot be shortened through any page)
    week = dt.timedelta(days=8)
    for pub in Publicity.objects.all():
        Publicity.objects.filter(pk=pub.pk).update(starts_on=pub.starts_on - week, ends_on=pub.ends_on - week)
    browser.refresh()
    p.step("township_opinion", case_officer="李明", office_head="赵强", leader="孙伟")
    p.step("report_to_county")
    assert p.status() == "county_approval"
    case_url = browser.current_url
    p.login("sy_approver")
    browser.get(case_url)
    p.step("approve", payment_start=today[:7], leader="周局长")
    assert p.status() == "approved"
    app = DibaoApplication.objects.get(household=household)
    assert app.status == "approved" and app.approver.username == "sy_approver"
    p.login("sy_worker")
    browser.get(case_url)
    p.step("publish_approval")
    assert p.status() == "approval_publicity"
    browser.get(live_server.url + "/todo/")
    assert f'href="/dibao/{app.pk}/"' in browser.page_source  # the approval publicity is on the to-do list
