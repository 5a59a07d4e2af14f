"""Authentication: bearer tokens (hash stored, audited, revocable, failures throttled per IP) and the
web session (same origin, CSRF token required on writes)."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import Client

from jiuzhu.api.auth import failure_limit
from jiuzhu.api.models import ApiToken, hash_token
from jiuzhu.api.tokens import do_create_api_token
from jiuzhu.core.models import AuditEvent
from tests.api.helpers import ApiClient
from tests.factories import household_doc


def bearer(token: str, ip: str = "10.0.0.1") -> ApiClient:
    return ApiClient(Client(REMOTE_ADDR=ip), {"Authorization": f"Bearer {token}"})


def test_management_command_creates_a_token_that_works(users):
    out = io.StringIO()
    call_command("create_api_token", "sy_worker", "民政一体化平台", stdout=out)
    plain = out.getvalue().strip()
    assert plain.startswith("jz_") and len(plain) > 40
    token = ApiToken.objects.get(user=users["sy_worker"])
    assert token.token_hash == hash_token(plain) and plain not in token.token_hash
    assert token.name == "民政一体化平台"
    event = AuditEvent.objects.get(action="api_token.create", object_id=str(token.pk))
    assert plain not in str(event.after) and event.after["user"] == "sy_worker"
    me = bearer(plain).get("/api/me").json()
    assert me["username"] == "sy_worker" and me["auth"] == "token"
    token.refresh_from_db()
    assert token.last_used is not None


def test_token_writes_need_no_csrf_and_are_audited_as_its_user(users):
    _token, plain = do_create_api_token(None, users["sy_worker"], "对接")
    r = bearer(plain).post("/api/households", household_doc())
    assert r.status_code == 201, r.content
    assert (
        AuditEvent.objects.get(action="household.create", household_id=r.json()["id"]).actor
        == users["sy_worker"]
    )


def test_revoked_token_stops_working_at_once(api_as, users):
    token, plain = do_create_api_token(None, users["sy_worker"], "对接")
    api = bearer(plain)
    assert api.get("/api/me").status_code == 200
    r = api_as("sy_worker").post(f"/api/tokens/{token.pk}/revoke")
    assert r.status_code == 200 and r.json()["revoked"] is True
    r = api.get("/api/me")
    assert r.status_code == 401
    assert r.json()["detail"] == "令牌无效或已吊销"
    assert AuditEvent.objects.filter(
        action="api_token.revoke", object_id=str(token.pk), actor=users["sy_worker"]
    ).exists()


def test_administrator_can_revoke_anyones_token(api_as, users):
    token, plain = do_create_api_token(None, users["cy_worker"], "对接")
    assert api_as("admin").post(f"/api/tokens/{token.pk}/revoke").status_code == 200
    assert bearer(plain).get("/api/me").status_code == 401


def test_token_of_deactivated_user_is_refused(users):
    _token, plain = do_create_api_token(None, users["sy_worker"], "对接")
    users["sy_worker"].is_active = False
    users["sy_worker"].save()
    assert bearer(plain).get("/api/me").status_code == 401


def test_bad_token_is_401_and_does_not_fall_back_to_the_session(api_as):
    api = api_as("sy_worker")
    api.headers = {"Authorization": "Bearer jz_not-a-real-token"}
    assert api.get("/api/me").status_code == 401


def test_failed_tokens_are_throttled_per_ip(users):
    _token, good = do_create_api_token(None, users["sy_worker"], "对接")
    for _ in range(failure_limit()):
        assert bearer("jz_guess", ip="10.9.9.9").get("/api/me").status_code == 401
    r = bearer(good, ip="10.9.9.9").get("/api/me")
    assert r.status_code == 429
    assert "过多" in r.json()["detail"]
    # Another address is not affected.
    assert bearer(good, ip="10.1.1.1").get("/api/me").status_code == 200


def test_session_users_create_tokens_shown_once(api_as, users):
    api = api_as("sy_worker")
    r = api.post("/api/tokens", {"name": "我的脚本"})
    assert r.status_code == 201, r.content
    created = r.json()
    assert created["token"].startswith("jz_")
    assert bearer(created["token"]).get("/api/me").json()["username"] == "sy_worker"
    listed = api.get("/api/tokens").json()
    assert [t["name"] for t in listed] == ["我的脚本"]
    assert "token" not in listed[0]
    assert AuditEvent.objects.filter(action="api_token.create", actor=users["sy_worker"]).exists()


def test_a_token_cannot_create_tokens(users):
    _token, plain = do_create_api_token(None, users["admin"], "对接")
    r = bearer(plain).post("/api/tokens", {"name": "更多令牌"})
    assert r.status_code == 401
    assert ApiToken.objects.count() == 1


def test_only_administrators_create_tokens_for_others(api_as, users):
    r = api_as("sy_worker").post("/api/tokens", {"name": "x", "user": "cy_worker"})
    assert r.status_code == 403
    r = api_as("admin").post("/api/tokens", {"name": "区平台", "user": "cy_worker"})
    assert r.status_code == 201
    assert ApiToken.objects.get(name="区平台").user == users["cy_worker"]
    r = api_as("admin").post("/api/tokens", {"name": "x", "user": "nobody"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "user"


def test_session_writes_need_the_csrf_token(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["sy_worker"])
    api = ApiClient(client)
    r = api.post("/api/households", household_doc())
    assert r.status_code == 403
    assert "CSRF" in r.json()["detail"]
    assert api.get("/api/households").status_code == 200  # reads need no CSRF token
    client.get("/api/docs")  # any page that renders the token sets the cookie
    api.headers = {"X-CSRFToken": client.cookies["csrftoken"].value}
    assert api.post("/api/households", household_doc()).status_code == 201
