"""Validation of `jiuzhu.household/1` objects (ASSESSMENT.md) into a normalized form.

This layer is separate from the rules: it turns JSON into checked Python values (money as int fen, dates as
datetime.date, ID numbers parsed with jiuzhu.idnumber), applies the input defaults of
docs/policy-decisions.md and refuses unknown fields, naming the JSON path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from jiuzhu.idnumber import IdNumberError, parse_id_number

from .money import AmountError, parse_area, parse_money

SCHEMA = "jiuzhu.household/1"

RELATIONS = ("applicant", "spouse", "child", "parent", "grandparent", "grandchild", "sibling", "other")
HEALTH = ("healthy", "fair", "disabled", "ill")
WORK_CAPACITY = ("full", "partial", "none")
OCCUPATIONS = (
    "elderly",
    "employed",
    "flexible",
    "registered_unemployed",
    "unregistered_unemployed",
    "adult_dependent_student",
    "other",
)
# Income kinds. Counted (R-INC-04, R-INC-06..09), deducted (R-INC-09) and excluded (R-INC-05).
COUNTED_KINDS = (
    "wage",
    "flexible_wage_unknown",
    "business_net",
    "property_net",
    "transfer",
    "pension",
    "other_counted",
)
OUT_KINDS = ("transfer_out",)
EXCLUDED_KINDS = (
    "special_care",
    "family_planning_award",
    "scholarship",
    "bravery_award",
    "social_assistance",
    "basic_pension_central",
    "locally_excluded",
)
INCOME_KINDS = COUNTED_KINDS + OUT_KINDS + EXCLUDED_KINDS
EXPENSE_KINDS = ("medical", "disability_care", "education", "housing_rent", "other_local", "employment_cost")
PERIODS = ("month", "year")
LOW_INCOME_STATUS = ("tekun", "dibao", "registered_poor", "low_income")
HOUSE_NATURES = ("self_owned", "rented_public", "rented_private", "temporary", "borrowed")
HOUSE_SOURCES = ("self_purchased", "self_built", "resettlement", "rented_public")
BUSINESS_KINDS = ("shop", "employs_others")
EVENT_KINDS = (
    "fire",
    "traffic_accident",
    "other_accident",
    "sudden_illness",
    "disaster",
    "education_spending",
    "medical_spending",
    "other",
)
SEVERITIES = ("minor", "moderate", "severe")
HARDSHIP_CATEGORIES = ("deep", "relative", "accident")
AID_PROJECTS = ("living", "medical", "education", "training", "legal")
INCOME_METHODS = (
    "contract",
    "investigation",
    "inferred",
    "social_insurance",
    "tax",
    "provident_fund",
    "minimum_wage",
    "declared",
    "financial_institution",
    "collective_record",
    "receipt",
    "legal_document",
    "agreement",
    "local_average",
    "assessment",
)
FLAGS = (
    "private_school_or_self_paid_abroad",
    "controlling_shareholder",
    "high_consumption",
    "refuses_verification",
    "relative_of_staff",
    "registered_poor",
)


class HouseholdError(ValueError):
    """Bad household input: `path` is the JSON path (e.g. members[1].id_number), `problem` what is wrong."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}" if path else problem)
        self.path = path
        self.problem = problem


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class _V:
    """Small helpers bound to a path; every problem becomes a HouseholdError with that path."""

    @staticmethod
    def obj(v: Any, path: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> Mapping[str, Any]:
        if not isinstance(v, Mapping):
            raise HouseholdError(path, "应为对象（JSON object）")
        for k in v:
            if k not in allowed:
                raise HouseholdError(_join(path, str(k)), "未知字段（unknown field）")
        for k in required:
            if k not in v or v[k] is None:
                raise HouseholdError(_join(path, k), "缺少必填字段（required）")
        return v

    @staticmethod
    def lst(v: Any, path: str) -> list[Any]:
        if v is None:
            return []
        if not isinstance(v, list):
            raise HouseholdError(path, "应为数组（JSON array）")
        return v

    @staticmethod
    def enum(v: Any, path: str, values: tuple[str, ...]) -> str:
        if v not in values:
            raise HouseholdError(path, f"“{v}”不是允许的值，应为: {', '.join(values)}")
        return str(v)

    @staticmethod
    def boolean(v: Any, path: str, default: bool = False) -> bool:
        if v is None:
            return default
        if not isinstance(v, bool):
            raise HouseholdError(path, f"应为 true 或 false，实为 {v!r}")
        return v

    @staticmethod
    def text(v: Any, path: str, *, optional: bool = False) -> str | None:
        if v is None and optional:
            return None
        if not isinstance(v, str) or not v.strip():
            raise HouseholdError(path, "应为非空字符串")
        return v

    @staticmethod
    def money(v: Any, path: str, default: int | None = None) -> int:
        if v is None:
            if default is None:
                raise HouseholdError(path, "缺少金额")
            return default
        try:
            return parse_money(v)
        except AmountError as e:
            raise HouseholdError(path, str(e)) from None

    @staticmethod
    def date(v: Any, path: str) -> dt.date:
        if isinstance(v, str):
            s = v.strip()
            try:
                if len(s) == 7:
                    return dt.date.fromisoformat(s + "-01")
                return dt.date.fromisoformat(s)
            except ValueError:
                pass
        raise HouseholdError(path, f"“{v}”应为 YYYY-MM-DD 格式的日期")

    @staticmethod
    def month(v: Any, path: str) -> int:
        """'2026-07' -> month ordinal (year * 12 + month - 1)."""
        if isinstance(v, str):
            s = v.strip()
            if len(s) == 7 and s[4] == "-" and s[:4].isdigit() and s[5:].isdigit():
                y, m = int(s[:4]), int(s[5:])
                if 1 <= m <= 12:
                    return y * 12 + m - 1
        raise HouseholdError(path, f"“{v}”应为 YYYY-MM 格式的月份")

    @staticmethod
    def period(v: Any, path: str) -> bool:
        """True for a yearly amount. Default month (docs/policy-decisions.md, Input defaults)."""
        if v is None:
            return False
        return _V.enum(v, path, PERIODS) == "year"

    @staticmethod
    def id_number(v: Any, path: str) -> Any:
        try:
            return parse_id_number(v)
        except IdNumberError as e:
            raise HouseholdError(path, str(e)) from None


def _amount_per(v: Any, path: str) -> tuple[int, bool]:
    o = _V.obj(v, path, ("amount", "per", "note"), ("amount",))
    return _V.money(o["amount"], _join(path, "amount")), _V.period(o.get("per"), _join(path, "per"))


def _income(v: Any, path: str) -> dict[str, Any]:
    o = _V.obj(v, path, ("kind", "amount", "per", "method", "note"), ("kind",))
    kind = _V.enum(o["kind"], _join(path, "kind"), INCOME_KINDS)
    if kind == "flexible_wage_unknown":
        amount = -1 if o.get("amount") is None else _V.money(o["amount"], _join(path, "amount"))
    else:
        if o.get("amount") is None:
            raise HouseholdError(_join(path, "amount"), "缺少必填字段（required）")
        amount = _V.money(o["amount"], _join(path, "amount"))
    method = o.get("method")
    if method is not None:
        method = _V.enum(method, _join(path, "method"), INCOME_METHODS)
    if o.get("note") is not None:
        _V.text(o["note"], _join(path, "note"))
    return {
        "kind": kind,
        "amount": amount,
        "yearly": _V.period(o.get("per"), _join(path, "per")),
        "method": method,
    }


def _expense(v: Any, path: str) -> dict[str, Any]:
    o = _V.obj(v, path, ("kind", "amount", "per", "method", "note"), ("kind", "amount"))
    kind = _V.enum(o["kind"], _join(path, "kind"), EXPENSE_KINDS)
    if o.get("method") is not None:
        _V.enum(o["method"], _join(path, "method"), INCOME_METHODS)
    if o.get("note") is not None:
        _V.text(o["note"], _join(path, "note"))
    return {
        "kind": kind,
        "amount": _V.money(o["amount"], _join(path, "amount")),
        "yearly": _V.period(o.get("per"), _join(path, "per")),
    }


_MEMBER_FIELDS = (
    "ref",
    "name",
    "id_number",
    "relation",
    "co_resident",
    "marital_status",
    "health",
    "disability",
    "serious_illness",
    "work_capacity",
    "occupation",
    "incomes",
    "expenses",
)


def _member(v: Any, path: str) -> dict[str, Any]:
    o = _V.obj(v, path, _MEMBER_FIELDS, ("ref", "name", "id_number", "relation", "co_resident"))
    ref = _V.text(o["ref"], _join(path, "ref"))
    _V.text(o["name"], _join(path, "name"))
    info = _V.id_number(o["id_number"], _join(path, "id_number"))
    relation = _V.enum(o["relation"], _join(path, "relation"), RELATIONS)
    co_resident = _V.boolean(o["co_resident"], _join(path, "co_resident"))
    if o.get("marital_status") is not None:
        _V.text(o["marital_status"], _join(path, "marital_status"))
    health = _V.enum(o.get("health", "healthy"), _join(path, "health"), HEALTH)
    grade = 0
    if o.get("disability") is not None:
        dpath = _join(path, "disability")
        d = _V.obj(o["disability"], dpath, ("category", "grade"), ("grade",))
        if d.get("category") is not None:
            _V.text(d["category"], _join(dpath, "category"))
        g = d["grade"]
        if isinstance(g, bool) or not isinstance(g, int) or not 1 <= g <= 4:
            raise HouseholdError(_join(dpath, "grade"), f"残疾等级应为1至4的整数，实为 {g!r}")
        grade = g
    serious = _V.boolean(o.get("serious_illness"), _join(path, "serious_illness"))
    work = _V.enum(o.get("work_capacity", "full"), _join(path, "work_capacity"), WORK_CAPACITY)
    occupation = _V.enum(o.get("occupation", "other"), _join(path, "occupation"), OCCUPATIONS)
    incomes = [
        _income(x, _join(_join(path, "incomes"), i))
        for i, x in enumerate(_V.lst(o.get("incomes"), _join(path, "incomes")))
    ]
    expenses = [
        _expense(x, _join(_join(path, "expenses"), i))
        for i, x in enumerate(_V.lst(o.get("expenses"), _join(path, "expenses")))
    ]
    return {
        "ref": ref,
        "id_number": info.number,
        "birth": info.birth_date,
        "relation": relation,
        "co_resident": co_resident,
        "health": health,
        "disability_grade": grade,
        "serious_illness": serious,
        "work_capacity": work,
        "occupation": occupation,
        "incomes": incomes,
        "expenses": expenses,
    }


def _region(v: Any, path: str) -> str:
    if not isinstance(v, str) or len(v) != 6 or not v.isdigit():
        raise HouseholdError(path, f"区划代码应为6位数字字符串（GB/T 2260），实为 {v!r}")
    return v


def _obligor(v: Any, path: str, refs: dict[str, int], region: str) -> dict[str, Any]:
    o = _V.obj(
        v,
        path,
        (
            "name",
            "id_number",
            "relation",
            "supports",
            "hukou_region",
            "income",
            "low_income_status",
            "court_ordered_support",
        ),
        ("supports",),
    )
    if o.get("name") is not None:
        _V.text(o["name"], _join(path, "name"))
    if o.get("id_number") is not None:
        _V.id_number(o["id_number"], _join(path, "id_number"))
    if o.get("relation") is not None:
        _V.text(o["relation"], _join(path, "relation"))
    sup = o["supports"]
    if sup not in refs:
        raise HouseholdError(_join(path, "supports"), f"“{sup}”不是本户成员的 ref")
    hukou = (
        _region(o["hukou_region"], _join(path, "hukou_region"))
        if o.get("hukou_region") is not None
        else region
    )
    income, income_yearly = (0, False)
    if o.get("income") is not None:
        income, income_yearly = _amount_per(o["income"], _join(path, "income"))
    status = o.get("low_income_status")
    if status is not None:
        _V.enum(status, _join(path, "low_income_status"), LOW_INCOME_STATUS)
    court = o.get("court_ordered_support")
    court_amt, court_yearly = (-1, False)
    if court is not None:
        court_amt, court_yearly = _amount_per(court, _join(path, "court_ordered_support"))
    return {
        "member": refs[sup],
        "hukou_region": hukou,
        "income": income,
        "income_yearly": income_yearly,
        "low_income_status": status,
        "court": court_amt,
        "court_yearly": court_yearly,
    }


def _assets(v: Any, path: str) -> dict[str, Any]:
    if v is None:
        v = {}
    o = _V.obj(v, path, ("deposits", "securities", "receivables", "houses", "vehicles", "businesses"))
    houses = []
    for i, h in enumerate(_V.lst(o.get("houses"), _join(path, "houses"))):
        hp = _join(_join(path, "houses"), i)
        ho = _V.obj(h, hp, ("area_m2", "nature", "source", "in_large_city", "address", "note"))
        area = -1
        if ho.get("area_m2") is not None:
            try:
                area = parse_area(ho["area_m2"])
            except AmountError as e:
                raise HouseholdError(_join(hp, "area_m2"), str(e)) from None
        nature = _V.enum(ho.get("nature", "self_owned"), _join(hp, "nature"), HOUSE_NATURES)
        if ho.get("source") is not None:
            _V.enum(ho["source"], _join(hp, "source"), HOUSE_SOURCES)
        if ho.get("address") is not None:
            _V.text(ho["address"], _join(hp, "address"))
        if ho.get("note") is not None:
            _V.text(ho["note"], _join(hp, "note"))
        houses.append(
            {
                "area": area,
                "nature": nature,
                "large_city": _V.boolean(ho.get("in_large_city"), _join(hp, "in_large_city")),
            }
        )
    vehicles = []
    for i, x in enumerate(_V.lst(o.get("vehicles"), _join(path, "vehicles"))):
        vp = _join(_join(path, "vehicles"), i)
        vo = _V.obj(x, vp, ("kind", "mobility_aid", "note"))
        if vo.get("kind") is not None:
            _V.text(vo["kind"], _join(vp, "kind"))
        vehicles.append({"mobility_aid": _V.boolean(vo.get("mobility_aid"), _join(vp, "mobility_aid"))})
    businesses = []
    for i, x in enumerate(_V.lst(o.get("businesses"), _join(path, "businesses"))):
        bp = _join(_join(path, "businesses"), i)
        bo = _V.obj(x, bp, ("kind", "note"), ("kind",))
        businesses.append(_V.enum(bo["kind"], _join(bp, "kind"), BUSINESS_KINDS))
    return {
        "deposits": _V.money(o.get("deposits"), _join(path, "deposits"), 0),
        "securities": _V.money(o.get("securities"), _join(path, "securities"), 0),
        "receivables": _V.money(o.get("receivables"), _join(path, "receivables"), 0),
        "houses": houses,
        "vehicles": vehicles,
        "businesses": businesses,
    }


def _flags(v: Any, path: str) -> dict[str, Any]:
    if v is None:
        v = {}
    o = _V.obj(v, path, FLAGS + ("refused_suitable_jobs",))
    out: dict[str, Any] = {f: _V.boolean(o.get(f), _join(path, f)) for f in FLAGS}
    r = o.get("refused_suitable_jobs", 0)
    if r is None:
        r = 0
    if isinstance(r, bool) or not isinstance(r, int) or r < 0:
        raise HouseholdError(_join(path, "refused_suitable_jobs"), f"应为非负整数（次数），实为 {r!r}")
    out["refused_suitable_jobs"] = r
    return out


def _union(v: Any, path: str, refs: dict[str, int]) -> dict[str, Any] | None:
    if v is None:
        return None
    o = _V.obj(
        v,
        path,
        ("worker_ref", "union_member", "labour_relation_since", "migrant", "retiree"),
        ("worker_ref",),
    )
    w = o["worker_ref"]
    if w not in refs:
        raise HouseholdError(_join(path, "worker_ref"), f"“{w}”不是本户成员的 ref")
    since = None
    if o.get("labour_relation_since") is not None:
        since = _V.date(o["labour_relation_since"], _join(path, "labour_relation_since"))
    return {
        "worker": refs[w],
        "union_member": _V.boolean(o.get("union_member"), _join(path, "union_member")),
        "since": since,
        "migrant": _V.boolean(o.get("migrant"), _join(path, "migrant")),
        "retiree": _V.boolean(o.get("retiree"), _join(path, "retiree")),
    }


def _event(v: Any, path: str) -> dict[str, Any]:
    o = _V.obj(
        v,
        path,
        ("kind", "date", "severity", "loss", "compensation_received", "still_in_hardship", "note"),
        ("kind", "date", "severity"),
    )
    return {
        "kind": _V.enum(o["kind"], _join(path, "kind"), EVENT_KINDS),
        "date": _V.date(o["date"], _join(path, "date")),
        "severity": _V.enum(o["severity"], _join(path, "severity"), SEVERITIES),
        "loss": _V.money(o.get("loss"), _join(path, "loss"), 0),
        "compensation": _V.money(o.get("compensation_received"), _join(path, "compensation_received"), 0),
        # An event is reported because the household is in hardship; `false` must be said (DEFAULT).
        "still": _V.boolean(o.get("still_in_hardship"), _join(path, "still_in_hardship"), True),
    }


def _history(v: Any, path: str) -> dict[str, Any] | None:
    if v is None:
        return None
    o = _V.obj(
        v, path, ("months", "dibao_since", "reemployed_since", "last_benefit_household", "hardship_category")
    )
    months = []
    prev = None
    for i, m in enumerate(_V.lst(o.get("months"), _join(path, "months"))):
        mp = _join(_join(path, "months"), i)
        mo = _V.obj(m, mp, ("month", "per_capita_net_income"), ("month", "per_capita_net_income"))
        ordinal = _V.month(mo["month"], _join(mp, "month"))
        if prev is not None and ordinal <= prev:
            raise HouseholdError(_join(mp, "month"), "月份应从早到晚排列且不重复")
        prev = ordinal
        months.append((ordinal, _V.money(mo["per_capita_net_income"], _join(mp, "per_capita_net_income"))))
    cat = o.get("hardship_category")
    if cat is not None:
        cat = _V.enum(cat, _join(path, "hardship_category"), HARDSHIP_CATEGORIES)
    return {
        "months": months,
        "dibao_since": _V.month(o["dibao_since"], _join(path, "dibao_since"))
        if o.get("dibao_since") is not None
        else None,
        "reemployed_since": _V.month(o["reemployed_since"], _join(path, "reemployed_since"))
        if o.get("reemployed_since") is not None
        else None,
        # the monthly 低保 amount paid before this assessment: a phase-out keeps paying it (R-ELIG-04)
        "last_benefit_household": _V.money(o["last_benefit_household"], _join(path, "last_benefit_household"))
        if o.get("last_benefit_household") is not None
        else None,
        "hardship_category": cat,
    }


def _union_aid(v: Any, path: str) -> dict[str, Any] | None:
    if v is None:
        return None
    o = _V.obj(v, path, ("project", "amount", "paid_this_year", "self_paid_share"), ("project", "amount"))
    project = _V.enum(o["project"], _join(path, "project"), AID_PROJECTS)
    share = -1
    if project == "medical":
        if o.get("self_paid_share") is None:
            raise HouseholdError(_join(path, "self_paid_share"), "医疗帮扶须填写个人自付部分（R-AMT-10）")
        share = _V.money(o["self_paid_share"], _join(path, "self_paid_share"))
    elif o.get("self_paid_share") is not None:
        share = _V.money(o["self_paid_share"], _join(path, "self_paid_share"))
    return {
        "project": project,
        "amount": _V.money(o["amount"], _join(path, "amount")),
        "paid": _V.money(o.get("paid_this_year"), _join(path, "paid_this_year"), 0),
        "share": share,
    }


_TOP = (
    "schema",
    "id",
    "region",
    "area_type",
    "members",
    "obligors",
    "assets",
    "union",
    "flags",
    "events",
    "history",
    "union_aid",
)


def validate_household(obj: Any) -> dict[str, Any]:
    """Check one household and return its normalized form; raise HouseholdError naming the JSON path."""
    o = _V.obj(obj, "", _TOP, ("schema", "id", "region", "area_type", "members"))
    if o["schema"] != SCHEMA:
        raise HouseholdError("schema", f"应为 “{SCHEMA}”")
    hid = o["id"]
    if isinstance(hid, bool) or not isinstance(hid, (str, int)) or (isinstance(hid, str) and not hid):
        raise HouseholdError("id", "应为非空字符串")
    region = _region(o["region"], "region")
    area_type = _V.enum(o["area_type"], "area_type", ("urban", "rural"))
    raw_members = _V.lst(o["members"], "members")
    members: list[dict[str, Any]] = []
    refs: dict[str, int] = {}
    ids: set[str] = set()
    for i, m in enumerate(raw_members):
        mm = _member(m, f"members[{i}]")
        if mm["ref"] in refs:
            raise HouseholdError(f"members[{i}].ref", f"ref “{mm['ref']}”重复")
        if mm["id_number"] in ids:
            raise HouseholdError(f"members[{i}].id_number", "身份证号码与其他成员重复")
        if mm["relation"] == "applicant" and any(x["relation"] == "applicant" for x in members):
            raise HouseholdError(f"members[{i}].relation", "一户只能有一名申请人（applicant）")
        refs[mm["ref"]] = i
        ids.add(mm["id_number"])
        members.append(mm)
    if members and not any(m["relation"] == "applicant" for m in members):
        raise HouseholdError("members", "应有一名成员的 relation 为 applicant（申请人）")
    if not any(m["co_resident"] for m in members):
        raise HouseholdError("members", "没有共同生活的家庭成员（co_resident: true），无法认定家庭人口")
    obligors = [
        _obligor(x, f"obligors[{i}]", refs, region)
        for i, x in enumerate(_V.lst(o.get("obligors"), "obligors"))
    ]
    events = [_event(x, f"events[{i}]") for i, x in enumerate(_V.lst(o.get("events"), "events"))]
    return {
        "id": hid,
        "region": region,
        "area_type": area_type,
        "members": members,
        "obligors": obligors,
        "assets": _assets(o.get("assets"), "assets"),
        "union": _union(o.get("union"), "union", refs),
        "flags": _flags(o.get("flags"), "flags"),
        "events": events,
        "history": _history(o.get("history"), "history"),
        "union_aid": _union_aid(o.get("union_aid"), "union_aid"),
    }


Validator = Callable[[Any], dict[str, Any]]
