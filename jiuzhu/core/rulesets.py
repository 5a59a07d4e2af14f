"""The register of implementing rule sets in force (R-SUP-14) and the check that a local-parameter value is
authorised by one of them.

A rule set is made by a union (帮扶资金、送温暖 implementing rules, 解困脱困 plans, identification and archive rules)
or a civil-affairs body (the local standards), for its region; it lists the LOCAL PARAMETER keys it sets. A
parameter value for region R, key K, from day D is authorised by a rule set in force on D whose region contains
R and which lists K (`authorise`). Provincial unions file their rules with the ACFTU, lower unions with the
next-higher union [总工办发〔2020〕13号 第十七条; 总工发〔2018〕39号 第十七条]: `do_file_rule_set`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import record
from .models import Region, RuleSet, UnionOrg

# What each LOCAL PARAMETER is called on pages (its key is a code, not shown).
PARAM_LABELS = {
    "dibao_standard": gettext_lazy("最低生活保障标准"),
    "low_income_standard": gettext_lazy("低收入标准"),
    "low_income_multiplier": gettext_lazy("低收入标准倍数"),
    "minimum_wage": gettext_lazy("最低工资标准"),
    "obligor_support_ratio": gettext_lazy("赡养（抚养、扶养）费计算比例"),
    "dibao_deduct_rigid_expenses": gettext_lazy("低保是否扣减刚性支出"),
    "dibao_property": gettext_lazy("低保家庭财产条件"),
    "classified_increment": gettext_lazy("分类施保增发比例"),
    "phase_out_months": gettext_lazy("低保渐退期"),
    "prior_year_disposable_income_per_capita": gettext_lazy("上年度人均可支配收入"),
    "temporary_assistance": gettext_lazy("临时救助标准"),
    "local_floor_area_per_capita": gettext_lazy("当地人均住房面积"),
    "union_phase_out_months": gettext_lazy("困难职工脱困渐退期"),
}
VARIANT_LABELS = {"urban": gettext_lazy("城市"), "rural": gettext_lazy("农村")}


def param_label(key: str, variant: str = "") -> str:
    label = str(PARAM_LABELS.get(key, key))
    return f"{label}（{VARIANT_LABELS[variant]}）" if variant in VARIANT_LABELS else label


class RuleSetRefused(ValueError):
    """Why a rule set cannot be registered, filed or used (in words, naming the field)."""


def _scope_path(rs: RuleSet) -> str:
    area = rs.area
    return area.path if area else ""


# The procedures' own LOCAL PARAMETERs (read where they are used), beside the policy engine's keys.
PROCEDURE_KEYS = {
    "dibao_rural_payment",  # OP-27, dibao/payables.py
    "dibao_lead_follow_up_days",  # dibao/actions.py
    "dibao_review_months",  # R-FLOW-13
    "dibao_review_months_workable",
    "reform_pilot",  # R-RPT-08, reports/pilot.py
    "temporary_processing_days",  # temporary/localparams.py
    "temporary_regularise_days",  # OP-18
    "union_aid_national_threshold",
    "union_aid_province_threshold",
}


def _check_keys(keys) -> list[str]:
    from jiuzhu.policy.params import KEYS

    from .models import LocalParameter

    keys = [str(k).strip() for k in keys or [] if str(k).strip()]
    known = set(KEYS) | PROCEDURE_KEYS
    unknown = [k for k in keys if k not in known]
    if unknown:  # a key some parameter already has is known too
        have = set(LocalParameter.objects.filter(key__in=unknown).values_list("key", flat=True))
        unknown = [k for k in unknown if k not in have]
    if unknown:
        raise RuleSetRefused(_("规定的地方参数中有未知参数：%(keys)s") % {"keys": "、".join(unknown)})
    return sorted(set(keys))


def do_register_rule_set(
    actor,
    *,
    title: str,
    kind: str,
    effective_from: dt.date,
    union: UnionOrg | None = None,
    region: Region | None = None,
    number: str = "",
    keys: list[str] | None = None,
) -> RuleSet:
    title = (title or "").strip()
    if not title:
        raise RuleSetRefused(_("请填写实施细则的名称"))
    if kind not in RuleSet.Kind.values:
        raise RuleSetRefused(_("请选择实施细则的类别"))
    if (union is None) == (region is None):
        raise RuleSetRefused(_("制定单位须为一个工会或一个地区（二者选一）"))
    if union is not None and union.region_id is None:
        raise RuleSetRefused(_("制定工会没有所在地区，无法确定其规定适用的范围"))
    with transaction.atomic():
        rs = RuleSet.objects.create(
            title=title,
            number=(number or "").strip(),
            kind=kind,
            union=union,
            region=region,
            effective_from=effective_from,
            keys=_check_keys(keys),
        )
        record(
            actor,
            "rulesets.register",
            rs,
            after={"title": rs.title, "number": rs.number, "kind": kind, "keys": rs.keys},
            scope_path=_scope_path(rs),
        )
    return rs


def do_file_rule_set(actor, rs: RuleSet, *, filed_on: dt.date) -> RuleSet:
    """Record the filing with the body the rules name (R-SUP-14)."""
    body = rs.files_with()
    if body is None:
        raise RuleSetRefused(_("该实施细则无需向上级工会备案"))
    if filed_on < rs.effective_from - dt.timedelta(days=366):
        raise RuleSetRefused(_("备案日期不合理，请核对"))
    with transaction.atomic():
        before = {
            "filed_with": rs.filed_with_id,
            "filed_on": rs.filed_on.isoformat() if rs.filed_on else None,
        }
        rs.filed_with, rs.filed_on = body, filed_on
        rs.save(update_fields=["filed_with", "filed_on"])
        record(
            actor,
            "rulesets.file",
            rs,
            before=before,
            after={"filed_with": body.pk, "filed_on": filed_on.isoformat()},
            scope_path=_scope_path(rs),
        )
    return rs


def do_repeal_rule_set(actor, rs: RuleSet, *, repealed_on: dt.date) -> RuleSet:
    """No longer in force from `repealed_on`; the values it authorised stay as they were (history)."""
    if rs.repealed_on is not None:
        raise RuleSetRefused(_("该实施细则已废止"))
    if repealed_on <= rs.effective_from:
        raise RuleSetRefused(_("废止日期须晚于施行日期"))
    with transaction.atomic():
        rs.repealed_on = repealed_on
        rs.save(update_fields=["repealed_on"])
        record(
            actor,
            "rulesets.repeal",
            rs,
            after={"repealed_on": repealed_on.isoformat()},
            scope_path=_scope_path(rs),
        )
    return rs


def authorise(rs: RuleSet | None, *, region_code: str, key: str, effective_from: dt.date) -> RuleSet:
    """The rule set, if it authorises this value; otherwise RuleSetRefused saying why."""
    if rs is None:
        raise RuleSetRefused(_("请选择授权该参数的实施细则"))
    if not rs.in_force(effective_from):
        raise RuleSetRefused(_("所选实施细则在 %(day)s 不在施行期内") % {"day": effective_from.isoformat()})
    if key not in (rs.keys or []):
        raise RuleSetRefused(_("所选实施细则没有规定该参数"))
    region = Region.objects.filter(code=region_code).first()
    area = rs.area
    if region is None or area is None or not region.path.startswith(area.path):
        raise RuleSetRefused(_("所选实施细则不适用于该地区"))
    return rs


def rule_sets_for(region_code: str, key: str, day: dt.date) -> list[RuleSet]:
    """The rule sets that could authorise a value of `key` for this region on `day` (for a form's choices)."""
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        return []
    out = []
    for rs in RuleSet.objects.select_related("union__region", "region"):
        area = rs.area
        if area and region.path.startswith(area.path) and key in (rs.keys or []) and rs.in_force(day):
            out.append(rs)
    return out


# The demo's rule sets (illustrative titles and numbers, not any real body's documents) and the demo parameters
# they set; bootstrap links the parameters of params_demo.yaml to them.
DEMO_RULE_SETS = [
    {
        "title": "示例市顺义区关于调整城乡最低生活保障等社会救助标准的通知",
        "number": "顺民发〔2025〕1号",
        "kind": RuleSet.Kind.ASSISTANCE,
        "region": "110113",
        "effective_from": dt.date(2025, 1, 1),
        "keys": [
            "dibao_standard",
            "low_income_standard",
            "minimum_wage",
            "obligor_support_ratio",
            "dibao_deduct_rigid_expenses",
            "dibao_property",
            "classified_increment",
            "phase_out_months",
            "local_floor_area_per_capita",
            "prior_year_disposable_income_per_capita",
            "temporary_assistance",
        ],
    },
    {
        "title": "北京市总工会困难职工解困脱困实施细则（示例）",
        "number": "京工发〔2021〕3号",
        "kind": RuleSet.Kind.RELIEF_RULES,
        "union": "U110000",
        "effective_from": dt.date(2021, 1, 1),
        "keys": ["union_phase_out_months"],
        "filed_on": dt.date(2021, 2, 1),
    },
]


def do_load_demo_rule_sets(actor) -> int:
    """Register the demo's rule sets once and link the matching demo parameters to them: a loader, like
    `params.do_load_params_file`, with one audit event for the load (not one per rule set)."""
    from .models import LocalParameter

    made = []
    with transaction.atomic():
        for spec in DEMO_RULE_SETS:
            if RuleSet.objects.filter(number=spec["number"]).exists():
                continue
            union = UnionOrg.objects.filter(code=spec["union"]).first() if spec.get("union") else None
            region = Region.objects.filter(code=spec["region"]).first() if spec.get("region") else None
            if union is None and region is None:
                continue
            rs = RuleSet(
                title=spec["title"],
                number=spec["number"],
                kind=spec["kind"],
                union=union,
                region=region,
                effective_from=spec["effective_from"],
                keys=_check_keys(spec["keys"]),
            )
            if spec.get("filed_on"):
                rs.filed_with, rs.filed_on = rs.files_with(), spec["filed_on"]
            rs.save()
            area = rs.area
            codes = list(Region.objects.filter(path__startswith=area.path).values_list("code", flat=True))
            LocalParameter.objects.filter(
                region_code__in=codes, key__in=rs.keys, effective_from__gte=rs.effective_from, rule_set=None
            ).update(rule_set=rs, citation=str(rs)[:200])
            made.append(rs)
        if made:
            record(actor, "rulesets.load", made[-1], after={"rule_sets": [r.number for r in made]})
    return len(made)
