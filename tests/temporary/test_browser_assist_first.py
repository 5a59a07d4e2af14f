"""One assist-first (先行救助) case through the pages in headless Chromium: register, pay at once, the file
stays 待补办 with the missing fields named, then complete it (R-FLOW-17, R-DOC-18)."""

import pytest

from tests.browser import BROWSER_MARKS, chromium, click_and_wait

pytestmark = BROWSER_MARKS


@pytest.fixture
def browser():
    yield from chromium()


def test_r_flow_17_assist_first_case_through_the_pages(browser, live_server, make_household, users):
    from selenium.webdriver.common.by import By

    from jiuzhu.cli import DEMO_PASSWORD
    from jiuzhu.temporary.models import TemporaryCase

    household = make_household()
    b = browser
    b.get(live_server.url + "/login/")
    b.find_element(By.ID, "id_username").send_keys("sy_worker")
    b.find_element(By.ID, "id_password").send_keys(DEMO_PASSWORD)
    click_and_wait(b, b.find_element(By.CSS_SELECTOR, "button[type=submit].primary"))

    b.get(f"{live_server.url}/temporary/new/?household={household.pk}")
    b.execute_script("document.querySelector('[name=event_date]').value='2026-11-01'")  # date input
    click_and_wait(b, b.find_element(By.ID, "create"))
    assert "已申请" in b.find_element(By.ID, "status").text
    case = TemporaryCase.objects.get(household=household)

    form = b.find_element(By.ID, "form-assist_first")
    form.find_element(By.NAME, "amount").send_keys("1500.00")
    form.find_element(By.NAME, "recipient").send_keys("张建国")
    click_and_wait(b, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "先行救助待补办" in b.find_element(By.ID, "status").text
    assert "经办人签字" in b.find_element(By.ID, "missing").text

    form = b.find_element(By.ID, "form-regularise")
    form.find_element(By.NAME, "reg_recipient").send_keys("张建国")
    form.find_element(By.NAME, "reg_reason").send_keys("火灾")
    form.find_element(By.NAME, "reg_amount").send_keys("1500.00")
    click_and_wait(b, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "先行救助待补办" in b.find_element(By.ID, "status").text  # signature and seal still missing
    assert "缺少" in b.page_source

    form = b.find_element(By.ID, "form-regularise")
    # the refused form kept what was typed: only the signature and the seal are added
    for name, value in (("reg_recipient", "张建国"), ("reg_reason", "火灾"), ("reg_amount", "1500.00")):
        assert form.find_element(By.NAME, name).get_attribute("value") == value, name
    form.find_element(By.NAME, "reg_officer").send_keys("李经办")
    form.find_element(By.NAME, "reg_seal").click()
    click_and_wait(b, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "已办结" in b.find_element(By.ID, "status").text
    case.refresh_from_db()
    assert case.status == "closed" and case.reg_officer == "李经办"
