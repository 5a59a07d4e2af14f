"""The pages are in Chinese first and English second (Django i18n, jiuzhu/locale)."""

from __future__ import annotations

from django.urls import reverse


def test_language_switch_renders_pages_in_english(as_user, make_household):
    household = make_household()
    client = as_user("sy_worker")
    assert "家庭档案" in client.get(reverse("household_list")).content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("household_list")})
    assert response.status_code == 302
    body = client.get(reverse("household_list")).content.decode()
    for text in (
        "Households",
        "Search",
        "Household number",
        "ID number",
        "Urban dibao",
        "Active",
        "Sign out",
    ):
        assert text in body, text
    assert "家庭档案" not in body
    detail = client.get(reverse("household_detail", args=[household.pk])).content.decode()
    for text in ("Basic information", "Family members", "Spouse", "Income", "Wage income", "per month"):
        assert text in detail, text
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "家庭档案" in client.get(reverse("household_list")).content.decode()


def test_login_page_in_english(client, demo):
    client.cookies["django_language"] = "en"
    body = client.get(reverse("login")).content.decode()
    assert "Sign in" in body and "Username" in body and "Password" in body


def test_chinese_first_whatever_the_browser_asks(client, demo):
    # A browser set to English still gets the Chinese interface until the user picks English.
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in body and "Sign in" not in body


def test_an_english_request_leaves_the_thread_in_chinese(as_user):
    """The language is chosen per request: after serving an English page, the same thread's next work
    (another user, a background job, an action's message) is in Chinese again."""
    from django.utils import translation

    client = as_user("sy_worker")
    client.cookies["django_language"] = "en"
    assert "Households" in client.get(reverse("household_list")).content.decode()
    assert translation.get_language() == "zh-hans"
    assert translation.gettext("家庭档案") == "家庭档案"
