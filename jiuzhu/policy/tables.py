"""The columnar household format: Parquet or Arrow IPC tables keyed by household (docs/policy.md).

    households  one row a household: id, region, area_type, flags, union, history, union aid
    members     household, ref, name, id_number, relation, co_resident, ...
    incomes     household, member, kind, amount, per, method
    expenses    household, member, kind, amount, per, method
    assets      household, asset (deposits|securities|receivables|house|vehicle|business), amount, area_m2, ...
    obligors    household, supports, hukou_region, income, income_per, low_income_status, ...
    events      household, kind, date, severity, loss, compensation_received, still_in_hardship (optional)
    history_months  household, month, per_capita_net_income (optional)

`read_tables(folder)` reads them; `tables_to_columns(tables)` validates them with vectorised checks and fills
the engine's `Columns` directly (no JSON, no per-household Python). A bad value raises `TableError(table, row,
column, problem)`, where `problem` is the very message the JSON path gives for the same value: the vectorised
checks only find the first bad row, and the message is then produced by the same scalar function the JSON
validator uses (`jiuzhu.policy.household`, `jiuzhu.policy.money`, `jiuzhu.idnumber`). `json_to_tables`
writes households of `jiuzhu.household/1` into the tables (tests, conversions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from jiuzhu.idnumber import IdNumberError, make_id_number, parse_id_number

from .columns import AID_PROJECTS, HIST_CAT_CODES, WORK_CODES, Columns
from .household import (
    BUSINESS_KINDS,
    EVENT_KINDS,
    EXPENSE_KINDS,
    HARDSHIP_CATEGORIES,
    HEALTH,
    HOUSE_NATURES,
    HOUSE_SOURCES,
    INCOME_KINDS,
    INCOME_METHODS,
    LOW_INCOME_STATUS,
    OCCUPATIONS,
    PERIODS,
    RELATIONS,
    SEVERITIES,
)
from .money import MAX_MONEY_FEN, AmountError, parse_area, parse_money

ASSET_KINDS = ("deposits", "securities", "receivables", "house", "vehicle", "business")
TABLES = ("households", "members", "incomes", "expenses", "assets", "obligors", "events", "history_months")
REQUIRED_TABLES = ("households", "members")

# column -> (kind, required). Kinds: id (household key), text, ref, region, enum:<name>, bool, int, money,
# area, date, month, id_number, grade.
FLAG_COLUMNS = (
    "private_school_or_self_paid_abroad",
    "controlling_shareholder",
    "high_consumption",
    "refuses_verification",
    "relative_of_staff",
    "registered_poor",
)
_ENUMS: dict[str, tuple[str, ...]] = {
    "area_type": ("urban", "rural"),
    "relation": RELATIONS,
    "health": HEALTH,
    "work_capacity": tuple(WORK_CODES),
    "occupation": OCCUPATIONS,
    "income_kind": INCOME_KINDS,
    "expense_kind": EXPENSE_KINDS,
    "method": INCOME_METHODS,
    "per": PERIODS,
    "asset": ASSET_KINDS,
    "nature": HOUSE_NATURES,
    "source": HOUSE_SOURCES,
    "business_kind": BUSINESS_KINDS,
    "low_income_status": LOW_INCOME_STATUS,
    "event_kind": EVENT_KINDS,
    "severity": SEVERITIES,
    "hardship_category": HARDSHIP_CATEGORIES,
    "aid_project": AID_PROJECTS,
}

SCHEMA: dict[str, dict[str, tuple[str, bool]]] = {
    "households": {
        "id": ("hhid", True),
        "region": ("region", True),
        "area_type": ("enum:area_type", True),
        **{f: ("bool", False) for f in FLAG_COLUMNS},
        "refused_suitable_jobs": ("count", False),
        "worker_ref": ("ref", False),
        "union_member": ("bool", False),
        "labour_relation_since": ("date", False),
        "migrant": ("bool", False),
        "retiree": ("bool", False),
        "dibao_since": ("month", False),
        "reemployed_since": ("month", False),
        "last_benefit_household": ("money", False),
        "hardship_category": ("enum:hardship_category", False),
        "aid_project": ("enum:aid_project", False),
        "aid_amount": ("money", False),
        "aid_paid_this_year": ("money", False),
        "aid_self_paid_share": ("money", False),
    },
    "members": {
        "household": ("key", True),
        "ref": ("text", True),
        "name": ("text", True),
        "id_number": ("id_number", True),
        "relation": ("enum:relation", True),
        "co_resident": ("bool", True),
        "marital_status": ("text", False),
        "health": ("enum:health", False),
        "disability_category": ("text", False),
        "disability_grade": ("grade", False),
        "serious_illness": ("bool", False),
        "work_capacity": ("enum:work_capacity", False),
        "occupation": ("enum:occupation", False),
    },
    "incomes": {
        "household": ("key", True),
        "member": ("ref", True),
        "kind": ("enum:income_kind", True),
        "amount": ("money", False),
        "per": ("enum:per", False),
        "method": ("enum:method", False),
        "note": ("text", False),
    },
    "expenses": {
        "household": ("key", True),
        "member": ("ref", True),
        "kind": ("enum:expense_kind", True),
        "amount": ("money", True),
        "per": ("enum:per", False),
        "method": ("enum:method", False),
        "note": ("text", False),
    },
    "assets": {
        "household": ("key", True),
        "asset": ("enum:asset", True),
        "amount": ("money", False),
        "area_m2": ("area", False),
        "nature": ("enum:nature", False),
        "source": ("enum:source", False),
        "in_large_city": ("bool", False),
        "kind": ("text", False),
        "mobility_aid": ("bool", False),
        "address": ("text", False),
        "note": ("text", False),
    },
    "obligors": {
        "household": ("key", True),
        "supports": ("ref", True),
        "name": ("text", False),
        "id_number": ("id_number", False),
        "relation": ("text", False),
        "hukou_region": ("region", False),
        "income": ("money", False),
        "income_per": ("enum:per", False),
        "low_income_status": ("enum:low_income_status", False),
        "court_ordered_support": ("money", False),
        "court_ordered_per": ("enum:per", False),
    },
    "events": {
        "household": ("key", True),
        "kind": ("enum:event_kind", True),
        "date": ("date", True),
        "severity": ("enum:severity", True),
        "loss": ("money", False),
        "compensation_received": ("money", False),
        "still_in_hardship": ("bool", False),
        "note": ("text", False),
    },
    "history_months": {
        "household": ("key", True),
        "month": ("month", True),
        "per_capita_net_income": ("money", True),
    },
}


class TableError(ValueError):
    """Bad columnar input: table, row (1-based, None for the whole table), column and the problem."""

    def __init__(self, table: str, row: int | None, column: str | None, problem: str, household: Any = None):
        self.table, self.row, self.column, self.problem, self.household = (
            table,
            row,
            column,
            problem,
            household,
        )
        where = table
        if row is not None:
            where += f": row {row}"
            if household is not None:
                where += f" (household {household})"
        if column:
            where += f", {column}"
        super().__init__(f"{where}: {problem}")


# ---------------------------------------------------------------- reading


def find_tables(folder: str | Path) -> dict[str, Path]:
    """The table files of a folder: NAME.parquet, NAME.arrow, NAME.feather or NAME.ipc."""
    folder = Path(folder)
    out: dict[str, Path] = {}
    for name in TABLES:
        for ext in (".parquet", ".arrow", ".feather", ".ipc"):
            p = folder / (name + ext)
            if p.exists():
                out[name] = p
                break
    return out


def is_table_folder(path: str | Path) -> bool:
    p = Path(path)
    return p.is_dir() and "households" in find_tables(p)


def read_tables(folder: str | Path) -> dict[str, Any]:
    """Read every table file of the folder into pyarrow Tables (missing optional tables are empty)."""
    import pyarrow as pa
    import pyarrow.feather as feather
    import pyarrow.parquet as pq

    files = find_tables(folder)
    tables: dict[str, Any] = {}
    for name, p in files.items():
        try:
            if p.suffix == ".parquet":
                t = pq.read_table(p)
            else:
                t = feather.read_table(p)
        except (OSError, pa.ArrowException) as e:
            raise TableError(p.name, None, None, f"无法读取: {e}") from None
        tables[name] = t
    for name in REQUIRED_TABLES:
        if name not in tables:
            raise TableError(name, None, None, f"缺少 {name} 表（{Path(folder) / (name + '.parquet')}）")
    return tables


def write_tables(tables: dict[str, Any], folder: str | Path, fmt: str = "parquet") -> None:
    import pyarrow.feather as feather
    import pyarrow.parquet as pq

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, t in tables.items():
        if fmt == "parquet":
            pq.write_table(t, folder / f"{name}.parquet")
        else:
            feather.write_feather(t, folder / f"{name}.arrow")


def fen_to_decimal(fen: Any, valid: Any = None) -> Any:
    """int64 fen -> an Arrow decimal128(18, 2) array, built on the buffer (no per-value conversion)."""
    import pyarrow as pa

    fen = np.ascontiguousarray(fen, dtype=np.int64)
    vb = None
    if valid is not None:
        vb = pa.py_buffer(np.packbits(np.asarray(valid, dtype=bool), bitorder="little").tobytes())
    words = np.empty((fen.size, 2), dtype=np.int64)
    words[:, 0] = fen
    words[:, 1] = np.where(fen < 0, -1, 0)
    return pa.Array.from_buffers(pa.decimal128(18, 2), fen.size, [vb, pa.py_buffer(words.tobytes())])


# ---------------------------------------------------------------- JSON -> tables


def _yuan(fen: int | None) -> Any:
    from decimal import Decimal

    return None if fen is None else Decimal(fen).scaleb(-2)


def json_to_tables(households: list[dict[str, Any]]) -> dict[str, Any]:
    """`jiuzhu.household/1` objects -> the tables (values as written; validation happens when read).

    Money becomes decimal128(18, 2) when the JSON value is a valid amount, otherwise the text as given (so
    that a bad value stays bad and is reported by the table reader)."""
    import pyarrow as pa

    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for h in households:
        hid = h.get("id")
        r: dict[str, Any] = {"id": hid, "region": h.get("region"), "area_type": h.get("area_type")}
        f = h.get("flags") or {}
        for k in FLAG_COLUMNS:
            r[k] = f.get(k)
        r["refused_suitable_jobs"] = f.get("refused_suitable_jobs")
        u = h.get("union")
        if u:
            r.update(
                worker_ref=u.get("worker_ref"),
                union_member=u.get("union_member"),
                labour_relation_since=u.get("labour_relation_since"),
                migrant=u.get("migrant"),
                retiree=u.get("retiree"),
            )
        hist = h.get("history") or {}
        r.update(
            dibao_since=hist.get("dibao_since"),
            reemployed_since=hist.get("reemployed_since"),
            last_benefit_household=hist.get("last_benefit_household"),
            hardship_category=hist.get("hardship_category"),
        )
        aid = h.get("union_aid")
        if aid:
            r.update(
                aid_project=aid.get("project"),
                aid_amount=aid.get("amount"),
                aid_paid_this_year=aid.get("paid_this_year"),
                aid_self_paid_share=aid.get("self_paid_share"),
            )
        rows["households"].append(r)
        for m in h.get("members") or []:
            d = m.get("disability") or {}
            rows["members"].append(
                {
                    "household": hid,
                    "ref": m.get("ref"),
                    "name": m.get("name"),
                    "id_number": m.get("id_number"),
                    "relation": m.get("relation"),
                    "co_resident": m.get("co_resident"),
                    "marital_status": m.get("marital_status"),
                    "health": m.get("health"),
                    "disability_category": d.get("category"),
                    "disability_grade": d.get("grade"),
                    "serious_illness": m.get("serious_illness"),
                    "work_capacity": m.get("work_capacity"),
                    "occupation": m.get("occupation"),
                }
            )
            for t, key in (("incomes", "incomes"), ("expenses", "expenses")):
                for it in m.get(key) or []:
                    rows[t].append(
                        {
                            "household": hid,
                            "member": m.get("ref"),
                            "kind": it.get("kind"),
                            "amount": it.get("amount"),
                            "per": it.get("per"),
                            "method": it.get("method"),
                            "note": it.get("note"),
                        }
                    )
        a = h.get("assets") or {}
        for k in ("deposits", "securities", "receivables"):
            if a.get(k) is not None:
                rows["assets"].append({"household": hid, "asset": k, "amount": a[k]})
        for x in a.get("houses") or []:
            rows["assets"].append(
                {
                    "household": hid,
                    "asset": "house",
                    "area_m2": x.get("area_m2"),
                    "nature": x.get("nature", "self_owned"),
                    "source": x.get("source"),
                    "in_large_city": x.get("in_large_city"),
                    "address": x.get("address"),
                    "note": x.get("note"),
                }
            )
        for x in a.get("vehicles") or []:
            rows["assets"].append(
                {
                    "household": hid,
                    "asset": "vehicle",
                    "kind": x.get("kind"),
                    "mobility_aid": x.get("mobility_aid"),
                    "note": x.get("note"),
                }
            )
        for x in a.get("businesses") or []:
            rows["assets"].append(
                {"household": hid, "asset": "business", "kind": x.get("kind"), "note": x.get("note")}
            )
        for o in h.get("obligors") or []:
            inc = o.get("income") or {}
            court = o.get("court_ordered_support") or {}
            rows["obligors"].append(
                {
                    "household": hid,
                    "supports": o.get("supports"),
                    "name": o.get("name"),
                    "id_number": o.get("id_number"),
                    "relation": o.get("relation"),
                    "hukou_region": o.get("hukou_region"),
                    "income": inc.get("amount"),
                    "income_per": inc.get("per"),
                    "low_income_status": o.get("low_income_status"),
                    "court_ordered_support": court.get("amount"),
                    "court_ordered_per": court.get("per"),
                }
            )
        for e in h.get("events") or []:
            rows["events"].append(
                {
                    "household": hid,
                    "kind": e.get("kind"),
                    "date": e.get("date"),
                    "severity": e.get("severity"),
                    "loss": e.get("loss"),
                    "compensation_received": e.get("compensation_received"),
                    "still_in_hardship": e.get("still_in_hardship"),
                    "note": e.get("note"),
                }
            )
        for mo in hist.get("months") or []:
            rows["history_months"].append(
                {
                    "household": hid,
                    "month": mo.get("month"),
                    "per_capita_net_income": mo.get("per_capita_net_income"),
                }
            )
    out = {}
    for t, rs in rows.items():
        cols: dict[str, Any] = {}
        for c, (kind, _req) in SCHEMA[t].items():
            vals = [r.get(c) for r in rs]
            cols[c] = _json_column(vals, kind)
        out[t] = pa.table(cols)
    return out


def _json_column(vals: list[Any], kind: str) -> Any:
    import pyarrow as pa

    if all(v is None for v in vals):  # a typed column of nulls (Parquet readers such as Spark need a type)
        typ = {
            "money": pa.decimal128(18, 2),
            "area": pa.decimal128(18, 2),
            "bool": pa.bool_(),
            "count": pa.int64(),
            "grade": pa.int64(),
        }.get(kind, pa.string())
        return pa.array(vals, typ)
    if kind in ("money", "area"):
        parse = parse_money if kind == "money" else parse_area
        try:
            for v in vals:
                if v is not None:
                    parse(v)
            return pa.array([None if v is None else _dec(v) for v in vals], pa.decimal128(18, 2))
        except (AmountError, ArithmeticError):
            return pa.array([None if v is None else str(v) for v in vals], pa.string())
    if kind in ("hhid", "key"):
        if all(isinstance(v, int) and not isinstance(v, bool) for v in vals if v is not None) and vals:
            return pa.array(vals, pa.int64())
        return pa.array([None if v is None else str(v) for v in vals], pa.string())
    try:
        return pa.array(vals)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([None if v is None else str(v) for v in vals], pa.string())


def _dec(v: Any) -> Any:
    from decimal import Decimal

    return Decimal(repr(v)) if isinstance(v, float) else Decimal(str(v).strip())


# ---------------------------------------------------------------- validation helpers


@dataclass
class _Fail:
    row: int  # 0-based row in the table
    order: int  # column order (ties)
    column: str | None
    problem: Any  # str, or a callable giving the message (only evaluated for the reported one)


class _Checker:
    """Collects the first failing row of each check of one table; raises the earliest."""

    def __init__(self, name: str, table: Any, keys: Any = None) -> None:
        self.name = name
        self.t = table
        self.fails: list[_Fail] = []
        self.order = {c: i for i, c in enumerate(SCHEMA[name])}
        self.keys = keys  # household id per row, for the message

    def fail_mask(self, mask: np.ndarray, column: str | None, problem: Any) -> None:
        if mask.size and mask.any():
            self.fail_row(int(np.argmax(mask)), column, problem)

    def fail_row(self, row: int, column: str | None, problem: Any) -> None:
        self.fails.append(_Fail(row, self.order.get(column or "", -1), column, problem))

    def raise_first(self) -> None:
        if not self.fails:
            return
        f = min(self.fails, key=lambda x: (x.row, x.order))
        problem = f.problem(f.row) if callable(f.problem) else f.problem
        hh = None
        if self.keys is not None and 0 <= f.row < len(self.keys):
            hh = self.keys[f.row].as_py()
        raise TableError(self.name + ".parquet", f.row + 1, f.column, problem, hh)


def _value(table: Any, column: str, row: int) -> Any:
    return table.column(column)[row].as_py()


def _col(table: Any, name: str) -> Any:
    """The column as one Array (chunks combined), or None when absent."""
    if name not in table.column_names:
        return None
    c = table.column(name)
    return c.combine_chunks() if c.num_chunks != 1 else c.chunk(0)


def _nulls(arr: Any) -> np.ndarray:
    import pyarrow.compute as pc

    if arr.null_count == 0:
        return np.zeros(len(arr), dtype=bool)
    return pc.is_null(arr).to_numpy(zero_copy_only=False)


def _is_string(arr: Any) -> bool:
    import pyarrow as pa

    return pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)


def _as_string(arr: Any) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_dictionary(arr.type):
        arr = arr.cast(arr.type.value_type)
    if pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.string())
    if not pa.types.is_string(arr.type):
        return None
    return arr if arr.offset == 0 else pc.cast(arr, pa.string())


class _Reader:
    """Vectorised per-column conversions with the JSON validator's messages."""

    def __init__(self, ck: _Checker) -> None:
        self.ck = ck
        self.t = ck.t
        self.n = ck.t.num_rows

    def present(self, column: str) -> bool:
        return column in self.t.column_names

    def required(self, column: str, arr: Any) -> np.ndarray:
        nul = _nulls(arr)
        self.ck.fail_mask(nul, column, "缺少必填字段（required）")
        return nul

    def boolean(self, column: str, default: bool = False) -> np.ndarray:
        import pyarrow as pa

        arr = _col(self.t, column)
        if arr is None:
            return np.full(self.n, default, dtype=bool)
        req = SCHEMA[self.ck.name][column][1]
        nul = self.required(column, arr) if req else _nulls(arr)
        if not pa.types.is_boolean(arr.type):
            bad = ~nul
            self.ck.fail_mask(
                bad, column, lambda r: f"应为 true 或 false，实为 {_value(self.t, column, r)!r}"
            )
            return np.full(self.n, default, dtype=bool)
        v = arr.fill_null(default).to_numpy(zero_copy_only=False)
        return v.astype(bool, copy=False)

    def enum(self, column: str, values: tuple[str, ...], default: str | None = None) -> np.ndarray:
        """Codes (index into values); -1 where null and no default."""
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = _col(self.t, column)
        if arr is None:
            code = values.index(default) if default is not None else -1
            return np.full(self.n, code, dtype=np.int64)
        req = SCHEMA[self.ck.name][column][1]
        nul = self.required(column, arr) if req else _nulls(arr)
        s = _as_string(arr)
        if s is None:
            self.ck.fail_mask(
                ~nul,
                column,
                lambda r: f"“{_value(self.t, column, r)}”不是允许的值，应为: {', '.join(values)}",
            )
            return np.full(self.n, -1, dtype=np.int64)
        idx = pc.index_in(s, value_set=pa.array(values, pa.string()))
        code = idx.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        bad = (code < 0) & ~nul
        self.ck.fail_mask(
            bad, column, lambda r: f"“{_value(self.t, column, r)}”不是允许的值，应为: {', '.join(values)}"
        )
        if default is not None:
            code = np.where(nul, values.index(default), code)
        return code

    def text(self, column: str) -> Any:
        """Checks non-empty text (JSON: 应为非空字符串); returns the string Array (or None)."""
        import pyarrow.compute as pc

        arr = _col(self.t, column)
        if arr is None:
            return None
        req = SCHEMA[self.ck.name][column][1]
        nul = self.required(column, arr) if req else _nulls(arr)
        s = _as_string(arr)
        if s is None:
            self.ck.fail_mask(~nul, column, "应为非空字符串")
            return None
        blank = pc.utf8_is_space(s).fill_null(False).to_numpy(zero_copy_only=False) | (
            pc.binary_length(s).fill_null(1).to_numpy(zero_copy_only=False) == 0
        )
        self.ck.fail_mask(blank & ~nul, column, "应为非空字符串")
        return s

    def region(self, column: str) -> Any:
        import pyarrow.compute as pc

        arr = _col(self.t, column)
        if arr is None:
            return None
        req = SCHEMA[self.ck.name][column][1]
        nul = self.required(column, arr) if req else _nulls(arr)
        s = _as_string(arr)
        msg = lambda r: f"区划代码应为6位数字字符串（GB/T 2260），实为 {_value(self.t, column, r)!r}"  # noqa: E731
        if s is None:
            self.ck.fail_mask(~nul, column, msg)
            return None
        ok = pc.match_substring_regex(s, r"^[0-9]{6}$").fill_null(True).to_numpy(zero_copy_only=False)
        self.ck.fail_mask(~ok & ~nul, column, msg)
        return s

    def money(self, column: str, default: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
        """(fen int64, null mask). Decimal columns (scale <= 2) are read from the buffer; integer columns are
        yuan (as in JSON); text columns are parsed as decimals; the scalar parse_money gives the message."""
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = _col(self.t, column)
        if arr is None:
            return np.full(self.n, default if default is not None else 0, dtype=np.int64), np.ones(
                self.n, bool
            )
        req = SCHEMA[self.ck.name][column][1]
        nul = self.required(column, arr) if req else _nulls(arr)
        fen = np.zeros(self.n, dtype=np.int64)

        def msg(r: int) -> str:
            v = _value(self.t, column, r)
            try:
                parse_money(str(v) if not isinstance(v, (int, str)) else v)
            except AmountError as e:
                return str(e)
            return "金额应为十进制数字字符串"

        t = arr.type
        bad = np.zeros(self.n, dtype=bool)
        if pa.types.is_decimal(t) and t.scale <= 2 and t.bit_width == 128:
            a = arr if arr.offset == 0 else pc.cast(arr, t)
            words = np.frombuffer(a.buffers()[1], dtype=np.int64)[: 2 * self.n].reshape(-1, 2)
            lo, hi = words[:, 0].copy(), words[:, 1]
            lo *= 10 ** (2 - t.scale)
            bad = ((hi != 0) & (hi != -1)) | ((hi == -1) != (lo < 0))
            fen = lo
        elif pa.types.is_integer(t):
            v = arr.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
            bad = (v > MAX_MONEY_FEN // 100) | (v < -(MAX_MONEY_FEN // 100))
            fen = np.where(bad, 0, v) * 100
        else:
            s = _as_string(arr)
            if s is None and pa.types.is_decimal(t):
                s = pc.cast(arr, pa.string())
            if s is None:
                self.ck.fail_mask(~nul, column, "金额应为十进制数字字符串")
                return fen, nul
            # fast path: plain decimals with at most two places; anything else goes to the scalar parser
            s = pc.utf8_trim_whitespace(s)
            plain = pc.match_substring_regex(s, r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$").fill_null(False)
            plain_np = plain.to_numpy(zero_copy_only=False)
            dec = pc.cast(pc.if_else(plain, s, "0"), pa.decimal128(18, 2))
            words = np.frombuffer(dec.buffers()[1], dtype=np.int64)[: 2 * self.n].reshape(-1, 2)
            fen = words[:, 0].copy()
            other = ~plain_np & ~nul
            for r in np.nonzero(other)[0][:1000]:
                try:
                    fen[r] = parse_money(s[int(r)].as_py())
                except AmountError:
                    bad[r] = True
            if other.sum() > 1000:
                self.ck.fail_mask(other, column, msg)
        bad = (bad | (fen < 0) | (fen > MAX_MONEY_FEN)) & ~nul
        self.ck.fail_mask(bad, column, msg)
        fen = np.where(nul | bad, 0 if default is None else default, fen)
        return fen, nul

    def area(self, column: str) -> np.ndarray:
        """Hundredths of m2; -1 where null."""
        fen, nul = self.money(column, default=None)
        return np.where(nul, -1, fen)

    def count(self, column: str, what: str) -> np.ndarray:
        import pyarrow as pa

        arr = _col(self.t, column)
        if arr is None:
            return np.zeros(self.n, dtype=np.int64)
        nul = _nulls(arr)
        if not pa.types.is_integer(arr.type):
            self.ck.fail_mask(~nul, column, lambda r: what.format(repr(_value(self.t, column, r))))
            return np.zeros(self.n, dtype=np.int64)
        v = arr.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        return v

    def month(self, column: str) -> np.ndarray:
        """Month ordinal (y*12+m-1); -1 where null."""
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = _col(self.t, column)
        if arr is None:
            return np.full(self.n, -1, dtype=np.int64)
        req = SCHEMA[self.ck.name][column][1]
        nul = self.required(column, arr) if req else _nulls(arr)
        msg = lambda r: f"“{_value(self.t, column, r)}”应为 YYYY-MM 格式的月份"  # noqa: E731
        if pa.types.is_date(arr.type):
            d = pc.cast(arr, pa.date32())
            y = pc.year(d).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
            m = pc.month(d).fill_null(1).to_numpy(zero_copy_only=False).astype(np.int64)
            return np.where(nul, -1, y * 12 + m - 1)
        s = _as_string(arr)
        if s is None:
            self.ck.fail_mask(~nul, column, msg)
            return np.full(self.n, -1, dtype=np.int64)
        s = pc.utf8_trim_whitespace(s)
        ok = pc.match_substring_regex(s, r"^[0-9]{4}-(0[1-9]|1[0-2])$").fill_null(True)
        self.ck.fail_mask(~ok.to_numpy(zero_copy_only=False) & ~nul, column, msg)
        fixed = pc.if_else(ok, s, "0000-01").fill_null("0000-01")
        y = pc.cast(pc.utf8_slice_codeunits(fixed, 0, 4), pa.int64()).to_numpy(zero_copy_only=False)
        m = pc.cast(pc.utf8_slice_codeunits(fixed, 5, 7), pa.int64()).to_numpy(zero_copy_only=False)
        return np.where(nul, -1, y * 12 + m - 1)

    def date(self, column: str) -> np.ndarray:
        """yyyymmdd int; -1 where null. Date columns, or 'YYYY-MM-DD' / 'YYYY-MM' text as in JSON."""
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = _col(self.t, column)
        if arr is None:
            return np.full(self.n, -1, dtype=np.int64)
        req = SCHEMA[self.ck.name][column][1]
        nul = self.required(column, arr) if req else _nulls(arr)
        msg = lambda r: f"“{_value(self.t, column, r)}”应为 YYYY-MM-DD 格式的日期"  # noqa: E731
        if pa.types.is_date(arr.type) or pa.types.is_timestamp(arr.type):
            d = pc.cast(arr, pa.date32()) if not pa.types.is_date32(arr.type) else arr
            y = pc.year(d).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
            m = pc.month(d).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
            dd = pc.day(d).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
            return np.where(nul, -1, y * 10000 + m * 100 + dd)
        s = _as_string(arr)
        if s is None:
            self.ck.fail_mask(~nul, column, msg)
            return np.full(self.n, -1, dtype=np.int64)
        out = np.full(self.n, -1, dtype=np.int64)
        vals = s.to_pylist()  # dates are few (events, union sections): the JSON validator's own parser
        from .household import _V, HouseholdError

        for r, v in enumerate(vals):
            if v is None:
                continue
            try:
                d = _V.date(v, column)
            except HouseholdError:
                self.ck.fail_row(r, column, msg)
                break
            out[r] = d.year * 10000 + d.month * 100 + d.day
        return out


def _ids(ck: _Checker, column: str, today: dt.date) -> tuple[np.ndarray, np.ndarray, Any]:
    """Vectorised GB 11643 check of an ID-number column: (birth yyyymmdd, first-17-digits int64, null mask)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    t = ck.t
    n = t.num_rows
    arr = _col(t, column)
    if arr is None:
        return np.zeros(n, np.int64), np.zeros(n, np.int64), np.ones(n, bool)
    req = SCHEMA[ck.name][column][1]
    nul = _nulls(arr)
    if req:
        ck.fail_mask(nul, column, "缺少必填字段（required）")

    def msg(r: int) -> str:
        try:
            parse_id_number(_value(t, column, r), today=today)
        except IdNumberError as e:
            return str(e)
        return "身份证号码应为18位字符串"

    s = _as_string(arr)
    if s is None:
        ck.fail_mask(~nul, column, msg)
        return np.zeros(n, np.int64), np.zeros(n, np.int64), nul
    dummy = make_id_number("110101", dt.date(1990, 1, 1), 1, "M")
    length = pc.binary_length(s).fill_null(18).to_numpy(zero_copy_only=False)
    wrong_len = length != 18
    fixed = pc.if_else(pa.array(wrong_len | nul), dummy, s) if (wrong_len | nul).any() else s
    fixed = fixed if fixed.offset == 0 else pc.cast(fixed, pa.string())
    off = np.frombuffer(fixed.buffers()[1], dtype=np.int32)[: n + 1]
    buf = np.frombuffer(fixed.buffers()[2], dtype=np.uint8)
    b = buf[off[0] : off[0] + 18 * n].reshape(n, 18) if n else np.zeros((0, 18), np.uint8)
    d = b - np.uint8(48)  # uint8: anything that is not a digit wraps above 9
    digits_ok = (d[:, :17] <= 9).all(axis=1)
    last = b[:, 17]
    last_x = (last == ord("X")) | (last == ord("x"))
    last_ok = (d[:, 17] <= 9) | last_x
    dd = np.where(d <= 9, d, np.uint8(0))
    c = [dd[:, k].astype(np.int32) for k in range(6, 14)]
    y = c[0] * 1000 + c[1] * 100 + c[2] * 10 + c[3]
    mo = c[4] * 10 + c[5]
    day = c[6] * 10 + c[7]
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    dim = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int32)[np.clip(mo, 0, 12)] + (
        leap & (mo == 2)
    )
    date_ok = (y >= 1) & (mo >= 1) & (mo <= 12) & (day >= 1) & (day <= dim)
    birth = (y * 10000 + mo * 100 + day).astype(np.int64)
    today_i = today.year * 10000 + today.month * 100 + today.day
    sane = (birth <= today_i) & (y >= 1890)
    w = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = np.zeros(n, dtype=np.int32)
    first17 = np.zeros(n, dtype=np.int64)
    for k in range(17):
        col = dd[:, k]
        total += col * np.int32(w[k])
        first17 *= 10
        first17 += col
    expected = np.frombuffer(b"10X98765432", dtype=np.uint8)[total % 11]
    got = np.where(last_x, np.uint8(ord("X")), last)
    check_ok = got == expected
    ok = digits_ok & last_ok & date_ok & sane & check_ok & ~wrong_len
    suspect = ~ok & ~nul
    if suspect.any():
        # the scalar parser is the judge (it strips and upper-cases, as the JSON path does)
        rows = np.nonzero(suspect)[0]
        for r in rows[:1000]:
            try:
                info = parse_id_number(_value(t, column, int(r)), today=today)
            except IdNumberError:
                ck.fail_row(int(r), column, msg)
                break
            bd = info.birth_date
            birth[r] = bd.year * 10000 + bd.month * 100 + bd.day
            first17[r] = int(info.number[:17])
        else:
            if rows.size > 1000:
                ck.fail_row(int(rows[1000]), column, msg)
    return birth, first17, nul


def _keys(parent_ids: Any, child: _Checker, column: str = "household") -> np.ndarray:
    """Index of each row's household in the households table (fails rows naming no household)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = _col(child.t, column)
    n = child.t.num_rows
    if arr is None:
        child.fail_row(0, column, "缺少必填列（required column）") if n else None
        return np.zeros(n, dtype=np.int64)
    nul = _nulls(arr)
    child.fail_mask(nul, column, "缺少必填字段（required）")
    try:
        if arr.type != parent_ids.type:
            arr = pc.cast(arr, parent_ids.type)
    except pa.ArrowException:
        child.fail_mask(~nul, column, "与 households 表 id 列的类型不同")
        return np.zeros(n, dtype=np.int64)
    idx = _lookup(arr, parent_ids)
    child.fail_mask(
        (idx < 0) & ~nul, column, lambda r: f"“{_value(child.t, column, r)}”不是 households 表中的家庭 id"
    )
    return np.where(idx < 0, 0, idx)


def _lookup(arr: Any, parent_ids: Any) -> np.ndarray:
    """Index of each value in parent_ids (-1 if absent). Rows of one household are usually together: the
    lookup is done once per run of equal values, and skipped when the runs are the parent ids in order."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(arr)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if arr.null_count:
        return (
            pc.index_in(arr, value_set=parent_ids)
            .fill_null(-1)
            .to_numpy(zero_copy_only=False)
            .astype(np.int64)
        )
    change = np.ones(n, dtype=bool)
    if n > 1:
        change[1:] = pc.not_equal(arr[1:], arr[:-1]).to_numpy(zero_copy_only=False)
    starts = np.nonzero(change)[0]
    runs = arr.take(pa.array(starts))
    if len(runs) == len(parent_ids) and pc.all(pc.equal(runs, parent_ids)).as_py():
        run_idx = np.arange(len(runs), dtype=np.int64)
    else:
        run_idx = pc.index_in(runs, value_set=parent_ids).fill_null(-1).to_numpy(zero_copy_only=False)
        run_idx = run_idx.astype(np.int64)
    lengths = np.diff(np.append(starts, n))
    return np.repeat(run_idx, lengths)


def _check_columns(name: str, table: Any) -> None:
    allowed = SCHEMA[name]
    for c in table.column_names:
        if c not in allowed:
            raise TableError(name + ".parquet", None, c, "未知列（unknown column）")
    for c, (_k, req) in allowed.items():
        if req and c not in table.column_names:
            raise TableError(name + ".parquet", None, c, "缺少必填列（required column）")


# ---------------------------------------------------------------- tables -> Columns


def tables_to_columns(tables: dict[str, Any], today: dt.date | None = None) -> Columns:
    """Validate the tables (vectorised) and fill the engine's Columns. Raises TableError on the first bad value
    (in table order households, members, incomes, expenses, assets, obligors, events, history_months)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    today = today or dt.date.today()
    empty = {
        name: pa.table({c: pa.array([], pa.null()) for c in SCHEMA[name] if SCHEMA[name][c][1]})
        for name in TABLES
    }
    T = {name: tables.get(name, empty[name]) for name in TABLES}
    for name in TABLES:
        if name in tables:
            _check_columns(name, T[name])

    # ---- households ----
    H = T["households"]
    n = H.num_rows
    ck = _Checker("households", H)
    rd = _Reader(ck)
    hid = _col(H, "id")
    if pa.types.is_dictionary(hid.type):
        hid = hid.cast(hid.type.value_type)
    if not (pa.types.is_integer(hid.type) or _is_string(hid)):
        ck.fail_row(0, "id", "应为非空字符串")
        ck.raise_first()
    if pa.types.is_large_string(hid.type):
        hid = hid.cast(pa.string())
    ck.keys = hid
    rd.required("id", hid)
    if _is_string(hid):
        ck.fail_mask(
            pc.binary_length(hid).fill_null(1).to_numpy(zero_copy_only=False) == 0, "id", "应为非空字符串"
        )
    # unique household ids: the key of every other table
    if n and hid.null_count == 0 and len(pc.unique(hid)) != n:
        enc = pc.index_in(hid, value_set=pc.unique(hid)).to_numpy(zero_copy_only=False)
        if True:
            order = np.argsort(enc, kind="stable")
            dup = np.zeros(n, dtype=bool)
            dup[order[1:]] = enc[order[1:]] == enc[order[:-1]]
            ck.fail_mask(dup, "id", lambda r: f"家庭 id “{hid[r].as_py()}”重复")
    region = rd.region("region")
    area = rd.enum("area_type", _ENUMS["area_type"])
    flags = {f: rd.boolean(f) for f in FLAG_COLUMNS}
    refused = rd.count("refused_suitable_jobs", "应为非负整数（次数），实为 {}")
    ck.fail_mask(refused < 0, "refused_suitable_jobs", lambda r: f"应为非负整数（次数），实为 {refused[r]!r}")
    worker_ref = rd.text("worker_ref") if rd.present("worker_ref") else None
    has_union = ~_nulls(worker_ref) if worker_ref is not None else np.zeros(n, dtype=bool)
    u_member = rd.boolean("union_member")
    u_since = rd.date("labour_relation_since")
    u_migrant = rd.boolean("migrant")
    u_retiree = rd.boolean("retiree")
    h_dibao_since = rd.month("dibao_since")
    h_reemployed = rd.month("reemployed_since")
    last_benefit, last_null = rd.money("last_benefit_household", default=None)
    h_last = np.where(last_null, -1, last_benefit)
    h_cat_code = rd.enum("hardship_category", HARDSHIP_CATEGORIES)
    cat_map = np.array([HIST_CAT_CODES[c] for c in HARDSHIP_CATEGORIES] + [0], dtype=np.int8)
    h_cat = cat_map[h_cat_code]  # -1 (none) -> last entry 0
    aid_code = rd.enum("aid_project", AID_PROJECTS)
    has_aid = aid_code >= 0
    aid_amount, aid_amount_null = rd.money("aid_amount")
    ck.fail_mask(has_aid & aid_amount_null, "aid_amount", "缺少必填字段（required）")
    aid_paid, _ = rd.money("aid_paid_this_year")
    share, share_null = rd.money("aid_self_paid_share", default=None)
    medical = aid_code == AID_PROJECTS.index("medical")
    ck.fail_mask(medical & share_null, "aid_self_paid_share", "医疗帮扶须填写个人自付部分（R-AMT-10）")
    aid_share = np.where(share_null | ~has_aid, -1, share)
    ck.raise_first()

    # ---- members ----
    M = T["members"]
    mck = _Checker("members", M)
    m_hh_raw = _keys(hid, mck)
    mck.keys = _col(M, "household")
    mrd = _Reader(mck)
    ref = mrd.text("ref")
    mrd.text("name")
    birth, id17, _ = _ids(mck, "id_number", today)
    relation = mrd.enum("relation", RELATIONS)
    co = mrd.boolean("co_resident")
    mrd.text("marital_status")
    mrd.enum("health", HEALTH, "healthy")
    mrd.text("disability_category")
    grade = np.zeros(M.num_rows, dtype=np.int64)
    garr = _col(M, "disability_grade")
    if garr is not None:
        gnul = _nulls(garr)
        gmsg = lambda r: f"残疾等级应为1至4的整数，实为 {_value(M, 'disability_grade', r)!r}"  # noqa: E731
        if not pa.types.is_integer(garr.type):
            mck.fail_mask(~gnul, "disability_grade", gmsg)
        else:
            grade = garr.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
            mck.fail_mask(~gnul & ((grade < 1) | (grade > 4)), "disability_grade", gmsg)
    serious = mrd.boolean("serious_illness")
    work = mrd.enum("work_capacity", tuple(WORK_CODES), "full")
    occ = mrd.enum("occupation", OCCUPATIONS, "other")
    mck.raise_first()
    # members in household order, table order within a household (the JSON order)
    m_order = _stable_order(m_hh_raw)
    m_hh = m_hh_raw[m_order]
    m_rows = m_order  # sorted position -> table row
    ref_s = ref.take(pa.array(m_order)) if ref is not None else pa.array([], pa.string())
    # refs as small integer codes (refs repeat across households: m1, m2, ...)
    ref_dict = pc.unique(ref_s) if len(ref_s) else pa.array([], pa.string())
    ref_code = pc.index_in(ref_s, value_set=ref_dict).to_numpy(zero_copy_only=False).astype(np.int64)
    n_refs = max(len(ref_dict), 1)
    mkey = m_hh.astype(np.int64) * n_refs + ref_code
    # unique ref and ID number within a household; one applicant; at least one co-resident member
    mkey_srt = _stable_order(mkey)
    mkey_sorted = mkey[mkey_srt]
    dup = np.zeros(len(mkey), dtype=bool)
    if len(mkey) > 1:
        dup[mkey_srt[1:]] = mkey_sorted[1:] == mkey_sorted[:-1]
    mck.fail_mask(_unsort(dup, m_rows), "ref", lambda r: f"ref “{_value(M, 'ref', r)}”重复")
    id_s = id17[m_order]
    dup = np.zeros(len(mkey), dtype=bool)
    if len(mkey) > 1:
        # only ID numbers that occur more than once anywhere can repeat within a household
        by_id = np.argsort(id_s)
        ids_sorted = id_s[by_id]
        again = np.zeros(len(mkey), dtype=bool)
        eq = ids_sorted[1:] == ids_sorted[:-1]
        again[by_id[1:][eq]] = True
        again[by_id[:-1][eq]] = True
        cand = np.nonzero(again)[0]
        if cand.size:
            srt = cand[np.lexsort((cand, id_s[cand], m_hh[cand]))]
            same = (id_s[srt[1:]] == id_s[srt[:-1]]) & (m_hh[srt[1:]] == m_hh[srt[:-1]])
            dup[srt[1:][same]] = True
    mck.fail_mask(_unsort(dup, m_rows), "id_number", "身份证号码与其他成员重复")
    is_app = relation[m_order] == 0
    app_rank = np.zeros(len(mkey), dtype=bool)
    if is_app.any():
        ai = np.nonzero(is_app)[0]
        app_rank[ai[1:]] = m_hh[ai[1:]] == m_hh[ai[:-1]]
    mck.fail_mask(_unsort(app_rank, m_rows), "relation", "一户只能有一名申请人（applicant）")
    mck.raise_first()
    n_members = np.bincount(m_hh, minlength=n)
    n_app = np.bincount(m_hh[is_app], minlength=n)
    n_co = np.bincount(m_hh[co[m_order]], minlength=n)
    ck2 = _Checker("households", H, hid)
    ck2.fail_mask((n_members > 0) & (n_app == 0), "members", "应有一名成员的 relation 为 applicant（申请人）")
    ck2.fail_mask(n_co == 0, "members", "没有共同生活的家庭成员（co_resident: true），无法认定家庭人口")

    m_off = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(n_members, out=m_off[1:])
    ref_lookup = {}  # ref text -> code, for the child tables

    def member_index(child: _Checker, hh: np.ndarray, column: str) -> tuple[np.ndarray, Any]:
        """Position (in sorted members) of the member each row names; fails rows naming no member."""
        arr = _col(child.t, column)
        s = _as_string(arr) if arr is not None else None
        nrows = child.t.num_rows
        if s is None:
            child.fail_mask(np.ones(nrows, bool), column, "应为非空字符串")
            return np.zeros(nrows, np.int64), None
        nul = _nulls(s)
        child.fail_mask(nul, column, "缺少必填字段（required）")
        code = (
            pc.index_in(s, value_set=ref_dict).fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        )
        key = hh.astype(np.int64) * n_refs + code
        pos = np.searchsorted(mkey_sorted, key)
        pos_c = np.clip(pos, 0, max(len(mkey_sorted) - 1, 0))
        found = (code >= 0) & (len(mkey_sorted) > 0)
        if len(mkey_sorted):
            found &= mkey_sorted[pos_c] == key
        child.fail_mask(~found & ~nul, column, lambda r: f"“{_value(child.t, column, r)}”不是本户成员的 ref")
        return np.where(found, mkey_pos[pos_c] if len(mkey_sorted) else 0, 0), s

    mkey_pos = mkey_srt  # position in sorted member order
    _ = ref_lookup

    # union worker_ref names a member
    if worker_ref is not None and has_union.any():
        code = pc.index_in(worker_ref, value_set=ref_dict).fill_null(-1).to_numpy(zero_copy_only=False)
        key = np.arange(n, dtype=np.int64) * n_refs + code
        pos = np.clip(np.searchsorted(mkey_sorted, key), 0, max(len(mkey_sorted) - 1, 0))
        ok = (code >= 0) & (mkey_sorted[pos] == key) if len(mkey_sorted) else np.zeros(n, bool)
        ck2.fail_mask(has_union & ~ok, "worker_ref", lambda r: f"“{worker_ref[r].as_py()}”不是本户成员的 ref")
    ck2.raise_first()

    # ---- incomes, expenses ----
    def items(name: str, kinds: tuple[str, ...], amount_required: bool) -> dict[str, np.ndarray]:
        tb = T[name]
        c = _Checker(name, tb)
        hh = _keys(hid, c)
        c.keys = _col(tb, "household")
        r = _Reader(c)
        mem, _ = member_index(c, hh, "member")
        kind = r.enum("kind", kinds)
        amt, anul = r.money("amount")
        if not amount_required:  # flexible_wage_unknown may leave the amount out (R-INC-06)
            flex = kind == INCOME_KINDS.index("flexible_wage_unknown")
            c.fail_mask(anul & ~flex & (kind >= 0), "amount", "缺少必填字段（required）")
            amt = np.where(anul & flex, -1, amt)
        per = r.enum("per", PERIODS, "month")
        r.enum("method", INCOME_METHODS)
        r.text("note")
        c.raise_first()
        # members are sorted by household, so the member position orders by (household, member); stable
        # keeps the table order of a member's items (the JSON order)
        order = _stable_order(mem)
        return {
            "hh": hh[order].astype(np.int32),
            "mem": mem[order].astype(np.int32),
            "kind": kind[order].astype(np.int8),
            "amount": amt[order],
            "yearly": (per[order] == 1),
        }

    inc = items("incomes", INCOME_KINDS, False)
    exp = items("expenses", EXPENSE_KINDS, True)

    # ---- assets ----
    A = T["assets"]
    ack = _Checker("assets", A)
    a_hh = _keys(hid, ack)
    ack.keys = _col(A, "household")
    ard = _Reader(ack)
    asset = ard.enum("asset", ASSET_KINDS)
    a_amt, a_amt_null = ard.money("amount")
    fin = asset <= 2
    ack.fail_mask(fin & a_amt_null & (asset >= 0), "amount", "缺少金额")
    area_v = ard.area("area_m2")
    nature = ard.enum("nature", HOUSE_NATURES, "self_owned")
    ard.enum("source", HOUSE_SOURCES)
    large = ard.boolean("in_large_city")
    kind_s = ard.text("kind")
    aid_flag = ard.boolean("mobility_aid")
    ard.text("address")
    ard.text("note")
    is_business = asset == ASSET_KINDS.index("business")
    if is_business.any():
        if kind_s is None:
            ack.fail_mask(is_business, "kind", "缺少必填字段（required）")
        else:
            bcode = (
                pc.index_in(kind_s, value_set=pa.array(BUSINESS_KINDS))
                .fill_null(-1)
                .to_numpy(zero_copy_only=False)
            )
            knul = _nulls(kind_s)
            ack.fail_mask(is_business & knul, "kind", "缺少必填字段（required）")
            ack.fail_mask(
                is_business & ~knul & (bcode < 0),
                "kind",
                lambda r: f"“{_value(A, 'kind', r)}”不是允许的值，应为: {', '.join(BUSINESS_KINDS)}",
            )
    ack.raise_first()
    fin_assets = _sum_by(a_hh[fin], a_amt[fin], n)
    house = asset == ASSET_KINDS.index("house")
    owned = house & (nature == 0)
    rented = house & ((nature == 1) | (nature == 2))
    houses_owned = np.bincount(a_hh[owned], minlength=n).astype(np.int64)
    houses_owned_large = np.bincount(a_hh[owned & large], minlength=n).astype(np.int64)
    owned_area = _sum_by(a_hh[owned], np.maximum(area_v[owned], 0), n)
    rented_area = _sum_by(a_hh[rented], area_v[rented], n)
    n_rented = np.bincount(a_hh[rented], minlength=n)
    n_rented_unknown = np.bincount(a_hh[rented & (area_v <= 0)], minlength=n)
    rented_area = np.where((n_rented > 0) & (n_rented_unknown == 0), rented_area, -1)
    vehicles_nonaid = np.bincount(
        a_hh[(asset == ASSET_KINDS.index("vehicle")) & ~aid_flag], minlength=n
    ).astype(np.int64)
    businesses = np.bincount(a_hh[is_business], minlength=n).astype(np.int64)

    # ---- groups ----
    groups: dict[tuple[str, str], int] = {}
    reg_np = region.to_numpy(zero_copy_only=False) if n else np.zeros(0, object)
    gkey = (
        pc.binary_join_element_wise(region, pa.array(np.array(["urban", "rural"])[area]), "|") if n else None
    )
    g_unique = pc.unique(gkey) if n else pa.array([], pa.string())
    group = (
        pc.index_in(gkey, value_set=g_unique).to_numpy(zero_copy_only=False).astype(np.int32)
        if n
        else np.zeros(0, np.int32)
    )
    for s in g_unique.to_pylist():
        r_, a_ = s.split("|")
        groups[(r_, a_)] = len(groups)
    _ = reg_np

    # ---- obligors ----
    OB = T["obligors"]
    ock = _Checker("obligors", OB)
    o_hh = _keys(hid, ock)
    ock.keys = _col(OB, "household")
    ord_ = _Reader(ock)
    o_mem, _ = member_index(ock, o_hh, "supports")
    ord_.text("name")
    if ord_.present("id_number"):
        _ids(ock, "id_number", today)
    ord_.text("relation")
    hukou = ord_.region("hukou_region")
    o_inc, _ = ord_.money("income")
    o_per = ord_.enum("income_per", PERIODS, "month")
    o_low = ord_.enum("low_income_status", LOW_INCOME_STATUS) >= 0
    court, court_null = ord_.money("court_ordered_support", default=None)
    court_per = ord_.enum("court_ordered_per", PERIODS, "month")
    ock.raise_first()
    no = OB.num_rows
    if no:
        hh_region = region.take(pa.array(o_hh))
        o_region = pc.if_else(pc.is_null(hukou), hh_region, hukou) if hukou is not None else hh_region
        okey = pc.binary_join_element_wise(o_region, pa.array(np.array(["urban", "rural"])[area[o_hh]]), "|")
        for s in pc.unique(okey).to_pylist():
            if tuple(s.split("|")) not in groups:
                groups[tuple(s.split("|"))] = len(groups)  # type: ignore[index]
        all_keys = pa.array(["|".join(k) for k in groups], pa.string())
        o_group = pc.index_in(okey, value_set=all_keys).to_numpy(zero_copy_only=False).astype(np.int32)
    else:
        o_group = np.zeros(0, np.int32)
    oo = _stable_order(o_hh)

    # ---- events: the most recent decides; on equal dates the later entry ----
    E = T["events"]
    eck = _Checker("events", E)
    ev_hh = _keys(hid, eck)
    eck.keys = _col(E, "household")
    erd = _Reader(eck)
    ev_kind = erd.enum("kind", EVENT_KINDS)
    ev_date = erd.date("date")
    ev_sev = erd.enum("severity", SEVERITIES)
    ev_loss, _ = erd.money("loss")
    ev_comp, _ = erd.money("compensation_received")
    ev_still = erd.boolean("still_in_hardship", default=True)
    erd.text("note")
    eck.raise_first()
    has_event = np.zeros(n, dtype=bool)
    ev = {k: np.zeros(n, dtype=np.int64) for k in ("index", "kind", "sev", "loss", "comp")}
    ev["index"][:] = -1
    ev_still_n = np.zeros(n, dtype=bool)
    if E.num_rows:
        rows = np.arange(E.num_rows)
        by_hh = np.argsort(ev_hh, kind="stable")
        pos = np.empty(E.num_rows, dtype=np.int64)
        e_off = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(ev_hh, minlength=n), out=e_off[1:])
        pos[by_hh] = np.arange(E.num_rows) - e_off[ev_hh[by_hh]]
        last = np.lexsort((rows, ev_date, ev_hh))
        # the last row of each household in (hh, date, row) order
        is_last = np.ones(E.num_rows, dtype=bool)
        is_last[:-1] = ev_hh[last[:-1]] != ev_hh[last[1:]]
        pick = last[is_last]
        hhp = ev_hh[pick]
        has_event[hhp] = True
        ev["index"][hhp] = pos[pick]
        ev["kind"][hhp] = ev_kind[pick]
        ev["sev"][hhp] = ev_sev[pick]
        ev["loss"][hhp] = ev_loss[pick]
        ev["comp"][hhp] = ev_comp[pick]
        ev_still_n[hhp] = ev_still[pick]

    # ---- history months (oldest first, no repeats, within a household in table order) ----
    HM = T["history_months"]
    hck = _Checker("history_months", HM)
    hm_hh = _keys(hid, hck)
    hck.keys = _col(HM, "household")
    hrd = _Reader(hck)
    hm_month = hrd.month("month")
    hm_pc, _ = hrd.money("per_capita_net_income")
    hck.raise_first()
    ho = _stable_order(hm_hh)
    if HM.num_rows > 1:
        same = hm_hh[ho[1:]] == hm_hh[ho[:-1]]
        bad = same & (hm_month[ho[1:]] <= hm_month[ho[:-1]])
        badrow = np.zeros(HM.num_rows, dtype=bool)
        badrow[ho[1:][bad]] = True
        hck.fail_mask(badrow, "month", "月份应从早到晚排列且不重复")
        hck.raise_first()

    ids_arr = hid
    cols = Columns(
        n=n,
        ids=ArrowList(ids_arr),
        groups=list(groups),
        group=group,
        m_hh=m_hh.astype(np.int32),
        m_ref=ArrowList(ref_s),
        m_birth=birth[m_order].astype(np.int32),
        m_co=co[m_order],
        m_grade=grade[m_order].astype(np.int8),
        m_serious=serious[m_order],
        m_work=work[m_order].astype(np.int8),
        m_occ=occ[m_order].astype(np.int8),
        i_hh=inc["hh"],
        i_mem=inc["mem"],
        i_kind=inc["kind"],
        i_amount=inc["amount"],
        i_yearly=inc["yearly"],
        e_hh=exp["hh"],
        e_mem=exp["mem"],
        e_kind=exp["kind"],
        e_amount=exp["amount"],
        e_yearly=exp["yearly"],
        o_hh=o_hh[oo].astype(np.int32),
        o_mem=o_mem[oo].astype(np.int32),
        o_group=o_group[oo] if no else o_group,
        o_income=o_inc[oo],
        o_yearly=o_per[oo] == 1,
        o_low=o_low[oo],
        o_court=np.where(court_null, -1, court)[oo],
        o_court_yearly=court_per[oo] == 1,
        fin_assets=fin_assets,
        houses_owned=houses_owned,
        houses_owned_large=houses_owned_large,
        owned_area=owned_area,
        rented_area=rented_area,
        vehicles_nonaid=vehicles_nonaid,
        businesses=businesses,
        f_private_school=flags["private_school_or_self_paid_abroad"],
        f_controlling=flags["controlling_shareholder"],
        f_high_consumption=flags["high_consumption"],
        f_refuses_verification=flags["refuses_verification"],
        f_relative_of_staff=flags["relative_of_staff"],
        f_registered_poor=flags["registered_poor"],
        f_refused_jobs=refused.astype(np.int32),
        has_union=has_union,
        u_member=u_member & has_union,
        u_migrant=u_migrant & has_union,
        u_retiree=u_retiree & has_union,
        u_since=np.where(has_union, u_since, -1),
        has_event=has_event,
        ev_index=ev["index"],
        ev_kind=ev["kind"].astype(np.int8),
        ev_sev=ev["sev"].astype(np.int8),
        ev_loss=ev["loss"],
        ev_comp=ev["comp"],
        ev_still=ev_still_n,
        h_dibao_since=h_dibao_since,
        h_reemployed=h_reemployed,
        h_last_benefit=h_last,
        h_cat=h_cat,
        hm_hh=hm_hh[ho].astype(np.int32),
        hm_month=hm_month[ho].astype(np.int32),
        hm_pc=hm_pc[ho],
        has_aid=has_aid,
        aid_project=np.where(has_aid, aid_code, 0).astype(np.int8),
        aid_amount=np.where(has_aid, aid_amount, 0),
        aid_paid=np.where(has_aid, aid_paid, 0),
        aid_share=aid_share,
    )
    return cols


def _stable_order(key: np.ndarray) -> np.ndarray:
    """Stable sort order; the identity when the key is already non-decreasing (tables in household order)."""
    if key.size < 2 or bool(np.all(key[1:] >= key[:-1])):
        return np.arange(key.size)
    return np.argsort(key, kind="stable")


def _sum_by(owner: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Exact int64 sums per owner (0..n-1)."""
    out = np.zeros(n, dtype=np.int64)
    if owner.size == 0:
        return out
    order = _stable_order(owner)
    o, v = owner[order], values[order].astype(np.int64)
    starts = np.concatenate([[0], np.nonzero(o[1:] != o[:-1])[0] + 1])
    out[o[starts]] = np.add.reduceat(v, starts)
    return out


def _unsort(mask_sorted: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """A mask over sorted positions -> a mask over table rows."""
    out = np.zeros(mask_sorted.size, dtype=bool)
    out[rows[mask_sorted]] = True
    return out


class ArrowList:
    """A read-only list view of an Arrow array giving Python values (Columns.ids and m_ref)."""

    def __init__(self, arr: Any) -> None:
        self.arr = arr

    def __len__(self) -> int:
        return len(self.arr)

    def __bool__(self) -> bool:
        return len(self.arr) > 0

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return ArrowList(self.arr[k])
        return self.arr[int(k)].as_py()

    def __iter__(self) -> Any:
        return iter(self.arr.to_pylist())
