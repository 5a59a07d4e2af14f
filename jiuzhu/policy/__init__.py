"""jiuzhu.policy: the rules as code (低保, 临时救助, 困难职工).

Pure Python + numpy: imports nothing from Django or from jiuzhu outside this package except jiuzhu.idnumber.
The public API is listed in __all__; see docs/policy.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .columns import Columns, build_columns
from .engine import Recorder, compute
from .household import HouseholdError, validate_household
from .params import NATIONAL, Params, ParamsError, load_params
from .render import Renderer
from .resolve import resolve

ENGINE_VERSION = "jiuzhu-policy 1.1.0"  # 1.1: issue 11 rules (R-ELIG-08/09/19/20/21, R-AMT-07)

__all__ = [
    "ENGINE_VERSION",
    "Columns",
    "HouseholdError",
    "NATIONAL",
    "Params",
    "ParamsError",
    "assess",
    "assess_columns",
    "assess_many",
    "build_columns",
    "decide_columns",
    "load_params",
    "parse_at",
    "validate_household",
]


def parse_at(at: str) -> dt.date:
    """'2026-07' -> date(2026, 7, 1): the first day of the assessed month."""
    if isinstance(at, str) and len(at) == 7 and at[4] == "-" and at[:4].isdigit() and at[5:].isdigit():
        y, m = int(at[:4]), int(at[5:])
        if 1 <= m <= 12 and y >= 1900:
            return dt.date(y, m, 1)
    raise ValueError(f"应为 YYYY-MM 格式的月份，实为 {at!r}")


def _validate_all(households: list[Any]) -> list[dict[str, Any]]:
    out = []
    for k, h in enumerate(households):
        try:
            out.append(validate_household(h))
        except HouseholdError as e:
            if len(households) > 1:
                path = f"[{k}]" + ("." + e.path if e.path and not e.path.startswith("[") else e.path)
                raise HouseholdError(path, e.problem) from None
            raise
    return out


def assess_columns(cols: Columns, params: Params, at: str, chunk: int = 1 << 20) -> Any:
    """Run the rules over prepared columns; returns the engine Result (arrays), no dicts.

    Large inputs are computed in chunks of households (the same rules; the temporaries stay small and
    are reused by the allocator) and the result arrays concatenated.
    """
    import numpy as np

    from .engine import Result

    day = parse_at(at)
    res = resolve(params, cols.groups, day)
    if cols.n <= chunk:
        return compute(cols, res, day)
    parts = [compute(cols.slice(lo, min(lo + chunk, cols.n)), res, day) for lo in range(0, cols.n, chunk)]
    arrays = {k: np.concatenate([p.arrays[k] for p in parts]) for k in parts[0].arrays}
    return Result(cols.n, parts[0].old_rules, parts[0].at, arrays)


def decide_columns(cols: Columns, params: Params, at: str, chunk: int = 1 << 20) -> Any:
    """The flat decision rows (docs/policy.md, `jiuzhu batch`) of prepared columns, as a pyarrow Table.

    Built column-wise from the result arrays (decisions.py): the same rows as flattening each household's
    output object, without building them."""
    from .decisions import decisions_table

    result = assess_columns(cols, params, at, chunk)
    res = resolve(params, cols.groups, parse_at(at))
    return decisions_table(cols, res, result, at, ENGINE_VERSION)


def assess_many(
    households: list[dict[str, Any]], params: Params, at: str, explain: bool = False
) -> list[dict[str, Any]]:
    """Validate, build columns and run the rules once over all households; results in input order."""
    day = parse_at(at)
    norm = _validate_all(households)
    if not norm:
        return []
    cols = build_columns(norm)
    res = resolve(params, cols.groups, day)
    if explain and cols.n == 1:
        rec = Recorder()
        result = compute(cols, res, day, rec)
        return [Renderer(cols, res, result, at, ENGINE_VERSION).household(0, rec)]
    if explain:
        # the explanation of each household is the recording of the same computation with N=1
        return [assess_many([h], params, at, explain=True)[0] for h in households]
    result = compute(cols, res, day)
    r = Renderer(cols, res, result, at, ENGINE_VERSION)
    return [r.household(i) for i in range(cols.n)]


def assess(household: dict[str, Any], params: Params, at: str, explain: bool = False) -> dict[str, Any]:
    """One household's output as in ASSESSMENT.md."""
    return assess_many([household], params, at, explain=explain)[0]
