"""The household document: one nested dict that the API, the importers and the pages all write through.

Its shape follows the assessment contract (`jiuzhu.household/1`) plus the registry fields of the forms.
`clean_household` checks everything and returns every problem with its path before anything is written;
`to_document` reads a stored household back; `to_assessment_input` gives the engine's input.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jiuzhu.idnumber import IdNumberError, parse_id_number

from . import choices as c
from .money import MoneyError, parse_yuan, yuan


@dataclass
class Problems:
    """Every problem found, as (path, message): `members[1].id_number: 校验位应为X`."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.items.append((path, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def as_dict(self) -> list[dict[str, str]]:
        return [{"field": p, "problem": m} for p, m in self.items]


# jiuzhu.idnumber is pure Python (the policy engine uses it too) and says in Chinese what is wrong; its
# messages are put into the reader's language here, where they reach the user. One pattern per message of
# parse_id_number; a message not listed is shown as is.
ID_NUMBER_MESSAGES = [
    (r"身份证号码应为18位字符串", gettext_noop("身份证号码应为18位字符串")),
    (r"身份证号码应为18位，实为(?P<length>\d+)位", gettext_noop("身份证号码应为18位，实为%(length)s位")),
    (
        r"身份证号码前17位应为数字，第18位应为数字或X",
        gettext_noop("身份证号码前17位应为数字，第18位应为数字或X"),
    ),
    (r"出生日期(?P<digits>\d{8})不是有效日期", gettext_noop("出生日期%(digits)s不是有效日期")),
    (r"出生日期(?P<day>[\d-]+)不合理", gettext_noop("出生日期%(day)s不合理")),
    (r"校验位应为(?P<digit>[\dX])", gettext_noop("校验位应为%(digit)s")),
]
_ID_NUMBER_MESSAGES = [(re.compile(f"^{p}$"), msgid) for p, msgid in ID_NUMBER_MESSAGES]


def id_number_message(error: IdNumberError) -> str:
    """The problem of an ID number in the active language (校验位应为X -> "check digit should be X")."""
    message = str(error)
    for pattern, msgid in _ID_NUMBER_MESSAGES:
        m = pattern.match(message)
        if m:
            return _(msgid) % m.groupdict() if m.groupdict() else _(msgid)
    return message


class ValidationFailed(Exception):
    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__("; ".join(f"{p}: {m}" for p, m in problems.items))


HOUSEHOLD_FIELDS = {
    "region",
    "union_org",
    "area_type",
    "address",
    "hukou_address",
    "residence_address",
    "employer",
    "phone",
    "main_expenditure",
    "near_relative_of_staff",
    "members",
    "obligors",
    "assets",
    "flags",
    "union",
    "plan",
}
MEMBER_FIELDS = {
    "ref",
    "name",
    "id_number",
    "ethnicity",
    "relation",
    "co_resident",
    "marital_status",
    "health",
    "disability",
    "serious_illness",
    "disabled_elderly",
    "needs_carer",
    "work_capacity",
    "occupation",
    "employer",
    "registered_poor",
    "laid_off",
    "reemployed_since",
    "phone",
    "incomes",
    "expenses",
}
INCOME_FIELDS = {"kind", "amount", "per", "method", "evidence"}
EXPENSE_FIELDS = {"kind", "amount", "per", "note"}
OBLIGOR_FIELDS = {
    "name",
    "id_number",
    "relation",
    "supports",
    "hukou_region",
    "income",
    "annual_support_paid",
    "low_income_status",
    "court_ordered_support",
    "marital_status",
    "health",
    "occupation",
    "co_resident",
}
ASSET_FIELDS = {"deposits", "securities", "receivables", "other", "houses", "vehicles", "businesses"}
# Ordered where the model, the forms or the demo tables list the same keys; the sets check documents.
HOUSE_KEYS = ("address", "area_m2", "nature", "source", "acquired_on", "in_large_city")
HOUSE_FIELDS = set(HOUSE_KEYS)
VEHICLE_FIELDS = {
    "kind",
    "owner_name",
    "model",
    "plate",
    "displacement",
    "purchased_on",
    "price",
    "mobility_aid",
}
FLAGS = (
    "registered_poor",
    "private_school_or_self_paid_abroad",
    "controlling_shareholder",
    "high_consumption",
    "refuses_verification",
    "refused_suitable_jobs",
)
FLAG_FIELDS = set(FLAGS)
UNION_KEYS = (
    "worker",
    "union_member",
    "employer",
    "labour_relation_since",
    "migrant",
    "retiree_type",
    "socially_managed",
    "in_industrial_area",
    "survivor_of_duty_death",
    "hardship_category",
)
UNION_FIELDS = set(UNION_KEYS)
PLAN_KEYS = (
    "causes",
    "measures",
    "tracks",
    "helping_unit",
    "responsible_person",
    "responsible_phone",
    "goal",
    "goal_met",
)
PLAN_FIELDS = set(PLAN_KEYS)


class _Reader:
    """Reads typed values from a dict, recording problems instead of raising."""

    def __init__(self, problems: Problems):
        self.p = problems

    def obj(self, data: Any, path: str, allowed: set[str], required: tuple[str, ...] = ()) -> dict:
        if not isinstance(data, dict):
            self.p.add(path or "(root)", _("应为对象"))
            return {}
        for key in data:
            if key not in allowed:
                self.p.add(_join(path, key), _("未知字段"))
        for key in required:
            if data.get(key) in (None, ""):
                self.p.add(_join(path, key), _("必填"))
        return data

    def text(self, data: dict, key: str, path: str, max_len: int = 200, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str | int) or isinstance(value, bool):
            self.p.add(_join(path, key), _("应为文字"))
            return ""
        value = str(value).strip()
        if len(value) > max_len:
            self.p.add(_join(path, key), _("不能超过%(n)s个字符") % {"n": max_len})
        if required and not value:
            self.p.add(_join(path, key), _("必填"))
        return value

    def choice(
        self, data: dict, key: str, path: str, options, default: str = "", required: bool = False
    ) -> str:
        value = data.get(key)
        if value in (None, ""):
            if required:
                self.p.add(_join(path, key), _("必填"))
            return default
        allowed = {v for v, _label in options.choices} if hasattr(options, "choices") else set(options)
        if not isinstance(value, str) or value not in allowed:
            self.p.add(
                _join(path, key),
                _("“%(value)s”不是有效值，可选：%(choices)s")
                % {"value": value, "choices": "、".join(sorted(v for v in allowed if v))},
            )
            return default
        return value

    def boolean(self, data: dict, key: str, path: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.p.add(_join(path, key), _("应为是/否（true/false）"))
            return default
        return value

    def integer(
        self, data: dict, key: str, path: str, lo: int, hi: int, default: int | None = None
    ) -> int | None:
        value = data.get(key, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.p.add(_join(path, key), _("应为整数"))
            return default
        if not lo <= value <= hi:
            self.p.add(_join(path, key), _("应在%(lo)s到%(hi)s之间") % {"lo": lo, "hi": hi})
            return default
        return value

    def money(self, data: dict, key: str, path: str, required: bool = False) -> int | None:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.p.add(_join(path, key), _("必填"))
            return None
        try:
            return parse_yuan(value)
        except MoneyError as e:
            self.p.add(_join(path, key), str(e))
            return None

    def date(self, data: dict, key: str, path: str) -> dt.date | None:
        value = data.get(key)
        if value in (None, ""):
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.p.add(_join(path, key), _("“%(value)s”不是日期（应为YYYY-MM-DD）") % {"value": value})
            return None

    def id_number(self, data: dict, key: str, path: str):
        value = data.get(key)
        if value in (None, ""):
            self.p.add(_join(path, key), _("必填"))
            return None
        try:
            return parse_id_number(value)
        except IdNumberError as e:
            self.p.add(_join(path, key), id_number_message(e))
            return None

    def items(self, data: dict, key: str, path: str) -> list:
        value = data.get(key) or []
        if not isinstance(value, list):
            self.p.add(_join(path, key), _("应为列表"))
            return []
        return value

    def amount_per(self, data: Any, path: str) -> tuple[int | None, str]:
        d = self.obj(data, path, {"amount", "per"}, ("amount",))
        return self.money(d, "amount", path), self.choice(d, "per", path, c.Period, c.Period.MONTH)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def clean_household(data: Any, *, existing_household_id: int | None = None) -> dict:
    """Check a household document; return it normalised (money in fen, dates as dates, codes checked).

    Raises ValidationFailed listing every problem. Database rules (region exists, one household one
    archive) are checked too, so that a caller can validate a whole file before writing any of it.
    """
    from jiuzhu.core.models import Region, UnionOrg

    from .models import Member

    problems = Problems()
    r = _Reader(problems)
    d = r.obj(data, "", HOUSEHOLD_FIELDS, ("region", "area_type", "members"))
    out: dict[str, Any] = {}

    region_code = r.text(d, "region", "", 20)
    out["region"] = Region.objects.filter(code=region_code).first() if region_code else None
    if region_code and out["region"] is None:
        problems.add("region", _("地区代码“%(code)s”不存在") % {"code": region_code})
    union_code = r.text(d, "union_org", "", 20)
    out["union_org"] = UnionOrg.objects.filter(code=union_code).first() if union_code else None
    if union_code and out["union_org"] is None:
        problems.add("union_org", _("工会代码“%(code)s”不存在") % {"code": union_code})
    out["area_type"] = r.choice(d, "area_type", "", c.AreaType, required=True)
    for key in ("address", "hukou_address", "residence_address", "employer", "main_expenditure"):
        out[key] = r.text(d, key, "")
    out["phone"] = _phone(r, d, "phone", "")
    out["near_relative_of_staff"] = r.boolean(d, "near_relative_of_staff", "")

    members = r.items(d, "members", "")
    if "members" in d and not members:
        problems.add("members", _("至少应有一名家庭成员"))
    out["members"] = []
    refs: dict[str, int] = {}
    seen_ids: dict[str, str] = {}
    for i, m in enumerate(members):
        path = f"members[{i}]"
        md = r.obj(m, path, MEMBER_FIELDS, ("name", "id_number", "relation"))
        info = r.id_number(md, "id_number", path)
        member = {
            "ref": r.text(md, "ref", path, 20) or f"m{i + 1}",
            "name": r.text(md, "name", path, 50, required=True),
            "id_number": info.number if info else "",
            "sex": info.sex if info else "",
            "birth_date": info.birth_date if info else None,
            "ethnicity": r.text(md, "ethnicity", path, 20),
            "relation": r.choice(md, "relation", path, c.Relation, required=True),
            "co_resident": r.boolean(md, "co_resident", path, True),
            "marital_status": r.choice(md, "marital_status", path, c.MaritalStatus),
            "health": r.choice(md, "health", path, c.Health, c.Health.HEALTHY),
            "serious_illness": r.boolean(md, "serious_illness", path),
            "disabled_elderly": r.boolean(md, "disabled_elderly", path),
            "needs_carer": r.boolean(md, "needs_carer", path),
            "work_capacity": r.choice(md, "work_capacity", path, c.WorkCapacity, c.WorkCapacity.FULL),
            "occupation": r.choice(md, "occupation", path, c.Occupation, c.Occupation.OTHER),
            "employer": r.text(md, "employer", path, 100),
            "registered_poor": r.boolean(md, "registered_poor", path),
            "laid_off": r.boolean(md, "laid_off", path),
            "reemployed_since": r.date(md, "reemployed_since", path),
            "phone": _phone(r, md, "phone", path),
            "disability_category": "",
            "disability_grade": None,
        }
        if md.get("disability") is not None:
            dis = r.obj(md["disability"], f"{path}.disability", {"category", "grade"}, ("grade",))
            member["disability_category"] = r.choice(
                dis, "category", f"{path}.disability", c.DisabilityCategory
            )
            member["disability_grade"] = r.integer(dis, "grade", f"{path}.disability", 1, 4)
        if member["ref"] in refs:
            problems.add(f"{path}.ref", _("与members[%(index)s]重复") % {"index": refs[member["ref"]]})
        refs[member["ref"]] = i
        if info:
            if info.number in seen_ids:
                problems.add(
                    f"{path}.id_number",
                    _("与%(other)s是同一身份证号码，成员重复") % {"other": seen_ids[info.number]},
                )
            seen_ids[info.number] = path
        member["incomes"] = []
        for j, inc in enumerate(r.items(md, "incomes", path)):
            ipath = f"{path}.incomes[{j}]"
            idict = r.obj(inc, ipath, INCOME_FIELDS, ("kind",))
            kind = r.choice(idict, "kind", ipath, c.IncomeKind, required=True)
            amount = r.money(idict, "amount", ipath, required=kind != c.IncomeKind.FLEXIBLE_WAGE_UNKNOWN)
            member["incomes"].append(
                {
                    "kind": kind,
                    "amount_fen": amount,
                    "per": r.choice(idict, "per", ipath, c.Period, c.Period.MONTH),
                    "method": r.choice(idict, "method", ipath, c.IncomeMethod),
                    "evidence": r.text(idict, "evidence", ipath),
                }
            )
        member["expenses"] = []
        for j, exp in enumerate(r.items(md, "expenses", path)):
            epath = f"{path}.expenses[{j}]"
            edict = r.obj(exp, epath, EXPENSE_FIELDS, ("kind", "amount"))
            member["expenses"].append(
                {
                    "kind": r.choice(edict, "kind", epath, c.ExpenseKind, required=True),
                    "amount_fen": r.money(edict, "amount", epath, required=True),
                    "per": r.choice(edict, "per", epath, c.Period, c.Period.MONTH),
                    "note": r.text(edict, "note", epath),
                }
            )
        out["members"].append(member)
    if members and not any(m["relation"] == c.Relation.APPLICANT for m in out["members"]):
        problems.add("members", _("应有一名与申请人关系为“申请人”的成员"))
    applicants = [k for k, m in enumerate(out["members"]) if m["relation"] == c.Relation.APPLICANT]
    for k in applicants[1:]:  # the second applicant's relation is what is wrong (as the engine says it)
        problems.add(f"members[{k}].relation", _("只能有一名申请人"))

    out["obligors"] = []
    for i, o in enumerate(r.items(d, "obligors", "")):
        path = f"obligors[{i}]"
        od = r.obj(o, path, OBLIGOR_FIELDS, ("name", "id_number", "relation", "supports", "hukou_region"))
        info = r.id_number(od, "id_number", path)
        supports = r.text(od, "supports", path, 20)
        if supports and supports not in refs:
            problems.add(f"{path}.supports", _("“%(ref)s”不是本户成员的ref") % {"ref": supports})
        hukou = r.text(od, "hukou_region", path, 6)
        if hukou and not (len(hukou) == 6 and hukou.isdigit()):
            problems.add(f"{path}.hukou_region", _("应为6位县级行政区划代码"))
        income_fen, income_per = (0, c.Period.MONTH)
        if od.get("income") is not None:
            income_fen, income_per = r.amount_per(od["income"], f"{path}.income")
        court_fen, court_per = (None, c.Period.MONTH)
        if od.get("court_ordered_support") is not None:
            court_fen, court_per = r.amount_per(od["court_ordered_support"], f"{path}.court_ordered_support")
        out["obligors"].append(
            {
                "name": r.text(od, "name", path, 50, required=True),
                "id_number": info.number if info else "",
                "sex": info.sex if info else "",
                "birth_date": info.birth_date if info else None,
                "relation": r.text(od, "relation", path, 50),
                "supports": supports,
                "hukou_region": hukou,
                "income_fen": income_fen or 0,
                "income_per": income_per,
                "annual_support_paid_fen": r.money(od, "annual_support_paid", path) or 0,
                "low_income_status": r.choice(od, "low_income_status", path, c.LowIncomeStatus),
                "court_ordered_fen": court_fen,
                "court_ordered_per": court_per,
                "marital_status": r.choice(od, "marital_status", path, c.MaritalStatus),
                "health": r.choice(od, "health", path, c.Health, c.Health.HEALTHY),
                "occupation": r.choice(od, "occupation", path, c.Occupation),
                "co_resident": r.boolean(od, "co_resident", path),
            }
        )

    assets = r.obj(d.get("assets") or {}, "assets", ASSET_FIELDS)
    out["deposits_fen"] = r.money(assets, "deposits", "assets") or 0
    out["securities_fen"] = r.money(assets, "securities", "assets") or 0
    out["receivables_fen"] = r.money(assets, "receivables", "assets") or 0
    out["other_property"] = r.text(assets, "other", "assets", 1000)
    out["houses"] = []
    for i, h in enumerate(r.items(assets, "houses", "assets")):
        path = f"assets.houses[{i}]"
        hd = r.obj(h, path, HOUSE_FIELDS, ("area_m2", "nature"))
        out["houses"].append(
            {
                "address": r.text(hd, "address", path),
                "area_m2": _area(problems, hd.get("area_m2"), f"{path}.area_m2"),
                "nature": r.choice(hd, "nature", path, c.HouseNature, required=True),
                "source": r.choice(hd, "source", path, c.HouseSource),
                "acquired_on": r.date(hd, "acquired_on", path),
                "in_large_city": r.boolean(hd, "in_large_city", path),
            }
        )
    out["vehicles"] = []
    for i, v in enumerate(r.items(assets, "vehicles", "assets")):
        path = f"assets.vehicles[{i}]"
        vd = r.obj(v, path, VEHICLE_FIELDS, ("kind",))
        out["vehicles"].append(
            {
                "kind": r.choice(vd, "kind", path, c.VehicleKind, c.VehicleKind.CAR),
                "owner_name": r.text(vd, "owner_name", path, 50),
                "model": r.text(vd, "model", path, 100),
                "plate": r.text(vd, "plate", path, 30),
                "displacement": r.text(vd, "displacement", path, 20),
                "purchased_on": r.date(vd, "purchased_on", path),
                "price_fen": r.money(vd, "price", path),
                "mobility_aid": r.boolean(vd, "mobility_aid", path),
            }
        )
    out["businesses"] = []
    for i, b in enumerate(r.items(assets, "businesses", "assets")):
        path = f"assets.businesses[{i}]"
        bd = r.obj(b, path, {"kind", "name"}, ("kind",))
        out["businesses"].append(
            {
                "kind": r.choice(bd, "kind", path, c.BusinessKind, required=True),
                "name": r.text(bd, "name", path, 100),
            }
        )

    flags = r.obj(d.get("flags") or {}, "flags", FLAG_FIELDS)
    for key in FLAG_FIELDS - {"refused_suitable_jobs"}:
        out[key] = r.boolean(flags, key, "flags")
    out["refused_suitable_jobs"] = r.integer(flags, "refused_suitable_jobs", "flags", 0, 99, 0)

    out["union"] = None
    if d.get("union") is not None:
        u = r.obj(d["union"], "union", UNION_FIELDS, ("worker",))
        worker = r.text(u, "worker", "union", 20)
        if worker and worker not in refs:
            problems.add("union.worker", _("“%(ref)s”不是本户成员的ref") % {"ref": worker})
        out["union"] = {
            "worker": worker,
            "union_member": r.boolean(u, "union_member", "union", True),
            "employer": r.text(u, "employer", "union", 100),
            "labour_relation_since": r.date(u, "labour_relation_since", "union"),
            "migrant": r.boolean(u, "migrant", "union"),
            "retiree_type": r.choice(u, "retiree_type", "union", c.RetireeType),
            "socially_managed": r.boolean(u, "socially_managed", "union"),
            "in_industrial_area": r.boolean(u, "in_industrial_area", "union"),
            "survivor_of_duty_death": r.boolean(u, "survivor_of_duty_death", "union"),
            "hardship_category": r.choice(u, "hardship_category", "union", c.HardshipCategory),
        }
    out["plan"] = None
    if d.get("plan") is not None:
        pd = r.obj(d["plan"], "plan", PLAN_FIELDS)
        tracks = r.items(pd, "tracks", "plan")
        valid_tracks = {v for v, _label in c.Track.choices}
        for i, t in enumerate(tracks):
            if not isinstance(t, str) or t not in valid_tracks:
                problems.add(f"plan.tracks[{i}]", _("“%(value)s”不是“四个一批”之一") % {"value": t})
        out["plan"] = {
            "causes": r.text(pd, "causes", "plan", 2000),
            "measures": r.text(pd, "measures", "plan", 2000),
            "tracks": [t for t in tracks if isinstance(t, str) and t in valid_tracks],
            "helping_unit": r.text(pd, "helping_unit", "plan", 100),
            "responsible_person": r.text(pd, "responsible_person", "plan", 50),
            "responsible_phone": _phone(r, pd, "responsible_phone", "plan"),
            "goal": r.text(pd, "goal", "plan"),
            "goal_met": r.boolean(pd, "goal_met", "plan"),
        }
        # R-REG-16 (总工发〔2016〕7号 三(三)2, 不达目标不脱钩): a pairing stays linked until the goal is met. The
        # helping unit or responsible person may be replaced, not removed, while the goal is not met.
        if existing_household_id is not None and not out["plan"]["goal_met"]:
            from .models import HouseholdPlan

            kept = HouseholdPlan.objects.filter(household_id=existing_household_id, goal_met=False).first()
            for key in ("helping_unit", "responsible_person"):
                if kept is not None and getattr(kept, key) and not out["plan"][key]:
                    problems.add(f"plan.{key}", _("帮扶目标未达成，结对帮扶不能解除（不达目标不脱钩）"))

    # One household, one archive (R-REG-11): no ID number may be an active member elsewhere.
    ids = [m["id_number"] for m in out["members"] if m["id_number"]]
    if ids:
        clashes = Member.objects.filter(id_number__in=ids, active=True).select_related("household")
        if existing_household_id is not None:
            clashes = clashes.exclude(household_id=existing_household_id)
        by_id = {m.id_number: m.household for m in clashes}
        for i, m in enumerate(out["members"]):
            other = by_id.get(m["id_number"])
            if other is not None:
                problems.add(
                    f"members[{i}].id_number",
                    _("已是家庭%(number)s的在册成员（一户一档）") % {"number": other.number},
                )
    if problems:
        raise ValidationFailed(problems)
    return out


def _phone(r: _Reader, d: dict, key: str, path: str) -> str:
    value = r.text(d, key, path, 20)
    if value and not all(ch.isdigit() or ch in "-+ " for ch in value):
        r.p.add(_join(path, key), _("电话号码只能包含数字和“-”"))
    return value


def _area(problems: Problems, value: Any, path: str) -> Decimal | None:
    if value in (None, "") or isinstance(value, bool):
        problems.add(path, _("必填"))
        return None
    try:
        area = Decimal(str(value))
    except InvalidOperation:
        problems.add(path, _("“%(value)s”不是面积") % {"value": value})
        return None
    if not area.is_finite() or area <= 0 or area >= 100000:
        problems.add(path, _("面积应大于0"))
        return None
    return area.quantize(Decimal("0.01"))


def to_document(household) -> dict:
    """A stored household as the document that `clean_household` accepts (money as yuan strings)."""
    members = list(household.members.filter(active=True).prefetch_related("incomes", "expenses"))
    refs = {m.pk: f"m{i + 1}" for i, m in enumerate(members)}
    doc: dict[str, Any] = {
        "region": household.region.code,
        "union_org": household.union_org.code if household.union_org_id else None,
        "area_type": household.area_type,
        "address": household.address,
        "hukou_address": household.hukou_address,
        "residence_address": household.residence_address,
        "employer": household.employer,
        "phone": household.phone,
        "main_expenditure": household.main_expenditure,
        "near_relative_of_staff": household.near_relative_of_staff,
        "members": [],
        "obligors": [],
        "assets": {
            "deposits": yuan(household.deposits_fen),
            "securities": yuan(household.securities_fen),
            "receivables": yuan(household.receivables_fen),
            "other": household.other_property,
            "houses": [
                {
                    "address": h.address,
                    "area_m2": str(h.area_m2),
                    "nature": h.nature,
                    "source": h.source,
                    "acquired_on": h.acquired_on.isoformat() if h.acquired_on else None,
                    "in_large_city": h.in_large_city,
                }
                for h in household.houses.all()
            ],
            "vehicles": [
                {
                    "kind": v.kind,
                    "owner_name": v.owner_name,
                    "model": v.model,
                    "plate": v.plate,
                    "displacement": v.displacement,
                    "purchased_on": v.purchased_on.isoformat() if v.purchased_on else None,
                    "price": yuan(v.price_fen) if v.price_fen is not None else None,
                    "mobility_aid": v.mobility_aid,
                }
                for v in household.vehicles.all()
            ],
            "businesses": [{"kind": b.kind, "name": b.name} for b in household.businesses.all()],
        },
        "flags": {key: getattr(household, key) for key in sorted(FLAG_FIELDS)},
        "union": None,
        "plan": None,
    }
    for m in members:
        member = {
            "ref": refs[m.pk],
            "name": m.name,
            "id_number": m.id_number,
            "ethnicity": m.ethnicity,
            "relation": m.relation,
            "co_resident": m.co_resident,
            "marital_status": m.marital_status or None,
            "health": m.health,
            "serious_illness": m.serious_illness,
            "disabled_elderly": m.disabled_elderly,
            "needs_carer": m.needs_carer,
            "work_capacity": m.work_capacity,
            "occupation": m.occupation,
            "employer": m.employer,
            "registered_poor": m.registered_poor,
            "laid_off": m.laid_off,
            "reemployed_since": m.reemployed_since.isoformat() if m.reemployed_since else None,
            "phone": m.phone,
            "incomes": [
                {
                    "kind": i.kind,
                    "amount": yuan(i.amount_fen) if i.amount_fen is not None else None,
                    "per": i.per,
                    "method": i.method or None,
                    "evidence": i.evidence,
                }
                for i in m.incomes.all()
            ],
            "expenses": [
                {"kind": e.kind, "amount": yuan(e.amount_fen), "per": e.per, "note": e.note}
                for e in m.expenses.all()
            ],
        }
        if m.disability_grade:
            member["disability"] = {"category": m.disability_category or None, "grade": m.disability_grade}
        doc["members"].append(member)
    for o in household.obligors.all():
        doc["obligors"].append(
            {
                "name": o.name,
                "id_number": o.id_number,
                "relation": o.relation,
                "supports": refs.get(o.supports_id, ""),
                "hukou_region": o.hukou_region,
                "income": {"amount": yuan(o.income_fen), "per": o.income_per},
                "annual_support_paid": yuan(o.annual_support_paid_fen),
                "low_income_status": o.low_income_status or None,
                "court_ordered_support": (
                    {"amount": yuan(o.court_ordered_fen), "per": o.court_ordered_per}
                    if o.court_ordered_fen is not None
                    else None
                ),
                "marital_status": o.marital_status or None,
                "health": o.health,
                "occupation": o.occupation or None,
                "co_resident": o.co_resident,
            }
        )
    worker = getattr(household, "worker", None) if hasattr(household, "worker") else None
    if worker is not None:
        doc["union"] = {
            "worker": refs.get(worker.worker_id, ""),
            "union_member": worker.union_member,
            "employer": worker.employer,
            "labour_relation_since": worker.labour_relation_since.isoformat()
            if worker.labour_relation_since
            else None,
            "migrant": worker.migrant,
            "retiree_type": worker.retiree_type or None,
            "socially_managed": worker.socially_managed,
            "in_industrial_area": worker.in_industrial_area,
            "survivor_of_duty_death": worker.survivor_of_duty_death,
            "hardship_category": worker.hardship_category or None,
        }
    plan = getattr(household, "plan", None) if hasattr(household, "plan") else None
    if plan is not None:
        doc["plan"] = {
            "causes": plan.causes,
            "measures": plan.measures,
            "tracks": list(plan.tracks),
            "helping_unit": plan.helping_unit,
            "responsible_person": plan.responsible_person,
            "responsible_phone": plan.responsible_phone,
            "goal": plan.goal,
            "goal_met": plan.goal_met,
        }
    return doc


def flatten(doc: Any, prefix: str = "") -> dict[str, Any]:
    """{"members": [{"name": "x"}]} -> {"members[0].name": "x"}: the unit of field-level history."""
    flat: dict[str, Any] = {}
    if isinstance(doc, dict):
        for key, value in doc.items():
            flat.update(flatten(value, _join(prefix, key)))
    elif isinstance(doc, list):
        if not doc:
            flat[prefix] = []
        for i, value in enumerate(doc):
            flat.update(flatten(value, f"{prefix}[{i}]"))
    else:
        flat[prefix] = doc
    return flat


def to_assessment_input(household, *, events: list | None = None, history: dict | None = None) -> dict:
    """The engine's `jiuzhu.household/1` input for a stored household (contract: shared/spec/ASSESSMENT.md)."""
    doc = to_document(household)
    region = household.region.county
    out: dict[str, Any] = {
        "schema": "jiuzhu.household/1",
        "id": household.number,
        "region": region.code if region else household.region.code[:6],
        "area_type": household.area_type,
        "members": [],
        "obligors": [],
        "assets": {
            "deposits": doc["assets"]["deposits"],
            "securities": doc["assets"]["securities"],
            "receivables": doc["assets"]["receivables"],
            "houses": [
                {
                    "area_m2": h["area_m2"],
                    "nature": h["nature"],
                    "source": h["source"] or None,
                    "in_large_city": h["in_large_city"],
                }
                for h in doc["assets"]["houses"]
            ],
            "vehicles": [
                {"kind": v["kind"], "mobility_aid": v["mobility_aid"]} for v in doc["assets"]["vehicles"]
            ],
            "businesses": [{"kind": b["kind"]} for b in doc["assets"]["businesses"]],
        },
        "flags": {**doc["flags"], "relative_of_staff": household.near_relative_of_staff},
        "events": events or [],
    }
    for m in doc["members"]:
        member = {
            "ref": m["ref"],
            "name": m["name"],
            "id_number": m["id_number"],
            "relation": m["relation"],
            "co_resident": m["co_resident"],
            "marital_status": m["marital_status"],
            "health": m["health"],
            "serious_illness": m["serious_illness"],
            "work_capacity": m["work_capacity"],
            "occupation": m["occupation"],
            "incomes": [
                {
                    k: v
                    for k, v in (
                        ("kind", i["kind"]),
                        ("amount", i["amount"]),
                        ("per", i["per"]),
                        ("method", i["method"]),
                    )
                    if v is not None
                }
                for i in m["incomes"]
            ],
            "expenses": [{"kind": e["kind"], "amount": e["amount"], "per": e["per"]} for e in m["expenses"]],
        }
        if "disability" in m:
            member["disability"] = {k: v for k, v in m["disability"].items() if v is not None}
        out["members"].append(member)
    for o in doc["obligors"]:
        out["obligors"].append(
            {
                "name": o["name"],
                "id_number": o["id_number"],
                "relation": o["relation"],
                "supports": o["supports"],
                "hukou_region": o["hukou_region"],
                "income": o["income"],
                "low_income_status": o["low_income_status"],
                "court_ordered_support": o["court_ordered_support"],
            }
        )
    if doc["union"]:
        u = doc["union"]
        out["union"] = {
            "worker_ref": u["worker"],
            "union_member": u["union_member"],
            "labour_relation_since": u["labour_relation_since"],
            "migrant": u["migrant"],
        }
        if u["retiree_type"]:
            out["union"]["retiree"] = True  # retired, sick-retired or on periodic allowance (R-ELIG-15)
        if u["hardship_category"]:
            out.setdefault("history", {})["hardship_category"] = u["hardship_category"]
    if history:
        out.setdefault("history", {}).update(history)
    return out
