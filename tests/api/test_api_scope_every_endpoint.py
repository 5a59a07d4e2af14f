"""Scope on every endpoint: a household outside the caller's subtree is "not found" (404), never 403,
and lists hold only what is in scope (issue 2: users see and act only within their region or union)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from jiuzhu.core.models import Region
from tests.factories import household_doc

SY = "110113001001"  # 胜利街道建新社区 (sy_worker's street)
CY = "110105001001"  # 建外街道永安里社区 (cy_worker's street)


@pytest.fixture
def two_households(make_household):
    return make_household(SY), make_household(CY)


def household_urls(pk: int) -> list[tuple[str, str, dict | None]]:
    return [
        ("get", f"/api/households/{pk}", None),
        ("get", f"/api/households/{pk}/history", None),
        ("get", f"/api/households/{pk}/assessment?at=2026-07", None),
        ("put", f"/api/households/{pk}", household_doc(region=SY)),
        ("post", f"/api/households/{pk}/close", {"reason": "测试"}),
    ]


def call(api, method: str, url: str, body):
    return api.get(url) if method == "get" else api.send(method, url, body)


@pytest.mark.parametrize("username", ["sy_worker", "sy_approver", "sy_finance", "union_worker"])
def test_household_of_another_township_is_not_found_on_every_endpoint(
    api_as, token_for, two_households, username
):
    _mine, theirs = two_households
    for api in (api_as(username), token_for(username)):
        for method, url, body in household_urls(theirs.pk):
            r = call(api, method, url, body)
            assert r.status_code == 404, (username, method, url, r.status_code, r.content)
            assert r.json() == {"detail": "未找到该家庭"}
    theirs.refresh_from_db()
    assert theirs.active


def test_unknown_household_looks_the_same_as_one_out_of_scope(api_as, two_households):
    api = api_as("sy_worker")
    for method, url, body in household_urls(10**9):
        assert call(api, method, url, body).json() == {"detail": "未找到该家庭"}


def test_list_holds_only_households_in_scope(api_as, make_household):
    sy = {make_household(SY).pk for _ in range(3)}
    guangming = make_household("110113002001").pk  # another street of the same county
    cy = make_household(CY).pk

    def listed(username, **params):
        return {item["id"] for item in api_as(username).get("/api/households", params).json()["items"]}

    assert listed("sy_worker") == sy
    assert listed("sy_approver") == sy | {guangming}  # county level sees the whole county
    assert listed("cy_worker") == {cy}
    assert listed("admin") == sy | {guangming, cy}
    # A region filter outside the caller's scope finds nothing rather than widening it.
    assert listed("sy_worker", region="110105") == set()
    assert listed("sy_worker", region="110113") == sy
    # Searching for an out-of-scope ID number finds nothing either.
    cy_id = api_as("cy_worker").get(f"/api/households/{cy}").json()["document"]["members"][0]["id_number"]
    assert listed("sy_worker", q=cy_id) == set()
    assert listed("cy_worker", q=cy_id) == {cy}


def test_union_scope_sees_archives_of_its_union_subtree(api_as, make_household):
    own = make_household("110113002001", union_org="U110113-HC")
    other_union = make_household("110113002001", union_org="U110105-HC")
    no_union = make_household(SY)
    api = api_as("union_worker")
    assert {i["id"] for i in api.get("/api/households").json()["items"]} == {own.pk}
    assert api.get(f"/api/households/{own.pk}").status_code == 200
    assert api.get(f"/api/households/{other_union.pk}").status_code == 404
    assert api.get(f"/api/households/{no_union.pk}").status_code == 404


def test_create_outside_scope_is_refused_naming_the_region(api_as):
    r = api_as("sy_worker").post("/api/households", household_doc(region=CY))
    assert r.status_code == 422
    assert {"field": "region", "problem": "不在您的管辖范围内"} in r.json()["detail"]


def test_update_cannot_move_a_household_out_of_scope(api_as, make_household):
    h = make_household(SY)
    api = api_as("sy_worker")
    doc = api.get(f"/api/households/{h.pk}").json()["document"]
    doc["region"] = CY
    r = api.put(f"/api/households/{h.pk}", doc)
    assert r.status_code == 422
    assert r.json()["detail"] == [{"field": "region", "problem": "不在您的管辖范围内"}]
    h.refresh_from_db()
    assert h.region.code == SY


def test_regions_are_the_callers_subtree(api_as):
    def codes(nodes):
        out = []
        for n in nodes:
            out.append(n["code"])
            out.extend(codes(n["children"]))
        return out

    sy = api_as("sy_worker").get("/api/regions").json()
    assert [n["code"] for n in sy] == ["110113001"]
    assert set(codes(sy)) == {"110113001", "110113001001", "110113001002"}
    county = codes(api_as("sy_approver").get("/api/regions").json())
    assert "110113100201" in county and not any(c.startswith("110105") for c in county)
    assert set(codes(api_as("admin").get("/api/regions").json())) == set(
        Region.objects.values_list("code", flat=True)
    )
    assert api_as("union_worker").get("/api/regions").json() == []


def test_unions_are_the_callers_subtree(api_as):
    r = api_as("union_worker").get("/api/unions").json()
    assert [n["code"] for n in r] == ["U110113-HC"]
    assert api_as("sy_worker").get("/api/unions").json() == []
    national = api_as("admin").get("/api/unions").json()
    assert [n["code"] for n in national] == ["ACFTU"]


def test_audit_events_are_limited_to_the_auditors_region(api_as, users, make_household):
    sy = make_household(SY)
    cy = make_household(CY)
    county_auditor = get_user_model().objects.create(
        username="cy_auditor", role="auditor", region=Region.objects.get(code="110105")
    )
    users["cy_auditor"] = county_auditor

    def households_seen(username, **params):
        items = api_as(username).get("/api/audit-events", params).json()["items"]
        return {e["household"] for e in items if e["household"]}

    assert households_seen("auditor") >= {sy.pk, cy.pk}
    assert households_seen("cy_auditor") == {cy.pk}
    assert households_seen("cy_auditor", household=sy.pk) == set()


def test_me_describes_the_caller_and_scope(api_as, token_for):
    me = api_as("sy_worker").get("/api/me").json()
    assert me["username"] == "sy_worker"
    assert me["region"] == "110113001" and me["region_name"] == "胜利街道"
    assert me["role"] == "case_worker" and me["can_write"] and not me["can_audit"]
    assert me["auth"] == "session"
    assert token_for("union_worker").get("/api/me").json()["union_org"] == "U110113-HC"


def test_token_revocation_is_scoped_to_its_owner(api_as, users):
    from jiuzhu.api.tokens import do_create_api_token

    token, _plain = do_create_api_token(None, users["cy_worker"], "其他人的令牌")
    r = api_as("sy_worker").post(f"/api/tokens/{token.pk}/revoke")
    assert r.status_code == 404
    token.refresh_from_db()
    assert not token.revoked
    assert token.pk not in {t["id"] for t in api_as("sy_worker").get("/api/tokens").json()}
