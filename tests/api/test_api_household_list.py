"""GET /api/households: masked rows, search, region filter, cursor paging, and speed at 100,000 households."""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jiuzhu.core.models import Region
from jiuzhu.registry.models import Household, Member

SY = "110113001001"


def test_cursor_pages_cover_everything_once(api_as, make_household):
    made = {make_household(SY).pk for _ in range(7)}
    api = api_as("sy_worker")
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        body = api.get("/api/households", params).json()
        seen += [i["id"] for i in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == sorted(made, reverse=True)


def test_rows_are_masked_and_counted(api_as, make_household):
    h = make_household(SY, members=3)
    item = api_as("sy_worker").get("/api/households").json()["items"][0]
    assert item == {
        "id": h.pk,
        "number": h.number,
        "region": SY,
        "region_name": "建新社区",
        "area_type": "urban",
        "applicant_name": "张**",
        "applicant_id_number": item["applicant_id_number"],
        "phone": "138****8000",
        "members": 3,
        "active": True,
    }
    full = h.members.get(relation="applicant").id_number
    assert item["applicant_id_number"] == full[:6] + "********" + full[14:]


def test_search_by_id_number_number_and_name(api_as, make_household):
    a = make_household(SY)
    b = make_household(SY)
    Member.objects.filter(household=b, relation="applicant").update(name="李四")
    api = api_as("sy_worker")

    def found(q):
        return [i["id"] for i in api.get("/api/households", {"q": q}).json()["items"]]

    spouse_id = a.members.get(relation="spouse").id_number
    assert found(spouse_id) == [a.pk]
    assert found(spouse_id.lower()) == [a.pk]
    assert found(b.number) == [b.pk]
    assert found("李") == [b.pk]
    assert found("王") == []


def test_region_filter_and_closed_households(api_as, make_household):
    a = make_household(SY)
    b = make_household("110113001002")
    api = api_as("sy_worker")
    assert [i["id"] for i in api.get("/api/households", {"region": "110113001002"}).json()["items"]] == [b.pk]
    api.post(f"/api/households/{a.pk}/close", {"reason": "迁出"})
    assert [i["id"] for i in api.get("/api/households").json()["items"]] == [b.pk]
    rows = api.get("/api/households", {"include_closed": "true"}).json()["items"]
    assert [(i["id"], i["active"]) for i in rows] == [(b.pk, True), (a.pk, False)]
    assert rows[1]["applicant_name"] == "张**"  # a closed household still shows who it was


def _constant(field):
    """The value a new row gets for a field the bulk insert does not vary (its default)."""
    if field.has_default():
        value = field.get_default()
    elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = timezone.now()
    elif field.null:
        value = None
    else:
        value = ""
    return field.get_db_prep_save(value, connection)


def _insert_select(model, varying: dict[str, str], source: str, constants: dict | None = None) -> None:
    """INSERT INTO model (every column) SELECT <varying SQL, or a constant, or the field's default> FROM source."""
    constants = constants or {}
    columns, exprs, values = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.name in varying:
            exprs.append(varying[field.name])
        else:
            exprs.append("%s")
            value = constants[field.name] if field.name in constants else None
            values.append(
                field.get_db_prep_save(value, connection) if field.name in constants else _constant(field)
            )
    sql = f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(exprs)} FROM {source}"
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def bulk_households(n: int) -> None:
    """n households with one applicant each, generated inside the database (reading-speed test data only;
    the application itself writes through the actions)."""
    villages = list(Region.objects.filter(level=Region.Level.VILLAGE).values_list("pk", flat=True))
    region = (
        "CASE "
        + " ".join(f"WHEN seq.i %% {len(villages)} = {k} THEN {pk}" for k, pk in enumerate(villages))
        + " END"
    )
    if connection.vendor == "postgresql":
        source, seven = f"generate_series(0, {n - 1}) AS seq(i)", "lpad(seq.i::text, 7, '0')"
    else:
        source = f"(WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {n - 1}) SELECT i FROM s) AS seq"
        seven = "printf('%%07d', seq.i)"
    _insert_select(
        Household,
        {"number": f"'999999-2026-' || {seven}", "region": region},
        source,
        {"phone": "13800138000", "area_type": "urban"},
    )
    _insert_select(
        Member,
        {
            "household": "h.id",
            "name": "'王' || substr(h.number, 13, 7)",
            "id_number": "'1101131950' || substr(h.number, 13, 7) || '1'",
        },
        f"{Household._meta.db_table} AS h WHERE h.number LIKE '999999-%%'",
        {"sex": "M", "birth_date": dt.date(1950, 1, 1), "relation": "applicant"},
    )


def test_list_is_fast_at_100000_households(api_as, demo):
    n = 100_000
    bulk_households(n)
    assert Household.objects.count() == n and Member.objects.count() == n
    target = Household.objects.order_by("pk")[1234]
    target_id = target.members.get().id_number
    api = api_as("admin")
    sy = api_as("sy_worker")
    api.get("/api/households", {"limit": 1})  # warm up: imports and URL resolving are not what is measured
    timings = {}
    for name, client, params in [
        ("first page", api, {}),
        ("deep page", api, {"cursor": str(Household.objects.order_by("pk")[100].pk)}),
        ("scoped to a street", sy, {}),
        ("by ID number", api, {"q": target_id}),
        ("by household number", api, {"q": target.number}),
        ("by name", api, {"q": "王0001234"}),
        ("by region", api, {"region": "110105002002"}),
    ]:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            r = client.get("/api/households", params)
            timings[name] = time.perf_counter() - start
        assert r.status_code == 200, r.content
        assert r.json()["items"], name
        # constant, whatever the size or depth (one of them the session's save: idle expiry, security.md)
        assert len(queries) <= 9, (name, [q["sql"][:80] for q in queries.captured_queries])
    assert api.get("/api/households", {"q": target_id}).json()["items"][0]["id"] == target.pk
    # Generous bounds: the point is that no page costs a scan of the whole registry per row.
    assert max(timings.values()) < 2.0, timings
