"""Role permissions: writes only for case workers and administrators (403 for other roles in scope);
full ID numbers only for the roles that need them; the audit log only for auditors and administrators."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from jiuzhu.core.models import AuditEvent
from jiuzhu.registry.models import Household
from tests.factories import household_doc

SY = "110113001001"


@pytest.mark.parametrize("username", ["sy_approver", "sy_finance", "auditor"])
def test_read_only_roles_cannot_write_in_scope(api_as, make_household, username):
    h = make_household(SY)
    api = api_as(username)
    assert api.get(f"/api/households/{h.pk}").status_code == 200
    doc = api_as("sy_worker").get(f"/api/households/{h.pk}").json()["document"]
    before = Household.objects.count()
    r = api.post("/api/households", household_doc())
    assert r.status_code == 403, r.content
    assert "不能修改" in r.json()["detail"]
    assert api.put(f"/api/households/{h.pk}", doc).status_code == 403
    assert api.post(f"/api/households/{h.pk}/close", {"reason": "x"}).status_code == 403
    assert Household.objects.count() == before
    h.refresh_from_db()
    assert h.active
    assert not AuditEvent.objects.filter(household=h).exclude(action="household.create").exists()


@pytest.mark.parametrize("username", ["sy_worker", "admin"])
def test_write_roles_can_create_update_and_close(api_as, username):
    api = api_as(username)
    r = api.post("/api/households", household_doc())
    assert r.status_code == 201, r.content
    hid = r.json()["id"]
    doc = r.json()["document"]
    doc["address"] = "新地址"
    assert api.put(f"/api/households/{hid}", doc).status_code == 200
    assert api.post(f"/api/households/{hid}/close", {"reason": "迁出"}).status_code == 200


def test_id_numbers_and_phones_shown_only_to_roles_that_need_them(api_as, make_household):
    h = make_household(SY)
    full = api_as("sy_worker").get(f"/api/households/{h.pk}").json()
    id_number = full["document"]["members"][0]["id_number"]
    assert len(id_number) == 18 and "*" not in id_number
    for username in ("sy_worker", "sy_approver", "admin"):
        body = api_as(username).get(f"/api/households/{h.pk}").json()
        assert body["id_numbers_masked"] is False
        assert body["document"]["members"][0]["id_number"] == id_number
        assert body["document"]["phone"] == "13800138000"
    for username in ("sy_finance", "auditor"):
        body = api_as(username).get(f"/api/households/{h.pk}").json()
        assert body["id_numbers_masked"] is True
        assert body["document"]["members"][0]["id_number"] == id_number[:6] + "********" + id_number[14:]
        assert body["document"]["phone"] == "138****8000"
        history = api_as(username).get(f"/api/households/{h.pk}/history").json()
        values = [c["after"] for e in history for c in e["changes"]]
        assert id_number not in values and "13800138000" not in values


def test_list_masks_names_id_numbers_and_phones_for_everyone(api_as, make_household):
    make_household(SY)
    for username in ("sy_worker", "sy_finance", "admin"):
        item = api_as(username).get("/api/households").json()["items"][0]
        assert item["applicant_name"] == "张**"
        assert "********" in item["applicant_id_number"]
        assert item["phone"] == "138****8000"


def test_audit_log_only_for_auditors_and_administrators(api_as, make_household):
    make_household(SY)
    for username in ("sy_worker", "sy_approver", "sy_finance"):
        r = api_as(username).get("/api/audit-events")
        assert r.status_code == 403, username
    assert api_as("auditor").get("/api/audit-events").status_code == 200
    assert api_as("admin").get("/api/audit-events").status_code == 200


def test_audit_log_masks_id_numbers_for_auditors_not_administrators(api_as, make_household):
    h = make_household(SY)
    id_number = (
        api_as("sy_worker").get(f"/api/households/{h.pk}").json()["document"]["members"][0]["id_number"]
    )
    seen_by_auditor = (
        api_as("auditor").get("/api/audit-events", {"household": h.pk}).json()["items"][0]["after"]
    )
    assert seen_by_auditor["members[0].id_number"] == id_number[:6] + "********" + id_number[14:]
    seen_by_admin = api_as("admin").get("/api/audit-events", {"household": h.pk}).json()["items"][0]["after"]
    assert seen_by_admin["members[0].id_number"] == id_number


def test_applicants_cannot_use_the_registry_api(api_as, users, make_household):
    h = make_household(SY)
    own_id = h.members.first().id_number
    users["applicant"] = get_user_model().objects.create(
        username="applicant", role="applicant", id_number=own_id
    )
    api = api_as("applicant")
    assert api.get("/api/me").status_code == 200
    for url in ("/api/households", f"/api/households/{h.pk}", f"/api/households/{h.pk}/history"):
        assert api.get(url).status_code == 403, url
    assert api.get("/api/audit-events").status_code == 403


def test_anonymous_callers_get_401_everywhere(client, make_household):
    h = make_household(SY)
    for url in (
        "/api/me",
        "/api/households",
        f"/api/households/{h.pk}",
        f"/api/households/{h.pk}/history",
        f"/api/households/{h.pk}/assessment",
        "/api/regions",
        "/api/unions",
        "/api/audit-events",
        "/api/tokens",
    ):
        r = client.get(url)
        assert r.status_code == 401, url
        assert "Authorization: Bearer" in r.json()["detail"]
    r = client.post("/api/households", data=household_doc(), content_type="application/json")
    assert r.status_code == 401


def test_deactivated_user_is_refused(api_as, users, make_household):
    api = api_as("sy_worker")
    user = users["sy_worker"]
    user.is_active = False
    user.save()
    assert api.get("/api/households").status_code == 401
