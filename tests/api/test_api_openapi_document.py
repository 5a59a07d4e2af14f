"""The OpenAPI document describes every endpoint and the household document; the docs page loads
nothing from the internet."""

from __future__ import annotations

import json
import re

EXPECTED_PATHS = {
    "/api/households": {"get", "post"},
    "/api/households/{household_id}": {"get", "put"},
    "/api/households/{household_id}/close": {"post"},
    "/api/households/{household_id}/history": {"get"},
    "/api/households/{household_id}/assessment": {"get"},
    "/api/regions": {"get"},
    "/api/unions": {"get"},
    "/api/audit-events": {"get"},
    "/api/me": {"get"},
    "/api/tokens": {"get", "post"},
    "/api/tokens/{token_id}/revoke": {"post"},
}


UNIONFUNDS_PATHS = {  # issue 14: the union funds (jiuzhu/unionfunds/api.py)
    "/api/unionfunds/funds": {"get"},
    "/api/unionfunds/funds/{fund_id}": {"get"},
    "/api/unionfunds/funds/{fund_id}/entries": {"get"},
    "/api/unionfunds/funds/{fund_id}/receipts": {"post"},
    "/api/unionfunds/entries/{entry_id}/reverse": {"post"},
    "/api/unionfunds/plans": {"get"},
    "/api/unionfunds/plans/{plan_id}": {"get"},
    "/api/unionfunds/plans/{plan_id}/adopt": {"post"},
    "/api/unionfunds/plans/{plan_id}/execute": {"post"},
    "/api/unionfunds/plans/{plan_id}/file": {"post"},
    "/api/unionfunds/cash/{union_code}": {"get"},
    "/api/unionfunds/cash/{union_code}/close-day": {"post"},
}


def openapi(client) -> dict:
    """The document as a signed-in user reads it (it needs a login or a token: issue 10, item 6)."""
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get_or_create(username="reader", role="case_worker")[0])
    r = client.get("/api/openapi.json")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/json")
    return json.loads(r.content)


def refs(node) -> set[str]:
    found = set()
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                found.add(v)
            else:
                found |= refs(v)
    elif isinstance(node, list):
        for v in node:
            found |= refs(v)
    return found


def test_openapi_document_lists_every_path_and_method(client, db):
    doc = openapi(client)
    assert doc["openapi"].startswith("3.")
    assert doc["info"]["title"] == "jiuzhu API"
    paths = {p: set(ops) & {"get", "post", "put", "delete", "patch"} for p, ops in doc["paths"].items()}
    for path, ops in EXPECTED_PATHS.items():
        assert paths.get(path) == ops, path
    # Everything else belongs to the procedure routers (issue 4) and the later apps' routers.
    others = set(paths) - set(EXPECTED_PATHS)
    assert all(
        p.startswith(
            (
                "/api/dibao/",
                "/api/temporary/",
                "/api/archives/",
                "/api/payments/",
                "/api/reports/",
                "/api/sharing/",
                "/api/unionfunds/",
                "/api/supervision/",
            )
        )
        for p in others
    ), others
    assert any(p.startswith("/api/dibao/") for p in others)
    assert {p: paths[p] for p in others if p.startswith("/api/unionfunds/")} == UNIONFUNDS_PATHS
    supervision = {p: ops for p, ops in paths.items() if p.startswith("/api/supervision/")}
    assert supervision == {
        "/api/supervision/warnings": {"get"},
        "/api/supervision/warnings/{warning_id}": {"get"},
        "/api/supervision/warnings/{warning_id}/assign": {"post"},
        "/api/supervision/warnings/{warning_id}/confirm": {"post"},
        "/api/supervision/warnings/{warning_id}/dismiss": {"post"},
        "/api/supervision/scan": {"post"},
        "/api/supervision/complaints": {"get", "post"},
        "/api/supervision/complaints/{complaint_id}": {"get"},
        "/api/supervision/complaints/{complaint_id}/{step}": {"post"},
        "/api/supervision/inspections": {"get"},
        "/api/supervision/inspections/{inspection_id}": {"get"},
        "/api/supervision/performance": {"get"},
    }
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            assert op.get("summary"), (path, method)
            assert "200" in op["responses"] or "201" in op["responses"]


def test_every_reference_resolves(client, db):
    doc = openapi(client)
    schemas = doc["components"]["schemas"]
    for ref in refs(doc):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in schemas, ref


def test_household_document_schema_is_described(client, db):
    doc = openapi(client)
    schemas = doc["components"]["schemas"]
    body = doc["paths"]["/api/households"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/HouseholdDocument"}
    put = doc["paths"]["/api/households/{household_id}"]["put"]["requestBody"]["content"]["application/json"]
    assert put["schema"] == body
    household = schemas["HouseholdDocument"]
    assert set(household["required"]) == {"region", "area_type", "members"}
    assert household["additionalProperties"] is False
    assert household["properties"]["area_type"]["enum"] == ["urban", "rural"]
    member = schemas["Member"]
    assert {"name", "id_number", "relation"} <= set(member["required"])
    assert "GB 11643" in member["properties"]["id_number"]["description"]
    assert "elderly" in member["properties"]["occupation"]["enum"]
    assert "在职职工" in member["properties"]["occupation"]["description"]
    income = schemas["Income"]
    money = json.dumps(income["properties"]["amount"])
    assert "yuan" in money and "pattern" in money
    for name in (
        "Obligor",
        "Assets",
        "House",
        "Vehicle",
        "Flags",
        "UnionInfo",
        "Plan",
        "Expense",
        "Disability",
    ):
        assert schemas[name]["additionalProperties"] is False, name


def test_error_format_and_security_are_described(client, db):
    doc = openapi(client)
    schemas = doc["components"]["schemas"]
    problem = schemas["Problem"]["properties"]
    assert set(problem) == {"field", "problem"}
    post = doc["paths"]["/api/households"]["post"]["responses"]
    assert post["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationErrorOut"
    }
    security = doc["components"]["securitySchemes"]
    assert security["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert security["SessionAuth"]["in"] == "cookie"


def test_docs_page_loads_nothing_from_the_internet(client, users):
    client.force_login(users["sy_worker"])
    r = client.get("/api/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert "swagger-ui" in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    for url in sources:
        assert url.startswith("/"), url  # same server, no CDN
        if url != "/api/openapi.json":
            asset = client.get(url)
            assert asset.status_code == 200, url
            b"".join(asset.streaming_content)
    assert "cdn" not in html.lower() and "http://" not in html and "https://" not in html


def test_unknown_docs_asset_is_404(client, db):
    assert client.get("/api/docs/assets/../../settings.py").status_code == 404
    assert client.get("/api/docs/assets/secret.txt").status_code == 404
