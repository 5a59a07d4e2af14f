"""The only code that changes 低保 cases (R-FLOW-01..16).

Status changes go through jiuzhu.core.workflow.transition (role, maker-checker, preconditions, status-change
row and audit event in one transaction, row locked). The records a step leaves (signatures, verification
results, visits, objections, notices...) are written here, each in one transaction with an audit event.
Every function takes `today` only so tests can stand on a given day; pages and the API never pass it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jiuzhu.accounts.models import Role
from jiuzhu.accounts.scope import civil_households, region_within_scope
from jiuzhu.core.audit import record, snapshot
from jiuzhu.core.models import Deadline, LocalParameter, Region
from jiuzhu.core.workflow import (
    TransitionRefused,
    close_deadlines,
    maker_refusal,
    open_deadline,
    record_status,
    transition,
)
from jiuzhu.registry.choices import WorkCapacity
from jiuzhu.registry.models import mask_name
from jiuzhu.registry.money import yuan

from .models import (
    REQUIRED_DOCUMENTS,
    Appeal,
    Appraisal,
    ChangeReport,
    DecisionSnapshot,
    DibaoApplication,
    HomeVisit,
    JobOffer,
    Lead,
    Notice,
    Objection,
    Publicity,
    SecondReview,
    Signature,
    Source,
    VerificationRecord,
    VerificationReport,
)

__all__ = ["TransitionRefused"]

REVIEW_MONTHS_DEFAULT = 12  # OP-05 placeholder
REVIEW_MONTHS_WORKABLE = 6  # OP-05: a working-age member who can work
WORKING_AGE = (16, 60)
# R-FLOW-16 gives no time limit for following up a lead; DEFAULT, overridden by the local parameter.
LEAD_FOLLOW_UP_DAYS_DEFAULT = 7
LEAD_PARAM = "dibao_lead_follow_up_days"
LEAD_DEADLINE = "lead_follow_up"


class NotInScope(Http404):
    def __init__(self):
        super().__init__("未找到该案件")


# ---------------------------------------------------------------- helpers


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def add_months(day: dt.date, n: int) -> dt.date:
    month = day.month - 1 + n
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_scope(actor, app: DibaoApplication) -> None:
    """A case outside the actor's subtree does not exist for him (404, never 403)."""
    if actor is None or actor.is_superuser:
        return
    if actor.role == Role.APPLICANT or not civil_households(actor).filter(pk=app.household_id).exists():
        raise NotInScope()


def _require_role(actor, roles, what: str) -> None:
    if actor is not None and not actor.is_superuser and actor.role not in roles:
        raise TransitionRefused(f"您的角色不能{what}")


def _require_status(app: DibaoApplication, statuses, what: str) -> None:
    if app.status not in statuses:
        raise TransitionRefused(f"当前状态为“{app.get_status_display()}”，不能{what}")


def _audit(actor, action: str, obj, app: DibaoApplication, after: dict | None = None, note: str = "") -> None:
    record(
        actor,
        f"dibao.{action}",
        obj,
        after=after if after is not None else snapshot(obj),
        household=app.household,
        note=note,
    )


def _locked(app: DibaoApplication) -> DibaoApplication:
    return DibaoApplication.objects.select_for_update().get(pk=app.pk)


def _county(app: DibaoApplication) -> Region:
    return app.household.region.county or app.household.region


def local_param(app: DibaoApplication, key: str, on: dt.date) -> Any:
    """A local parameter in force on a day for the case's county (or a region above it)."""
    return region_param(app.household.region, key, on)


def region_param(region: Region, key: str, on: dt.date) -> Any:
    """A local parameter in force on a day for a region (or a region above it)."""
    codes = [c for c in region.path.strip("/").split("/") if c]
    row = (
        LocalParameter.objects.filter(region_code__in=codes, key=key, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    return None if row is None else row.value


STAFF_ROLES = (Role.CASE_WORKER, Role.ADMIN)
COUNTY_ROLES = (Role.APPROVER, Role.ADMIN)


# ---------------------------------------------------------------- intake (R-FLOW-01..03)


def _stored_choice(obj, field: str) -> str:
    """A choice's label for text that is stored (deadline labels): in the official language, Chinese,
    whatever language the acting user's pages are in; it is translated when shown (core.todo)."""
    with translation.override(settings.LANGUAGE_CODE):
        return getattr(obj, f"get_{field}_display")()


def do_create_application(
    actor, household, *, applied_on: dt.date | None = None, area_type: str | None = None
) -> DibaoApplication:
    """R-FLOW-01: the application, with the list of documents told at once (一次性告知)."""
    _require_role(actor, STAFF_ROLES, "受理低保申请")
    if (
        actor is not None
        and not actor.is_superuser
        and not civil_households(actor).filter(pk=household.pk).exists()
    ):
        raise NotInScope()
    applied_on = _today(applied_on)
    if applied_on > timezone.localdate():
        raise TransitionRefused("申请日期不能晚于今天")
    with transaction.atomic():
        # The household row is locked so that two workers taking the same application at once cannot both
        # pass the one-open-case check below.
        type(household).objects.select_for_update().filter(pk=household.pk).first()
        open_case = DibaoApplication.objects.filter(
            household=household,
            status__in=[s for s in DibaoApplication.TRANSITIONS["withdraw"][0]]
            + ["approved", "approval_publicity", "active", "phase_out"],
        )
        if open_case.exists():
            raise TransitionRefused("该家庭已有在办或在保的低保案件，不能重复申请")
        app = DibaoApplication.objects.create(
            household=household,
            area_type=area_type or household.area_type,
            applied_on=applied_on,
            created_by=actor if getattr(actor, "pk", None) else None,
            required_documents=[{**d, "told_on": applied_on.isoformat()} for d in REQUIRED_DOCUMENTS],
        )
        record_status(app, "", actor)
        _audit(actor, "create", app, app)
    return app


def do_record_signature(
    actor,
    app,
    *,
    member,
    capacity: str,
    method: str,
    guardian_name: str = "",
    cannot_write: bool = False,
    signed_on: dt.date | None = None,
    electronic: dict | None = None,
) -> Signature:
    """R-FLOW-02: one member's signature or fingerprint on 附件1, and in what capacity. `electronic`: the
    record of a signature given online (the portal's consent: when, the text version, who confirmed)."""
    check_scope(actor, app)
    _require_role(actor, STAFF_ROLES, "登记签字")
    signed_on = _today(signed_on)
    if member.household_id != app.household_id or not member.active:
        raise TransitionRefused("该成员不属于本申请家庭")
    if not member.co_resident:
        raise TransitionRefused(f"{member.name}不是共同生活家庭成员，无需签字")
    if capacity not in Signature.Capacity.values:
        raise TransitionRefused("签署身份应为本人或监护人")
    if method not in Signature.Method.values:
        raise TransitionRefused("签署方式应为签字或按手印")
    if capacity == Signature.Capacity.GUARDIAN and not guardian_name.strip():
        raise TransitionRefused(f"{member.name}由监护人代签时须填写监护人姓名")
    if cannot_write and method != Signature.Method.FINGERPRINT:
        raise TransitionRefused(f"{member.name}不能书写，应按手印")
    if electronic is not None and (capacity, method) != (Signature.Capacity.SELF, Signature.Method.SIGNATURE):
        raise TransitionRefused(f"{member.name}的电子签名只能是本人签字")
    with transaction.atomic():
        app = _locked(app)
        _require_status(app, ("draft",), "登记签字")
        if app.signatures.filter(member=member).exists():
            raise TransitionRefused(f"{member.name}已签字，不能重复登记")
        sig = Signature.objects.create(
            application=app,
            member=member,
            capacity=capacity,
            method=method,
            guardian_name=guardian_name.strip(),
            cannot_write=cannot_write,
            signed_on=signed_on,
            electronic=electronic,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        _audit(actor, "signature", sig, app)
    return sig


def unsigned_members(app: DibaoApplication) -> list:
    signed = set(app.signatures.values_list("member_id", flat=True))
    return [m for m in app.household.members.filter(active=True, co_resident=True) if m.pk not in signed]


def do_submit(actor, app) -> DibaoApplication:
    """R-FLOW-02: refused until every co-resident member has signed or fingerprinted."""
    check_scope(actor, app)

    def check(fresh):
        missing = unsigned_members(fresh)
        if missing:
            names = "、".join(m.name for m in missing)
            raise TransitionRefused(f"以下共同生活家庭成员尚未签字或按手印：{names}")

    return transition(app, "submit", actor, check=check)


# ---------------------------------------------------------------- verification (R-FLOW-04)


def do_start_verification(actor, app) -> DibaoApplication:
    check_scope(actor, app)
    return transition(app, "start_verification", actor)


def do_record_verification(
    actor, app, *, source: str, result: str, consistent: bool = True, checked_on: dt.date | None = None
) -> VerificationRecord:
    check_scope(actor, app)
    _require_role(actor, STAFF_ROLES, "登记核对结果")
    if source not in Source.values:
        raise TransitionRefused("核对来源无效")
    if not result.strip():
        raise TransitionRefused("请填写核对结果")
    with transaction.atomic():
        app = _locked(app)
        _require_status(app, ("verifying",), "登记核对结果")
        rec = VerificationRecord.objects.create(
            application=app,
            source=source,
            result=result.strip(),
            consistent=consistent,
            checked_on=_today(checked_on),
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        _audit(actor, "verification", rec, app)
    return rec


def missing_sources(app: DibaoApplication) -> list[str]:
    done = set(app.verifications.values_list("source", flat=True))
    return [s for s in Source.values if s not in done]


def do_make_verification_report(
    actor, app, *, summary: str, made_on: dt.date | None = None
) -> VerificationReport:
    """R-FLOW-04, R-DOC-11: the report, built from one stored result per source."""
    check_scope(actor, app)
    _require_role(actor, STAFF_ROLES, "出具核对报告")
    if not summary.strip():
        raise TransitionRefused("请填写核对结论")
    with transaction.atomic():
        app = _locked(app)
        _require_status(app, ("verifying",), "出具核对报告")
        missing = missing_sources(app)
        if missing:
            labels = "、".join(str(Source(s).label) for s in missing)
            raise TransitionRefused(f"以下来源尚未核对：{labels}")
        if VerificationReport.objects.filter(application=app).exists():
            raise TransitionRefused("核对报告已出具")
        content = [
            {
                "source": r.source,
                "source_label": str(Source(r.source).label),
                "checked_on": r.checked_on.isoformat(),
                "consistent": r.consistent,
                "result": r.result,
            }
            for r in app.verifications.all()
        ]
        report = VerificationReport.objects.create(
            application=app,
            made_on=_today(made_on),
            summary=summary.strip(),
            content=content,
            made_by=actor if getattr(actor, "pk", None) else None,
        )
        _audit(
            actor,
            "verification_report",
            report,
            app,
            after={"summary": report.summary, "sources": len(content)},
        )
    return report


def _has_report(app) -> bool:
    return VerificationReport.objects.filter(application=app).exists()


def do_complete_verification(actor, app) -> DibaoApplication:
    check_scope(actor, app)

    def check(fresh):
        if not _has_report(fresh):
            raise TransitionRefused("尚未出具家庭经济状况核对报告")

    return transition(app, "complete_verification", actor, check=check)


# ---------------------------------------------------------------- home visit and appraisal (R-FLOW-05)


def _clean_names(names) -> list[str]:
    if isinstance(names, str):
        names = names.replace("，", ",").replace("、", ",").split(",")
    out = []
    for n in names or []:
        n = str(n).strip()
        if n and n not in out:
            out.append(n)
    return out


def _finalise_problems(visit: HomeVisit) -> list[str]:
    problems = []
    if visit.kind == HomeVisit.Kind.INTAKE:
        if len(visit.investigators) < 2:
            problems.append("入户调查须由两名以上调查人员签字")
        if not visit.representative:
            problems.append("须由被调查家庭代表签字确认")
        if visit.agrees is None:
            problems.append("须填写调查情况与申请是否相符")
        elif visit.agrees is False and not visit.explanation:
            problems.append("调查情况与申请不符时须说明")
    elif not visit.investigators:
        problems.append("须填写调查人")
    return problems


def do_record_visit(
    actor,
    app,
    *,
    visited_on: dt.date,
    investigators,
    representative: str = "",
    findings: str = "",
    agrees: bool | None = None,
    explanation: str = "",
    finalise: bool = True,
) -> HomeVisit:
    """R-FLOW-05: the 附件4 record. Finalising needs ≥2 investigators and the household representative;
    a refused finalisation writes nothing."""
    check_scope(actor, app)
    _require_role(actor, STAFF_ROLES, "登记入户调查")
    visit = HomeVisit(
        application=app,
        kind=HomeVisit.Kind.INTAKE,
        visited_on=visited_on,
        investigators=_clean_names(investigators),
        representative=representative.strip(),
        findings=findings.strip(),
        agrees=agrees,
        explanation=explanation.strip(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    if finalise:
        problems = _finalise_problems(visit)
        if problems:
            raise TransitionRefused("不能定稿：" + "；".join(problems))
        visit.finalised_at = timezone.now()
    with transaction.atomic():
        app = _locked(app)
        _require_status(app, ("visiting",), "登记入户调查")
        visit.application = app
        visit.save()
        _audit(actor, "visit", visit, app)
    return visit


def do_finalise_visit(actor, visit: HomeVisit) -> HomeVisit:
    app = visit.application
    check_scope(actor, app)
    _require_role(actor, STAFF_ROLES, "定稿入户调查")
    with transaction.atomic():
        visit = HomeVisit.objects.select_for_update().get(pk=visit.pk)
        if visit.finalised_at:
            raise TransitionRefused("该调查记录已定稿")
        problems = _finalise_problems(visit)
        if problems:
            raise TransitionRefused("不能定稿：" + "；".join(problems))
        visit.finalised_at = timezone.now()
        visit.save(update_fields=["finalised_at"])
        _audit(actor, "visit_finalise", visit, app, after={"finalised_at": visit.finalised_at.isoformat()})
    return visit


def do_complete_visit(actor, app) -> DibaoApplication:
    check_scope(actor, app)

    def check(fresh):
        if not fresh.visits.filter(kind=HomeVisit.Kind.INTAKE, finalised_at__isnull=False).exists():
            raise TransitionRefused("尚无已定稿的入户调查记录（须两名以上调查人员和家庭代表签字）")

    return transition(app, "complete_visit", actor, check=check)


def do_record_appraisal(
    actor,
    app,
    *,
    held_on: dt.date,
    participants: str,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    conclusion: str = "",
) -> Appraisal:
    check_scope(actor, app)
    _require_role(actor, STAFF_ROLES, "登记民主评议")
    if not participants.strip():
        raise TransitionRefused("请填写参加评议人员")
    if min(votes_for, votes_against, abstentions) < 0 or votes_for + votes_against + abstentions == 0:
        raise TransitionRefused("评议票数无效")
    with transaction.atomic():
        app = _locked(app)
        _require_status(app, ("appraisal",), "登记民主评议")
        a = Appraisal.objects.create(
            application=app,
            held_on=held_on,
            participants=participants.strip(),
            votes_for=votes_for,
            votes_against=votes_against,
            abstentions=abstentions,
            conclusion=conclusion.strip(),
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        _audit(actor, "appraisal", a, app)
    return a


def do_complete_appraisal(actor, app) -> DibaoApplication:
    check_scope(actor, app)

    def check(fresh):
        if not fresh.appraisals.exists():
            raise TransitionRefused("尚未登记民主评议结果")

    return transition(app, "complete_appraisal", actor, check=check)


# ---------------------------------------------------------------- township review: decision snapshot (R-FLOW-06)


def _keys_to_str(value):
    if isinstance(value, dict):
        return {(k.isoformat() if isinstance(k, dt.date) else k): _keys_to_str(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_keys_to_str(v) for v in value]
    return value


def _json(value):
    value = _keys_to_str(value)
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _params_for(facts: dict) -> dict:
    from jiuzhu.core.params import params_used_by

    return _json(params_used_by(facts))


def assess_snapshot_input(facts: dict, params: dict, at: str) -> dict:
    """Run the engine on stored input and stored parameter values (what reproduces a decision)."""
    from jiuzhu.policy import Params, assess

    return _json(assess(facts, Params.from_mapping(params), at))


PAID_STATUSES = ("active", "phase_out")


def case_history(app: DibaoApplication) -> dict | None:
    """The engine's `history` for a case being paid: since when, the re-employment month and the household
    benefit paid now, which a phase-out keeps paying unchanged (R-ELIG-04; shared/spec/ASSESSMENT.md)."""
    if app.status not in PAID_STATUSES or app.payment_start is None:
        return None
    out: dict[str, Any] = {"dibao_since": f"{app.payment_start:%Y-%m}"}
    if app.benefit_household_fen is not None:
        out["last_benefit_household"] = yuan(app.benefit_household_fen)
    since = [
        m.reemployed_since
        for m in app.household.members.filter(active=True, co_resident=True, reemployed_since__isnull=False)
    ]
    if since:
        out["reemployed_since"] = f"{max(since):%Y-%m}"
    elif app.status == "phase_out" and app.phase_out_end is not None:
        # no member records the date: the phase-out start (its end + 1 day − the local period) stands for it
        months = local_param(app, "phase_out_months", app.phase_out_end)
        if months is not None:
            out["reemployed_since"] = (
                f"{add_months(app.phase_out_end + dt.timedelta(days=1), -int(months)):%Y-%m}"
            )
    return out


def engine_input(household, app: DibaoApplication | None = None) -> dict:
    """The engine input of a stored household with its paid 低保 case's history (the page, the API and the
    decision snapshots assess the same facts)."""
    from jiuzhu.registry.documents import to_assessment_input

    if app is None:
        app = household.dibao_applications.filter(status__in=PAID_STATUSES).order_by("-id").first()
    return to_assessment_input(household, history=case_history(app) if app is not None else None)


def make_snapshot(
    actor, app, purpose: str, *, at: str | None = None, today: dt.date | None = None
) -> DecisionSnapshot:
    """Assess the household now and store input, parameter values, engine version and result. Call inside
    the action's transaction."""
    from jiuzhu.policy import ENGINE_VERSION, HouseholdError, ParamsError

    at = at or _today(today).strftime("%Y-%m")
    facts = _json(engine_input(app.household, app))
    params = _params_for(facts)
    try:
        result = assess_snapshot_input(facts, params, at)
    except (HouseholdError, ParamsError, ValueError) as e:
        raise TransitionRefused(f"政策引擎无法评估该家庭：{e}") from None
    snap = DecisionSnapshot.objects.create(
        application=app,
        purpose=purpose,
        at=at,
        facts=facts,
        params=params,
        params_digest=str(result.get("params_digest", "")),
        engine_version=ENGINE_VERSION,
        result=result,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _audit(
        actor,
        "snapshot",
        snap,
        app,
        after={
            "purpose": purpose,
            "at": at,
            "engine": ENGINE_VERSION,
            "params_digest": snap.params_digest,
            "status": snap.dibao.get("status"),
        },
    )
    return snap


def reproduce(snap: DecisionSnapshot) -> dict:
    return assess_snapshot_input(snap.facts, snap.params, snap.at)


def latest_snapshot(app) -> DecisionSnapshot | None:
    return app.snapshots.order_by("-id").first()


def _start_publicity(
    actor, app, kind: str, starts_on: dt.date, today: dt.date, phone: str = "", place: str = ""
) -> Publicity:
    if starts_on < today:
        raise TransitionRefused("公示开始日期不能早于今天（公示期须满7天，不能提前计算）")
    ends_on = starts_on + dt.timedelta(days=Publicity.DAYS - 1)
    pub = Publicity.objects.create(
        application=app,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        phone=phone or app.household.region.phone,
        place=place,
    )
    _audit(actor, "publicity", pub, app)
    label = "审核公示期满（附件5）" if kind == Publicity.Kind.REVIEW else "审批公示期满（附件8）"
    cite = "R-FLOW-07" if kind == Publicity.Kind.REVIEW else "OP-04"
    # the first day after the publicity is when the next step may be taken
    open_deadline(
        app,
        f"publicity_{kind}",
        label,
        ends_on + dt.timedelta(days=1),
        cite=cite,
        assignee=actor if getattr(actor, "role", None) == Role.CASE_WORKER else None,
    )
    return pub


def do_township_review(
    actor,
    app,
    *,
    publicity_starts_on: dt.date | None = None,
    phone: str = "",
    place: str = "",
    at: str | None = None,
    today: dt.date | None = None,
) -> DibaoApplication:
    """R-FLOW-06: the engine's assessment stored as a decision snapshot; then the review publicity of
    R-FLOW-07 (7 calendar days) starts. An ineligible result stays here for the county to refuse."""
    check_scope(actor, app)
    today = _today(today)
    starts_on = publicity_starts_on or today

    def check(fresh):
        snap = make_snapshot(actor, fresh, "township_review", at=at, today=today)
        if not snap.dibao.get("eligible"):
            reasons = "；".join(r.get("text", "") for r in snap.dibao.get("reasons", []))
            raise TransitionRefused(f"评估结果为不符合低保条件，请报县级民政部门作出不予批准决定：{reasons}")

    def update(fresh):
        _start_publicity(actor, fresh, Publicity.Kind.REVIEW, starts_on, today, phone, place)

    try:
        return transition(app, "township_review", actor, check=check, update=update)
    except TransitionRefused as e:
        if "不符合低保条件" in str(e):
            # keep the snapshot of the ineligible result: it is the basis of the refusal
            with transaction.atomic():
                make_snapshot(actor, app, "township_review", at=at, today=today)
        raise


def _publicity_problems(app, kind: str, today: dt.date) -> list[str]:
    pub = app.publicities.filter(kind=kind).order_by("-id").first()
    if pub is None:
        return ["尚未公示"]
    problems = []
    if not pub.has_ended(today):
        problems.append(f"公示期至{pub.ends_on.isoformat()}，须满7天后方可进行下一步")
    open_objections = pub.objections.filter(handled_on__isnull=True).count()
    if open_objections:
        problems.append(f"尚有{open_objections}件异议未处理完毕")
    return problems


def do_record_objection(actor, app, *, received_on: dt.date, content: str) -> Objection:
    """R-FLOW-07: an objection to the review (or approval) publicity."""
    check_scope(actor, app)
    _require_role(actor, STAFF_ROLES, "登记异议")
    if not content.strip():
        raise TransitionRefused("请填写异议内容")
    with transaction.atomic():
        app = _locked(app)
        _require_status(app, ("review_publicity", "approval_publicity"), "登记异议")
        kind = Publicity.Kind.REVIEW if app.status == "review_publicity" else Publicity.Kind.APPROVAL
        pub = app.publicities.filter(kind=kind).order_by("-id").first()
        obj = Objection.objects.create(
            publicity=pub,
            received_on=received_on,
            content=content.strip(),
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        _audit(actor, "objection", obj, app)
        open_deadline(
            app,
            f"objection:{obj.pk}",
            f"处理公示异议（{received_on.isoformat()}收到）",
            pub.ends_on,
            cite="R-FLOW-07",
        )
    return obj


def do_handle_objection(
    actor, objection: Objection, *, handling: str, result: str, handled_on: dt.date | None = None
) -> Objection:
    app = objection.publicity.application
    check_scope(actor, app)
    _require_role(actor, STAFF_ROLES, "处理异议")
    if not handling.strip() or not result.strip():
        raise TransitionRefused("请填写处理情况和处理结果")
    with transaction.atomic():
        obj = Objection.objects.select_for_update().get(pk=objection.pk)
        if obj.handled_on:
            raise TransitionRefused("该异议已处理")
        obj.handling, obj.result, obj.handled_on = handling.strip(), result.strip(), _today(handled_on)
        obj.save()
        _audit(actor, "objection_handled", obj, app)
        close_deadlines(app, f"objection:{obj.pk}")
    return obj


def do_township_opinion(
    actor,
    app,
    *,
    case_officer: str,
    office_head: str,
    leader: str,
    village: str = "",
    persons: int | None = None,
    per_capita_fen: int | None = None,
    household_fen: int | None = None,
    today: dt.date | None = None,
) -> DibaoApplication:
    """R-FLOW-06/07: the township opinion (附件3), blocked until the publicity has ended and every objection
    has been handled."""
    check_scope(actor, app)
    today = _today(today)
    if not (case_officer.strip() and office_head.strip() and leader.strip()):
        raise TransitionRefused("乡镇意见须由经办人、民政办负责人和领导签字")

    def check(fresh):
        problems = _publicity_problems(fresh, Publicity.Kind.REVIEW, today)
        if problems:
            raise TransitionRefused("不能签署乡镇意见：" + "；".join(problems))

    def update(fresh):
        dibao = latest_snapshot(fresh).dibao if latest_snapshot(fresh) else {}
        fresh.opinion_village = village or fresh.household.region.name
        fresh.opinion_persons = persons if persons is not None else dibao.get("household_size")
        fresh.opinion_per_capita_fen = (
            per_capita_fen if per_capita_fen is not None else _fen(dibao.get("benefit_per_capita"))
        )
        fresh.opinion_household_fen = (
            household_fen if household_fen is not None else _fen(dibao.get("benefit_household"))
        )
        fresh.opinion_case_officer, fresh.opinion_office_head = case_officer.strip(), office_head.strip()
        fresh.opinion_leader, fresh.opinion_on = leader.strip(), today
        close_deadlines(fresh, "publicity_review")

    return transition(app, "township_opinion", actor, check=check, update=update)


def _fen(value) -> int | None:
    from jiuzhu.registry.money import parse_yuan

    return None if value in (None, "") else parse_yuan(str(value))


def do_report_to_county(actor, app) -> DibaoApplication:
    check_scope(actor, app)
    return transition(app, "report_to_county", actor)


# ---------------------------------------------------------------- county approval (R-FLOW-08, OP-10)


def _preparers(app) -> set[int]:
    from jiuzhu.core.models import StatusChange

    return set(
        StatusChange.objects.filter(
            object_type=DibaoApplication._meta.label_lower,
            object_id=str(app.pk),
            to_status__in=["township_opinion", "county_approval"],
            actor__isnull=False,
        ).values_list("actor_id", flat=True)
    )


def do_second_review(
    actor, app, *, agrees: bool, note: str = "", today: dt.date | None = None
) -> SecondReview:
    """OP-10: the second county reviewer of a near-relative case."""
    check_scope(actor, app)
    _require_role(actor, COUNTY_ROLES, "进行县级复核")
    with transaction.atomic():
        app = _locked(app)
        _require_status(app, ("county_approval",), "进行县级复核")
        if actor is not None and actor.pk in _preparers(app):
            raise TransitionRefused("经办与审批不能为同一人：复核人不能是签署乡镇意见的人员")
        if app.second_reviews.filter(reviewer=actor).exists():
            raise TransitionRefused("您已复核过该案件")
        sr = SecondReview.objects.create(
            application=app, reviewer=actor, reviewed_on=_today(today), agrees=agrees, note=note.strip()
        )
        _audit(actor, "second_review", sr, app)
    return sr


def do_approve(
    actor, app, *, payment_start: dt.date, leader: str = "", today: dt.date | None = None
) -> DibaoApplication:
    """R-FLOW-08: county approval with the start month of payment. Maker-checker: not by whoever prepared the
    township opinion or reported the case. Blocked without the verification report (R-FLOW-04); a
    near-relative case (OP-10) needs a second, different county reviewer who agreed."""
    check_scope(actor, app)
    today = _today(today)
    payment_start = payment_start.replace(day=1)

    def check(fresh):
        if not _has_report(fresh):
            raise TransitionRefused("尚未出具家庭经济状况核对报告，不能审批")
        if fresh.household.near_relative_of_staff:
            others = fresh.second_reviews.filter(agrees=True).exclude(reviewer=actor)
            if not others.exists():
                raise TransitionRefused(
                    "该家庭有近亲属为低保经办人员或村干部，须另一名县级审核人复核同意后方可审批"
                )
        if payment_start < fresh.applied_on.replace(day=1):
            raise TransitionRefused("起始发放年月不能早于申请月份")

    def update(fresh):
        fresh.payment_start, fresh.approved_on = payment_start, today
        fresh.approver = actor if getattr(actor, "pk", None) else None
        fresh.approval_leader = leader.strip()
        fresh.benefit_household_fen = fresh.opinion_household_fen
        fresh.benefit_per_capita_fen = fresh.opinion_per_capita_fen

    return transition(app, "approve", actor, check=check, update=update, makers=APPROVE_MAKERS)


APPROVE_MAKERS = ("township_opinion", "county_approval")  # who signed the opinion or reported: not approving


def step_refusal(actor, app, step: str) -> str:
    """Why `actor` cannot take the county's approval or second review of `app` now although his role allows
    it ("" when the action would let him through), in the words the actions refuse with: the case page
    offers the step only when this is "", and otherwise shows these words (issue 10, item 3)."""
    if step == "approve":
        refused = maker_refusal(app, actor, APPROVE_MAKERS)
        if refused:
            return refused
        if not _has_report(app):
            return "尚未出具家庭经济状况核对报告，不能审批"
        if app.household.near_relative_of_staff:
            if not app.second_reviews.filter(agrees=True).exclude(reviewer=actor).exists():
                return "该家庭有近亲属为低保经办人员或村干部，须另一名县级审核人复核同意后方可审批"
    if step == "second_review":
        if actor.pk in _preparers(app):
            return "经办与审批不能为同一人：复核人不能是签署乡镇意见的人员"
        if app.second_reviews.filter(reviewer=actor).exists():
            return "您已复核过该案件"
    return ""


def do_publish_approval(
    actor, app, *, starts_on: dt.date | None = None, phone: str = "", today: dt.date | None = None
) -> DibaoApplication:
    """OP-04: the approval publicity (附件8), 7 calendar days."""
    check_scope(actor, app)
    today = _today(today)

    def update(fresh):
        _start_publicity(actor, fresh, Publicity.Kind.APPROVAL, starts_on or today, today, phone)

    return transition(app, "publish_approval", actor, update=update)


def review_interval(app, on: dt.date) -> int:
    """OP-05: 12 months, 6 when a working-age co-resident member can work (local values override)."""
    workable = False
    for m in app.household.members.filter(active=True, co_resident=True):
        age = on.year - m.birth_date.year - ((on.month, on.day) < (m.birth_date.month, m.birth_date.day))
        if WORKING_AGE[0] <= age < WORKING_AGE[1] and m.work_capacity in (
            WorkCapacity.FULL,
            WorkCapacity.PARTIAL,
        ):
            workable = True
    if workable:
        return int(local_param(app, "dibao_review_months_workable", on) or REVIEW_MONTHS_WORKABLE)
    return int(local_param(app, "dibao_review_months", on) or REVIEW_MONTHS_DEFAULT)


def _schedule_review(actor, app, after: dt.date) -> None:
    app.review_interval_months = review_interval(app, after)
    app.next_review_due = add_months(after, app.review_interval_months)
    close_deadlines(app, "dynamic_review")
    open_deadline(
        app,
        "dynamic_review",
        f"低保动态管理入户复核（每{app.review_interval_months}个月）",
        app.next_review_due,
        cite="R-FLOW-13, OP-05",
    )


def do_start_payment(actor, app, *, today: dt.date | None = None) -> DibaoApplication:
    """After the approval publicity has ended with every objection handled: the case is active and its
    dynamic reviews are scheduled (R-FLOW-13)."""
    check_scope(actor, app)
    today = _today(today)

    def check(fresh):
        problems = _publicity_problems(fresh, Publicity.Kind.APPROVAL, today)
        if problems:
            raise TransitionRefused("不能开始发放：" + "；".join(problems))

    def update(fresh):
        close_deadlines(fresh, "publicity_approval")
        _schedule_review(actor, fresh, max(today, fresh.payment_start or today))

    return transition(app, "start_payment", actor, check=check, update=update)


# ---------------------------------------------------------------- notices and appeals (R-FLOW-09/10, R-DOC-12)


def _issue_notice(actor, app, kind: str, issued_on: dt.date, **fields) -> Notice:
    unit = _county(app)
    Region.objects.select_for_update().filter(pk=unit.pk).first()  # serialise numbering per issuing unit
    series = "附件6" if kind == Notice.Kind.REFUSAL else "附件7"
    last = Notice.objects.filter(issuing_unit=unit, series=series, year=issued_on.year).aggregate(
        n=Max("number")
    )["n"]
    notice = Notice.objects.create(
        application=app,
        kind=kind,
        series=series,
        issuing_unit=unit,
        year=issued_on.year,
        number=(last or 0) + 1,
        issued_on=issued_on,
        issued_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )
    _audit(actor, "notice", notice, app)
    # OP-17: no delivery date -> no appeal deadline; the missing delivery is itself on the to-do list.
    open_deadline(
        app,
        f"delivery:{notice.pk}",
        f"登记送达日期：{_stored_choice(notice, 'kind')}{notice.label}",
        issued_on,
        cite="OP-17",
    )
    return notice


def do_refuse(
    actor,
    app,
    *,
    income_exceeds: bool = False,
    per_capita_income_fen: int | None = None,
    standard_fen: int | None = None,
    property_reason: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> Notice:
    """R-FLOW-09: refusal (附件6) with reason (i) income above the standard (both values) and/or reason
    (ii) property rules not met."""
    check_scope(actor, app)
    today = _today(today)
    snap = latest_snapshot(app)
    dibao = snap.dibao if snap else {}
    if income_exceeds:
        per_capita_income_fen = (
            per_capita_income_fen
            if per_capita_income_fen is not None
            else _fen(dibao.get("per_capita_income"))
        )
        standard_fen = standard_fen if standard_fen is not None else _fen(dibao.get("standard"))
        if per_capita_income_fen is None or standard_fen is None:
            raise TransitionRefused("理由（一）须写明家庭人均收入和低保标准")
    if not income_exceeds and not property_reason.strip():
        raise TransitionRefused("请至少写明一项不予批准的理由")
    reasons = {}
    if income_exceeds:
        reasons["income"] = {"per_capita_income": yuan(per_capita_income_fen), "standard": yuan(standard_fen)}
    if property_reason.strip():
        reasons["property"] = property_reason.strip()
    out = {}

    def update(fresh):
        fresh.authorisation_until = today
        close_deadlines(fresh)
        out["notice"] = _issue_notice(actor, fresh, Notice.Kind.REFUSAL, today, reasons=reasons)

    transition(app, "refuse", actor, note=note, update=update)
    return out["notice"]


def do_record_delivery(
    actor, notice: Notice, *, delivered_on: dt.date, deliverer: str, today: dt.date | None = None
) -> Notice:
    """R-FLOW-09/10, OP-17: the appeal deadline counts from the recorded delivery date."""
    app = notice.application
    check_scope(actor, app)
    _require_role(actor, STAFF_ROLES + COUNTY_ROLES, "登记送达")
    if not deliverer.strip():
        raise TransitionRefused("请填写送达人")
    if delivered_on < notice.issued_on or delivered_on > _today(today):
        raise TransitionRefused("送达日期应在发文日期之后且不晚于今天")
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        if notice.delivered_on:
            raise TransitionRefused("该通知书已登记送达")
        notice.delivered_on, notice.deliverer = delivered_on, deliverer.strip()
        notice.appeal_deadline = delivered_on + dt.timedelta(days=Notice.APPEAL_DAYS[notice.kind])
        notice.save()
        _audit(
            actor,
            "delivery",
            notice,
            app,
            after={
                "delivered_on": delivered_on.isoformat(),
                "deliverer": notice.deliverer,
                "appeal_deadline": notice.appeal_deadline.isoformat(),
            },
        )
        close_deadlines(app, f"delivery:{notice.pk}")
        what = "申请复查" if notice.kind == Notice.Kind.REFUSAL else "申请行政复议"
        open_deadline(
            app,
            f"appeal:{notice.pk}",
            f"{what}期限：{_stored_choice(notice, 'kind')}{notice.label}",
            notice.appeal_deadline,
            cite="R-FLOW-09" if notice.kind == Notice.Kind.REFUSAL else "R-FLOW-10",
        )
    return notice


def do_lodge_appeal(actor, notice: Notice, *, lodged_on: dt.date, content: str = "") -> Appeal:
    notice = Notice.objects.get(pk=notice.pk)  # the recorded delivery, not a stale copy
    app = notice.application
    check_scope(actor, app)
    _require_role(actor, STAFF_ROLES + COUNTY_ROLES, "登记复查/复议申请")
    # Without a delivery date no deadline runs (OP-17), so the request cannot be late.
    within = notice.appeal_deadline is None or lodged_on <= notice.appeal_deadline
    with transaction.atomic():
        appeal = Appeal.objects.create(
            notice=notice,
            kind=notice.appeal_kind,
            lodged_on=lodged_on,
            within_deadline=within,
            content=content.strip(),
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        _audit(actor, "appeal", appeal, app)
        close_deadlines(app, f"appeal:{notice.pk}")
    return appeal


def do_decide_appeal(
    actor, appeal: Appeal, *, decision: str, note: str = "", decided_on: dt.date | None = None
) -> Appeal:
    app = appeal.notice.application
    check_scope(actor, app)
    _require_role(actor, COUNTY_ROLES, "作出复查/复议决定")
    if decision not in Appeal.Decision.values:
        raise TransitionRefused("决定无效")
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.decided_on:
            raise TransitionRefused("该申请已作出决定")
        appeal.decision, appeal.decision_note, appeal.decided_on = decision, note.strip(), _today(decided_on)
        appeal.save()
        _audit(actor, "appeal_decided", appeal, app)
    return appeal


def do_change_benefit(
    actor,
    app,
    *,
    household_fen: int,
    per_capita_fen: int,
    reason: str,
    effective_month: dt.date | None = None,
    today: dt.date | None = None,
) -> Notice:
    """R-FLOW-10: a change of the amount, notified on 附件7 with the old and new amounts. The new amount is
    paid from `effective_month` (default: the month of the notice); the payment rosters read it from there
    (amounts.py) — the approved amount stays as approved."""
    check_scope(actor, app)
    _require_role(actor, COUNTY_ROLES, "变更保障金")
    if not reason.strip():
        raise TransitionRefused("请填写变更理由")
    if household_fen < 0 or per_capita_fen < 0:
        raise TransitionRefused("金额不能为负数")
    today = _today(today)
    effective_month = (effective_month or today).replace(day=1)
    with transaction.atomic():
        app = _locked(app)
        _require_status(app, ("active", "phase_out"), "变更保障金")
        if app.payment_start and effective_month < app.payment_start:
            raise TransitionRefused(f"变更生效年月不能早于起始发放年月（{app.payment_start:%Y-%m}）")
        notice = _issue_notice(
            actor,
            app,
            Notice.Kind.CHANGE,
            today,
            reasons={"reason": reason.strip()},
            old_household_fen=app.benefit_household_fen,
            new_household_fen=household_fen,
            old_per_capita_fen=app.benefit_per_capita_fen,
            new_per_capita_fen=per_capita_fen,
            effective_month=effective_month,
        )
        before = {"benefit_household_fen": app.benefit_household_fen}
        app.benefit_household_fen, app.benefit_per_capita_fen = household_fen, per_capita_fen
        app.save(update_fields=["benefit_household_fen", "benefit_per_capita_fen"])
        record(
            actor,
            "dibaoapplication.change_benefit",
            app,
            before=before,
            after={"benefit_household_fen": household_fen, "effective_month": f"{effective_month:%Y-%m}"},
            household=app.household,
        )
    return notice


def do_stop(actor, app, *, stop_month: dt.date, reason: str, today: dt.date | None = None) -> Notice:
    """R-FLOW-10: stop (附件7) from a month; the authorisation (R-FLOW-03) ends with the assistance."""
    check_scope(actor, app)
    if not reason.strip():
        raise TransitionRefused("请填写停发理由")
    today = _today(today)
    stop_month = stop_month.replace(day=1)
    out = {}

    def update(fresh):
        fresh.stopped_from = stop_month
        fresh.authorisation_until = (
            stop_month - dt.timedelta(days=1) if stop_month > fresh.applied_on else today
        )
        close_deadlines(fresh)
        out["notice"] = _issue_notice(
            actor,
            fresh,
            Notice.Kind.STOP,
            today,
            reasons={"reason": reason.strip()},
            old_household_fen=fresh.benefit_household_fen,
            new_household_fen=0,
            stop_month=stop_month,
        )

    transition(app, "stop", actor, note=reason, update=update)
    return out["notice"]


def do_withdraw(actor, app, *, reason: str, today: dt.date | None = None) -> DibaoApplication:
    """The applicant withdraws: the case stays with its history (nothing is deleted)."""
    check_scope(actor, app)
    if not reason.strip():
        raise TransitionRefused("请填写撤回原因")

    def update(fresh):
        fresh.authorisation_until = _today(today)
        close_deadlines(fresh)

    return transition(app, "withdraw", actor, note=reason.strip(), update=update)


# ---------------------------------------------------------------- after approval (R-FLOW-12..15)


def do_record_change(
    actor, app, *, kind: str, event_on: dt.date, description: str, reported_on: dt.date | None = None
) -> ChangeReport:
    """R-FLOW-12: a change of members, income or property; reported within 30 days or flagged late."""
    check_scope(actor, app)
    _require_role(actor, STAFF_ROLES, "登记家庭变化")
    if kind not in ChangeReport.Kind.values:
        raise TransitionRefused("变化类型无效")
    if not description.strip():
        raise TransitionRefused("请填写情况说明")
    if reported_on is not None and reported_on < event_on:
        raise TransitionRefused("报告日期不能早于变化发生日期")
    with transaction.atomic():
        app = _locked(app)
        _require_status(app, ("active", "phase_out"), "登记家庭变化")
        ch = ChangeReport.objects.create(
            application=app,
            kind=kind,
            event_on=event_on,
            reported_on=reported_on,
            description=description.strip(),
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        _audit(actor, "change_report", ch, app, after={**snapshot(ch), "late": ch.late})
        if reported_on is None:
            open_deadline(
                app,
                f"change_report:{ch.pk}",
                f"家庭变化应在30日内报告（{event_on.isoformat()}发生）",
                ch.due,
                cite="R-FLOW-12",
            )
    return ch


def do_mark_change_reported(actor, change: ChangeReport, *, reported_on: dt.date) -> ChangeReport:
    app = change.application
    check_scope(actor, app)
    _require_role(actor, STAFF_ROLES, "登记报告日期")
    with transaction.atomic():
        ch = ChangeReport.objects.select_for_update().get(pk=change.pk)
        if ch.reported_on:
            raise TransitionRefused("已登记报告日期")
        if reported_on < ch.event_on:
            raise TransitionRefused("报告日期不能早于变化发生日期")
        ch.reported_on = reported_on
        ch.save(update_fields=["reported_on"])
        _audit(
            actor, "change_reported", ch, app, after={"reported_on": reported_on.isoformat(), "late": ch.late}
        )
        close_deadlines(app, f"change_report:{ch.pk}")
    return ch


def late_change_reports(user=None):
    """Late reports for the penalty process (R-SUP-09)."""
    qs = ChangeReport.objects.filter(reported_on__isnull=False).select_related("application__household")
    if user is not None:
        qs = qs.filter(application__household__in=civil_households(user))
    return [c for c in qs if c.late]


def do_dynamic_visit(
    actor, app, *, visited_on: dt.date, investigators, findings: str, conclusion: str, unit: str = ""
) -> HomeVisit:
    """R-FLOW-13 (附件9): a follow-up visit; the next one is scheduled as a deadline (OP-05)."""
    check_scope(actor, app)
    _require_role(actor, STAFF_ROLES, "登记动态复核")
    visit = HomeVisit(
        application=app,
        kind=HomeVisit.Kind.DYNAMIC,
        visited_on=visited_on,
        investigators=_clean_names(investigators),
        findings=findings.strip(),
        conclusion=conclusion.strip(),
        unit=unit.strip() or _county(app).name,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    problems = _finalise_problems(visit)
    if not visit.findings or not visit.conclusion:
        problems.append("须填写调查情况和调查结论")
    if problems:
        raise TransitionRefused("；".join(problems))
    visit.finalised_at = timezone.now()
    with transaction.atomic():
        app = _locked(app)
        _require_status(app, ("active", "phase_out"), "登记动态复核")
        visit.application = app
        visit.save()
        _audit(actor, "dynamic_visit", visit, app)
        _schedule_review(actor, app, visited_on)
        app.save(update_fields=["review_interval_months", "next_review_due"])
    return visit


def overdue_reviews(user, today: dt.date | None = None):
    """R-FLOW-13: cases whose dynamic review is overdue."""
    return (
        DibaoApplication.objects.filter(
            household__in=civil_households(user),
            status__in=["active", "phase_out"],
            next_review_due__lt=_today(today),
        )
        .select_related("household")
        .order_by("next_review_due")
    )


def do_start_phase_out(actor, app, *, starts_on: dt.date | None = None, note: str = "") -> DibaoApplication:
    """R-FLOW-14: phase-out (R-ELIG-04) with its end date from the local phase_out_months."""
    check_scope(actor, app)
    starts_on = _today(starts_on)
    months = local_param(app, "phase_out_months", starts_on)
    if not months:
        raise TransitionRefused("本地未设置渐退期参数（phase_out_months）")

    def update(fresh):
        fresh.phase_out_end = add_months(starts_on, int(months)) - dt.timedelta(days=1)
        open_deadline(
            fresh,
            "phase_out_end",
            f"渐退期届满（{months}个月），届时停发或重新评估",
            fresh.phase_out_end,
            cite="R-FLOW-14",
        )

    return transition(app, "start_phase_out", actor, note=note, update=update)


def do_reassess(actor, app, *, note: str = "", today: dt.date | None = None) -> DibaoApplication:
    """R-FLOW-14: a re-assessment during phase-out keeps the case (snapshot stored)."""
    check_scope(actor, app)

    def update(fresh):
        make_snapshot(actor, fresh, "reassess", today=today)
        fresh.phase_out_end = None
        close_deadlines(fresh, "phase_out_end")

    return transition(app, "reassess", actor, note=note, update=update)


def do_end_phase_out(actor, app, *, today: dt.date | None = None) -> Notice:
    """R-FLOW-14: at the end of phase-out, the stop notice (附件7) — not before."""
    today = _today(today)
    if app.status != "phase_out" or app.phase_out_end is None:
        raise TransitionRefused("该案件不在渐退期")
    if today <= app.phase_out_end:
        raise TransitionRefused(f"渐退期至{app.phase_out_end.isoformat()}，期满前不能停发")
    stop_month = add_months(app.phase_out_end.replace(day=1), 1)
    return do_stop(
        actor, app, stop_month=stop_month, reason="渐退期届满，家庭人均收入高于低保标准", today=today
    )


def process_phase_outs(today: dt.date | None = None) -> int:
    """The daily job: stop every phase-out that has ended without re-assessment."""
    today = _today(today)
    n = 0
    for app in DibaoApplication.objects.filter(status="phase_out", phase_out_end__lt=today):
        do_end_phase_out(None, app, today=today)
        n += 1
    return n


def consecutive_refusals(member) -> int:
    """OP-23: one person's refusals of suitable offers without good reason since his or her last acceptance
    or justified refusal. Counted over all the offers logged for that member, whatever the case: the count
    belongs to the person (R-ELIG-05: "his or her own" benefit), and OP-23 resets it only by an acceptance
    or a justified refusal, not by the end of a case."""
    count = 0
    for offer in JobOffer.objects.filter(member=member).order_by("offered_on", "id"):
        if offer.counted_refusal:
            count += 1
        elif offer.response == JobOffer.Response.ACCEPTED or offer.good_reason:
            count = 0
        # an unsuitable offer refused without good reason neither counts nor resets (OP-23)
    return count


def household_refusals(household) -> int:
    """R-ELIG-05 reads one number per household (`Household.refused_suitable_jobs`) and asks whether some
    member reached three; the count itself is per person (OP-23). The faithful household value is
    therefore the largest current count among the household's active members."""
    counts = [consecutive_refusals(m) for m in household.members.filter(active=True)]
    return max(counts, default=0)


def _sync_household_refusals(actor, app, offer: JobOffer) -> None:
    """R-FLOW-15 -> R-ELIG-05: write the household's refusal count through the registry's action (its
    field-level audit event `household.update`), inside the caller's transaction, so that the job-offer
    record and the registry value are written together or not at all."""
    from jiuzhu.registry.actions import PermissionDenied, do_update_household
    from jiuzhu.registry.documents import ValidationFailed, to_document
    from jiuzhu.registry.models import Household

    household = Household.objects.select_for_update().get(pk=app.household_id)
    count = household_refusals(household)
    if household.refused_suitable_jobs == count:
        return
    doc = to_document(household)
    doc["flags"] = {**(doc.get("flags") or {}), "refused_suitable_jobs": count}
    try:
        do_update_household(
            actor, household, doc, note=f"R-FLOW-15 就业推荐登记 #{offer.pk}：连续拒绝适当工作次数"
        )
    except PermissionDenied as e:
        raise TransitionRefused(str(e)) from None
    except ValidationFailed as e:
        problems = "；".join(f"{p}：{m}" for p, m in e.problems.items)
        raise TransitionRefused(
            _("家庭档案未通过校验，无法更新连续拒绝适当工作次数，请先修正家庭信息：%(problems)s")
            % {"problems": problems}
        ) from None


def do_record_job_offer(
    actor,
    app,
    *,
    member,
    offered_on: dt.date,
    via: str,
    job: str,
    suitable: bool,
    response: str,
    good_reason: bool = False,
    reason: str = "",
) -> JobOffer:
    """R-FLOW-15: log an offer; the third consecutive counted refusal opens the reduce-or-stop decision."""
    check_scope(actor, app)
    _require_role(actor, STAFF_ROLES, "登记就业推荐")
    if member.household_id != app.household_id:
        raise TransitionRefused("该成员不属于本家庭")
    if response not in JobOffer.Response.values:
        raise TransitionRefused("答复应为接受或拒绝")
    if not via.strip() or not job.strip():
        raise TransitionRefused("请填写推荐部门和岗位")
    if good_reason and not reason.strip():
        raise TransitionRefused("有正当理由时请写明理由")
    with transaction.atomic():
        app = _locked(app)
        _require_status(app, ("active", "phase_out"), "登记就业推荐")
        offer = JobOffer.objects.create(
            application=app,
            member=member,
            offered_on=offered_on,
            via=via.strip(),
            job=job.strip(),
            suitable=suitable,
            response=response,
            good_reason=good_reason,
            reason=reason.strip(),
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        count = consecutive_refusals(member)
        _audit(actor, "job_offer", offer, app, after={**snapshot(offer), "consecutive_refusals": count})
        _sync_household_refusals(actor, app, offer)
        kind = f"job_refusal:{member.pk}"
        if (
            count >= 3
            and not Deadline.objects.filter(
                object_type=app._meta.label_lower, object_id=str(app.pk), kind=kind, met_at__isnull=True
            ).exists()
        ):
            open_deadline(
                app,
                kind,
                f"{member.name}连续三次无正当理由拒绝适当工作：可决定减发或停发",
                offered_on + dt.timedelta(days=30),
                cite="R-FLOW-15, R-ELIG-05, OP-23",
            )
        elif count < 3:
            close_deadlines(app, kind)
    return offer


def do_job_refusal_decision(
    actor,
    app,
    *,
    member,
    decision: str,
    household_fen: int | None = None,
    per_capita_fen: int | None = None,
    stop_month: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> Notice | None:
    """R-FLOW-15: the optional reduce-or-stop decision (notified on 附件7), or none."""
    check_scope(actor, app)
    _require_role(actor, COUNTY_ROLES, "作出减发或停发决定")
    if consecutive_refusals(member) < 3:
        raise TransitionRefused("该成员未达到连续三次无正当理由拒绝适当工作，不能据此减发或停发")
    reason = f"{member.name}连续三次无正当理由拒绝推荐的适当工作" + (
        f"：{note.strip()}" if note.strip() else ""
    )
    notice = None
    if decision == "reduce":
        if household_fen is None or per_capita_fen is None:
            raise TransitionRefused("减发须填写新的户月保障金和人均保障金")
        notice = do_change_benefit(
            actor, app, household_fen=household_fen, per_capita_fen=per_capita_fen, reason=reason, today=today
        )
    elif decision == "stop":
        if stop_month is None:
            raise TransitionRefused("停发须填写停发年月")
        notice = do_stop(actor, app, stop_month=stop_month, reason=reason, today=today)
    elif decision != "none":
        raise TransitionRefused("决定应为不减发、减发或停发")
    with transaction.atomic():
        close_deadlines(app, f"job_refusal:{member.pk}")
        record(
            actor,
            "dibao.job_refusal_decision",
            app,
            after={"member": member.pk, "decision": decision},
            household=app.household,
            note=note,
        )
    return notice


# ---------------------------------------------------------------- active discovery (R-FLOW-16)


def leads_for(user):
    """R-FLOW-16 leads found in the user's region subtree (all for administrators)."""
    if user.is_superuser:
        return Lead.objects.all()
    if not user.region_id:
        return Lead.objects.none()
    return Lead.objects.filter(region__path__startswith=user.region.path)


def do_record_lead(
    actor,
    *,
    region,
    source: str,
    person_name: str,
    description: str,
    reported_on: dt.date | None = None,
    id_number: str = "",
) -> Lead:
    _require_role(actor, STAFF_ROLES, "登记主动发现线索")
    if actor is not None and not region_within_scope(actor, region):
        raise NotInScope()
    if source not in Lead.Source.values:
        raise TransitionRefused("线索来源无效")
    if not person_name.strip() or not description.strip():
        raise TransitionRefused("请填写对象姓名和困难情况")
    if id_number:
        from jiuzhu.idnumber import parse_id_number

        try:
            parse_id_number(id_number)
        except ValueError as e:
            raise TransitionRefused(f"身份证号码：{e}") from None
    with transaction.atomic():
        lead = Lead.objects.create(
            region=region,
            source=source,
            person_name=person_name.strip(),
            description=description.strip(),
            reported_on=_today(reported_on),
            id_number=id_number,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            actor,
            "dibao.lead",
            lead,
            after=snapshot(lead, ["source", "reported_on", "region"]),
            scope_path=region.path,
        )
        days, cite = lead_follow_up_days(region, lead.reported_on)
        deadline = open_deadline(
            lead,
            LEAD_DEADLINE,
            f"跟进主动发现线索：{mask_name(lead.person_name)}（{_stored_choice(lead, 'source')}）",
            lead.reported_on + dt.timedelta(days=days),
            cite=cite,
        )
        # A lead has no household yet: its place on the to-do list is the region it was found in.
        Deadline.objects.filter(pk=deadline.pk).update(scope_path=region.path)
    return lead


def lead_follow_up_days(region, on: dt.date) -> tuple[int, str]:
    """R-FLOW-16 asks for early discovery, reporting and help (早发现、早上报、早救助) but sets no time
    limit: local parameter `dibao_lead_follow_up_days`, DEFAULT 7 calendar days."""
    local = region_param(region, LEAD_PARAM, on)
    if local is None:
        return LEAD_FOLLOW_UP_DAYS_DEFAULT, "R-FLOW-16, DEFAULT"
    try:
        days = int(str(local))
    except ValueError:
        days = 0
    if days <= 0:
        raise TransitionRefused(
            _("本地参数%(key)s应为正整数（天数），实为%(value)r") % {"key": LEAD_PARAM, "value": local}
        )
    return days, f"R-FLOW-16, {LEAD_PARAM}"


def do_follow_up_lead(
    actor, lead: Lead, *, follow_up: str, followed_up_on: dt.date | None = None, application=None
) -> Lead:
    _require_role(actor, STAFF_ROLES, "登记线索跟进")
    if actor is not None and not region_within_scope(actor, lead.region):
        raise NotInScope()
    if not follow_up.strip():
        raise TransitionRefused("请填写跟进情况")
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        lead.follow_up, lead.followed_up_on = follow_up.strip(), _today(followed_up_on)
        if application is not None:
            lead.application, lead.household = application, application.household
        lead.save()
        record(
            actor,
            "dibao.lead_follow_up",
            lead,
            after={"follow_up": lead.follow_up, "followed_up_on": lead.followed_up_on.isoformat()},
            scope_path=lead.region.path,
        )
        close_deadlines(lead, LEAD_DEADLINE)
    return lead
