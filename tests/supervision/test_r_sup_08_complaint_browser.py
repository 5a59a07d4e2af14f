"""One complaint through the pages in headless Chromium, from receipt to the complainant's feedback (R-SUP-08):
the worker receives it, the approver assigns it to the second worker, who investigates, answers and closes it."""

import pytest

from tests.browser import BROWSER_MARKS, chromium, click_and_wait

pytestmark = BROWSER_MARKS


@pytest.fixture
def browser():
    yield from chromium()


def login(b, url, username):
    from selenium.webdriver.common.by import By

    from jiuzhu.cli import DEMO_PASSWORD

    b.delete_all_cookies()
    b.get(url + "/login/")
    b.find_element(By.ID, "id_username").send_keys(username)
    b.find_element(By.ID, "id_password").send_keys(DEMO_PASSWORD)
    click_and_wait(b, b.find_element(By.CSS_SELECTOR, "button[type=submit].primary"))


def test_r_sup_08_one_complaint_from_receipt_to_feedback(browser, live_server, users):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from jiuzhu.supervision.models import Complaint

    b, url = browser, live_server.url
    login(b, url, "sy_worker")
    b.get(url + "/supervision/complaints/new/")
    form = b.find_element(By.ID, "intake")
    Select(form.find_element(By.NAME, "kind")).select_by_value("complaint")
    Select(form.find_element(By.NAME, "about")).select_by_value("staff")
    form.find_element(By.NAME, "staff_name").send_keys("某经办人")
    form.find_element(By.NAME, "content").send_keys("申请低保两个月无人答复")
    form.find_element(By.NAME, "reporter_name").send_keys("李秀英")
    form.find_element(By.NAME, "reporter_phone").send_keys("13912345678")
    click_and_wait(b, b.find_element(By.ID, "receive"))
    assert b.find_element(By.ID, "status").text == "已受理"
    c = Complaint.objects.get()

    login(b, url, "sy_approver")
    b.get(f"{url}/supervision/complaints/{c.pk}/")
    assert "李秀英" not in b.find_element(By.ID, "reporter").text  # masked for all but the handler
    form = b.find_element(By.ID, "form-assign")
    Select(form.find_element(By.NAME, "assignee")).select_by_value(str(users["sy_worker2"].pk))
    click_and_wait(b, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert b.find_element(By.ID, "status").text == "已交办"

    login(b, url, "sy_worker2")
    b.get(f"{url}/supervision/complaints/{c.pk}/")
    assert "13912345678" in b.find_element(By.ID, "reporter").text
    click_and_wait(b, b.find_element(By.CSS_SELECTOR, "#form-investigate button"))
    form = b.find_element(By.ID, "form-answer")
    form.find_element(By.NAME, "findings").send_keys("经查，材料已齐，审核公示中")
    Select(form.find_element(By.NAME, "substantiated")).select_by_value("yes")
    form.find_element(By.NAME, "reply").send_keys("已督促经办人加快办理，并向您致歉")
    click_and_wait(b, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert b.find_element(By.ID, "status").text == "已答复"
    form = b.find_element(By.ID, "form-close")
    Select(form.find_element(By.NAME, "feedback")).select_by_value("satisfied")
    click_and_wait(b, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert b.find_element(By.ID, "status").text == "已办结"
    assert b.find_element(By.ID, "feedback").text == "满意"
    c.refresh_from_db()
    assert (c.status, c.feedback, c.assignee.username) == ("closed", "satisfied", "sy_worker2")
