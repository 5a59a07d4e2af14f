"""Issue 10, item 4: the error pages a user meets are Chinese and show the way back — 404 (page not found, or a
household outside the scope), 403 (a role without access, with the reason the view gives), 403 of an expired
form (CSRF) and 500; the English stays available through the language switch."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_404_is_chinese_with_the_way_back(as_user, chaoyang):
    client = as_user("sy_worker")
    response = client.get("/no-such-page/", HTTP_REFERER="http://testserver/todo/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and "Not Found" not in page
    assert 'href="/"' in page and "返回工作台" in page and 'href="http://testserver/todo/"' in page
    assert "Resolver404" not in page  # Django's technical reason is not shown
    # a household of another county: the same page, with the view's own reason in words
    response = client.get(f"/households/{chaoyang.pk}/")
    assert response.status_code == 404 and "未找到该家庭" in response.content.decode()


def test_403_names_the_reason_and_the_way_back(client, make_household):
    household = make_household()
    applicant = get_user_model().objects.create(
        username="zhang", role="applicant", id_number=household.members.first().id_number
    )
    client.force_login(applicant)
    response = client.get("/todo/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "您没有权限办理此事项" in page and "待办事项仅供工作人员使用" in page
    assert "403 Forbidden" not in page and "返回工作台" in page


def test_expired_form_403_is_chinese(users):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "sy_worker", "password": "x"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in page and "CSRF" not in page


def test_500_is_chinese():
    request = RequestFactory().get("/")
    response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500 and "系统暂时出错" in page and "Server Error" not in page


def test_404_in_english_by_the_language_switch(as_user):
    client = as_user("sy_worker")
    client.cookies["django_language"] = "en"
    page = client.get("/no-such-page/").content.decode()
    assert "Page not found" in page
