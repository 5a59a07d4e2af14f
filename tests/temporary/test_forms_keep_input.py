"""Issue 10, item 2: every form of the 临时救助 pages keeps what was typed when it is refused — the case
page comes back (422 for bad input, 409 for a refusal) with the posted values in their inputs, the problem
in words next to the field it concerns, no field name or requirement ID in sight, and nothing written."""

from __future__ import annotations

import pytest

from jiuzhu.core.models import AuditEvent
from jiuzhu.temporary.actions import do_accept, do_approve, do_plan_instalments, do_refer, do_review
from jiuzhu.temporary.models import Handout, Referral, TemporaryCase
from tests.web.crawl import findings, read

LONG = "入户核查：申请人于2026年10月住院，自付医疗费用较高，" * 12  # a long text a worker would not retype


@pytest.fixture
def worker(client, users):
    client.force_login(users["sy_worker"])
    return client


def _no_codes(html: str) -> None:
    """The crawl test's check (tests/web/crawl.py): no requirement ID, field name… in the visible text."""
    text, _links = read(html)
    assert findings(text) == []


def test_new_case_page_keeps_every_field_and_names_the_bad_one(worker, make_household):
    household = make_household()
    form = {
        "household": household.number,
        "case_type": "expenditure",
        "event_kind": "medical_spending",
        "event_date": "2026-13-01",
        "event_place": "胜利街道幸福里3号",
        "severity": "severe",
        "loss": "12000.00",
        "compensation": "3000.00",
        "is_disaster_affected": "on",
    }
    r = worker.post("/temporary/new/", form)
    assert r.status_code == 422
    html = r.content.decode()
    assert (
        "事件发生日期：" in html
        and 'name="event_date" value="2026-13-01" required aria-invalid="true"' in html
    )
    for value in ("胜利街道幸福里3号", "12000.00", "3000.00", household.number):
        assert f'value="{value}"' in html
    assert '<option value="expenditure" selected>' in html and '<option value="severe" selected>' in html
    assert 'name="is_disaster_affected" checked' in html and 'name="is_dibao" checked' not in html
    assert not TemporaryCase.objects.exists()


def test_review_refused_keeps_the_long_texts_and_puts_the_problem_at_the_amount(worker, new_case, users):
    case = do_accept(users["sy_worker"], new_case(case_type="expenditure", event_kind="medical_spending"))
    proposed = case.proposed_fen
    assert proposed  # the engine's tier amount for this case
    over = f"{proposed // 100 + 100}.00"  # 100 yuan over the tier: a case-by-case decision is needed
    r = worker.post(
        f"/temporary/{case.pk}/do/review/",
        {"expenditure_check": LONG, "income_property_check": "收入财产已调查", "amount": over},
    )
    assert r.status_code == 422
    html = r.content.decode()
    assert f">{LONG}</textarea>" in html and ">收入财产已调查</textarea>" in html
    assert f'name="amount" value="{over}" aria-invalid="true"' in html
    assert "救助金额（元，空则按档次金额）：超过档次金额" in html and "须按一事一议办理" in html
    _no_codes(html)
    case.refresh_from_db()
    assert case.status == "accepted" and not AuditEvent.objects.filter(action="temporarycase.review").exists()


def test_reject_without_reason_and_refer_with_a_bad_target_keep_the_form(worker, new_case):
    case = new_case()
    r = worker.post(f"/temporary/{case.pk}/do/refer/", {"target": "moon", "note": "转介说明文字"})
    assert r.status_code == 422
    html = r.content.decode()
    assert "转介对象：“moon”不是可选值（" in html and "医疗救助" in html
    assert 'name="note" value="转介说明文字"' in html
    assert not Referral.objects.exists()
    _no_codes(html)


def test_approval_over_the_township_limit_is_not_offered_and_the_page_says_why(
    client, reviewed_case, township_approver
):
    """Issue 10, item 3: no 审批 button that is then refused; the reason in words, the clause on hover."""
    case = reviewed_case("5400.00")  # over the township's approval limit
    client.force_login(township_approver)
    html = client.get(f"/temporary/{case.pk}/").content.decode()
    assert 'id="form-approve"' not in html and 'id="not-now"' in html
    assert "超过乡镇（街道）审批额度" in html and "须报县级民政部门审批" in html
    _no_codes(html)
    r = client.post(f"/temporary/{case.pk}/do/approve/", {"note": "同意救助"})  # posted anyway: refused
    assert r.status_code == 409 and "超过乡镇（街道）审批额度" in r.content.decode()
    assert TemporaryCase.objects.get(pk=case.pk).status == "reviewed"


def test_the_one_who_prepared_a_case_is_told_he_cannot_approve_it(client, new_case, users):
    admin = users["admin"]  # his role may approve anything, but he accepted and reviewed this case
    case = do_accept(admin, new_case())
    case = do_review(
        admin, case, {"expenditure_check": "x", "income_property_check": "y", "amount": "3000.00"}
    )
    client.force_login(admin)
    html = client.get(f"/temporary/{case.pk}/").content.decode()
    assert 'id="form-approve"' not in html and 'id="form-reject"' not in html
    assert "经办与审批不能为同一人" in html
    client.force_login(users["sy_approver"])  # the county approver did not prepare it: offered
    html = client.get(f"/temporary/{case.pk}/").content.decode()
    assert 'id="form-approve"' in html and 'id="not-now"' not in html


def test_handout_pay_and_outcome_forms_keep_their_input(worker, new_case, users):
    case = do_accept(users["sy_worker"], new_case())
    case = do_review(
        users["sy_worker"],
        case,
        {"expenditure_check": "x", "income_property_check": "y", "amount": "4500.00"},
    )
    case = do_approve(users["sy_approver"], case)
    r = worker.post(
        f"/temporary/{case.pk}/do/handout/",
        {"form": "in_kind", "recipient": "张建国", "what": "", "quantity": "2", "given_on": "2026-11-20"},
    )
    assert r.status_code == 422
    html = r.content.decode()
    assert "物品/款项：请填写发放的物品" in html and 'name="quantity" value="2"' in html
    assert 'name="recipient" value="张建国"' in html and '<option value="in_kind" selected>' in html
    assert not Handout.objects.exists()

    plan = do_plan_instalments(
        users["sy_worker"],
        case,
        [{"due": "2026-12-01", "amount": "2250.00"}, {"due": "2027-01-01", "amount": "2250.00"}],
    )
    r = worker.post(
        f"/temporary/instalments/{plan[1].pk}/pay/", {"recipient": "张建国", "given_on": "2026-11-31"}
    )
    assert r.status_code == 422
    html = r.content.decode()
    assert "第2期 发放日期：“2026-11-31”不是日期" in html
    assert 'name="given_on" value="2026-11-31" aria-invalid="true"' in html
    assert html.count('value="张建国"') == 1  # only the refused row's form has it back

    ref = do_refer(users["sy_worker"], case, {"target": "medical"})
    r = worker.post(
        f"/temporary/referrals/{ref.pk}/outcome/",
        {"outcome": "helped", "outcome_on": "x", "outcome_note": "已纳入医疗救助"},
    )
    assert r.status_code == 422
    html = r.content.decode()
    assert "结果日期：“x”不是日期" in html and 'value="已纳入医疗救助"' in html
    assert '<option value="helped" selected>' in html
    assert Referral.objects.get(pk=ref.pk).outcome == "pending"
    _no_codes(html)
