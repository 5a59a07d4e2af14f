"""The policy engine's view of one household, for the detail and assessment pages.

The engine (`jiuzhu.policy`) is optional at import time: while it is missing the pages say "评估引擎未就绪".
Its output follows shared/spec/ASSESSMENT.md: per programme a status, amounts and reasons with citations.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

PROGRAMME_LABELS = {
    "dibao": _("最低生活保障"),
    "hardship_worker": _("困难职工帮扶"),
    "temporary": _("临时救助"),
}
STATUS_LABELS = {
    "eligible": _("符合条件"),
    "ineligible": _("不符合条件"),
    "excluded": _("不予纳入（排除情形）"),
    "not_configured": _("参数未配置"),
    "needs_review": _("需人工审核"),
    "no_event": _("无突发事件"),
}
# Amount fields of the output, in the order they are shown, with their names.
AMOUNT_LABELS = {
    "household_size": _("家庭人口"),
    "per_capita_income": _("家庭月人均收入（元）"),
    "per_capita_net_income": _("家庭月人均纯收入（元）"),
    "standard": _("保障标准（元/人/月）"),
    "threshold": _("认定标准（元/人/月）"),
    "benefit_household": _("月保障金额（元/户）"),
    "benefit_per_capita": _("月人均补差（元）"),
    "category": _("困难类别"),
    "type": _("救助类型"),
    "tier": _("救助档次"),
    "amount": _("救助金额（元）"),
    "approval_level": _("审批层级"),
}
GROUP_LABELS = {
    "elderly_60": _("60周岁以上老年人"),
    "minor": _("未成年人"),
    "severe_disability": _("重度残疾人"),
    "serious_illness": _("重病患者"),
}
VALUE_LABELS = {
    "deep": _("深度困难"),
    "relative": _("相对困难"),
    "accident": _("意外致困"),
    "emergency": _("急难型"),
    "expenditure": _("支出型"),
    "minor": _("一般"),
    "moderate": _("较重"),
    "severe": _("严重"),
    "township": _("乡镇（街道）"),
    "county": _("县级"),
    "centre": _("帮扶中心"),
    "province": _("省级"),
    "national": _("全国总工会"),
}


@dataclass
class Programme:
    key: str
    label: str
    status: str
    status_label: str
    eligible: bool | None
    amounts: list[tuple[str, str]] = field(default_factory=list)
    increments: list[dict] = field(default_factory=list)
    reasons: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


@dataclass
class Assessment:
    ready: bool
    month: str
    error: str = ""
    engine: str = ""
    programmes: list[Programme] = field(default_factory=list)


def _as_dict(result: Any) -> dict:
    if isinstance(result, list):
        result = result[0] if result else {}
    for name in ("to_dict", "as_dict", "to_json"):
        method = getattr(result, name, None)
        if callable(method):
            result = method()
            break
    return result if isinstance(result, dict) else {}


def shown_reason(reason: dict) -> dict:
    """A reason with `shown`: its text in the page's language (the engine gives `text` and `text_en`)."""
    english = (get_language() or "").startswith("en") and reason.get("text_en")
    shown = reason["text_en"] if english else reason.get("text") or reason.get("code", "")
    if reason.get("field"):  # the contract names the missing input field; people read the words around it
        shown = shown.replace(f"（{reason['field']}）", "").replace(f" {reason['field']} ", " ")
    return {**reason, "shown": shown}


def assess_household(household, month: str | None = None) -> Assessment:
    month = month or dt.date.today().strftime("%Y-%m")
    try:
        from jiuzhu.policy import Params, assess
    except ImportError:
        return Assessment(ready=False, month=month)
    from jiuzhu.core.params import params_mapping
    from jiuzhu.dibao.actions import engine_input

    try:
        params = Params.from_mapping(params_mapping())
        data = engine_input(household)  # a 低保 case being paid passes its history (phase-out, R-ELIG-04)
        output = _as_dict(assess(data, params, at=month))
    except Exception as e:  # the page must show the household even when the engine fails on it
        log.exception("assessment of household %s failed", household.pk)
        return Assessment(ready=True, month=month, error=str(e) or e.__class__.__name__)
    out = Assessment(ready=True, month=month, engine=str(output.get("engine", "")))
    names = {m.get("ref"): m.get("name", "") for m in data.get("members", [])}
    for key, prog in (output.get("programs") or output.get("programmes") or {}).items():
        if not isinstance(prog, dict):
            continue
        status = str(prog.get("status", ""))
        p = Programme(
            key=key,
            label=str(PROGRAMME_LABELS.get(key, key)),
            status=status,
            status_label=str(STATUS_LABELS.get(status, status)),
            eligible=prog.get("eligible"),
            increments=[
                {
                    **inc,
                    "member_name": names.get(inc.get("member"), inc.get("member", "")),
                    "group_label": str(GROUP_LABELS.get(inc.get("group"), inc.get("group", ""))),
                }
                for inc in prog.get("increments") or []
                if isinstance(inc, dict)
            ],
            reasons=[shown_reason(r) for r in prog.get("reasons") or [] if isinstance(r, dict)],
        )
        for name, label in AMOUNT_LABELS.items():
            if prog.get(name) not in (None, ""):
                value = prog[name]
                p.amounts.append(
                    (str(label), str(VALUE_LABELS.get(value, value)) if isinstance(value, str) else value)
                )
        if isinstance(prog.get("phase_out"), dict):
            p.extra["phase_out_until"] = prog["phase_out"].get("until")
        if prog.get("out_of_hardship"):
            p.extra["out_of_hardship"] = True
        if isinstance(prog.get("aid"), dict):
            p.extra["aid"] = prog["aid"]
        out.programmes.append(p)
    return out
