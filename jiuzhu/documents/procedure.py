"""Context builders from the procedures (jiuzhu/dibao): application, visit, notice, publicity lists.

Kept apart from the registry builders (context.py) because the procedure models are still growing: each
builder reads the model's fields defensively and leaves blank what the procedure has not recorded yet
(blank is what the paper form shows before the step; required fields are then reported as missing).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiuzhu.registry.money import yuan

from .context import age_on, area_choice, household_context, label, region_chain, worker_context, ym, ymd
from .masking import Masker, masker_for
from .numbering import format_number


def _g(obj, name, default=None):
    return getattr(obj, name, default) if obj is not None else default


def application_context(app) -> dict[str, Any]:
    """附件3 township opinion and county approval blocks (blank until the steps are done)."""
    approver = _g(app, "approver")
    start = _g(app, "payment_start")
    return {
        "id": app.pk,
        "applied": ymd(_g(app, "applied_on")),
        "area_type": _g(app, "area_type", ""),
        "opinion_village": _g(app, "opinion_village", "") or "",
        "opinion_persons": "" if _g(app, "opinion_persons") is None else str(app.opinion_persons),
        "opinion_per_capita": yuan(_g(app, "opinion_per_capita_fen")),
        "opinion_household_amount": yuan(_g(app, "opinion_household_fen")),
        "case_officer": _g(app, "opinion_case_officer", "") or "",
        "office_head": _g(app, "opinion_office_head", "") or "",
        "leader": _g(app, "opinion_leader", "") or "",
        "opinion_on": ymd(_g(app, "opinion_on")),
        "start": ym(start),
        "reviewer": (approver.get_full_name() or approver.username) if approver else "",
        "approval_leader": _g(app, "approval_leader", "") or "",
        "approved_on": ymd(_g(app, "approved_on")),
        "benefit_household": yuan(_g(app, "benefit_household_fen")),
        "benefit_per_capita": yuan(_g(app, "benefit_per_capita_fen")),
    }


def visit_context(visit) -> dict[str, Any]:
    if visit is None:
        return {"date": ymd(None), "investigators": [], "agrees": None}
    return {
        "date": ymd(visit.visited_on),
        "investigators": list(visit.investigators or []),
        "investigators_text": "、".join(visit.investigators or []),
        "representative": visit.representative,
        "findings": visit.findings,
        "difficulty": visit.findings,
        "agrees": visit.agrees,
        "explanation": visit.explanation,
        "conclusion": visit.conclusion,
        "unit": visit.unit,
    }


def case_context(app) -> dict[str, Any]:
    """附件3 / 附件4 / verification report for one application: household + application + latest visit."""
    ctx = {"household": household_context(app.household), "application": application_context(app)}
    if not ctx["application"]["opinion_village"]:
        ctx["application"]["opinion_village"] = ctx["household"]["village"]
    visits = (
        list(app.visits.filter(kind="intake").order_by("-visited_on", "-id")[:1])
        if hasattr(app, "visits")
        else []
    )
    ctx["visit"] = visit_context(visits[0] if visits else None)
    report = getattr(app, "verification_report", None) if _has_report(app) else None
    items = []
    for rec in app.verifications.all() if hasattr(app, "verifications") else []:
        items.append(
            {
                "source": rec.get_source_display(),
                "checked": ymd(rec.checked_on)["text"],
                "consistent": "一致" if rec.consistent else "不一致",
                "result": rec.result,
            }
        )
    ctx["verification"] = {
        "made": ymd(report.made_on if report else None),
        "summary": report.summary if report else "",
        "items": items,
    }
    return ctx


def _has_report(app) -> bool:
    try:
        return app.verification_report is not None
    except Exception:  # RelatedObjectDoesNotExist
        return False


def signing_method(sig) -> str:
    """附件1 签署方式 of one member (R-FLOW-02): who signed (本人 / 监护人) and how (签字 / 按捺指纹); a signature
    given online says so."""
    who = "本人" if sig.capacity == "self" else f"监护人{sig.guardian_name}"
    how = "按捺指纹" if sig.method == "fingerprint" else "签字"
    online = "（网上电子签名）" if sig.electronic else ""
    return who + how + ("（无书写能力）" if sig.cannot_write else "") + online


def electronic_signature_text(sig, name: str) -> str:
    """The sign cell of 附件1 for a signature given online: the member, when, the text agreed to and the
    account that confirmed it (portal.actions.electronic_record)."""
    e = sig.electronic or {}
    when = str(e.get("signed_at", "")).replace("T", " ")[:16]
    return (
        f"{name}（电子签名）{when}，授权书文本第{e.get('text_version', '')}版，"
        f"经{e.get('confirmed_by', '')}的网上账户确认"
    )


def latest_application(household):
    if not hasattr(household, "dibao_applications"):
        return None
    return household.dibao_applications.order_by("-id").first()


def application_form_context(household, app=None) -> dict[str, Any]:
    """附件1 (R-DOC-02). When the household has a dibao application (the given one, else its latest): the
    application date, the programme applied for, and each co-resident member's recorded signing method
    (dibao Signature); a member without a record, or a household without an application, stays blank."""
    ctx = {"household": household_context(household)}
    members = ctx["household"]["members"]
    for m in members:
        m["signature_capacity"] = m["signature_text"] = ""
    app = app or latest_application(household)
    if app is None:
        return ctx
    ctx["application"] = {"id": app.pk, "applied": ymd(app.applied_on)}
    ctx["household"]["area_choice"] = area_choice(app.area_type) or ctx["household"]["area_choice"]
    signatures = {sig.member_id: sig for sig in app.signatures.all()}
    births = {mm.pk: mm.birth_date for mm in household.members.all()}
    for m in members:
        sig = signatures.get(m["member_id"])
        m["signature_capacity"] = signing_method(sig) if sig else ""
        m["signature_text"] = electronic_signature_text(sig, m["name"]) if sig and sig.electronic else ""
        age = age_on(births.get(m["member_id"]), app.applied_on) if app.applied_on else m.get("age", "")
        if sig is None and str(age).isdigit() and int(age) >= 18:
            m["signature_capacity"] = (
                "未签字"  # an adult on the application date who has not signed (R-FLOW-02)
            )
    return ctx


def household_form_context(kind_code: str, household, app=None) -> dict[str, Any]:
    """The context of a form whose object is a household (附件1, 附件2, 附件9, union archive form)."""
    if kind_code == "fj1":
        return application_form_context(household, app)
    if kind_code == "fj9":
        return dynamic_context(household)
    ctx = {"household": household_context(household)}
    if kind_code == "union_archive":
        ctx["worker"] = worker_context(household)
    return ctx


def dynamic_context(household) -> dict[str, Any]:
    """附件9: every dynamic-management visit of the household's applications (blank blocks if none)."""
    ctx = {"household": household_context(household), "visits": []}
    apps = household.dibao_applications.all() if hasattr(household, "dibao_applications") else []
    for app in apps:
        for v in app.visits.filter(kind="dynamic").order_by("visited_on", "id"):
            ctx["visits"].append(visit_context(v))
    return ctx


def notice_context(notice) -> dict[str, Any]:
    """附件6 (refusal) and 附件7 (change/stop), numbered per unit and year (R-DOC-12)."""
    app = notice.application
    hh = household_context(app.household)
    reasons = notice.reasons or {}
    income = reasons.get("income") or {}
    period = reasons.get("period_label") or "元/月"
    reason = reasons.get("reason", "")
    ctx = {
        "number_text": format_number(notice.year, notice.number),
        "year": str(notice.year or ""),
        "number": str(notice.number or ""),
        "township": hh["township"],
        "village": hh["village"],
        "name": hh["applicant"].get("name", ""),
        "applied": ymd(app.applied_on),
        "issued": ymd(notice.issued_on),
        "deliverer": notice.deliverer,
        "delivered": ymd(notice.delivered_on),
        "unit": notice.issuing_unit.name,
        "period": period,
        "income_per_capita": income.get("per_capita_income", ""),
        "standard": income.get("standard", ""),
        "property_detail": reasons.get("property", "") if notice.kind == "refusal" else "",
        "cause": reasons.get("cause") or reason,
        "old_household": yuan(notice.old_household_fen),
        "new_household": yuan(notice.new_household_fen),
        "old_per_capita": yuan(notice.old_per_capita_fen),
        "new_per_capita": yuan(notice.new_per_capita_fen),
        "change_reason": reason if notice.kind == "change" else "",
        "stop": ym(notice.stop_month) if notice.kind == "stop" else ym(None),
        "stop_reason": reason if notice.kind == "stop" else "",
        "kind": notice.kind,
    }
    ctx["reason_text"] = reason_text(ctx)
    return {"notice": ctx, "household": hh}


def reason_text(n: dict) -> str:
    parts = []
    if n.get("income_per_capita"):
        parts.append(
            f"人均收入{n['income_per_capita']}{n['period']}超过标准{n.get('standard', '')}{n['period']}"
        )
    for key in ("property_detail", "change_reason", "stop_reason"):
        if n.get(key):
            parts.append(n[key])
    return "；".join(parts)


def publicity_rows(applications, kind: str, masker: Masker) -> list[dict[str, Any]]:
    """附件5 / 附件8 rows, masked: names by the province's rule, no ID numbers unless the rule shows them."""
    rows = []
    for i, app in enumerate(applications, 1):
        hh = household_context(app.household)
        insured = [m for m in hh["members"]]
        persons = app.opinion_persons or len(insured)
        rows.append(
            {
                "no": str(i),
                "insured_names": "、".join(masker.name(m["name"]) for m in insured),
                "applicant": masker.name(hh["applicant"].get("name", "")),
                "applicant_id": masker.id_number(hh["applicant"].get("id_number", "")),
                "village": hh["village"] or hh["township"],
                "size": hh["size"],
                "insured_count": str(persons),
                "per_capita_income": hh["per_capita_income"],
                "amount": yuan(
                    app.benefit_household_fen
                    if app.benefit_household_fen is not None
                    else app.opinion_household_fen
                ),
            }
        )
    return rows


def publicity_context(
    region, kind: str, *, starts: dt.date | None = None, phone: str = "", applications=None
) -> dict[str, Any]:
    """附件5 (kind "fj5": township, applications under review publicity) or 附件8 ("fj8": approved)."""
    from jiuzhu.dibao.models import DibaoApplication

    chain = region_chain(region)
    if applications is None:
        status = "review_publicity" if kind == "fj5" else "approval_publicity"
        applications = (
            DibaoApplication.objects.filter(household__region__path__startswith=region.path, status=status)
            .select_related("household__region__parent__parent__parent__parent")
            .prefetch_related(
                "household__members__incomes",
                "household__obligors",
                "household__houses",
                "household__vehicles",
            )
            .order_by("household__region__code", "id")
        )
    if starts is None:
        starts, ends = _publicity_period(applications, kind)
    else:
        ends = starts + dt.timedelta(days=6)
    masker = masker_for(chain["province_code"] or region.code)
    return {
        "publicity": {
            "unit_name": region.name,
            "county": chain["county"],
            "starts": ymd(starts),
            "ends": ymd(ends),
            "phone": phone or region.phone,
            "rows": publicity_rows(applications, kind, masker),
            "masking": {"name_rule": masker.name_rule, "id_rule": masker.id_rule},
        }
    }


def _publicity_period(applications, kind: str) -> tuple[dt.date, dt.date]:
    """The publicity period the cases recorded (R-FLOW-07 / OP-04: 7 days, both ends included); when the
    listed cases started on different days, from the first start to the last end. No record yet: a list
    printed to be posted today."""
    from jiuzhu.dibao.models import Publicity

    periods = Publicity.objects.filter(
        application__in=applications, kind="review" if kind == "fj5" else "approval"
    ).values_list("starts_on", "ends_on")
    if not periods:
        today = dt.date.today()
        return today, today + dt.timedelta(days=Publicity.DAYS - 1)
    return min(p[0] for p in periods), max(p[1] for p in periods)


def object_label(kind_source: str) -> str:
    return {"household": "家庭", "application": "低保申请", "notice": "告知书", "region": "行政区划"}.get(
        kind_source, kind_source
    )


__all__ = [
    "application_context",
    "application_form_context",
    "case_context",
    "dynamic_context",
    "household_form_context",
    "notice_context",
    "publicity_context",
    "label",
]
