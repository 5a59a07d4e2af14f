"""Columns read from the database for the risk scans: one query per table, the rows turned into numpy arrays,
so that the rules work on whole columns (data-parallel, like the policy engine), never a loop per household."""

from __future__ import annotations

import numpy as np
from django.db import connection

NONE = -1  # a missing foreign key or number in an int64 column


def fetch(sql: str, params=(), kinds: str = "") -> list[np.ndarray]:
    """Run `sql` and return its columns. kinds: one letter per column — i int64 (NULL → -1), b bool,
    d datetime64[D] (NULL → NaT), s str (NULL → "")."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    cols = list(zip(*rows, strict=True)) if rows else [()] * len(kinds)
    return [_column(col, kind) for col, kind in zip(cols, kinds, strict=True)]


def _column(values, kind: str) -> np.ndarray:
    if kind == "i":
        return np.fromiter((NONE if v is None else v for v in values), dtype=np.int64, count=len(values))
    if kind == "b":
        return np.fromiter((bool(v) for v in values), dtype=bool, count=len(values))
    if kind == "d":
        return np.array(["NaT" if v is None else str(v)[:10] for v in values], dtype="datetime64[D]")
    if kind == "s":
        arr = np.array(["" if v is None else v for v in values], dtype=object)
        return arr.astype(str) if len(arr) else np.array([], dtype=str)
    raise ValueError(kind)


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def col(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def index_of(sorted_ids: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of `ids` in `sorted_ids` and whether each was found (a vectorised join on a key)."""
    if len(sorted_ids) == 0:
        return np.zeros(len(ids), dtype=np.int64), np.zeros(len(ids), dtype=bool)
    pos = np.searchsorted(sorted_ids, ids)
    pos = np.clip(pos, 0, len(sorted_ids) - 1)
    return pos, sorted_ids[pos] == ids


def money_fen(values: np.ndarray) -> np.ndarray:
    """Money strings as the engine writes them ("1234.56", "-3.05", "" for none) to int64 fen (-1 for none),
    exactly: the integer and the two decimals are read apart, no float."""
    s = np.asarray(values, dtype=str)
    out = np.full(len(s), NONE, dtype=np.int64)
    ok = np.char.str_len(s) > 0
    if not ok.any():
        return out
    v = s[ok]
    neg = np.char.startswith(v, "-")
    v = np.char.lstrip(v, "-")
    parts = np.char.partition(v, ".")
    whole = parts[:, 0].astype(np.int64)
    frac = np.strings.slice(np.char.ljust(parts[:, 2], 2, "0"), 0, 2).astype(np.int64)
    fen = whole * 100 + frac
    out[ok] = np.where(neg, -fen, fen)
    return out
