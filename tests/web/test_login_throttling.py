"""Sign-in, sign-out and the throttling of failed sign-ins (django-axes, issue 2)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from jiuzhu.cli import DEMO_PASSWORD


def _login(client, password):
    return client.post(reverse("login"), {"username": "sy_worker", "password": password})


def test_pages_need_a_signed_in_user(demo):
    client = Client()
    for name in ("dashboard", "household_list", "household_new", "audit_list"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name


def test_sign_in_and_out(demo):
    client = Client()
    page = client.get(reverse("login"))
    assert "用户登录" in page.content.decode()
    response = _login(client, DEMO_PASSWORD)
    assert response.status_code == 302 and response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("dashboard")).status_code == 302


def test_wrong_password_says_so_in_chinese(demo):
    page = _login(Client(), "wrong")
    assert page.status_code == 200
    assert "请输入一个正确的" in page.content.decode()


def test_after_five_wrong_passwords_even_the_right_one_is_refused(demo):
    client = Client()
    for _ in range(5):
        _login(client, "wrong-password")
    page = _login(client, DEMO_PASSWORD)
    assert page.status_code == 429
    body = page.content.decode()
    assert "登录失败次数过多" in body and "分钟后再试" in body
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("dashboard")).status_code == 302
    # another user on the same machine is not locked out by it
    other = Client().post(reverse("login"), {"username": "sy_approver", "password": DEMO_PASSWORD})
    assert other.status_code == 302


def test_lockout_is_lifted_by_the_administrator(demo):
    from axes.utils import reset

    client = Client()
    for _ in range(5):
        _login(client, "wrong-password")
    assert _login(client, DEMO_PASSWORD).status_code == 429
    reset(username="sy_worker")
    assert _login(client, DEMO_PASSWORD).status_code == 302


def test_lockout_ends_after_the_cool_off_time(demo, settings):
    import datetime as dt
    import time

    settings.AXES_COOLOFF_TIME = dt.timedelta(seconds=1)
    client = Client()
    for _ in range(5):
        _login(client, "wrong-password")
    assert _login(client, DEMO_PASSWORD).status_code == 429
    time.sleep(1.2)
    assert _login(client, DEMO_PASSWORD).status_code == 302
