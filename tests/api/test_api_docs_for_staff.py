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
