"""Issue 10, item 6: a user makes and revokes his own API tokens on /account/tokens/; the token is shown once
(only its hash is stored), works as `Authorization: Bearer`, and stops working when revoked. Each change is
an audit event. Another user's token is 404 to him."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from jiuzhu.api.models import ApiToken, hash_token
from jiuzhu.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_make_use_and_revoke_my_token(as_user, users):
    client = as_user("sy_worker")
    page = client.get("/account/tokens/")
    assert page.status_code == 200 and "您还没有接口令牌" in page.content.decode()
    r = client.post("/account/tokens/", {"name": "区数据中心对接"})
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    plain = re.search(r'<code id="token-value">([^<]+)</code>', r.content.decode()).group(1)
    token = ApiToken.objects.get(user=users["sy_worker"])
    assert token.token_hash == hash_token(plain) and token.name == "区数据中心对接"
    assert plain not in client.get("/account/tokens/").content.decode()  # shown once
    api = Client()
    assert api.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {plain}").json()["username"] == "sy_worker"
    r = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert r.status_code == 302
    token.refresh_from_db()
    assert token.revoked
    assert api.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 401
    actions = list(AuditEvent.objects.filter(object_id=str(token.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["api_token.create", "api_token.revoke"]


def test_a_nameless_token_is_refused_and_nothing_is_made(as_user):
    r = as_user("sy_finance").post("/account/tokens/", {"name": "  "})
    assert r.status_code == 422 and "令牌名称：" in r.content.decode()
    assert not ApiToken.objects.exists()


def test_another_users_token_cannot_be_revoked_or_seen(as_user, users):
    from jiuzhu.api.tokens import do_create_api_token

    token, _plain = do_create_api_token(None, users["sy_approver"], "审批脚本")
    client = as_user("sy_worker")
    assert "审批脚本" not in client.get("/account/tokens/").content.decode()
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert not token.revoked


def test_anonymous_visitors_go_to_the_login_page(client, db):
    r = client.get("/account/tokens/")
    assert r.status_code == 302 and "/login/" in r["Location"]
