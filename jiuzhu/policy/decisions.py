"""The batch output (one flat row a household) built from the result arrays, vectorised.

`decisions_table(cols, res, result, at)` gives the same rows as `flatten(Renderer(...).household(i))` for every
household, without building one output object per household:

- numbers, statuses, categories and amounts are formatted column-wise (pyarrow compute);
- `reason_codes` depend only on a household's decision flags: households are grouped by a signature of those
  flags and one household of each group is rendered by the Renderer (the one implementation of the reasons);
- `params_digest` depends on the household's parameter group, its obligors' groups and whether the deep
  history months are consulted: one digest is computed per distinct combination;
- households with a programme `not_configured` (the missing parameters name regions) are rendered one by one.

A test compares every column with the per-household path over varied households (tests/policy).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .columns import Columns
from .engine import (
    CAT_NAMES,
    ELIGIBLE,
    NEEDS_REVIEW,
    NOT_CONFIGURED,
    STATUS_NAMES,
    Result,
)
from .render import INCREMENT_GROUP_NAMES, Renderer
from .resolve import Resolved

FLAT_COLUMNS = (
    "id",
    "at",
    "engine",
    "params_digest",
    "dibao_status",
    "dibao_eligible",
    "dibao_household_size",
    "dibao_per_capita_income",
    "dibao_standard",
    "dibao_benefit_household",
    "dibao_benefit_per_capita",
    "dibao_increments",
    "dibao_phase_out_until",
    "hardship_status",
    "hardship_eligible",
    "hardship_category",
    "hardship_per_capita_net_income",
    "hardship_threshold",
    "hardship_out_of_hardship",
    "hardship_aid_amount",
    "hardship_aid_approval_level",
    "temporary_status",
    "temporary_eligible",
    "temporary_type",
    "temporary_tier",
    "temporary_amount",
    "temporary_approval_level",
    "reason_codes",
    "missing_parameters",
)


def flat_schema() -> Any:
    import pyarrow as pa

    def typ(k: str) -> Any:
        if k.endswith("_eligible") or k == "hardship_out_of_hardship":
            return pa.bool_()
        if k == "dibao_household_size":
            return pa.int32()
        return pa.string()

    return pa.schema([(k, typ(k)) for k in FLAT_COLUMNS])


def flatten(r: dict[str, Any]) -> dict[str, Any]:
    """One row of flat columns from one assessment result (money stays a decimal string)."""
    d = r["programs"]["dibao"]
    h = r["programs"]["hardship_worker"]
    t = r["programs"]["temporary"]
    incs = ";".join(f"{x['member']}:{x['group']}:{x['amount']}" for x in d.get("increments", []))
    missing = sorted({f"{m['parameter']}@{m['region']}" for p in (d, h, t) for m in p.get("missing", [])})
    codes = [
        f"{k}:{x['code']}" for k, p in (("dibao", d), ("hardship", h), ("temporary", t)) for x in p["reasons"]
    ]
    return {
        "id": str(r["id"]),
        "at": r["at"],
        "engine": r["engine"],
        "params_digest": r["params_digest"],
        "dibao_status": d["status"],
        "dibao_eligible": d["eligible"],
        "dibao_household_size": d.get("household_size"),
        "dibao_per_capita_income": d.get("per_capita_income"),
        "dibao_standard": d.get("standard"),
        "dibao_benefit_household": d.get("benefit_household"),
        "dibao_benefit_per_capita": d.get("benefit_per_capita"),
        "dibao_increments": incs,
        "dibao_phase_out_until": (d.get("phase_out") or {}).get("until"),
        "hardship_status": h["status"],
        "hardship_eligible": h["eligible"],
        "hardship_category": h.get("category"),
        "hardship_per_capita_net_income": h.get("per_capita_net_income"),
        "hardship_threshold": h.get("threshold"),
        "hardship_out_of_hardship": h.get("out_of_hardship"),
        "hardship_aid_amount": (h.get("aid") or {}).get("amount"),
        "hardship_aid_approval_level": (h.get("aid") or {}).get("approval_level"),
        "temporary_status": t["status"],
        "temporary_eligible": t["eligible"],
        "temporary_type": t.get("type"),
        "temporary_tier": t.get("tier"),
        "temporary_amount": t.get("amount"),
        "temporary_approval_level": t.get("approval_level"),
        "reason_codes": ";".join(codes),
        "missing_parameters": ";".join(missing),
    }


# ---------------------------------------------------------------- column helpers


def _money(v: np.ndarray, valid: np.ndarray | None = None) -> Any:
    """int64 fen -> '1234.56' strings (exact), null where not valid."""
    import pyarrow as pa
    import pyarrow.compute as pc

    v = np.asarray(v, dtype=np.int64)
    a = np.abs(v)
    qs = pc.cast(pa.array(a // 100), pa.string())
    rs = pc.utf8_lpad(pc.cast(pa.array(a % 100), pa.string()), 2, "0")
    s = pc.binary_join_element_wise(qs, rs, ".")
    neg = v < 0
    if neg.any():
        s = pc.if_else(pa.array(neg), pc.binary_join_element_wise(pa.scalar("-"), s, ""), s)
    return _mask(s, valid)


def _mask(s: Any, valid: np.ndarray | None) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    if valid is None or bool(np.all(valid)):
        return s
    return pc.if_else(pa.array(np.asarray(valid, dtype=bool)), s, pa.scalar(None, s.type))


def _names(codes: np.ndarray, names: tuple[Any, ...], valid: np.ndarray | None = None) -> Any:
    import pyarrow as pa

    dictionary = pa.array([x if x is not None else "" for x in names], pa.string())
    null_name = np.array([x is None for x in names])
    codes = np.asarray(codes, dtype=np.int32)
    ok = ~null_name[codes]
    if valid is not None:
        ok &= valid
    arr = pa.DictionaryArray.from_arrays(pa.array(codes, mask=~ok), dictionary)
    return arr.cast(pa.string())


def _month(ordinal: np.ndarray, valid: np.ndarray) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    o = np.where(valid, ordinal, 0).astype(np.int64)
    y = pc.utf8_lpad(pc.cast(pa.array(o // 12), pa.string()), 4, "0")
    m = pc.utf8_lpad(pc.cast(pa.array(o % 12 + 1), pa.string()), 2, "0")
    return _mask(pc.binary_join_element_wise(y, m, "-"), valid)


def _bool(v: np.ndarray, valid: np.ndarray | None = None) -> Any:
    import pyarrow as pa

    v = np.asarray(v, dtype=bool)
    return pa.array(v, mask=None if valid is None else ~np.asarray(valid, dtype=bool))


def _arrow_strings(x: Any) -> Any:
    import pyarrow as pa

    from .tables import ArrowList

    if isinstance(x, ArrowList):
        return x.arr.cast(pa.string()) if x.arr.type != pa.string() else x.arr
    return pa.array([str(v) for v in x], pa.string())


def _unique_rows(*keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index of a representative row of each distinct key tuple, inverse: group of each row)."""
    n = keys[0].size
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    order = np.lexsort(tuple(reversed(keys)))
    change = np.zeros(n, dtype=bool)
    change[0] = True
    for k in keys:
        ks = k[order]
        change[1:] |= ks[1:] != ks[:-1]
    gid_sorted = np.cumsum(change) - 1
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = gid_sorted
    reps = order[change]
    return reps, inverse


# ---------------------------------------------------------------- the table


def decisions_table(cols: Columns, res: Resolved, result: Result, at: str, engine: str) -> Any:
    """The flat decision rows of every household, as a pyarrow Table with flat_schema()."""
    import pyarrow as pa
    import pyarrow.compute as pc

    A = result.arrays
    n = cols.n
    renderer = Renderer(cols, res, result, at, engine)
    schema = flat_schema()
    if n == 0:
        return schema.empty_table()
    d_st = A["d_status"].astype(np.int64)
    h_st = A["h_status"].astype(np.int64)
    t_st = A["t_status"].astype(np.int64)
    d_nc = d_st == NOT_CONFIGURED
    h_nc = h_st == NOT_CONFIGURED
    t_nc = t_st == NOT_CONFIGURED
    fallback = d_nc | h_nc | t_nc
    mhh = cols.m_hh

    # ---- dibao ----
    d_ok = ~d_nc
    single = A["d_single"] & ~A["d_elig"] & ~A["d_in_phase"]
    k = np.maximum(A["d_n_single"], 1)
    single_pc = (2 * A["d_single_own"] + k) // (2 * k)
    size = np.where(single, A["d_n_single"], A["size"])
    pc_income = np.where(single, single_pc, A["pc_income"])
    bpc = np.where(single, A["std"] - single_pc, A["d_gap_pc"])
    inc_sel = (A["dm_inc"] > 0) & d_ok[mhh]
    n_incs = np.bincount(mhh[inc_sel], minlength=n)
    refs = _arrow_strings(cols.m_ref)
    idx = np.nonzero(inc_sel)[0]
    if idx.size:
        grp = _names(A["dm_grp"][idx], INCREMENT_GROUP_NAMES)
        item = pc.binary_join_element_wise(refs.take(pa.array(idx)), grp, _money(A["dm_inc"][idx]), ":")
        offsets = np.zeros(n + 1, dtype=np.int32)
        np.cumsum(n_incs, out=offsets[1:])
        incs = pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), item), ";")
    else:
        incs = pa.repeat(pa.scalar("", pa.string()), n)
    in_phase_shown = A["d_has_phase"] & A["d_in_phase"] & d_ok

    # ---- hardship: the category branch is reached when not excluded, not a failed migrant, configured ----
    from .engine import EXCLUDED

    h_detail = cols.has_union & (h_st != EXCLUDED) & ~A["h_migrant_fail"] & ~h_nc
    thr = A["h_thr"]
    h_out_shown = h_detail & A["h_hist_deep"]
    aid_shown = h_detail & A["aid_on"]

    # ---- temporary ----
    has_ev = cols.has_event
    t_detail = has_ev & cols.ev_still & ~t_nc & ~(A["t_expend"] & ~A["t_income_ok"])

    # ---- reason codes by signature ----
    bits: list[tuple[np.ndarray, int]] = [
        (d_st, 3),
        (A["d_elig"], 1),
        (single, 1),
        (A["d_in_phase"], 1),
        (A["d_income_ok"], 1),
        (A["d_prop_ok"], 1),
        (A["d_fin_ok"], 1),
        (A["d_houses_ok"], 1),
        (A["d_veh_ok"], 1),
        (A["d_has_phase"], 1),
        (A["d_phase_unknown"], 1),
        (A["d_refusals"], 1),
        (cols.f_relative_of_staff, 1),
        (np.minimum(n_incs, 63), 6),
        (cols.has_union, 1),
        (h_st, 3),
        (A["h_migrant_fail"], 1),
        (A["h_cat"], 2),
        (A["h_keep"], 2),
        (A["h_rel"], 1),
        (A["h_bar17"], 1),
        (A["h_hist_deep"], 1),
        (A["h_out"], 1),
        (A["h_refused"], 1),
        (A["h_retiree"], 1),
        (A["h_migrant_unknown"], 1),
        (A["aid_on"], 1),
        (A["aid_capped"], 1),
        (cols.f_private_school, 1),
        (cols.f_controlling, 1),
        (cols.f_high_consumption, 1),
        (cols.f_refuses_verification, 1),
        (cols.houses_owned >= 2, 1),
        (cols.businesses > 0, 1),
        (cols.vehicles_nonaid > 0, 1),
        (has_ev, 1),
        (cols.ev_still, 1),
        (t_st, 3),
        (A["t_expend"], 1),
        (A["t_income_ok"], 1),
        (A["t_case"], 1),
        (A["t_group08"], 1),
        (A["t_uplift"], 1),
        (A["t_priority"], 1),
        (A["h_relieved"], 1),
        (A["h_refer"], 1),
    ]
    sig = np.zeros(n, dtype=np.int64)
    shift = 0
    for v, width in bits:
        sig |= (np.asarray(v).astype(np.int64) & ((1 << width) - 1)) << shift
        shift += width
    assert shift < 63
    fallback = fallback | (n_incs > 63)
    reps, inverse = _unique_rows(sig)
    codes_u = [";".join(_codes(renderer.household(int(i)))) for i in reps]
    reason_codes = pa.DictionaryArray.from_arrays(pa.array(inverse.astype(np.int32)), pa.array(codes_u)).cast(
        pa.string()
    )

    # ---- params digest by (group, obligor groups, deep history) ----
    o_off = np.zeros(n + 1, dtype=np.int64)
    if cols.o_hh.size:
        np.cumsum(np.bincount(cols.o_hh, minlength=n), out=o_off[1:])
    n_obl = o_off[1:] - o_off[:-1]
    key1 = cols.group.astype(np.int64) * 2 + A["h_hist_deep"].astype(np.int64)
    keys = [key1]
    if cols.o_hh.size:
        if len(res.groups) <= 62:
            mask = np.zeros(n, dtype=np.int64)
            np.bitwise_or.at(mask, cols.o_hh, np.left_shift(1, cols.o_group.astype(np.int64)))
            keys.append(mask)
        else:  # many groups: one key a household with obligors
            keys.append(np.where(n_obl > 0, np.arange(n), -1))
    reps, inverse = _unique_rows(*keys)
    dig_u = [renderer.params_digest(int(i)) for i in reps]
    digests = pa.DictionaryArray.from_arrays(pa.array(inverse.astype(np.int32)), pa.array(dig_u)).cast(
        pa.string()
    )

    eligible = (np.isin(d_st, (ELIGIBLE, NEEDS_REVIEW)), np.isin(h_st, (ELIGIBLE, NEEDS_REVIEW)))
    levels = (None, "centre", "province", "national")
    expend = A["t_expend"].astype(np.int64)
    data = {
        "id": _arrow_strings(cols.ids),
        "at": pa.repeat(pa.scalar(at, pa.string()), n),
        "engine": pa.repeat(pa.scalar(engine, pa.string()), n),
        "params_digest": digests,
        "dibao_status": _names(d_st, STATUS_NAMES),
        "dibao_eligible": _bool(eligible[0]),
        "dibao_household_size": pa.array(size.astype(np.int32), mask=~d_ok),
        "dibao_per_capita_income": _money(pc_income, d_ok),
        "dibao_standard": _money(A["std"], d_ok),
        "dibao_benefit_household": _money(A["d_benefit"], d_ok),
        "dibao_benefit_per_capita": _money(bpc, d_ok),
        "dibao_increments": incs,
        "dibao_phase_out_until": _month(A["d_until"], in_phase_shown),
        "hardship_status": _names(h_st, STATUS_NAMES),
        "hardship_eligible": _bool(eligible[1]),
        "hardship_category": _names(A["h_cat"], CAT_NAMES, h_detail),
        "hardship_per_capita_net_income": _money(A["h_pcn"], h_detail),
        "hardship_threshold": _money(thr, h_detail & (thr >= 0)),
        "hardship_out_of_hardship": _bool(A["h_out"], h_out_shown),
        "hardship_aid_amount": _money(A["aid_amt"], aid_shown),
        "hardship_aid_approval_level": _names(A["aid_level"], levels, aid_shown),
        "temporary_status": _names(t_st, STATUS_NAMES),
        "temporary_eligible": _bool(np.isin(t_st, (ELIGIBLE, NEEDS_REVIEW))),
        "temporary_type": _names(expend, ("emergency", "expenditure"), has_ev),
        "temporary_tier": _names(cols.ev_sev.astype(np.int64), ("minor", "moderate", "severe"), has_ev),
        "temporary_amount": _money(A["t_amount"], t_detail),
        "temporary_approval_level": _names(A["t_county"].astype(np.int64), ("township", "county"), t_detail),
        "reason_codes": reason_codes,
        "missing_parameters": pa.repeat(pa.scalar("", pa.string()), n),
    }
    table = pa.table(data, schema=schema)
    if fallback.any():
        # households with a programme not configured: the per-household path
        fb = np.nonzero(fallback)[0]
        rows = [flatten(renderer.household(int(i))) for i in fb]
        fb_table = pa.Table.from_pylist(rows, schema=schema)
        keep = np.nonzero(~fallback)[0]
        merged = pa.concat_tables([table.take(pa.array(keep)), fb_table])
        position = np.empty(n, dtype=np.int64)
        position[np.concatenate([keep, fb])] = np.arange(n)
        table = merged.take(pa.array(position))
    return table


def _codes(r: dict[str, Any]) -> list[str]:
    p = r["programs"]
    return [
        f"{k}:{x['code']}"
        for k, prog in (
            ("dibao", p["dibao"]),
            ("hardship", p["hardship_worker"]),
            ("temporary", p["temporary"]),
        )
        for x in prog["reasons"]
    ]
