"""Issue 10, item 8: each role's main task in headless Chromium (tests/browser.py): the township worker
registers a 临时救助 case (a refused form keeps what was typed), the county approver finds it on his to-do
list and approves it, finance finds the rosters waiting for it and no township tasks."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser import BROWSER_MARKS, chromium, click_and_wait

pytestmark = BROWSER_MARKS


@pytest.fixture
def browser():
    yield from chromium("--window-size=1280,1600")


def login(driver, base: str, username: str) -> None:
    from selenium.webdriver.common.by import By

    from jiuzhu.cli import DEMO_PASSWORD

    driver.delete_all_cookies()
    driver.get(base + "/login/")
    driver.find_element(By.ID, "id_username").send_keys(username)
    driver.find_element(By.ID, "id_password").send_keys(DEMO_PASSWORD)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    assert "/login/" not in driver.current_url


def mine(page: str) -> str:
    """The 我的待办 part of the to-do page ("" when the role has no case work)."""
    if 'id="mine"' not in page:
        return ""
    part = page[page.index('id="mine"') :]
    return part[: part.index('id="team"')] if 'id="team"' in part else part


def test_township_worker_registers_a_case_and_keeps_his_input(browser, live_server, make_household):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from jiuzhu.temporary.models import TemporaryCase

    household = make_household()
    login(browser, live_server.url, "sy_worker")
    browser.get(live_server.url + "/todo/")
    assert "我的待办" in browser.page_source
    browser.get(live_server.url + "/temporary/new/")
    browser.find_element(By.NAME, "household").send_keys(household.number)
    Select(browser.find_element(By.NAME, "case_type")).select_by_value("emergency")
    Select(browser.find_element(By.NAME, "event_kind")).select_by_value("fire")
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    browser.execute_script("document.getElementsByName('event_date')[0].value = arguments[0]", tomorrow)
    browser.find_element(By.NAME, "event_place").send_keys("胜利街道幸福里3号")
    browser.find_element(By.NAME, "loss").send_keys("20000.00")
    click_and_wait(browser, browser.find_element(By.ID, "create"))
    assert "事件发生日期：" in browser.find_element(By.ID, "error").text  # refused: a date in the future
    assert browser.find_element(By.NAME, "event_place").get_attribute("value") == "胜利街道幸福里3号"
    assert browser.find_element(By.NAME, "loss").get_attribute("value") == "20000.00"
    assert not TemporaryCase.objects.exists()
    browser.execute_script(
        "document.getElementsByName('event_date')[0].value = arguments[0]", dt.date.today().isoformat()
    )
    click_and_wait(browser, browser.find_element(By.ID, "create"))
    case = TemporaryCase.objects.get()
    assert browser.current_url.endswith(f"/temporary/{case.pk}/")
    assert browser.find_element(By.ID, "status").text == case.get_status_display()


def test_approver_finds_the_case_on_his_list_and_approves_it(browser, live_server, reviewed):
    from selenium.webdriver.common.by import By

    case = reviewed
    login(browser, live_server.url, "sy_approver")
    browser.get(live_server.url + "/todo/")
    assert f'href="/temporary/{case.pk}/"' in mine(browser.page_source)  # his to act on, first
    browser.get(live_server.url + f"/temporary/{case.pk}/")
    form = browser.find_element(By.ID, "form-approve")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    case.refresh_from_db()
    assert case.status == "approved"
    assert browser.find_element(By.ID, "status").text == case.get_status_display()


def test_finance_sees_the_rosters_and_no_township_tasks(browser, live_server, reviewed):
    from selenium.webdriver.common.by import By

    login(browser, live_server.url, "sy_finance")
    browser.get(live_server.url + "/payments/")
    assert browser.find_element(By.ID, "count").text.startswith("共 ")
    assert browser.find_elements(By.ID, "finance-queue")
    browser.get(live_server.url + "/todo/")
    page = browser.page_source
    assert "处理公示异议" not in page  # a township task finance cannot do
    assert f'href="/temporary/{reviewed.pk}/"' not in mine(
        page
    )  # the approval is the county's, not finance's


@pytest.fixture
def reviewed(make_household, users):
    """An expenditure case accepted and reviewed by sy_worker at 3000.00 yuan: waiting for the county."""
    from jiuzhu.temporary.actions import do_accept, do_create_case, do_review

    case = do_create_case(
        users["sy_worker"],
        make_household(),
        {
            "case_type": "expenditure",
            "event_kind": "medical_spending",
            "event_date": "2026-11-01",
            "severity": "moderate",
            "loss": "20000.00",
        },
    )
    do_accept(users["sy_worker"], case)
    return do_review(
        users["sy_worker"],
        case,
        {"expenditure_check": "医疗票据已核", "income_property_check": "收入财产已调查", "amount": "3000.00"},
    )
