"""The registry read in columns: one query per table, straight into the tables of the columnar household
format (docs/policy.md), with the facts `registry.documents.to_assessment_input` gives one household at a time.

On PostgreSQL each query runs as `COPY (SELECT ...) TO STDOUT (FORMAT csv)` and the stream is parsed by
pyarrow's multi-threaded CSV reader; on SQLite (the embedded default) the rows come from the cursor. Every
query returns only integers and text (money in fen, areas in hundredths of m², booleans as 0/1), so both
paths type the columns the same way; the arrays are then built with numpy, not per household.

Households of the register (`active`) and their active members; `--region CODE` keeps the households whose
region lies in that region's subtree. The 低保 case history (phase-out) is not read: a batch run assesses the
registered facts (docs/policy.md).
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np


def _connection() -> Any:
    from django.db import connection

    connection.ensure_connection()
    return connection


def query(sql: str, types: dict[str, str]) -> Any:
    """Run one SELECT; returns a pyarrow Table with the given column types ('int' or 'str')."""
    import pyarrow as pa

    conn = _connection()
    arrow = {"int": pa.int64(), "str": pa.string()}
    if conn.vendor == "postgresql":
        import pyarrow.csv as pcsv

        buf = io.BytesIO()
        with conn.connection.cursor() as cur:
            with cur.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER true)") as copy:
                for chunk in copy:
                    buf.write(chunk)
        buf.seek(0)
        return pcsv.read_csv(
            buf,
            read_options=pcsv.ReadOptions(block_size=1 << 24),
            convert_options=pcsv.ConvertOptions(
                column_types={k: arrow[v] for k, v in types.items()},
                strings_can_be_null=True,
                quoted_strings_can_be_null=False,
                include_columns=list(types),
            ),
        )
    with conn.cursor() as cur:
        cur.execute(sql)
        rows = cur.fetchall()
    cols = list(zip(*rows, strict=True)) if rows else [()] * len(types)
    out = {}
    for (k, t), c in zip(types.items(), cols, strict=True):
        try:
            out[k] = pa.array(list(c), arrow[t])
        except (pa.ArrowTypeError, pa.ArrowInvalid):  # SQLite gives dates as date objects
            out[k] = pa.array([v if v is None or isinstance(v, str) else _text(v) for v in c], arrow[t])
    return pa.table(out)


def _text(v: Any) -> str:
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def _np(t: Any, name: str, fill: int = 0) -> np.ndarray:
    return t.column(name).fill_null(fill).to_numpy(zero_copy_only=False).astype(np.int64)


def _bool(t: Any, name: str) -> Any:
    import pyarrow as pa

    return pa.array(_np(t, name) != 0)


def _scope_sql(region_code: str | None) -> str:
    """The join and condition that keep active households (of a region's subtree)."""
    from jiuzhu.core.models import Region

    if not region_code:
        return f"JOIN {Region._meta.db_table} r ON r.id = h.region_id WHERE h.active"
    if not region_code.isdigit():
        raise ValueError(f"区划代码应为数字，实为 {region_code!r}")
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise ValueError(f"没有区划 {region_code}")
    # the path holds only digits and slashes (codes are digits): safe to write into the statement
    assert all(ch.isdigit() or ch == "/" for ch in region.path)
    return f"JOIN {Region._meta.db_table} r ON r.id = h.region_id WHERE h.active AND r.path LIKE '{region.path}%'"


def _counties() -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(region ids sorted, index of each one's engine region code, the codes): the county of a township or
    village, as `to_assessment_input` takes it (household.region.county, else the first six digits)."""
    from jiuzhu.core.models import Region

    rows = list(Region.objects.values_list("id", "code", "level", "parent_id"))
    by_id = {r[0]: r for r in rows}
    codes: list[str] = []
    index: dict[str, int] = {}
    ids = np.array(sorted(by_id), dtype=np.int64)
    out = np.zeros(ids.size, dtype=np.int64)
    for k, rid in enumerate(ids):
        node = by_id[int(rid)]
        start = node
        while node is not None and node[2] > Region.Level.COUNTY:
            node = by_id.get(node[3])
        code = node[1] if node is not None and node[2] == Region.Level.COUNTY else start[1][:6]
        if code not in index:
            index[code] = len(codes)
            codes.append(code)
        out[k] = index[code]
    return ids, out, codes


def registry_tables(region_code: str | None = None) -> dict[str, Any]:
    """The registry's households (of a region subtree) as the tables of the columnar household format."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from jiuzhu.policy.tables import fen_to_decimal
    from jiuzhu.registry.models import (
        Business,
        Expense,
        House,
        Household,
        IncomeItem,
        Member,
        Obligor,
        Vehicle,
        WorkerInfo,
    )

    scope = _scope_sql(region_code)
    HH, MM = Household._meta.db_table, Member._meta.db_table

    def b(expr: str, name: str) -> str:
        return f"CASE WHEN {expr} THEN 1 ELSE 0 END AS {name}"

    flags = (
        ("h.private_school_or_self_paid_abroad", "private_school_or_self_paid_abroad"),
        ("h.controlling_shareholder", "controlling_shareholder"),
        ("h.high_consumption", "high_consumption"),
        ("h.refuses_verification", "refuses_verification"),
        ("h.near_relative_of_staff", "relative_of_staff"),
        ("h.registered_poor", "registered_poor"),
    )
    h = query(
        "SELECT h.id AS pk, h.number AS number, h.region_id AS region_id, h.area_type AS area_type, "
        + ", ".join(b(e, n) for e, n in flags)
        + ", h.refused_suitable_jobs AS refused_suitable_jobs, h.deposits_fen AS deposits_fen, "
        "h.securities_fen AS securities_fen, h.receivables_fen AS receivables_fen, "
        f"w.worker_id AS worker_id, {b('w.union_member', 'union_member')}, "
        f"w.labour_relation_since AS labour_relation_since, {b('w.migrant', 'migrant')}, "
        "NULLIF(w.retiree_type, '') AS retiree_type, NULLIF(w.hardship_category, '') AS hardship_category, "
        "CASE WHEN w.id IS NULL THEN 0 ELSE 1 END AS has_worker "
        f"FROM {HH} h LEFT JOIN {WorkerInfo._meta.db_table} w ON w.household_id = h.id {scope} ORDER BY h.id",
        {
            "pk": "int",
            "number": "str",
            "region_id": "int",
            "area_type": "str",
            **{n: "int" for _, n in flags},
            "refused_suitable_jobs": "int",
            "deposits_fen": "int",
            "securities_fen": "int",
            "receivables_fen": "int",
            "worker_id": "int",
            "union_member": "int",
            "labour_relation_since": "str",
            "migrant": "int",
            "retiree_type": "str",
            "hardship_category": "str",
            "has_worker": "int",
        },
    )
    n = h.num_rows
    pk = _np(h, "pk")
    ids = h.column("number").combine_chunks()

    def hh_of(t: Any, col: str = "household_id") -> Any:
        """The household id (number) of each child row; the households are sorted by pk."""
        idx = np.searchsorted(pk, _np(t, col))
        return ids.take(pa.array(idx)) if n else pa.array([], pa.string())

    m = query(
        f"SELECT m.household_id AS household_id, m.id AS id, m.name AS name, m.id_number AS id_number, "
        f"m.relation AS relation, {b('m.co_resident', 'co_resident')}, "
        "NULLIF(m.marital_status, '') AS marital_status, m.health AS health, "
        "NULLIF(m.disability_category, '') AS disability_category, m.disability_grade AS disability_grade, "
        f"{b('m.serious_illness', 'serious_illness')}, m.work_capacity AS work_capacity, "
        f"m.occupation AS occupation FROM {MM} m JOIN {HH} h ON h.id = m.household_id {scope} AND m.active "
        "ORDER BY m.household_id, m.id",
        {
            "household_id": "int",
            "id": "int",
            "name": "str",
            "id_number": "str",
            "relation": "str",
            "co_resident": "int",
            "marital_status": "str",
            "health": "str",
            "disability_category": "str",
            "disability_grade": "int",
            "serious_illness": "int",
            "work_capacity": "str",
            "occupation": "str",
        },
    )
    # refs m1, m2, ... in member id order within a household (to_document)
    m_hh = _np(m, "household_id")
    first = np.zeros(m_hh.size, dtype=np.int64)
    if m_hh.size:
        start = np.concatenate([[True], m_hh[1:] != m_hh[:-1]])
        first = np.maximum.accumulate(np.where(start, np.arange(m_hh.size), 0))
    pos = np.arange(m_hh.size) - first + 1
    refs = pc.binary_join_element_wise(
        pa.repeat(pa.scalar("m"), m_hh.size), pc.cast(pa.array(pos), pa.string()), ""
    )
    m_id = _np(m, "id")
    by_id = np.argsort(m_id)
    sorted_ids = m_id[by_id]

    def ref_of(member_ids: np.ndarray, household_ids: np.ndarray) -> Any:
        """The ref of each member id within the given household; '' for a member not read (inactive)."""
        if not member_ids.size:
            return pa.array([], pa.string())
        k = np.clip(np.searchsorted(sorted_ids, member_ids), 0, max(sorted_ids.size - 1, 0))
        ok = sorted_ids.size > 0
        ok = (sorted_ids[k] == member_ids) & (m_hh[by_id[k]] == household_ids) if ok else np.zeros(0, bool)
        got = refs.take(pa.array(by_id[k])) if sorted_ids.size else pa.repeat(pa.scalar(""), member_ids.size)
        return pc.if_else(pa.array(ok), got, "")

    grade = _np(m, "disability_grade")
    members = pa.table(
        {
            "household": hh_of(m),
            "ref": refs,
            "name": m.column("name"),
            "id_number": m.column("id_number"),
            "relation": m.column("relation"),
            "co_resident": _bool(m, "co_resident"),
            "marital_status": m.column("marital_status"),
            "health": m.column("health"),
            "disability_category": pc.if_else(pa.array(grade > 0), m.column("disability_category"), None),
            "disability_grade": pa.array(grade, mask=grade <= 0),
            "serious_illness": _bool(m, "serious_illness"),
            "work_capacity": m.column("work_capacity"),
            "occupation": m.column("occupation"),
        }
    )

    has_worker = _np(h, "has_worker") != 0
    worker = _np(h, "worker_id")
    worker_ref = ref_of(worker, pk) if n else pa.array([], pa.string())
    households = pa.table(
        {
            "id": ids,
            "region": pa.array(_county_codes(_np(h, "region_id"))),
            "area_type": h.column("area_type"),
            **{name: _bool(h, name) for _, name in flags},
            "refused_suitable_jobs": h.column("refused_suitable_jobs"),
            "worker_ref": pc.if_else(pa.array(has_worker), worker_ref, None) if n else worker_ref,
            "union_member": _bool(h, "union_member"),
            "labour_relation_since": pc.cast(h.column("labour_relation_since"), pa.date32()),
            "migrant": _bool(h, "migrant"),
            "retiree": pa.array(~pc.is_null(h.column("retiree_type")).to_numpy(zero_copy_only=False)),
            "hardship_category": h.column("hardship_category"),
        }
    )

    def items(model: Any, extra: str, types: dict[str, str]) -> Any:
        t = model._meta.db_table
        return query(
            f"SELECT m.household_id AS household_id, i.member_id AS member_id, {extra} FROM {t} i "
            f"JOIN {MM} m ON m.id = i.member_id JOIN {HH} h ON h.id = m.household_id {scope} AND m.active "
            "ORDER BY m.household_id, m.id, i.id",
            {"household_id": "int", "member_id": "int", **types},
        )

    inc = items(
        IncomeItem,
        "i.kind AS kind, i.amount_fen AS amount_fen, i.per AS per, NULLIF(i.method, '') AS method",
        {"kind": "str", "amount_fen": "int", "per": "str", "method": "str"},
    )
    amount = inc.column("amount_fen")
    incomes = pa.table(
        {
            "household": hh_of(inc),
            "member": ref_of(_np(inc, "member_id"), _np(inc, "household_id")),
            "kind": inc.column("kind"),
            "amount": fen_to_decimal(
                _np(inc, "amount_fen"), ~pc.is_null(amount).to_numpy(zero_copy_only=False)
            ),
            "per": inc.column("per"),
            "method": inc.column("method"),
        }
    )
    ex = items(
        Expense,
        "i.kind AS kind, i.amount_fen AS amount_fen, i.per AS per",
        {"kind": "str", "amount_fen": "int", "per": "str"},
    )
    expenses = pa.table(
        {
            "household": hh_of(ex),
            "member": ref_of(_np(ex, "member_id"), _np(ex, "household_id")),
            "kind": ex.column("kind"),
            "amount": fen_to_decimal(_np(ex, "amount_fen")),
            "per": ex.column("per"),
        }
    )

    def per_household(model: Any, extra: str, types: dict[str, str]) -> Any:
        t = model._meta.db_table
        return query(
            f"SELECT x.household_id AS household_id, {extra} FROM {t} x JOIN {HH} h ON h.id = x.household_id "
            f"{scope} ORDER BY x.household_id, x.id",
            {"household_id": "int", **types},
        )

    houses = per_household(
        House,
        "CAST(ROUND(x.area_m2 * 100) AS BIGINT) AS area, x.nature AS nature, NULLIF(x.source, '') AS source, "
        + b("x.in_large_city", "in_large_city"),
        {"area": "int", "nature": "str", "source": "str", "in_large_city": "int"},
    )
    vehicles = per_household(
        Vehicle,
        f"x.kind AS kind, {b('x.mobility_aid', 'mobility_aid')}",
        {"kind": "str", "mobility_aid": "int"},
    )
    businesses = per_household(Business, "x.kind AS kind", {"kind": "str"})
    # assets: the financial amounts (rows only where not 0: they add up), dwellings, vehicles, businesses
    parts = []
    for name in ("deposits", "securities", "receivables"):
        v = _np(h, f"{name}_fen")
        sel = np.nonzero(v != 0)[0]
        parts.append(
            pa.table(
                {
                    "household": ids.take(pa.array(sel)),
                    "asset": pa.repeat(pa.scalar(name), sel.size),
                    "amount": fen_to_decimal(v[sel]),
                }
            )
        )
    parts.append(
        pa.table(
            {
                "household": hh_of(houses),
                "asset": pa.repeat(pa.scalar("house"), houses.num_rows),
                "area_m2": fen_to_decimal(_np(houses, "area")),
                "nature": houses.column("nature"),
                "source": houses.column("source"),
                "in_large_city": _bool(houses, "in_large_city"),
            }
        )
    )
    parts.append(
        pa.table(
            {
                "household": hh_of(vehicles),
                "asset": pa.repeat(pa.scalar("vehicle"), vehicles.num_rows),
                "kind": vehicles.column("kind"),
                "mobility_aid": _bool(vehicles, "mobility_aid"),
            }
        )
    )
    parts.append(
        pa.table(
            {
                "household": hh_of(businesses),
                "asset": pa.repeat(pa.scalar("business"), businesses.num_rows),
                "kind": businesses.column("kind"),
            }
        )
    )
    assets = pa.concat_tables(parts, promote_options="default")

    o = per_household(
        Obligor,
        "x.supports_id AS supports_id, x.name AS name, x.id_number AS id_number, x.relation AS relation, "
        "x.hukou_region AS hukou_region, x.income_fen AS income_fen, x.income_per AS income_per, "
        "NULLIF(x.low_income_status, '') AS low_income_status, x.court_ordered_fen AS court_ordered_fen, "
        "x.court_ordered_per AS court_ordered_per",
        {
            "supports_id": "int",
            "name": "str",
            "id_number": "str",
            "relation": "str",
            "hukou_region": "str",
            "income_fen": "int",
            "income_per": "str",
            "low_income_status": "str",
            "court_ordered_fen": "int",
            "court_ordered_per": "str",
        },
    )
    court = o.column("court_ordered_fen")
    court_ok = ~pc.is_null(court).to_numpy(zero_copy_only=False)
    obligors = pa.table(
        {
            "household": hh_of(o),
            "supports": ref_of(_np(o, "supports_id", -1), _np(o, "household_id")),
            "name": o.column("name"),
            "id_number": o.column("id_number"),
            "relation": o.column("relation"),
            "hukou_region": o.column("hukou_region"),
            "income": fen_to_decimal(_np(o, "income_fen")),
            "income_per": o.column("income_per"),
            "low_income_status": o.column("low_income_status"),
            "court_ordered_support": fen_to_decimal(_np(o, "court_ordered_fen"), court_ok),
            "court_ordered_per": pc.if_else(pa.array(court_ok), o.column("court_ordered_per"), None),
        }
    )
    return {
        "households": households,
        "members": members,
        "incomes": incomes,
        "expenses": expenses,
        "assets": assets,
        "obligors": obligors,
    }


def _county_codes(region_ids: np.ndarray) -> list[str]:
    ids, idx, codes = _counties()
    k = np.clip(np.searchsorted(ids, region_ids), 0, max(ids.size - 1, 0))
    table = np.array(codes, dtype=object)
    return list(table[idx[k]]) if region_ids.size else []
