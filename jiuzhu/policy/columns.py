"""Columnar household facts: the only input of the rules.

Household-level arrays have length N; member-level arrays length M with `m_hh` (household index, sorted);
income items (K), expense items (E) and obligors (O) carry their household and member index and are sorted by
household (and, for incomes and expenses, by member). `build_columns` fills them from validated households;
a benchmark or a Spark partition can fill them directly from numpy arrays.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from .household import EVENT_KINDS, EXPENSE_KINDS, HARDSHIP_CATEGORIES, INCOME_KINDS, OCCUPATIONS, SEVERITIES

WORK_CODES = {"full": 0, "partial": 1, "none": 2}
HIST_CAT_CODES = {None: 0, "relative": 1, "accident": 2, "deep": 3}
AID_PROJECTS = ("living", "medical", "education", "training", "legal")

I64 = np.int64
I32 = np.int32
I8 = np.int8


@dataclass
class Columns:
    n: int
    ids: list[Any]
    groups: list[tuple[str, str]]  # (region, area_type) table; households and obligors index into it
    group: np.ndarray  # N int32: the household's (region, area_type)
    # members (M)
    m_hh: np.ndarray
    m_ref: list[str]
    m_birth: np.ndarray  # M int32: yyyymmdd
    m_co: np.ndarray  # bool: co-resident
    m_grade: np.ndarray  # int8: disability grade, 0 none
    m_serious: np.ndarray  # bool
    m_work: np.ndarray  # int8: 0 full, 1 partial, 2 none
    m_occ: np.ndarray  # int8: index into OCCUPATIONS
    # incomes (K)
    i_hh: np.ndarray
    i_mem: np.ndarray
    i_kind: np.ndarray  # int8: index into INCOME_KINDS
    i_amount: np.ndarray  # int64 fen; -1: no amount given (flexible_wage_unknown)
    i_yearly: np.ndarray  # bool
    # expenses (E)
    e_hh: np.ndarray
    e_mem: np.ndarray
    e_kind: np.ndarray  # int8: index into EXPENSE_KINDS
    e_amount: np.ndarray
    e_yearly: np.ndarray
    # obligors (O)
    o_hh: np.ndarray
    o_mem: np.ndarray
    o_group: np.ndarray  # (hukou_region, household area_type)
    o_income: np.ndarray
    o_yearly: np.ndarray
    o_low: np.ndarray  # bool: low_income_status not null
    o_court: np.ndarray  # fen, -1 none
    o_court_yearly: np.ndarray
    # assets (N)
    fin_assets: np.ndarray  # deposits + securities + receivables, fen
    houses_owned: np.ndarray  # self_owned dwellings
    houses_owned_large: np.ndarray  # self_owned dwellings in a large or medium city
    owned_area: np.ndarray  # hundredths of m2 of self_owned dwellings
    rented_area: np.ndarray  # hundredths of m2 of rented dwellings, -1 unknown
    vehicles_nonaid: np.ndarray
    businesses: np.ndarray
    # flags (N)
    f_private_school: np.ndarray
    f_controlling: np.ndarray
    f_high_consumption: np.ndarray
    f_refuses_verification: np.ndarray
    f_relative_of_staff: np.ndarray
    f_registered_poor: np.ndarray
    f_refused_jobs: np.ndarray
    # union (N)
    has_union: np.ndarray
    u_member: np.ndarray
    u_migrant: np.ndarray
    u_retiree: np.ndarray
    u_since: np.ndarray  # int32 yyyymmdd, -1 unknown
    # most recent event (N)
    has_event: np.ndarray
    ev_index: np.ndarray  # index in the household's events[] (for the trace)
    ev_kind: np.ndarray  # int8: index into EVENT_KINDS
    ev_sev: np.ndarray  # int8: index into SEVERITIES
    ev_loss: np.ndarray
    ev_comp: np.ndarray
    ev_still: np.ndarray
    # history (N) and history months (H)
    h_dibao_since: np.ndarray  # month ordinal (y*12+m-1), -1 none
    h_reemployed: np.ndarray
    h_last_benefit: np.ndarray  # fen, the monthly 低保 paid before (phase-out keeps it, R-ELIG-04), -1 none
    h_cat: np.ndarray  # int8: HIST_CAT_CODES
    hm_hh: np.ndarray
    hm_month: np.ndarray
    hm_pc: np.ndarray
    # proposed union aid (N)
    has_aid: np.ndarray
    aid_project: np.ndarray  # int8: index into AID_PROJECTS
    aid_amount: np.ndarray
    aid_paid: np.ndarray
    aid_share: np.ndarray  # -1 none
    extra: dict[str, Any] = field(default_factory=dict)

    def slice(self, lo: int, hi: int) -> Columns:
        """Households lo..hi-1 as their own Columns (indices re-based)."""

        def off(idx: np.ndarray) -> tuple[int, int]:
            return int(np.searchsorted(idx, lo, "left")), int(np.searchsorted(idx, hi, "left"))

        m0, m1 = off(self.m_hh)
        kw: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if f.name in ("n", "groups", "extra"):
                continue
            if f.name == "ids":
                kw["ids"] = v[lo:hi]
            elif f.name == "m_ref":
                kw["m_ref"] = v[m0:m1] if v else v
            elif f.name.startswith("m_"):
                kw[f.name] = v[m0:m1]
            elif f.name[:2] in ("i_", "e_", "o_") or f.name.startswith("hm_"):
                continue
            else:
                kw[f.name] = v[lo:hi]
        kw["m_hh"] = self.m_hh[m0:m1] - lo
        for prefix in ("i_", "e_", "o_", "hm_"):
            a, b = off(getattr(self, prefix + "hh"))
            for f in fields(self):
                if f.name.startswith(prefix):
                    kw[f.name] = getattr(self, f.name)[a:b]
            kw[prefix + "hh"] = kw[prefix + "hh"] - lo
            if prefix != "hm_":
                kw[prefix + "mem"] = kw[prefix + "mem"] - m0
        return Columns(n=hi - lo, groups=self.groups, extra=self.extra, **kw)

    def check(self) -> None:
        """Shape checks for directly-built columns."""
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, np.ndarray) and f.name.startswith(("m_", "i_", "e_", "o_", "hm_")):
                continue
            if isinstance(v, np.ndarray) and v.shape != (self.n,):
                raise ValueError(f"column {f.name} has shape {v.shape}, expected ({self.n},)")
        for prefix, ref in (("m_", "m_hh"), ("i_", "i_hh"), ("e_", "e_hh"), ("o_", "o_hh"), ("hm_", "hm_hh")):
            size = getattr(self, ref).shape
            for f in fields(self):
                if f.name.startswith(prefix) and isinstance(getattr(self, f.name), np.ndarray):
                    if getattr(self, f.name).shape != size:
                        raise ValueError(f"column {f.name} does not match {ref}")
        if self.m_hh.size and np.any(np.diff(self.m_hh) < 0):
            raise ValueError("members must be sorted by household")
        for ref in ("i_hh", "e_hh", "o_hh", "hm_hh"):
            a = getattr(self, ref)
            if a.size and np.any(np.diff(a) < 0):
                raise ValueError(f"{ref} must be sorted")


def _ymd(d: dt.date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


_INCOME_CODE = {k: i for i, k in enumerate(INCOME_KINDS)}
_EXPENSE_CODE = {k: i for i, k in enumerate(EXPENSE_KINDS)}
_OCC_CODE = {k: i for i, k in enumerate(OCCUPATIONS)}
_EVENT_CODE = {k: i for i, k in enumerate(EVENT_KINDS)}
_SEV_CODE = {k: i for i, k in enumerate(SEVERITIES)}
assert set(HIST_CAT_CODES) - {None} == set(HARDSHIP_CATEGORIES)


def build_columns(households: list[dict[str, Any]]) -> Columns:
    """Columns from validated (normalized) households, in order."""
    groups: dict[tuple[str, str], int] = {}

    def gidx(key: tuple[str, str]) -> int:
        g = groups.get(key)
        if g is None:
            g = groups[key] = len(groups)
        return g

    n = len(households)
    ids: list[Any] = []
    group = []
    m: dict[str, list[Any]] = {k: [] for k in ("hh", "ref", "birth", "co", "grade", "serious", "work", "occ")}
    inc: dict[str, list[Any]] = {k: [] for k in ("hh", "mem", "kind", "amount", "yearly")}
    exp: dict[str, list[Any]] = {k: [] for k in ("hh", "mem", "kind", "amount", "yearly")}
    obl: dict[str, list[Any]] = {
        k: [] for k in ("hh", "mem", "group", "income", "yearly", "low", "court", "court_yearly")
    }
    hh: dict[str, list[Any]] = {
        k: []
        for k in (
            "fin_assets houses_owned houses_owned_large owned_area rented_area vehicles_nonaid businesses "
            "f_private_school f_controlling f_high_consumption f_refuses_verification f_relative_of_staff "
            "f_registered_poor f_refused_jobs has_union u_member u_migrant u_retiree u_since has_event ev_index "
            "ev_kind ev_sev ev_loss ev_comp ev_still h_dibao_since h_reemployed h_last_benefit h_cat has_aid aid_project "
            "aid_amount aid_paid aid_share"
        ).split()
    }
    hm: dict[str, list[Any]] = {k: [] for k in ("hh", "month", "pc")}
    for h_i, h in enumerate(households):
        ids.append(h["id"])
        g = gidx((h["region"], h["area_type"]))
        group.append(g)
        base = len(m["hh"])
        for mm in h["members"]:
            mi = len(m["hh"])
            m["hh"].append(h_i)
            m["ref"].append(mm["ref"])
            m["birth"].append(_ymd(mm["birth"]))
            m["co"].append(mm["co_resident"])
            m["grade"].append(mm["disability_grade"])
            m["serious"].append(mm["serious_illness"])
            m["work"].append(WORK_CODES[mm["work_capacity"]])
            m["occ"].append(_OCC_CODE[mm["occupation"]])
            for it in mm["incomes"]:
                inc["hh"].append(h_i)
                inc["mem"].append(mi)
                inc["kind"].append(_INCOME_CODE[it["kind"]])
                inc["amount"].append(it["amount"])
                inc["yearly"].append(it["yearly"])
            for it in mm["expenses"]:
                exp["hh"].append(h_i)
                exp["mem"].append(mi)
                exp["kind"].append(_EXPENSE_CODE[it["kind"]])
                exp["amount"].append(it["amount"])
                exp["yearly"].append(it["yearly"])
        for o in h["obligors"]:
            obl["hh"].append(h_i)
            obl["mem"].append(base + o["member"])
            obl["group"].append(gidx((o["hukou_region"], h["area_type"])))
            obl["income"].append(o["income"])
            obl["yearly"].append(o["income_yearly"])
            obl["low"].append(o["low_income_status"] is not None)
            obl["court"].append(o["court"])
            obl["court_yearly"].append(o["court_yearly"])
        a = h["assets"]
        hh["fin_assets"].append(a["deposits"] + a["securities"] + a["receivables"])
        owned = [x for x in a["houses"] if x["nature"] == "self_owned"]
        rented = [x for x in a["houses"] if x["nature"] in ("rented_public", "rented_private")]
        hh["houses_owned"].append(len(owned))
        hh["houses_owned_large"].append(sum(1 for x in owned if x["large_city"]))
        hh["owned_area"].append(sum(max(x["area"], 0) for x in owned))
        hh["rented_area"].append(
            sum(x["area"] for x in rented) if rented and all(x["area"] > 0 for x in rented) else -1
        )
        hh["vehicles_nonaid"].append(sum(1 for v in a["vehicles"] if not v["mobility_aid"]))
        hh["businesses"].append(len(a["businesses"]))
        f = h["flags"]
        hh["f_private_school"].append(f["private_school_or_self_paid_abroad"])
        hh["f_controlling"].append(f["controlling_shareholder"])
        hh["f_high_consumption"].append(f["high_consumption"])
        hh["f_refuses_verification"].append(f["refuses_verification"])
        hh["f_relative_of_staff"].append(f["relative_of_staff"])
        hh["f_registered_poor"].append(f["registered_poor"])
        hh["f_refused_jobs"].append(f["refused_suitable_jobs"])
        u = h["union"]
        hh["has_union"].append(u is not None)
        hh["u_member"].append(bool(u and u["union_member"]))
        hh["u_migrant"].append(bool(u and u["migrant"]))
        hh["u_retiree"].append(bool(u and u["retiree"]))
        hh["u_since"].append(_ymd(u["since"]) if u and u["since"] else -1)
        evs = h["events"]
        if evs:
            # the most recent event decides (docs/policy-decisions.md); on equal dates the later entry
            j = max(range(len(evs)), key=lambda k: (evs[k]["date"], k))
            e = evs[j]
            hh["has_event"].append(True)
            hh["ev_index"].append(j)
            hh["ev_kind"].append(_EVENT_CODE[e["kind"]])
            hh["ev_sev"].append(_SEV_CODE[e["severity"]])
            hh["ev_loss"].append(e["loss"])
            hh["ev_comp"].append(e["compensation"])
            hh["ev_still"].append(e["still"])
        else:
            for k, v in (
                ("has_event", False),
                ("ev_index", -1),
                ("ev_kind", 0),
                ("ev_sev", 0),
                ("ev_loss", 0),
                ("ev_comp", 0),
                ("ev_still", False),
            ):
                hh[k].append(v)
        hist = h["history"]
        hh["h_dibao_since"].append(hist["dibao_since"] if hist and hist["dibao_since"] is not None else -1)
        hh["h_reemployed"].append(
            hist["reemployed_since"] if hist and hist["reemployed_since"] is not None else -1
        )
        last = hist["last_benefit_household"] if hist else None
        hh["h_last_benefit"].append(-1 if last is None else last)
        hh["h_cat"].append(HIST_CAT_CODES[hist["hardship_category"]] if hist else 0)
        if hist:
            for month, pc in hist["months"]:
                hm["hh"].append(h_i)
                hm["month"].append(month)
                hm["pc"].append(pc)
        aid = h["union_aid"]
        hh["has_aid"].append(aid is not None)
        hh["aid_project"].append(AID_PROJECTS.index(aid["project"]) if aid else 0)
        hh["aid_amount"].append(aid["amount"] if aid else 0)
        hh["aid_paid"].append(aid["paid"] if aid else 0)
        hh["aid_share"].append(aid["share"] if aid else -1)

    def arr(x: list[Any], dtype: Any) -> np.ndarray:
        return np.asarray(x, dtype=dtype)

    boolean = [k for k in hh if k.startswith(("f_", "has_", "u_m", "u_r", "ev_still"))]
    kw: dict[str, Any] = {}
    for k, v in hh.items():
        if k == "f_refused_jobs":
            kw[k] = arr(v, I32)
        elif k in boolean:
            kw[k] = arr(v, bool)
        elif k in ("ev_kind", "ev_sev", "h_cat", "aid_project"):
            kw[k] = arr(v, I8)
        else:
            kw[k] = arr(v, I64)
    cols = Columns(
        n=n,
        ids=ids,
        groups=list(groups),
        group=arr(group, I32),
        m_hh=arr(m["hh"], I32),
        m_ref=m["ref"],
        m_birth=arr(m["birth"], I32),
        m_co=arr(m["co"], bool),
        m_grade=arr(m["grade"], I8),
        m_serious=arr(m["serious"], bool),
        m_work=arr(m["work"], I8),
        m_occ=arr(m["occ"], I8),
        i_hh=arr(inc["hh"], I32),
        i_mem=arr(inc["mem"], I32),
        i_kind=arr(inc["kind"], I8),
        i_amount=arr(inc["amount"], I64),
        i_yearly=arr(inc["yearly"], bool),
        e_hh=arr(exp["hh"], I32),
        e_mem=arr(exp["mem"], I32),
        e_kind=arr(exp["kind"], I8),
        e_amount=arr(exp["amount"], I64),
        e_yearly=arr(exp["yearly"], bool),
        o_hh=arr(obl["hh"], I32),
        o_mem=arr(obl["mem"], I32),
        o_group=arr(obl["group"], I32),
        o_income=arr(obl["income"], I64),
        o_yearly=arr(obl["yearly"], bool),
        o_low=arr(obl["low"], bool),
        o_court=arr(obl["court"], I64),
        o_court_yearly=arr(obl["court_yearly"], bool),
        hm_hh=arr(hm["hh"], I32),
        hm_month=arr(hm["month"], I32),
        hm_pc=arr(hm["pc"], I64),
        **kw,
    )
    return cols
