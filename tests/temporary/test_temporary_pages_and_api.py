"""The case pages and REST endpoints of 临时救助: state, next actions for this user, history, deadlines;
refusals as clear messages; scope 404."""

import json

from jiuzhu.temporary.models import TemporaryCase


def test_api_assist_first_case_through_the_endpoints(client, make_household, users):
    h = make_household()
    client.force_login(users["sy_worker"])
    r = client.post(
        f"/api/temporary/households/{h.pk}/cases",
        json.dumps(
            {"case_type": "emergency", "event_kind": "fire", "event_date": "2026-11-01", "severity": "minor"}
        ),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    case = r.json()
    assert case["proposed_amount"] == "2800.00" and "assist_first" in case["actions"]
    r = client.post(
        f"/api/temporary/cases/{case['id']}/actions/assist_first",
        json.dumps({"amount": "2000.00", "recipient": "张建国"}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "to_regularise"
    r = client.post(
        f"/api/temporary/cases/{case['id']}/actions/regularise",
        json.dumps({"reg_recipient": "张建国"}),
        content_type="application/json",
    )
    assert r.status_code == 409 and "缺少" in r.json()["detail"]
    r = client.get(f"/api/temporary/cases/{case['id']}")
    assert [d["kind"] for d in r.json()["deadlines"]] == ["temporary.regularise"]


def test_api_township_limit_refusal_and_bad_input(client, reviewed_case, township_approver, users):
    case = reviewed_case("5400.00")
    client.force_login(township_approver)
    r = client.post(f"/api/temporary/cases/{case.pk}/actions/approve", "{}", content_type="application/json")
    assert r.status_code == 409 and "须报县级民政部门审批" in r.json()["detail"]
    client.force_login(users["sy_worker"])
    r = client.post(
        f"/api/temporary/cases/{case.pk}/actions/refer",
        json.dumps({"target": "x"}),
        content_type="application/json",
    )
    assert r.status_code == 422 and "target" in r.json()["detail"]


def test_api_case_outside_scope_is_404(client, new_case, users):
    case = new_case()
    client.force_login(users["cy_worker"])
    assert client.get(f"/api/temporary/cases/{case.pk}").status_code == 404
    r = client.post(f"/api/temporary/cases/{case.pk}/actions/accept", "{}", content_type="application/json")
    assert r.status_code == 404


def test_case_page_shows_state_actions_history_and_deadlines(client, new_case, users):
    case = new_case()
    client.force_login(users["sy_worker"])
    page = client.get(f"/temporary/{case.pk}/").content.decode()
    assert "已申请" in page and "先行救助（直接发放）" in page and "受理" in page
    r = client.post(f"/temporary/{case.pk}/do/assist_first/", {"amount": "1000.00", "recipient": "张建国"})
    assert r.status_code == 302
    page = client.get(f"/temporary/{case.pk}/").content.decode()
    assert "先行救助待补办" in page and "先行救助补办登记" in page and "已申请 → 先行救助待补办" in page
    assert TemporaryCase.objects.get(pk=case.pk).status == "to_regularise"
    client.force_login(users["cy_worker"])
    assert client.get(f"/temporary/{case.pk}/").status_code == 404


def test_refusal_shown_as_message_on_the_page(client, reviewed_case, township_approver):
    case = reviewed_case("5400.00")
    client.force_login(township_approver)
    r = client.post(f"/temporary/{case.pk}/do/approve/", {}, follow=True)
    assert "超过乡镇（街道）审批额度" in r.content.decode()
    assert TemporaryCase.objects.get(pk=case.pk).status == "reviewed"


def test_new_case_page_names_the_bad_field(client, make_household, users):
    h = make_household()
    client.force_login(users["sy_worker"])
    r = client.post(
        "/temporary/new/",
        {
            "household": h.pk,
            "case_type": "emergency",
            "event_kind": "fire",
            "event_date": "2026-13-01",
            "severity": "minor",
        },
    )
    assert r.status_code == 422 and "事件发生日期：" in r.content.decode()
    assert not TemporaryCase.objects.exists()
    r = client.post(
        "/temporary/new/",
        {
            "household": h.pk,
            "case_type": "emergency",
            "event_kind": "fire",
            "event_date": "2026-11-01",
            "severity": "minor",
        },
    )
    assert r.status_code == 302 and TemporaryCase.objects.count() == 1


def test_new_case_by_the_household_number_people_know(client, make_household, users):
    h = make_household()
    client.force_login(users["sy_worker"])
    assert f'value="{h.number}"' in client.get(f"/temporary/new/?household={h.pk}").content.decode()
    data = {"case_type": "emergency", "event_kind": "fire", "event_date": "2026-11-01", "severity": "minor"}
    r = client.post("/temporary/new/", {**data, "household": h.number})
    assert r.status_code == 302 and TemporaryCase.objects.get().household == h
    client.force_login(users["cy_worker"])  # another district: not found, whatever is typed
    r = client.post("/temporary/new/", {**data, "household": h.number})
    assert r.status_code == 422 and "家庭编号" in r.content.decode()
    assert TemporaryCase.objects.count() == 1
