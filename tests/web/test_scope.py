"""Scope (issue 2 item 10): a user sees and acts only inside his region or union subtree.

A household outside it is "not found" (404) on every household page, for GET and POST alike; lists,
dashboard and audit pages show only what is inside. Applicants see only their own household, read-only;
finance and auditors cannot edit.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, reverse

from jiuzhu.core.models import AuditEvent, Region
from jiuzhu.registry.documents import to_document

HOUSEHOLD_PAGES = [
    "household_detail",
    "household_edit",
    "household_close",
    "household_history",
    "household_assessment",
]


# The pages without a household in the URL, and the test below that checks each one's scope.
OTHER_PAGES = {
    "login": "no data",
    "logout": "no data",
    "dashboard": "test_dashboard_counts_only_households_in_scope",
    "household_list": "test_list_and_search_show_only_households_in_scope",
    "household_new": "test_new_household_outside_scope_is_refused",
    "audit_list": "test_audit_pages_show_only_events_in_the_auditors_region",
    "audit_event": "test_audit_pages_show_only_events_in_the_auditors_region",
    "my_tokens": "test_api_token_pages_show_only_the_users_own_tokens",
    "revoke_token": "test_api_token_pages_show_only_the_users_own_tokens",
    "password_change": "test_password_page_changes_only_the_users_own_password",
}


def _web_url_names() -> set[str]:
    import jiuzhu.web.urls as web_urls

    return {p.name for p in web_urls.urlpatterns if isinstance(p, URLPattern) and p.name}


def test_every_page_is_covered_by_the_scope_tests():
    """A new page must be added here, with a scope test, before the suite passes."""
    assert _web_url_names() == set(HOUSEHOLD_PAGES) | set(OTHER_PAGES)
    for name in HOUSEHOLD_PAGES:
        assert reverse(name, args=[1]).startswith("/households/1/")
    for name, test in OTHER_PAGES.items():
        assert test == "no data" or test in globals(), name


@pytest.mark.parametrize("name", HOUSEHOLD_PAGES)
def test_household_outside_township_is_not_found(as_user, chaoyang, make_household, name):
    client = as_user("sy_worker")  # case worker of 胜利街道, 顺义区
    other_town = make_household("110113002001")  # 光明街道: same county, other township
    for household in (chaoyang, other_town):
        url = reverse(name, args=[household.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "x"}).status_code == 404
    chaoyang.refresh_from_db()
    assert chaoyang.active


@pytest.mark.parametrize("name", HOUSEHOLD_PAGES)
def test_household_inside_township_is_found(as_user, shunyi, name):
    assert as_user("sy_worker").get(reverse(name, args=[shunyi.pk])).status_code == 200


@pytest.mark.parametrize("name", ["household_detail", "household_history", "household_assessment"])
def test_county_approver_sees_every_township_of_his_county_only(as_user, shunyi, chaoyang, name):
    client = as_user("sy_approver")
    assert client.get(reverse(name, args=[shunyi.pk])).status_code == 200
    assert client.get(reverse(name, args=[chaoyang.pk])).status_code == 404


def test_missing_household_is_not_found_like_one_outside_scope(as_user, demo):
    assert as_user("sy_worker").get(reverse("household_detail", args=[999999])).status_code == 404


def test_list_and_search_show_only_households_in_scope(as_user, shunyi, chaoyang):
    client = as_user("sy_worker")

    def shown(**query):
        return [h.number for h in client.get(reverse("household_list"), query).context["page"].items]

    assert shown() == [shunyi.number]
    assert shown(number=chaoyang.number, status="all") == []
    # a region outside the scope cannot be chosen: nothing is shown rather than the other county
    assert shown(region="110105") == []
    assert shown(region="110113001") == [shunyi.number]


def test_dashboard_counts_only_households_in_scope(as_user, shunyi, chaoyang):
    counts = as_user("sy_worker").get(reverse("dashboard")).context["counts"]
    assert counts.total.counts["households"] == 1
    assert [c.region.code for c in counts.counties] == ["110113"]
    counts = as_user("cy_approver").get(reverse("dashboard")).context["counts"]
    assert counts.total.counts["households"] == 1
    assert [c.region.code for c in counts.counties] == ["110105"]


def test_audit_pages_show_only_events_in_the_auditors_region(
    users, as_user, shunyi, chaoyang, django_user_model
):
    auditor = django_user_model.objects.create(
        username="cy_auditor", role="auditor", region=Region.objects.get(code="110105")
    )
    from django.test import Client

    client = Client()
    client.force_login(auditor)
    page = client.get(reverse("audit_list"))
    shown = {e.household_id for e in page.context["page"].items}
    assert chaoyang.pk in shown and shunyi.pk not in shown
    inside = AuditEvent.objects.filter(household=chaoyang).first()
    outside = AuditEvent.objects.filter(household=shunyi).first()
    assert client.get(reverse("audit_event", args=[inside.pk])).status_code == 200
    assert client.get(reverse("audit_event", args=[outside.pk])).status_code == 404
    # filtering by an outside household finds nothing
    page = client.get(reverse("audit_list"), {"household": shunyi.number})
    assert page.context["page"].items == []


def test_union_case_worker_sees_households_of_his_union_subtree(users, as_user, make_household, shunyi):
    filed = make_household("110113002001", union_org="U110113-HC")
    client = as_user("union_worker")
    assert client.get(reverse("household_detail", args=[filed.pk])).status_code == 200
    assert client.get(reverse("household_detail", args=[shunyi.pk])).status_code == 404


def test_applicant_sees_only_his_own_household_read_only(as_user, shunyi, chaoyang, django_user_model):
    applicant_id = to_document(shunyi)["members"][0]["id_number"]
    applicant = django_user_model.objects.create(username="zhang", role="applicant", id_number=applicant_id)
    from django.test import Client

    client = Client()
    client.force_login(applicant)
    assert client.get(reverse("dashboard")).url == reverse("household_detail", args=[shunyi.pk])
    page = client.get(reverse("household_detail", args=[shunyi.pk]))
    assert page.status_code == 200
    assert applicant_id not in page.content.decode()  # masked, even his own
    assert client.get(reverse("household_detail", args=[chaoyang.pk])).status_code == 404
    for name in ("household_edit", "household_close", "household_history", "household_assessment"):
        assert client.get(reverse(name, args=[shunyi.pk])).status_code == 403, name
    assert client.get(reverse("household_new")).status_code == 403
    assert client.get(reverse("audit_list")).status_code == 403
    listing = client.get(reverse("household_list")).content.decode()
    assert shunyi.number in listing and chaoyang.number not in listing


@pytest.mark.parametrize("username", ["sy_finance", "auditor", "sy_approver"])
def test_finance_auditor_and_approver_cannot_edit(as_user, shunyi, username):
    client = as_user(username)
    assert client.get(reverse("household_detail", args=[shunyi.pk])).status_code == 200
    for name in ("household_edit", "household_close"):
        assert client.get(reverse(name, args=[shunyi.pk])).status_code == 403
        assert client.post(reverse(name, args=[shunyi.pk]), {"reason": "x"}).status_code == 403
    assert client.get(reverse("household_new")).status_code == 403
    body = client.get(reverse("household_detail", args=[shunyi.pk])).content.decode()
    assert reverse("household_edit", args=[shunyi.pk]) not in body  # no edit button either
    shunyi.refresh_from_db()
    assert shunyi.active


@pytest.mark.parametrize("name", ["audit_list"])
def test_case_workers_and_finance_have_no_audit_pages(as_user, demo, name):
    for username in ("sy_worker", "sy_finance", "sy_approver"):
        assert as_user(username).get(reverse(name)).status_code == 403


def test_new_household_outside_scope_is_refused(as_user, demo):
    from jiuzhu.registry.models import Household
    from tests.factories import new_id
    from tests.web.formdata import flat, form_data

    client = as_user("sy_worker")
    data = form_data(client.get(reverse("household_new")).content.decode(), "editor")
    data.update(
        {
            "h-region": ["110105001001"],
            "h-area_type": ["urban"],
            "members-0-name": ["李四"],
            "members-0-id_number": [new_id()],
        }
    )
    page = client.post(reverse("household_new"), flat(data))
    assert page.status_code == 200 and page.context["editor"].household.errors["region"]
    assert not Household.objects.exists()


def test_api_token_pages_show_only_the_users_own_tokens(as_user, users):
    """/account/tokens/ lists the user's own tokens; another user's token is 404 to revoke."""
    from jiuzhu.api.tokens import do_create_api_token

    token, _plain = do_create_api_token(None, users["sy_approver"], "审批脚本")
    client = as_user("sy_worker")
    assert "审批脚本" not in client.get(reverse("my_tokens")).content.decode()
    assert client.post(reverse("revoke_token", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert not token.revoked


def test_password_page_changes_only_the_users_own_password(as_user, users):
    """/password/ has no user in the URL or the form: it changes the signed-in user's password, no other."""
    for name in ("sy_worker", "sy_worker2"):
        users[name].set_password("old-Secret-2026")
        users[name].save()
    client = as_user("sy_worker")
    data = {
        "old_password": "old-Secret-2026",
        "new_password1": "new-Secret-2027",
        "new_password2": "new-Secret-2027",
    }
    assert client.post(reverse("password_change"), {**data, "username": "sy_worker2"}).status_code == 302
    users["sy_worker"].refresh_from_db()
    users["sy_worker2"].refresh_from_db()
    assert users["sy_worker"].check_password("new-Secret-2027")
    assert users["sy_worker2"].check_password("old-Secret-2026")
