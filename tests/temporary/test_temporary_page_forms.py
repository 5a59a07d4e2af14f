"""The case page's forms for what used to be API-only (issue #4): the assist-first registration record
(R-FLOW-17, R-DOC-18), one approval with staged instalments and paying each instalment (R-FLOW-21), referral
outcomes (R-FLOW-23), handouts listed one by one (R-FLOW-24). Django test client against the real database.

Amounts are worked by hand: the approved case is reviewed at 4500.00 yuan (450000 fen); three instalments of
1500.00 add up to it, two of 1000.00 (2000.00) do not."""

import os
import shutil

import pytest

from jiuzhu.core.models import AuditEvent, StatusChange
from jiuzhu.temporary.actions import (
    do_accept,
    do_approve,
    do_assist_first,
    do_plan_instalments,
    do_refer,
    do_register_handout,
    do_review,
)
from jiuzhu.temporary.models import Handout, Instalment, Referral, TemporaryCase

THREE = [
    {"due": "2026-12-01", "amount": "1500.00"},
    {"due": "2027-01-01", "amount": "1500.00"},
    {"due": "2027-02-01", "amount": "1500.00"},
]


@pytest.fixture
def approved(new_case, users):
    """An emergency case approved by the county at 4500.00 yuan (sy_worker prepared it)."""

    def make(**data):
        case = do_accept(users["sy_worker"], new_case(**data))
        case = do_review(
            users["sy_worker"],
            case,
            {"expenditure_check": "x", "income_property_check": "y", "amount": "4500.00"},
        )
        return do_approve(users["sy_approver"], case)

    return make


@pytest.fixture
def worker(client, users):
    client.force_login(users["sy_worker"])
    return client


def page(client, case) -> str:
    r = client.get(f"/temporary/{case.pk}/")
    assert r.status_code == 200
    return r.content.decode()


def events(action: str) -> int:
    return AuditEvent.objects.filter(action=f"temporarycase.{action}").count()


# ---- R-FLOW-21: the instalment plan ----


def test_r_flow_21_page_plans_instalments_under_one_approval(worker, approved):
    case = approved()
    assert 'id="form-instalments"' in page(worker, case)
    r = worker.post(
        f"/temporary/{case.pk}/instalments/",
        {
            "inst-1-due": "2026-12-01",
            "inst-1-amount": "1500.00",
            "inst-2-due": "2027-01-01",
            "inst-2-amount": "1500.00",
            "inst-3-due": "",  # a blank row in between is skipped, not an instalment
            "inst-3-amount": "",
            "inst-4-due": "2027-02-01",
            "inst-4-amount": "1500.00",
        },
    )
    assert r.status_code == 302
    plan = list(Instalment.objects.filter(case=case).order_by("seq"))
    assert [(i.seq, i.due.isoformat(), i.amount_fen, i.paid_on) for i in plan] == [
        (1, "2026-12-01", 150000, None),
        (2, "2027-01-01", 150000, None),
        (3, "2027-02-01", 150000, None),
    ]
    event = AuditEvent.objects.get(action="temporarycase.instalments", object_id=str(case.pk))
    assert event.actor.username == "sy_worker" and len(event.after["instalments"]) == 3
    assert TemporaryCase.objects.get(pk=case.pk).staged
    html = page(worker, case)
    assert 'id="form-instalments"' not in html  # one plan per case
    assert 'id="plan-total">4500.00<' in html and "合计与批准金额不符" not in html
    assert 'id="form-pay-1"' in html and 'id="form-pay-3"' in html


def test_r_flow_21_page_instalments_must_add_up_to_the_approved_amount(worker, approved):
    case = approved()
    r = worker.post(
        f"/temporary/{case.pk}/instalments/",
        {
            "inst-1-due": "2026-12-01",
            "inst-1-amount": "1000.00",
            "inst-2-due": "2027-01-01",
            "inst-2-amount": "1000.00",
        },
    )
    assert r.status_code == 422
    html = r.content.decode()
    assert "分期发放计划：各期金额合计2000.00元，应等于批准金额4500.00元" in html
    assert 'value="1000.00"' in html and 'value="2027-01-01"' in html  # the worker's rows are kept
    assert 'id="instalment-sum" aria-invalid="true">2000.00<' in html
    assert not Instalment.objects.exists() and events("instalments") == 0


def test_r_flow_21_page_bad_instalment_row_is_named_and_nothing_written(worker, approved):
    case = approved()
    r = worker.post(
        f"/temporary/{case.pk}/instalments/",
        {
            "inst-1-due": "2026-12-01",
            "inst-1-amount": "2250.00",
            "inst-2-due": "2027-01-01",
            "inst-2-amount": "2250.0x",
        },
    )
    assert r.status_code == 422
    html = r.content.decode()
    assert "第2期金额：“2250.0x”不是金额" in html
    assert 'name="inst-2-amount" value="2250.0x" inputmode="decimal" aria-invalid="true"' in html
    r = worker.post(
        f"/temporary/{case.pk}/instalments/",
        {"inst-1-due": "2026-12-01", "inst-1-amount": "2250.00", "inst-2-amount": "2250.00"},
    )
    assert r.status_code == 422 and "第2期计划发放日期：请填写日期" in r.content.decode()
    r = worker.post(
        f"/temporary/{case.pk}/instalments/",
        {
            "inst-1-due": "2026-12-01",
            "inst-1-amount": "4500.00",
            "inst-2-due": "2027-01-01",
            "inst-2-amount": "0",
        },
    )
    assert r.status_code == 422 and "第2期金额：每期金额应大于零" in r.content.decode()
    r = worker.post(
        f"/temporary/{case.pk}/instalments/", {"inst-1-due": "2026-12-01", "inst-1-amount": "4500.00"}
    )
    assert r.status_code == 422 and "分期发放计划：分阶段救助至少两期" in r.content.decode()
    assert not Instalment.objects.exists() and events("instalments") == 0


def test_r_flow_21_plan_form_only_for_emergency_or_returned_to_poverty(worker, approved):
    case = approved(case_type="expenditure", event_kind="medical_spending")
    assert 'id="form-instalments"' not in page(worker, case)
    r = worker.post(
        f"/temporary/{case.pk}/instalments/",
        {
            "inst-1-due": "2026-12-01",
            "inst-1-amount": "2250.00",
            "inst-2-due": "2027-01-01",
            "inst-2-amount": "2250.00",
        },
        follow=True,
    )
    assert "R-FLOW-21" in r.content.decode() and not Instalment.objects.exists()
    case = approved(case_type="expenditure", event_kind="medical_spending", is_returned_to_poverty=True)
    assert 'id="form-instalments"' in page(worker, case)


def test_r_flow_21_no_plan_after_cash_was_paid_so_nothing_is_paid_twice(worker, approved, users):
    case = approved()
    do_register_handout(
        users["sy_worker"], case, {"form": "cash", "recipient": "张建国", "amount": "4000.00"}
    )
    assert 'id="form-instalments"' not in page(worker, case)
    r = worker.post(
        f"/temporary/{case.pk}/instalments/",
        {
            "inst-1-due": "2026-12-01",
            "inst-1-amount": "2250.00",
            "inst-2-due": "2027-01-01",
            "inst-2-amount": "2250.00",
        },
        follow=True,
    )
    assert "本案已登记现金发放，不能再登记分期发放计划" in r.content.decode()
    assert not Instalment.objects.exists()


def test_r_flow_21_page_pays_one_instalment_without_a_new_approval(worker, approved, users):
    case = approved()
    plan = do_plan_instalments(users["sy_worker"], case, THREE)
    r = worker.post(
        f"/temporary/instalments/{plan[0].pk}/pay/", {"recipient": "张建国", "given_on": "2026-11-20"}
    )
    assert r.status_code == 302 and r.url == f"/temporary/{case.pk}/"
    first = Instalment.objects.get(pk=plan[0].pk)
    assert first.paid_on.isoformat() == "2026-11-20"
    handout = Handout.objects.get(instalment=first)
    assert (handout.form, handout.amount_fen, handout.recipient, handout.what) == (
        "cash",
        150000,
        "张建国",
        "临时救助金第1期",
    )
    event = AuditEvent.objects.get(action="temporarycase.handout")
    assert event.after["amount"] == "1500.00" and event.actor.username == "sy_worker"
    assert StatusChange.objects.filter(object_id=str(case.pk), to_status="approved").count() == 1
    html = page(worker, case)
    assert 'id="form-pay-1"' not in html and 'id="form-pay-2"' in html
    assert "2026-11-20" in html and "已发放 1500.00" in html
    r = worker.post(f"/temporary/instalments/{plan[0].pk}/pay/", {"recipient": "张建国"}, follow=True)
    assert "第1期已于2026-11-20发放" in r.content.decode()
    assert Handout.objects.filter(case=case).count() == 1


def test_r_flow_21_page_pay_without_recipient_names_the_field(worker, approved, users):
    case = approved()
    plan = do_plan_instalments(users["sy_worker"], case, THREE)
    r = worker.post(
        f"/temporary/instalments/{plan[1].pk}/pay/", {"recipient": " ", "given_on": ""}, follow=True
    )
    assert "第2期 领取人：必填" in r.content.decode()
    r = worker.post(
        f"/temporary/instalments/{plan[1].pk}/pay/",
        {"recipient": "张建国", "given_on": "2026-11-31"},
        follow=True,
    )
    assert "第2期 发放日期：“2026-11-31”不是日期" in r.content.decode()
    assert Instalment.objects.get(pk=plan[1].pk).paid_on is None
    assert not Handout.objects.exists() and events("handout") == 0


# ---- R-FLOW-23: referral outcomes ----


def test_r_flow_23_page_records_the_referral_outcome(worker, new_case, users):
    case = new_case()
    ref = do_refer(users["sy_worker"], case, {"target": "medical", "note": "转医疗救助"})
    html = page(worker, case)
    assert f'id="form-outcome-{ref.pk}"' in html and '<option value="pending"' not in html
    r = worker.post(
        f"/temporary/referrals/{ref.pk}/outcome/", {"outcome": "accepted", "outcome_on": "2026-11-10"}
    )
    assert r.status_code == 302
    assert f'id="form-outcome-{ref.pk}"' in page(worker, case)  # accepted by the department: still open
    r = worker.post(
        f"/temporary/referrals/{ref.pk}/outcome/",
        {"outcome": "helped", "outcome_on": "2026-11-20", "outcome_note": "已纳入医疗救助"},
    )
    ref.refresh_from_db()
    assert (ref.outcome, ref.outcome_on.isoformat(), ref.outcome_note) == (
        "helped",
        "2026-11-20",
        "已纳入医疗救助",
    )
    last = AuditEvent.objects.filter(action="temporarycase.referral_outcome", object_id=str(ref.pk)).first()
    assert (last.before, last.after["outcome"]) == ({"outcome": "accepted"}, "helped")
    assert events("referral_outcome") == 2
    html = page(worker, case)
    assert f'id="form-outcome-{ref.pk}"' not in html and "已获帮助" in html and "已纳入医疗救助" in html


def test_r_flow_23_page_outcome_bad_input_names_the_field(worker, new_case, users):
    ref = do_refer(users["sy_worker"], new_case(), {"target": "charity"})
    for outcome, problem in (
        ("", "结果：请选择"),
        ("pending", "结果：请选择转介结果"),
        ("won", "结果：“won”"),
    ):
        r = worker.post(f"/temporary/referrals/{ref.pk}/outcome/", {"outcome": outcome}, follow=True)
        assert problem in r.content.decode()
    r = worker.post(
        f"/temporary/referrals/{ref.pk}/outcome/", {"outcome": "helped", "outcome_on": "x"}, follow=True
    )
    assert "结果日期：“x”不是日期" in r.content.decode()
    assert Referral.objects.get(pk=ref.pk).outcome == "pending" and events("referral_outcome") == 0


# ---- R-FLOW-17 / R-DOC-18: the registration record in several sittings ----


def test_r_flow_17_page_registration_saved_in_parts_blank_fields_keep_what_was_entered(
    worker, new_case, users
):
    case = do_assist_first(users["sy_worker"], new_case(), {"amount": "1500.00", "recipient": "张建国"})
    assert 'id="form-registration"' in page(worker, case)
    form = {"reg_recipient": "张建国", "reg_reason": "火灾", "reg_amount": "", "reg_officer": ""}
    assert worker.post(f"/temporary/{case.pk}/do/registration/", form).status_code == 302
    case.refresh_from_db()
    assert (case.reg_recipient, case.reg_reason, case.reg_amount_fen, case.status) == (
        "张建国",
        "火灾",
        None,
        "to_regularise",
    )
    event = AuditEvent.objects.get(action="temporarycase.registration")
    assert event.after == {"reg_recipient": "张建国", "reg_reason": "火灾"}  # blanks were not written
    form = {"reg_recipient": "", "reg_reason": "", "reg_amount": "1500.00", "reg_officer": "李经办"}
    worker.post(f"/temporary/{case.pk}/do/registration/", form)
    case.refresh_from_db()
    assert (case.reg_recipient, case.reg_amount_fen, case.reg_officer) == ("张建国", 150000, "李经办")
    assert "单位盖章" in case.missing_registration and case.status == "to_regularise"
    worker.post(f"/temporary/{case.pk}/do/regularise/", {"reg_recipient": "", "reg_seal": "1"})
    case.refresh_from_db()
    assert case.status == "closed" and case.reg_recipient == "张建国"


def test_r_flow_17_page_empty_registration_names_the_field_and_writes_nothing(worker, new_case, users):
    case = do_assist_first(users["sy_worker"], new_case(), {"amount": "1500.00", "recipient": "张建国"})
    r = worker.post(
        f"/temporary/{case.pk}/do/registration/", {"reg_recipient": " ", "reg_amount": ""}, follow=True
    )
    assert "救助对象：请至少填写一项登记内容" in r.content.decode() and events("registration") == 0
    r = worker.post(f"/temporary/{case.pk}/do/registration/", {"reg_amount": "十五元"}, follow=True)
    assert "救助金额（元）：“十五元”不是金额" in r.content.decode() and events("registration") == 0


def test_r_flow_24_page_assist_first_in_kind(worker, new_case):
    case = new_case()
    r = worker.post(
        f"/temporary/{case.pk}/do/assist_first/",
        {
            "form": "in_kind",
            "amount": "",
            "what": "棉被",
            "quantity": "2床",
            "recipient": "张建国",
            "given_on": "",
        },
    )
    assert r.status_code == 302
    h = Handout.objects.get(case=case)
    assert (h.form, h.what, h.quantity, h.amount_fen) == ("in_kind", "棉被", "2床", None)
    assert TemporaryCase.objects.get(pk=case.pk).status == "to_regularise"


# ---- R-FLOW-24: handouts one by one ----


def test_r_flow_24_page_lists_cash_and_in_kind_handouts_one_by_one(worker, approved):
    case = approved(case_type="expenditure", event_kind="medical_spending")
    base = f"/temporary/{case.pk}/do/handout/"
    worker.post(
        base, {"form": "in_kind", "recipient": "张建国", "what": "棉被", "quantity": "2床", "amount": ""}
    )
    worker.post(base, {"form": "cash", "recipient": "张建国", "amount": "4000.00", "given_on": "2026-11-21"})
    r = worker.post(
        base, {"form": "in_kind", "recipient": "张建国", "what": "大米", "quantity": ""}, follow=True
    )
    assert "数量：实物发放请填写数量" in r.content.decode()
    assert Handout.objects.filter(case=case).count() == 2 and events("handout") == 2
    html = page(worker, case)
    table = html[html.index('id="handouts"') : html.index('id="referrals"')]
    assert table.count("<tr><td>") == 2
    assert "实物</td><td>张建国</td><td>棉被</td><td>2床</td><td></td>" in table
    assert "2026-11-21</td><td>现金/转账</td><td>张建国</td><td>救助金</td><td></td><td>4000.00</td>" in table
    assert 'id="cash-total">4000.00<' in table


# ---- who may act, and where ----


def test_outside_scope_is_404_and_nothing_written(client, approved, users):
    case = approved()
    plan = do_plan_instalments(users["sy_worker"], case, THREE)
    ref = do_refer(users["sy_worker"], case, {"target": "dibao"})
    other = approved()
    client.force_login(users["cy_worker"])
    assert client.post(f"/temporary/instalments/{plan[0].pk}/pay/", {"recipient": "x"}).status_code == 404
    assert client.post(f"/temporary/referrals/{ref.pk}/outcome/", {"outcome": "helped"}).status_code == 404
    r = client.post(
        f"/temporary/{other.pk}/instalments/",
        {
            "inst-1-due": "2026-12-01",
            "inst-1-amount": "2250.00",
            "inst-2-due": "2027-01-01",
            "inst-2-amount": "2250.00",
        },
    )
    assert r.status_code == 404
    assert client.post(f"/temporary/{case.pk}/do/registration/", {"reg_reason": "x"}).status_code == 404
    assert not Handout.objects.exists() and Referral.objects.get(pk=ref.pk).outcome == "pending"
    assert not Instalment.objects.filter(case=other).exists()
    assert client.post("/temporary/instalments/999999/pay/", {"recipient": "x"}).status_code == 404


def test_auditor_sees_no_forms_and_cannot_post(client, approved, new_case, users):
    case = approved()
    ref = do_refer(users["sy_worker"], case, {"target": "dibao"})
    fresh = approved()  # no plan yet: a worker would see the plan form
    client.force_login(users["auditor"])
    for c in (case, fresh):
        html = page(client, c)
        assert 'class="action"' not in html and 'id="form-' not in html
        assert "当前没有您可以办理的操作" in html
    r = client.post(
        f"/temporary/{fresh.pk}/instalments/",
        {
            "inst-1-due": "2026-12-01",
            "inst-1-amount": "2250.00",
            "inst-2-due": "2027-01-01",
            "inst-2-amount": "2250.00",
        },
        follow=True,
    )
    assert "您的角色不能登记分期发放计划" in r.content.decode() and not Instalment.objects.exists()
    plan = do_plan_instalments(users["sy_worker"], case, THREE)
    assert 'id="form-pay-' not in page(client, case) and "未发放" in page(client, case)
    r = client.post(f"/temporary/instalments/{plan[0].pk}/pay/", {"recipient": "张建国"}, follow=True)
    assert "您的角色不能登记发放" in r.content.decode()
    r = client.post(f"/temporary/referrals/{ref.pk}/outcome/", {"outcome": "helped"}, follow=True)
    assert "您的角色不能登记转介结果" in r.content.decode()
    assert not Handout.objects.exists() and Referral.objects.get(pk=ref.pk).outcome == "pending"
    assert events("handout") == events("referral_outcome") == 0
    assisted = do_assist_first(users["sy_worker"], new_case(), {"amount": "1000.00", "recipient": "张建国"})
    assert 'id="form-' not in page(client, assisted)
    r = client.post(f"/temporary/{assisted.pk}/do/registration/", {"reg_reason": "火灾"}, follow=True)
    assert "您的角色不能执行此操作" in r.content.decode() and events("registration") == 0


def test_finance_and_approver_see_no_payment_or_outcome_forms(client, approved, users):
    """Paying and outcomes are a case worker's (can_write) job, as the actions check."""
    case = approved()
    do_plan_instalments(users["sy_worker"], case, THREE)
    ref = do_refer(users["sy_worker"], case, {"target": "dibao"})
    for name in ("sy_finance", "sy_approver"):
        client.force_login(users[name])
        html = page(client, case)
        assert 'id="form-pay-' not in html and f'id="form-outcome-{ref.pk}"' not in html


def test_r_flow_21_more_rows_without_javascript(worker, approved):
    """Without JS the "more rows" link asks the page for more empty rows (capped)."""
    case = approved()
    html = page(worker, case)
    assert 'name="inst-3-amount"' in html and 'name="inst-4-amount"' not in html
    assert 'href="?instalment_rows=6#instalments" id="more-rows"' in html
    html = worker.get(f"/temporary/{case.pk}/?instalment_rows=6").content.decode()
    assert 'name="inst-6-amount"' in html and 'name="inst-7-amount"' not in html
    html = worker.get(f"/temporary/{case.pk}/?instalment_rows=999").content.decode()
    assert 'name="inst-24-amount"' in html and 'name="inst-25-amount"' not in html
    html = worker.get(f"/temporary/{case.pk}/?instalment_rows=x").content.decode()
    assert 'name="inst-3-amount"' in html and 'name="inst-4-amount"' not in html


# ---- the instalment form's small script, in headless Chromium ----

CHROMIUM, DRIVER = "/usr/bin/chromium", shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture
def browser():
    if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
        pytest.skip("headless Chromium (apt-get install chromium chromium-driver) not installed")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_r_flow_21_rows_added_in_the_browser_and_sum_shown(browser, live_server, approved):
    from selenium.webdriver.common.by import By

    from jiuzhu.cli import DEMO_PASSWORD
    from tests.browser import click_and_wait

    case = approved()
    b = browser
    b.get(live_server.url + "/login/")
    b.find_element(By.ID, "id_username").send_keys("sy_worker")
    b.find_element(By.ID, "id_password").send_keys(DEMO_PASSWORD)
    click_and_wait(b, b.find_element(By.CSS_SELECTOR, "button[type=submit].primary"))
    b.get(f"{live_server.url}/temporary/{case.pk}/")
    form = b.find_element(By.ID, "form-instalments")
    assert not form.find_element(By.ID, "more-rows").is_displayed()  # the button replaces the link
    form.find_element(By.ID, "add-instalment").click()
    dues = ["2026-12-01", "2027-01-01", "2027-02-01", "2027-03-01"]
    for n, due in enumerate(dues, start=1):
        b.execute_script(f"document.querySelector('[name=inst-{n}-due]').value='{due}'")  # date input
        form.find_element(By.NAME, f"inst-{n}-amount").send_keys("1125.00")
    assert form.find_element(By.ID, "instalment-sum").text == "4500.00"  # 4 × 1125.00, worked in fen
    click_and_wait(b, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert b.find_element(By.ID, "plan-total").text == "4500.00"
    plan = Instalment.objects.filter(case=case).order_by("seq")
    assert [(i.seq, i.due.isoformat(), i.amount_fen) for i in plan] == [
        (n, due, 112500) for n, due in enumerate(dues, start=1)
    ]


def test_r_flow_21_staged_case_handout_form_is_in_kind_only(worker, approved, users):
    """Cash of a staged case is paid instalment by instalment; its general handout form offers no cash
    (the action would refuse it: 请逐期发放)."""
    case = approved()
    html = page(worker, case)
    form = html[html.index('id="form-handout"') :].split("</form>")[0]
    assert 'value="cash"' in form
    do_plan_instalments(users["sy_worker"], case, THREE)
    html = page(worker, case)
    form = html[html.index('id="form-handout"') :].split("</form>")[0]
    assert 'value="cash"' not in form and 'value="in_kind"' in form and 'name="amount"' not in form
