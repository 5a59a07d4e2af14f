"""REST endpoints: create, read, act; 404 outside the subtree, 422 naming the field, 409 when refused."""

import pytest
from django.utils import timezone

from jiuzhu.dibao.models import Source

pytestmark = pytest.mark.django_db


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_api_walks_intake_and_refuses_clearly(client, make_household, users):
    household = make_household()
    client.force_login(users["sy_worker"])
    r = post(client, "/api/dibao/applications", {"household": household.number})
    assert r.status_code == 201, r.content
    case = r.json()
    pk = case["id"]
    assert case["status"] == "draft" and "*" in case["applicant"]["id_number"]
    assert {x["name"] for x in case["actions"]} >= {"record_signature", "submit", "withdraw"}
    # R-FLOW-02 refusal: 409 with the missing members named
    r = post(client, f"/api/dibao/applications/{pk}/actions/submit", {})
    assert r.status_code == 409 and "尚未签字" in r.json()["detail"]
    # bad values: 422 naming the fields, nothing written
    r = post(
        client,
        f"/api/dibao/applications/{pk}/actions/record_signature",
        {"member": "999999", "capacity": "boss", "method": "signature", "signed_on": "2026-13-01"},
    )
    assert r.status_code == 422
    fields = {p["field"] for p in r.json()["detail"]}
    assert fields == {"member", "capacity", "signed_on"}
    for m in household.members.all():
        r = post(
            client,
            f"/api/dibao/applications/{pk}/actions/record_signature",
            {"member": m.pk, "capacity": "self", "method": "signature"},
        )
        assert r.status_code == 200, r.content
    r = post(client, f"/api/dibao/applications/{pk}/actions/submit", {})
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    post(client, f"/api/dibao/applications/{pk}/actions/start_verification", {})
    for s in Source.values:
        post(
            client,
            f"/api/dibao/applications/{pk}/actions/record_verification",
            {"source": s, "result": "一致", "consistent": True},
        )
    r = post(client, f"/api/dibao/applications/{pk}/actions/make_verification_report", {"summary": "一致"})
    r = post(client, f"/api/dibao/applications/{pk}/actions/complete_verification", {})
    assert r.json()["status"] == "visiting"
    # R-FLOW-05: one investigator cannot be finalised
    r = post(
        client,
        f"/api/dibao/applications/{pk}/actions/record_visit",
        {
            "visited_on": timezone.localdate().isoformat(),
            "investigators": ["李明"],
            "representative": "张建国",
            "findings": "属实",
            "agrees": True,
        },
    )
    assert r.status_code == 409 and "两名以上" in r.json()["detail"]
    r = client.get(f"/api/dibao/applications/{pk}")
    assert [h["to"] for h in r.json()["history"]] == ["draft", "submitted", "verifying", "visiting"]


def test_api_case_outside_subtree_is_404(client, make_household, users):
    from jiuzhu.dibao.actions import do_create_application

    app = do_create_application(users["sy_worker"], make_household())
    client.force_login(users["cy_worker"])
    assert client.get(f"/api/dibao/applications/{app.pk}").status_code == 404
    assert (
        post(client, f"/api/dibao/applications/{app.pk}/actions/withdraw", {"reason": "x"}).status_code == 404
    )
    assert client.get("/api/dibao/applications").json()["items"] == []
    assert post(client, "/api/dibao/applications", {"household": app.household.number}).status_code == 404


def test_api_unknown_action_and_anonymous(client, make_household, users):
    from jiuzhu.dibao.actions import do_create_application

    app = do_create_application(users["sy_worker"], make_household())
    assert client.get(f"/api/dibao/applications/{app.pk}").status_code == 401
    client.force_login(users["sy_worker"])
    assert post(client, f"/api/dibao/applications/{app.pk}/actions/teleport", {}).status_code == 404
    r = post(client, f"/api/dibao/applications/{app.pk}/actions/approve", {"payment_start": "2026-12"})
    assert r.status_code == 409 and "不能执行" in r.json()["detail"]


def test_r_flow_16_leads_through_the_api(client, users):
    """Record a lead (a follow-up deadline opens), list it masked, follow it up (the deadline closes);
    a region outside the caller's subtree is refused naming the field; another district's lead is 404."""
    from jiuzhu.core.models import Deadline

    client.force_login(users["sy_worker"])
    body = {
        "region": "110113001001",
        "source": "village_cadre",
        "person_name": "王大爷",
        "description": "独居",
    }
    r = post(client, "/api/dibao/leads", body)
    assert r.status_code == 201, r.content
    lead = r.json()
    assert lead["person_name"] == "王**" and lead["followed_up_on"] is None
    deadline = Deadline.objects.get(object_type="dibao.lead", object_id=str(lead["id"]))
    assert deadline.met_at is None
    assert [x["id"] for x in client.get("/api/dibao/leads?pending=true").json()["items"]] == [lead["id"]]
    r = post(client, "/api/dibao/leads", body | {"region": "110105001"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "region"
    r = post(
        client, f"/api/dibao/leads/{lead['id']}/follow-up", {"follow_up": "已上门", "application": 999999}
    )
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "application"
    r = post(client, f"/api/dibao/leads/{lead['id']}/follow-up", {"follow_up": "已上门了解"})
    assert r.status_code == 200 and r.json()["followed_up_on"]
    deadline.refresh_from_db()
    assert deadline.met_at is not None
    assert client.get("/api/dibao/leads?pending=true").json()["items"] == []
    client.force_login(users["cy_worker"])
    assert client.get("/api/dibao/leads").json()["items"] == []
    assert post(client, f"/api/dibao/leads/{lead['id']}/follow-up", {"follow_up": "x"}).status_code == 404
