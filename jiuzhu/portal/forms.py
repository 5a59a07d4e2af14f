"""The application form on a phone: the household document (registry format) shown as a few simple fields,
read back from the POST, and the registry's problems put next to the field they name."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuzhu.registry import choices as c

MEMBER_ROWS = 6
INCOME_ROWS = 2
HOUSEHOLD_KEYS = ("area_type", "address", "phone", "main_expenditure")
MEMBER_KEYS = ("name", "id_number", "relation", "occupation", "health", "work_capacity")
FIELD_LABELS = {
    "area_type": gettext_lazy("申请类别"),
    "address": gettext_lazy("现住址"),
    "phone": gettext_lazy("联系电话"),
    "main_expenditure": gettext_lazy("家庭主要支出"),
    "name": gettext_lazy("姓名"),
    "id_number": gettext_lazy("身份证号码"),
    "relation": gettext_lazy("与申请人关系"),
    "co_resident": gettext_lazy("共同生活"),
    "occupation": gettext_lazy("职业状况"),
    "health": gettext_lazy("健康状况"),
    "work_capacity": gettext_lazy("劳动能力"),
    "kind": gettext_lazy("收入类型"),
    "amount": gettext_lazy("金额（元）"),
    "deposits": gettext_lazy("银行存款（元）"),
    "securities": gettext_lazy("有价证券（元）"),
    "area_m2": gettext_lazy("住房建筑面积（平方米）"),
    "nature": gettext_lazy("住房性质"),
    "vehicles": gettext_lazy("机动车辆"),
    "members": gettext_lazy("家庭成员"),
    "region": gettext_lazy("所在村（社区）"),
    "case_type": gettext_lazy("救助类型"),
    "event_kind": gettext_lazy("遇到的困难"),
    "event_date": gettext_lazy("发生日期"),
    "severity": gettext_lazy("困难程度"),
    "event_place": gettext_lazy("发生地点"),
    "loss": gettext_lazy("损失或支出金额（元）"),
    "file": gettext_lazy("上传文件"),
    "doc_code": gettext_lazy("材料名称"),
    "consent": gettext_lazy("授权书"),
    "phone_code": gettext_lazy("验证码"),
    "code": gettext_lazy("验证码"),
    "programme": gettext_lazy("申请事项"),
    "status": gettext_lazy("申请状态"),
    "more_documents": gettext_lazy("需补充的材料"),
    "applicant_name": gettext_lazy("申请人姓名"),
    "applicant_id_number": gettext_lazy("申请人身份证号码"),
    "agent_capacity": gettext_lazy("代办人身份"),
    "method": gettext_lazy("签署方式"),
    "union_org": gettext_lazy("受理工会"),
    "employer": gettext_lazy("工作单位"),
    "union_member": gettext_lazy("工会会员"),
    "category": gettext_lazy("困难情况"),
    "labour_relation_since": gettext_lazy("建立劳动关系日期"),
    "content": gettext_lazy("申请内容"),
    "description": gettext_lazy("情况说明"),
    "event_on": gettext_lazy("变化发生日期"),
    "member": gettext_lazy("家庭成员"),
}
_PATH = re.compile(r"^members\[(\d+)\](?:\.incomes\[(\d+)\])?\.?(\w*)$")


def field_name(path: str) -> str:
    """The form field a registry path names: members[1].id_number -> m1-id_number; assets.deposits ->
    deposits."""
    m = _PATH.match(path)
    if m:
        i, j, key = m.groups()
        if j is not None:
            return f"m{i}-inc{j}-{key or 'kind'}"
        return f"m{i}-{key}" if key else "members"
    if path.startswith("assets.houses"):
        return path.rsplit(".", 1)[-1]
    return path.rsplit(".", 1)[-1] or path


def field_words(path: str) -> str:
    """The field a problem is about, in words: 第2位家庭成员 · 身份证号码."""
    m = _PATH.match(path)
    if m:
        i, j, key = m.groups()
        words = [_("第%(n)s位家庭成员") % {"n": int(i) + 1}]
        if j is not None:
            words.append(_("第%(n)s项收入") % {"n": int(j) + 1})
        if key:
            words.append(str(FIELD_LABELS.get(key, key)))
        return " · ".join(words)
    key = path.rsplit(".", 1)[-1] or path
    return str(FIELD_LABELS.get(key, key))


def errors_from(problems) -> dict[str, str]:
    """{form field: "field in words: problem"} from a registry Problems list."""
    out: dict[str, str] = {}
    for path, message in problems.items:
        out.setdefault(field_name(path), f"{field_words(path)}：{message}")
    return out


def initial(doc: dict) -> dict:
    """Form values from a household document."""
    values = {k: doc.get(k) or "" for k in HOUSEHOLD_KEYS}
    assets = doc.get("assets") or {}
    values["deposits"] = assets.get("deposits") or ""
    values["securities"] = assets.get("securities") or ""
    houses = assets.get("houses") or []
    values["area_m2"] = houses[0].get("area_m2", "") if houses else ""
    values["nature"] = houses[0].get("nature", "") if houses else ""
    values["vehicles"] = str(len(assets.get("vehicles") or []))
    rows = []
    members = doc.get("members") or []
    for i in range(max(MEMBER_ROWS, len(members))):
        m = members[i] if i < len(members) else {}
        incomes = list(m.get("incomes") or [])
        rows.append(
            {
                "i": i,
                **{k: m.get(k) or "" for k in MEMBER_KEYS},
                "co_resident": m.get("co_resident", True) if m else True,
                "incomes": [
                    {"j": j, **(incomes[j] if j < len(incomes) else {"kind": "", "amount": ""})}
                    for j in range(max(INCOME_ROWS, len(incomes)))
                ],
            }
        )
    values["members"] = rows
    return values


def document_from_post(doc: dict, post) -> dict:
    """The draft's document with what the form posted (other facts of a member are kept, by ID number)."""
    doc = dict(doc)
    for key in HOUSEHOLD_KEYS:
        doc[key] = post.get(key, "").strip()
    by_id = {str(m.get("id_number", "")).upper(): m for m in doc.get("members") or []}
    members = []
    i = 0
    while f"m{i}-name" in post:
        name = post.get(f"m{i}-name", "").strip()
        number = post.get(f"m{i}-id_number", "").strip().upper()
        if name or number:
            m = dict(by_id.get(number, {}))
            m.update({k: post.get(f"m{i}-{k}", "").strip() for k in MEMBER_KEYS})
            m["id_number"] = number
            m["ref"] = f"m{len(members) + 1}"
            m["co_resident"] = post.get(f"m{i}-co_resident") == "on"
            for key in ("occupation", "health", "work_capacity"):
                if not m[key]:
                    m.pop(key)
            incomes = []
            j = 0
            while f"m{i}-inc{j}-kind" in post:
                kind = post.get(f"m{i}-inc{j}-kind", "").strip()
                amount = post.get(f"m{i}-inc{j}-amount", "").strip()
                if kind or amount:
                    incomes.append({"kind": kind, "amount": amount or None, "per": "month"})
                j += 1
            m["incomes"] = incomes
            members.append(m)
        i += 1
    doc["members"] = members
    assets = dict(doc.get("assets") or {})
    assets["deposits"] = post.get("deposits", "").strip() or "0"
    assets["securities"] = post.get("securities", "").strip() or "0"
    area, nature = post.get("area_m2", "").strip(), post.get("nature", "").strip()
    houses = list(assets.get("houses") or [])
    if area or nature:
        first = dict(houses[0]) if houses else {}
        first.update({"area_m2": area, "nature": nature})
        houses = [first, *houses[1:]]
    else:
        houses = houses[1:]
    assets["houses"] = houses
    n = post.get("vehicles", "0").strip()
    count = int(n) if n.isdigit() else 0
    vehicles = list(assets.get("vehicles") or [])[:count]
    vehicles += [{"kind": c.VehicleKind.CAR}] * (count - len(vehicles))
    assets["vehicles"] = vehicles
    doc["assets"] = assets
    return doc


def choices_for_form() -> dict:
    return {
        "area_types": c.AreaType.choices,
        "relations": c.Relation.choices,
        "occupations": c.Occupation.choices,
        "healths": c.Health.choices,
        "capacities": c.WorkCapacity.choices,
        "income_kinds": c.IncomeKind.choices,
        "natures": c.HouseNature.choices,
    }


def attach_errors(form: dict, errors: dict[str, str]) -> dict:
    """Put each problem next to its field: form["err"][key], row["err"][key], income["err"][key]."""
    form["err"] = {k: v for k, v in errors.items() if not re.match(r"^m\d+-", k)}
    for row in form["members"]:
        prefix = f"m{row['i']}-"
        row["err"] = {
            k[len(prefix) :]: v for k, v in errors.items() if k.startswith(prefix) and "-inc" not in k
        }
        for inc in row["incomes"]:
            p = f"{prefix}inc{inc['j']}-"
            inc["err"] = {k[len(p) :]: v for k, v in errors.items() if k.startswith(p)}
    return form
