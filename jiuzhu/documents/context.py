"""Context builders from the registry: a Household becomes a plain dict the templates print.

Nothing here touches the procedures (jiuzhu/dibao, jiuzhu/archives): see procedure.py for those.
Personal data is printed in full on per-household forms (they go to the household and the file);
public lists are masked in procedure.py / tables.py before they reach a template.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiuzhu.registry import choices as c
from jiuzhu.registry.money import yuan


def ymd(day: dt.date | None) -> dict[str, str]:
    if day is None:
        return {"y": "", "m": "", "d": "", "text": ""}
    return {
        "y": str(day.year),
        "m": str(day.month),
        "d": str(day.day),
        "text": f"{day.year}年{day.month}月{day.day}日",
    }


def ym(day: dt.date | None) -> dict[str, str]:
    if day is None:
        return {"y": "", "m": "", "text": ""}
    return {"y": str(day.year), "m": str(day.month), "text": f"{day.year}年{day.month}月"}


def label(choices, value) -> str:
    if value in (None, ""):
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def occupation_label(value: str) -> str:
    text = label(c.Occupation, value)
    return text.split(" ", 1)[1] if " " in text[:3] else text


def age_on(birth: dt.date | None, day: dt.date) -> str:
    if birth is None:
        return ""
    return str(day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day)))


def monthly_fen(amount_fen: int | None, per: str) -> int:
    if amount_fen is None:
        return 0
    return amount_fen if per == c.Period.MONTH else amount_fen // 12


COUNTED = {
    c.IncomeKind.WAGE,
    c.IncomeKind.BUSINESS_NET,
    c.IncomeKind.PROPERTY_NET,
    c.IncomeKind.TRANSFER,
    c.IncomeKind.PENSION,
    c.IncomeKind.OTHER_COUNTED,
}


def region_chain(region) -> dict[str, str]:
    """Names of the province, county, township and village of a region (blank where above its level)."""
    out = {"province": "", "province_code": "", "county": "", "township": "", "village": ""}
    node = region
    keys = {1: "province", 3: "county", 4: "township", 5: "village"}
    while node is not None:
        key = keys.get(node.level)
        if key:
            out[key] = node.name
            if key == "province":
                out["province_code"] = node.code
        node = node.parent
    return out


def health_text(m) -> str:
    text = label(c.Health, m.health)
    if m.disability_category:
        grade = f"{m.disability_grade}级" if m.disability_grade else ""
        text = f"{text}（{label(c.DisabilityCategory, m.disability_category)}{grade}）"
    return text


def member_context(m, today: dt.date) -> dict[str, Any]:
    income = sum(monthly_fen(i.amount_fen, i.per) for i in m.incomes.all() if i.kind in COUNTED)
    return {
        "member_id": m.pk,
        "name": m.name,
        "age": age_on(m.birth_date, today),
        "sex": {"M": "男", "F": "女"}.get(m.sex, ""),
        "ethnicity": m.ethnicity,
        "relation": label(c.Relation, m.relation),
        "marital": label(c.MaritalStatus, m.marital_status),
        "health": health_text(m),
        "health_plain": label(c.Health, m.health),
        "occupation": occupation_label(m.occupation),
        "employer": m.employer,
        "monthly_income": yuan(income),
        "monthly_income_fen": income,
        "income_text": f"{yuan(income)}元/月",
        "id_number": m.id_number,
        "birth_ym": ym(m.birth_date)["text"],
        "phone": m.phone,
    }


def obligor_context(o, today: dt.date) -> dict[str, Any]:
    monthly = monthly_fen(o.income_fen, o.income_per)
    return {
        "name": o.name,
        "age": age_on(o.birth_date, today),
        "sex": {"M": "男", "F": "女"}.get(o.sex, ""),
        "relation": o.relation,
        "marital": label(c.MaritalStatus, o.marital_status),
        "health": label(c.Health, o.health),
        "health_plain": label(c.Health, o.health),
        "occupation": occupation_label(o.occupation),
        "monthly_income": yuan(monthly),
        "income_text": f"{yuan(o.income_fen)}{label(c.Period, o.income_per)}",
        "annual_support": yuan(o.annual_support_paid_fen),
        "id_number": o.id_number,
    }


def area_choice(area_type: str) -> str:
    """附件1 "现申请（城市最低生活保障/农村最低生活保障）" with the chosen programme ticked."""
    if area_type not in (c.AreaType.URBAN, c.AreaType.RURAL):
        return ""
    urban = "■" if area_type == c.AreaType.URBAN else "□"
    rural = "■" if area_type == c.AreaType.RURAL else "□"
    return f"{urban}城市最低生活保障/{rural}农村最低生活保障"


def household_context(household, *, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the per-household forms (附件1-4, 附件9, report, union archive) print about a household."""
    today = today or dt.date.today()
    members_all = [m for m in household.members.all() if m.active]
    members = [m for m in members_all if m.co_resident]
    members.sort(key=lambda m: (m.relation != c.Relation.APPLICANT, m.id))
    applicant = next((m for m in members_all if m.relation == c.Relation.APPLICANT), None)
    rows = [member_context(m, today) for m in members]
    income_fen = sum(r["monthly_income_fen"] for r in rows)
    size = len(rows)
    houses = [
        {
            "address": h.address,
            "area": str(h.area_m2),
            "nature": label(c.HouseNature, h.nature),
            "source": label(c.HouseSource, h.source),
            "acquired": ym(h.acquired_on)["text"],
        }
        for h in household.houses.all()
    ]
    vehicles = [
        {
            "owner": v.owner_name,
            "kind": label(c.VehicleKind, v.kind),
            "model": v.model,
            "plate": v.plate,
            "displacement": v.displacement,
            "purchased": ym(v.purchased_on)["text"],
            "price": yuan(v.price_fen),
        }
        for v in household.vehicles.all()
    ]
    economic = [
        f"家庭月收入{yuan(income_fen)}元（人均{yuan(income_fen // size if size else 0)}元/月）",
        f"银行存款{yuan(household.deposits_fen)}元",
        f"有价证券{yuan(household.securities_fen)}元",
        f"债权{yuan(household.receivables_fen)}元",
        f"房产{len(houses)}处",
        f"机动车（船）{len(vehicles)}辆",
    ]
    if household.main_expenditure:
        economic.append(f"主要支出：{household.main_expenditure}")
    regions = region_chain(household.region)
    return {
        "id": household.pk,
        "number": household.number,
        **regions,
        "area_type": household.area_type,
        "area_label": label(c.AreaType, household.area_type),
        "area_choice": area_choice(household.area_type),
        "address": household.address,
        "hukou_address": household.hukou_address,
        "residence_address": household.residence_address or household.address,
        "employer": household.employer or (applicant.employer if applicant else ""),
        "phone": household.phone,
        "main_expenditure": household.main_expenditure,
        "near_relative": "有" if household.near_relative_of_staff else "无",
        "deposits": yuan(household.deposits_fen),
        "securities": yuan(household.securities_fen),
        "receivables": yuan(household.receivables_fen),
        "other_property": household.other_property,
        "monthly_income": yuan(income_fen),
        "per_capita_income": yuan(income_fen // size if size else 0),
        "income_text": f"{yuan(income_fen)}元/月",
        "economic_text": "；".join(economic) + "。",
        "size": str(size) if size else "",
        "applicant": member_context(applicant, today) if applicant else {},
        "members": rows,
        "obligors": [obligor_context(o, today) for o in household.obligors.all() if not o.co_resident],
        "houses": houses,
        "vehicles": vehicles,
    }


def worker_context(household) -> dict[str, Any]:
    """The union hardship-worker part of the archive form (R-REG-13/14, R-DOC-13)."""
    info = getattr(household, "worker", None)
    if info is None:
        return {}
    plan = getattr(household, "plan", None)
    from jiuzhu.archives.models import Archive

    # the union's archive of this household (one household, one archive): its number, filing union and
    # current category (a review may have changed it) are the archive form's
    archive = Archive.objects.filter(household=household).select_related("union_org").first()
    return {
        "archive_number": archive.number if archive else "",
        "name": info.worker.name,
        "id_number": info.worker.id_number,
        "employer": info.employer,
        "union_member": "是" if info.union_member else "否",
        "labour_since": ymd(info.labour_relation_since)["text"],
        "migrant": "是" if info.migrant else "否",
        "retiree": label(c.RetireeType, info.retiree_type) if info.retiree_type else "否",
        "category": label(c.HardshipCategory, archive.category if archive else info.hardship_category),
        "phone": info.worker.phone or household.phone,
        "union": archive.union_org.name
        if archive
        else (household.union_org.name if household.union_org_id else ""),
        "causes": plan.causes if plan else "",
        "measures": plan.measures if plan else "",
        "helping_unit": plan.helping_unit if plan else "",
        "responsible_person": plan.responsible_person if plan else "",
    }


def load_household(pk):
    from jiuzhu.registry.models import Household

    return (
        Household.objects.select_related("region__parent__parent__parent__parent", "union_org")
        .prefetch_related("members__incomes", "obligors", "houses", "vehicles")
        .get(pk=pk)
    )
