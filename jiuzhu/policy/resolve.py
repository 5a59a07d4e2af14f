"""Resolve the dated parameter store into per-group arrays for one assessment date.

A group is a (region, area_type) pair. For each parameter slot we produce an int64 value array and a boolean
`present` array over groups; the rules index them by each household's group. `found` keeps the Found
records (region, effective date, value) for the trace and the digest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from .params import INCREMENT_GROUPS, SEVERITIES, TEMP_TYPES, Found, Params

# Keys the rules consult, in order (the digest and the trace list them in this order).
CONSULTED = (
    "dibao_standard",
    "low_income_standard",
    "low_income_multiplier",
    "minimum_wage",
    "obligor_support_ratio",
    "dibao_deduct_rigid_expenses",
    "dibao_property",
    "classified_increment",
    "phase_out_months",
    "prior_year_disposable_income_per_capita",
    "temporary_assistance",
    "local_floor_area_per_capita",
    "union_phase_out_months",
)


# R-ELIG-21: provincial unions set the union standards; a county without its own value takes its province's
# (region code of the province: the first two digits and 0000). A county's own value comes first.
PROVINCIAL_FALLBACK = (
    "low_income_standard",
    "low_income_multiplier",
    "local_floor_area_per_capita",
    "union_phase_out_months",
)


def lookup(params: Params, region: str, key: str, area_type: str, day: dt.date) -> Found | None:
    f = params.lookup(region, key, area_type, day)
    if f is None and key in PROVINCIAL_FALLBACK and len(region) == 6 and region[2:] != "0000":
        f = params.lookup(region[:2] + "0000", key, area_type, day)
    return f


@dataclass
class Slot:
    value: np.ndarray  # int64 per group
    present: np.ndarray  # bool per group


class Resolved:
    def __init__(self, params: Params, groups: list[tuple[str, str]], day: dt.date) -> None:
        self.params = params
        self.groups = groups
        self.day = day
        g = len(groups)
        self.found: dict[str, list[Found | None]] = {
            k: [lookup(params, r, k, a, day) for r, a in groups] for k in CONSULTED
        }
        self.slots: dict[str, Slot] = {}

        def simple(name: str, key: str, conv: Any = int) -> None:
            vals = np.zeros(g, dtype=np.int64)
            pres = np.zeros(g, dtype=bool)
            for i, f in enumerate(self.found[key]):
                if f is not None:
                    vals[i] = conv(f.value)
                    pres[i] = True
            self.slots[name] = Slot(vals, pres)

        def sub(name: str, key: str, path: tuple[str, ...], conv: Any = int) -> None:
            vals = np.zeros(g, dtype=np.int64)
            pres = np.zeros(g, dtype=bool)
            for i, f in enumerate(self.found[key]):
                if f is None:
                    continue
                v: Any = f.value
                for p in path:
                    v = v.get(p) if isinstance(v, dict) else None
                if v is not None:
                    vals[i] = conv(v)
                    pres[i] = True
            self.slots[name] = Slot(vals, pres)

        simple("std", "dibao_standard")
        simple("low", "low_income_standard")
        simple("lowmult", "low_income_multiplier")
        simple("minw", "minimum_wage")
        simple("ratio", "obligor_support_ratio")
        simple("deduct", "dibao_deduct_rigid_expenses")
        simple("prop", "dibao_property", lambda v: 1)
        sub("prop_months", "dibao_property", ("financial_assets_months_per_capita",))
        sub("prop_houses", "dibao_property", ("max_houses",))
        sub("prop_vehicles", "dibao_property", ("vehicles_allowed",))
        simple("inc", "classified_increment", lambda v: 1)
        for grp in INCREMENT_GROUPS:
            sub(f"inc_{grp}", "classified_increment", (grp,))
        simple("phase", "phase_out_months")
        simple("prior", "prior_year_disposable_income_per_capita")
        simple("temp", "temporary_assistance", lambda v: 1)
        for t in TEMP_TYPES:
            for s in SEVERITIES:
                sub(f"temp_{t}_{s}", "temporary_assistance", (t, s))
        sub("temp_limit", "temporary_assistance", ("township_approval_limit",))
        sub("temp_disaster", "temporary_assistance", ("disaster_uplift",))
        simple("floor", "local_floor_area_per_capita")
        simple("uphase", "union_phase_out_months")

    def std_on(self, day: dt.date) -> Slot:
        """The dibao standard of every group on another day (history months, R-ELIG-18)."""
        vals = np.zeros(len(self.groups), dtype=np.int64)
        pres = np.zeros(len(self.groups), dtype=bool)
        for i, (r, a) in enumerate(self.groups):
            f = self.params.lookup(r, "dibao_standard", a, day)
            if f is not None:
                vals[i] = f.value
                pres[i] = True
        return Slot(vals, pres)


_CACHE: dict[tuple[int, tuple[tuple[str, str], ...], dt.date], Resolved] = {}


def resolve(params: Params, groups: list[tuple[str, str]], day: dt.date) -> Resolved:
    """Cached per (params object, groups, day): single-case calls reuse the arrays."""
    key = (id(params), tuple(groups), day)
    r = _CACHE.get(key)
    if r is None or r.params is not params:
        if len(_CACHE) > 256:
            _CACHE.clear()
        r = _CACHE[key] = Resolved(params, groups, day)
    return r
