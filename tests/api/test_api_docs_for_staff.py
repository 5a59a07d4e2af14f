"""Issue 10, item 6: the API docs page is for signed-in staff (session or Bearer token); anonymous visitors go
to the login page, applicants get 403; API_DOCS_PUBLIC=1 opens it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jiuzhu.api.tokens import do_create_api_token

pytestmark = pytest.mark.django_db


def test_docs_need_a_staff_login(client, users, make_household):
    r = client.get("/api/docs")
    assert r.status_code == 302 and "/login/" in r["Location"]
    household = make_household()
    applicant = get_user_model().objects.create(
        username="zhang", role="applicant", id_number=household.members.first().id_number
    )
    client.force_login(applicant)
    assert client.get("/api/docs").status_code == 403
    staff = Client()
    staff.force_login(users["sy_approver"])
    assert staff.get("/api/docs").status_code == 200
    _token, plain = do_create_api_token(None, users["sy_worker"], "脚本")
    assert Client().get("/api/docs", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 200


def test_docs_can_be_made_public(client, settings, db):
    settings.API_DOCS_PUBLIC = True
    assert client.get("/api/docs").status_code == 200


def test_openapi_document_needs_a_login_or_a_token(client, users, settings):
    r = client.get("/api/openapi.json")
    assert r.status_code == 401 and "接口令牌" in r.json()["detail"]
    assert Client().get("/api/openapi.json", HTTP_AUTHORIZATION="Bearer jz_made_up").status_code == 401
    _token, plain = do_create_api_token(None, users["sy_worker"], "脚本")
    r = Client().get("/api/openapi.json", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert r.status_code == 200 and "/api/households" in r.json()["paths"]
    client.force_login(users["sy_finance"])
    assert client.get("/api/openapi.json").status_code == 200
    settings.API_DOCS_PUBLIC = True
    assert Client().get("/api/openapi.json").status_code == 200


def test_revoked_token_no_longer_reads_the_document(users):
    from jiuzhu.api.tokens import do_revoke_api_token

    token, plain = do_create_api_token(None, users["sy_worker"], "脚本")
    do_revoke_api_token(None, token)
    assert Client().get("/api/openapi.json", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 401
