"""Chinese (translatable) names for document paths and coded values, used by history pages and error lists.

A document path such as ``members[1].incomes[0].amount`` reads as "家庭成员2 · 收入1 · 金额"; a coded value such
as ``spouse`` under ``relation`` reads as "配偶". ID numbers and phone numbers are masked unless the viewer
may see them.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiuzhu.idnumber import mask_id_number
from jiuzhu.registry import choices as c
from jiuzhu.registry.models import mask_phone

# One label per document key (the last segment decides, list names get a number).
KEY_LABELS: dict[str, Any] = {
    "region": _("所在地区"),
    "union_org": _("建档工会"),
    "area_type": _("申请类别"),
    "address": _("地址"),
    "hukou_address": _("户籍地址"),
    "residence_address": _("实际居住地"),
    "employer": _("工作单位"),
    "phone": _("联系电话"),
    "main_expenditure": _("家庭主要支出"),
    "near_relative_of_staff": _("近亲属中有低保经办人员或村干部"),
    "members": _("家庭成员"),
    "ref": _("成员编号"),
    "name": _("姓名"),
    "id_number": _("身份证号码"),
    "ethnicity": _("民族"),
    "relation": _("关系"),
    "co_resident": _("共同生活"),
    "marital_status": _("婚姻状况"),
    "health": _("健康状况"),
    "disability": _("残疾"),
    "category": _("类别"),
    "grade": _("等级"),
    "serious_illness": _("重病患者"),
    "disabled_elderly": _("失能老年人"),
    "needs_carer": _("需专人照料"),
    "work_capacity": _("劳动能力"),
    "occupation": _("职业状况"),
    "registered_poor": _("建档立卡未脱贫"),
    "laid_off": _("下岗失业"),
    "reemployed_since": _("再就业/创业日期"),
    "incomes": _("收入"),
    "expenses": _("刚性支出"),
    "kind": _("类型"),
    "amount": _("金额"),
    "per": _("周期"),
    "method": _("认定方式"),
    "evidence": _("证明材料"),
    "note": _("说明"),
    "obligors": _("赡养义务人"),
    "supports": _("赡养对象"),
    "hukou_region": _("户籍地（县级代码）"),
    "income": _("收入"),
    "annual_support_paid": _("年赡（抚、扶）养费"),
    "low_income_status": _("困难身份"),
    "court_ordered_support": _("法律文书确定的赡养费"),
    "assets": _("家庭财产"),
    "deposits": _("银行存款"),
    "securities": _("有价证券"),
    "receivables": _("债权"),
    "other": _("其他财产"),
    "houses": _("房屋"),
    "area_m2": _("建筑面积（平方米）"),
    "nature": _("房屋性质"),
    "source": _("房屋来源"),
    "acquired_on": _("购建时间"),
    "in_large_city": _("位于大中城市"),
    "vehicles": _("车辆/船舶"),
    "owner_name": _("所有人"),
    "model": _("品牌型号"),
    "plate": _("号牌/登记号"),
    "displacement": _("排量"),
    "purchased_on": _("购买时间"),
    "price": _("购买金额"),
    "mobility_aid": _("残疾人功能性代步工具"),
    "businesses": _("经营性资产"),
    "flags": _("特殊情形"),
    "private_school_or_self_paid_abroad": _("子女就读高收费私立学校或自费出国留学"),
    "controlling_shareholder": _("企业控股股东或实际控制人"),
    "high_consumption": _("有高消费行为"),
    "refuses_verification": _("拒不配合收入核查"),
    "refused_suitable_jobs": _("连续拒绝适当工作次数"),
    "union": _("职工信息"),
    "worker": _("困难职工"),
    "union_member": _("工会会员"),
    "labour_relation_since": _("劳动关系起始日"),
    "migrant": _("农民工"),
    "retiree_type": _("退休类型"),
    "socially_managed": _("社会化管理"),
    "in_industrial_area": _("居住在独立工矿区或企业集中生活区"),
    "survivor_of_duty_death": _("因公牺牲干部职工遗属或工亡职工家属"),
    "hardship_category": _("困难类别"),
    "plan": _("帮扶计划"),
    "causes": _("致困原因分析"),
    "measures": _("帮扶措施"),
    "tracks": _("四个一批"),
    "helping_unit": _("结对帮扶单位"),
    "responsible_person": _("帮扶责任人"),
    "responsible_phone": _("责任人电话"),
    "goal": _("帮扶目标"),
    "goal_met": _("已达目标"),
    "active": _("在册"),
    "reason": _("注销原因"),
    "(root)": _("整体"),
    "value": _("值"),
    "citation": _("依据文件"),
    "file": _("文件"),
    "rows": _("行数"),
    "values": _("条数"),
}

# Which coded values a key holds; "kind" depends on the list it is in.
CHOICES_BY_KEY: dict[str, Any] = {
    "area_type": c.AreaType,
    "relation": c.Relation,
    "marital_status": c.MaritalStatus,
    "health": c.Health,
    "work_capacity": c.WorkCapacity,
    "occupation": c.Occupation,
    "per": c.Period,
    "method": c.IncomeMethod,
    "nature": c.HouseNature,
    "source": c.HouseSource,
    "low_income_status": c.LowIncomeStatus,
    "retiree_type": c.RetireeType,
    "hardship_category": c.HardshipCategory,
    "tracks": c.Track,
    "category": c.DisabilityCategory,
}
KIND_BY_LIST = {
    "incomes": c.IncomeKind,
    "expenses": c.ExpenseKind,
    "vehicles": c.VehicleKind,
    "businesses": c.BusinessKind,
}
PERSONAL_KEYS = {"id_number", "phone", "responsible_phone"}

_SEGMENT = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


def segments(path: str) -> list[tuple[str, int | None]]:
    """'members[1].incomes[0].amount' -> [('members', 1), ('incomes', 0), ('amount', None)]."""
    out = []
    for part in path.split("."):
        m = _SEGMENT.fullmatch(part)
        if m is None:
            out.append((part, None))
        else:
            out.append((m.group(1), int(m.group(2)) if m.group(2) is not None else None))
    return out


def path_label(path: str) -> str:
    """A document path in words: 'members[1].id_number' -> '家庭成员2 · 身份证号码'."""
    if not path:
        return str(KEY_LABELS["(root)"])
    parts = []
    for key, index in segments(path):
        label = str(KEY_LABELS.get(key, key))
        parts.append(f"{label}{index + 1}" if index is not None else label)
    return " · ".join(parts)


def _choice_label(enum, value: Any) -> str | None:
    for v, label in enum.choices:
        if v == value:
            return str(label)
    return None


def value_label(path: str, value: Any, *, reveal: bool = True) -> str:
    """A stored value as a person reads it: codes as words, booleans as 是/否, personal numbers masked."""
    if value is None or value == "" or value == []:
        return gettext("（空）")
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if isinstance(value, list):
        return gettext("、").join(value_label(path + "[0]", v, reveal=reveal) for v in value)
    segs = segments(path)
    key = segs[-1][0] if segs else ""
    if key in PERSONAL_KEYS and not reveal and isinstance(value, str):
        return mask_id_number(value) if key == "id_number" else mask_phone(value)
    enum = None
    if key == "kind":
        parent = segs[-2][0] if len(segs) > 1 else ""
        enum = KIND_BY_LIST.get(parent)
    else:
        enum = CHOICES_BY_KEY.get(key)
    if enum is not None:
        label = _choice_label(enum, value)
        if label is not None:
            return label
    return str(value)
