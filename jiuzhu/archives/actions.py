"""The only code that changes 困难职工 archives and union aid (R-FLOW-25..33, R-ELIG-18, R-ARC-01).

Each action checks scope (the union subtree), role, maker-checker and preconditions, then writes the change
and an audit event in one transaction. Status changes go through jiuzhu.core.workflow.transition().
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.http import Http404

from jiuzhu.accounts.models import Role
from jiuzhu.accounts.scope import household_scope_q, union_base
from jiuzhu.core.audit import jsonable, record
from jiuzhu.core.models import Deadline, UnionOrg
from jiuzhu.core.workdays import add_working_days
from jiuzhu.core.workflow import (
    TransitionRefused,
    close_deadlines,
    maker_refusal,
    open_deadline,
    record_status,
    transition,
)
from jiuzhu.idnumber import parse_id_number
from jiuzhu.registry.choices import HardshipCategory, Track
from jiuzhu.registry.money import yuan
from jiuzhu.temporary.actions import Invalid, choice, date, flag, money, text, today
from jiuzhu.temporary.localparams import add_months, param_in_force

from .models import (
    PAYABLE_STATUSES,
    RETENTION_YEARS,
    AidApproval,
    Archive,
    ArchiveReview,
    CategoryChange,
    MonthlyIncome,
    TrackOutcome,
    UnionAidPayment,
    WarmthVisit,
)

PROVINCE_THRESHOLD_FEN = 2_000_000  # R-AMT-09: above 20,000.00 元 the provincial union approves
NATIONAL_THRESHOLD_FEN = 5_000_000  # above 50,000.00 元 ACFTU must agree
ENTRY_WORKING_DAYS = 30  # R-PAY-17
# Who may record union aid (the page offers each form to exactly these roles; auditors record nothing).
PAY_ROLES = ("case_worker", "finance", "admin")  # payments and their national-system entry
APPROVAL_ROLES = ("case_worker", "approver", "admin")  # provincial approvals / ACFTU consents
REVIEW_MONTHS = {
    HardshipCategory.DEEP: 12,
    HardshipCategory.RELATIVE: 6,
    HardshipCategory.ACCIDENT: 6,
}  # R-FLOW-29


# ---- scope ----


def archive_scope_q(user) -> Q:
    """Who sees an archive. R-ARC-06 (the DEFAULT access policy, OP-08): archives are for the unions'
    internal use — union staff see those of their union subtree (a help centre: its union's), the archived
    worker (applicant) his own, auditors and administrators those of their region for oversight; other
    civil-affairs staff do not (an outside unit needs the archive-holding union's approval, given outside
    the system). settings.UNION_ARCHIVES_INTERNAL = False lets region staff see their region's archives."""
    if not user.is_active or not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    if user.role == Role.APPLICANT:
        return household_scope_q(user, "household__")
    q = Q(pk__in=[])
    base = union_base(user)
    if base is not None:
        # the archive's filing union, or the household's union
        q |= Q(union_org__path__startswith=base.path) | Q(household__union_org__path__startswith=base.path)
    if user.region_id and (user.role in (Role.AUDITOR, Role.ADMIN) or not settings.UNION_ARCHIVES_INTERNAL):
        q |= Q(household__region__path__startswith=user.region.path)
    return q


def archives_for(user):
    return Archive.objects.filter(archive_scope_q(user)).distinct().select_related("household", "union_org")


def get_archive_or_404(user, pk) -> Archive:
    archive = archives_for(user).filter(pk=pk).first()
    if archive is None:
        raise Http404("未找到该档案")
    return archive


def check_scope(actor, archive: Archive) -> None:
    if actor is not None and not archives_for(actor).filter(pk=archive.pk).exists():
        raise Http404("未找到该档案")


def check_union(actor, org: UnionOrg) -> None:
    if actor is None or actor.is_superuser:
        return
    base = union_base(actor)
    if base is None or not org.path.startswith(base.path):
        raise TransitionRefused("只能在本工会及下级工会范围内建档")


def may(actor, roles) -> bool:
    return actor.is_superuser or (actor.is_active and actor.role in roles)


def may_write(actor) -> bool:
    return actor.is_superuser or actor.can_write()


def _writer(actor) -> None:
    if actor is not None and not may_write(actor):
        raise TransitionRefused("您的角色不能执行此操作")


def _audit(actor, action, obj, household, after, before=None):
    record(
        actor,
        action,
        obj,
        before=before,
        after={k: jsonable(v) for k, v in after.items()},
        household=household,
    )


# ---- archive creation (R-FLOW-26, R-FLOW-28, R-REG-11..13) ----

MAKERS = ["investigating", "higher_review", "returned"]


def do_open_archive(actor, household, data: dict) -> Archive:
    """The filing union starts the household investigation (入户调查摸底)."""
    _writer(actor)
    if actor is not None and not household_visible(actor, household):
        raise Http404("未找到该家庭")
    category = choice(data, "category", HardshipCategory)
    code = text(data, "union_org", max_length=20) or (
        household.union_org.code if household.union_org_id else ""
    )
    org = UnionOrg.objects.filter(code=code).first() if code else None
    if org is None:
        raise Invalid(
            "union_org", "请填写建档工会代码（属地原则，R-REG-13）" if not code else f"工会代码“{code}”不存在"
        )
    check_union(actor, org)
    try:
        with transaction.atomic():
            archive = Archive.objects.create(
                household=household,
                union_org=org,
                category=category,
                number=uuid.uuid4().hex[:20],
                investigation=text(data, "investigation", max_length=4000),
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            archive.number = f"DA{today():%Y}{archive.pk:07d}"
            archive.save()
            CategoryChange.objects.create(
                archive=archive,
                to_category=category,
                changed_on=today(),
                reason="建档",
                actor=actor if getattr(actor, "pk", None) else None,
            )
            record_status(archive, "", actor)
            _audit(actor, "archive.open", archive, household, {"union_org": org.code, "category": category})
    except IntegrityError:
        raise TransitionRefused("该家庭已有档案，不能重复建档（一户一档案，R-REG-11）") from None
    return archive


def household_visible(actor, household) -> bool:
    """May the actor do union work (archive, aid, visits) for this household: union staff of its union
    subtree; region staff only when archives are not union-internal (R-ARC-06, settings)."""
    from jiuzhu.registry.models import Household

    if actor.is_superuser:
        return True
    q = Q(pk__in=[])
    base = union_base(actor)
    if base is not None and actor.role != Role.APPLICANT:
        q |= Q(union_org__path__startswith=base.path)
    if not settings.UNION_ARCHIVES_INTERNAL:
        q |= household_scope_q(actor)
    return Household.objects.filter(q, pk=household.pk).exists()


def do_record_investigation(actor, archive: Archive, data: dict) -> Archive:
    """Investigation findings and the economic-status verification (R-FLOW-28)."""
    check_scope(actor, archive)
    _writer(actor)
    if archive.status not in (Archive.Status.INVESTIGATING, Archive.Status.RETURNED):
        raise TransitionRefused("只有调查中或被退回的档案可以修改调查核查情况")
    values = {}
    if "investigation" in data:
        values["investigation"] = text(data, "investigation", max_length=4000)
    if "verification" in data:
        values["verification"] = choice(data, "verification", Archive.Verification)
        values["verification_note"] = text(data, "verification_note", max_length=4000)
        if values["verification"] == Archive.Verification.APPRAISAL_PUBLICITY:
            values["publicity_from"] = date(data, "publicity_from")
            values["publicity_to"] = date(data, "publicity_to")
            if values["publicity_to"] < values["publicity_from"]:
                raise Invalid("publicity_to", "公示结束日期不能早于开始日期")
    with transaction.atomic():
        fresh = Archive.objects.select_for_update().get(pk=archive.pk)
        before = {k: jsonable(getattr(fresh, k)) for k in values}
        for k, v in values.items():
            setattr(fresh, k, v)
        fresh.save()
        _audit(actor, "archive.investigation", fresh, fresh.household, values, before)
    archive.refresh_from_db()
    return archive


def do_submit(actor, archive: Archive) -> Archive:
    """Report to the next-higher union for review (复核), once investigated and verified (R-FLOW-28)."""
    check_scope(actor, archive)

    def check(a):
        if not a.investigation:
            raise TransitionRefused("请先填写入户调查情况")
        if not a.verification:
            raise TransitionRefused("请先完成经济状况核查：数据比对，或无法比对时评议和公示（R-FLOW-28）")
        if a.verification == Archive.Verification.APPRAISAL_PUBLICITY and a.publicity_to >= today():
            raise TransitionRefused(f"公示期至{a.publicity_to}，公示结束后才能上报")

    return transition(archive, "submit", actor, check=check)


def _is_higher_union(actor, archive: Archive) -> bool:
    org = getattr(actor, "union_org", None)
    return actor.is_superuser or (
        org is not None and archive.union_org.path.startswith(org.path) and org.pk != archive.union_org_id
    )


# Who may take the review and filing steps besides the role (R-FLOW-26): the reason when he may not, and
# the clause (shown on hover). The actions refuse with the same words; the pages offer the step only to
# a user `refusal` lets through and otherwise say why.
LEVEL_REFUSALS = {
    "review_pass": ("复核须由建档工会的上级工会办理", "R-FLOW-26"),
    "return": ("只有上级工会或县级以上帮扶中心可以退回", "R-FLOW-26"),
    "file": ("备案须由县级以上困难职工帮扶中心办理", "R-FLOW-26"),
}


def _level_ok(actor, archive: Archive, action: str) -> bool:
    if action == "review_pass":
        return _is_higher_union(actor, archive)
    if action == "return":
        return _is_higher_union(actor, archive) or _is_filing_centre(actor, archive)
    if action == "file":
        return _is_filing_centre(actor, archive)
    return True


def refusal(actor, archive: Archive, action: str) -> tuple[str, str]:
    """Why `actor` cannot take the transition `action` of `archive` now, as (words, clause); ("", "") when
    the action would let him through (status, role, union level, maker-checker)."""
    sources, _target, roles = archive.TRANSITIONS[action]
    if archive.status not in sources:
        return ("当前状态不能办理此步骤", "")
    if not may(actor, roles):
        return ("您的角色不能执行此操作", "")
    if action in LEVEL_REFUSALS:  # transition() tests maker-checker before the step's own check
        refused = maker_refusal(archive, actor, MAKERS)
        if refused:
            return (refused, "R-FLOW-26")
    if not _level_ok(actor, archive, action):
        return LEVEL_REFUSALS[action]
    return ("", "")


def do_review_pass(actor, archive: Archive, note: str = "") -> Archive:
    """The next-higher union's review (复核) passed: on to a help centre for filing."""
    check_scope(actor, archive)

    def check(a):
        if not _level_ok(actor, a, "review_pass"):
            raise TransitionRefused("复核须由建档工会的上级工会办理（R-FLOW-26）")

    def update(a):
        a.higher_review_note = note

    return transition(archive, "review_pass", actor, check=check, update=update, note=note, makers=MAKERS)


def _is_filing_centre(actor, archive: Archive) -> bool:
    org = getattr(actor, "union_org", None)
    if actor.is_superuser:
        return True
    if org is None or not org.is_help_centre or org.level > UnionOrg.Level.COUNTY:
        return False
    base = union_base(actor)
    return archive.union_org.path.startswith(base.path)


def do_return(actor, archive: Archive, reason: str) -> Archive:
    """Not compliant: back to the filing union (R-FLOW-26)."""
    check_scope(actor, archive)
    if not (reason or "").strip():
        raise Invalid("reason", "请填写退回原因")

    def check(a):
        if not _level_ok(actor, a, "return"):
            raise TransitionRefused("只有上级工会或县级以上帮扶中心可以退回")

    def update(a):
        a.return_reason = reason.strip()

    return transition(
        archive, "return", actor, check=check, update=update, note=reason.strip(), makers=MAKERS
    )


def do_refuse(actor, archive: Archive, reason: str) -> Archive:
    """The household refuses the investigation of its income and property: not archived for now (暂不予建档)."""
    check_scope(actor, archive)
    reason = (reason or "").strip() or "拒绝配合家庭收入和财产调查"

    def update(a):
        a.refusal_reason = reason

    return transition(archive, "refuse", actor, update=update, note=f"暂不予建档：{reason}")


def do_file(actor, archive: Archive) -> Archive:
    """备案 at a help centre at county level or above (R-FLOW-26)."""
    check_scope(actor, archive)

    def check(a):
        if not _level_ok(actor, a, "file"):
            raise TransitionRefused("备案须由县级以上困难职工帮扶中心办理（R-FLOW-26）")

    def update(a):
        a.filed_at = actor.union_org if getattr(actor, "union_org", None) else None
        a.filed_on = today()

    return transition(archive, "file", actor, check=check, update=update, makers=MAKERS)


def _schedule_review(archive: Archive, start: dt.date) -> None:
    close_deadlines(archive, "archive.review")
    months = REVIEW_MONTHS[archive.category]
    label = (
        "困难职工档案复核（深度困难每年一次）"
        if months == 12
        else "困难职工档案复核（相对困难、意外致困每半年一次）"
    )
    open_deadline(archive, "archive.review", label, add_months(start, months), cite="R-FLOW-29")


def do_activate(actor, archive: Archive) -> Archive:
    """Reported upward in the union aid system: the archive is active and aid may be paid (R-FLOW-25)."""
    check_scope(actor, archive)

    def update(a):
        a.activated_on = today()
        _schedule_review(a, a.activated_on)

    return transition(archive, "activate", actor, update=update)


# ---- reviews, categories, 脱困 and phase-out (R-FLOW-29, R-REG-12, R-ELIG-18, OP-06) ----


def _change_category(actor, archive: Archive, new: str, reason: str) -> None:
    if new == archive.category:
        return
    CategoryChange.objects.create(
        archive=archive,
        from_category=archive.category,
        to_category=new,
        changed_on=today(),
        reason=reason,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    archive.category = new


def do_review(actor, archive: Archive, data: dict) -> ArchiveReview:
    """A periodic review; the outcome adjusts the archive and schedules the next review."""
    check_scope(actor, archive)
    _writer(actor)
    if archive.status not in (Archive.Status.ACTIVE, Archive.Status.PHASE_OUT):
        raise TransitionRefused("只有在档的档案需要复核")
    outcome = choice(data, "outcome", ArchiveReview.Outcome)
    new_category = ""
    if outcome == ArchiveReview.Outcome.CATEGORY_CHANGED:
        new_category = choice(data, "new_category", HardshipCategory)
        if new_category == archive.category:
            raise Invalid("new_category", "新类别与原类别相同")
    if outcome == ArchiveReview.Outcome.OUT_OF_HARDSHIP and archive.category != HardshipCategory.DEEP:
        raise Invalid("outcome", "脱困认定只适用于深度困难职工档案（R-ELIG-18）")
    note = text(data, "note", max_length=2000)
    with transaction.atomic():
        fresh = Archive.objects.select_for_update().get(pk=archive.pk)
        due = (
            Deadline.objects.filter(
                object_type=fresh._meta.label_lower,
                object_id=str(fresh.pk),
                kind="archive.review",
                met_at__isnull=True,
            )
            .order_by("due")
            .first()
        )
        review = ArchiveReview.objects.create(
            archive=fresh,
            due=due.due if due else None,
            done_on=today(),
            outcome=outcome,
            new_category=new_category,
            note=note,
            actor=actor if getattr(actor, "pk", None) else None,
        )
        if new_category:
            _change_category(actor, fresh, new_category, f"复核调整：{note}" if note else "复核调整")
        if outcome == ArchiveReview.Outcome.OUT_OF_HARDSHIP:
            fresh.out_of_hardship_on = today()
        fresh.save()
        _schedule_review(fresh, today())
        _audit(
            actor,
            "archive.review",
            fresh,
            fresh.household,
            {"outcome": outcome, "new_category": new_category, "note": note},
        )
    if outcome == ArchiveReview.Outcome.REMOVE:
        do_remove(actor, archive, note or "复核撤档")
    archive.refresh_from_db()
    return review


def standard_in_force(household, month: dt.date) -> int | None:
    """The dibao standard (fen) the engine applies to this household in `month`: the county's configured
    value for its area type (the region the engine input names, see to_assessment_input)."""
    from jiuzhu.core.params import params_mapping
    from jiuzhu.policy import Params

    county = household.region.county
    code = county.code if county else household.region.code[:6]
    found = Params.from_mapping(params_mapping()).lookup(code, "dibao_standard", household.area_type, month)
    return int(found.value) if found is not None else None


def do_record_month(actor, archive: Archive, data: dict) -> MonthlyIncome:
    """One month's per-capita income with the dibao standard then in force (R-ELIG-18)."""
    check_scope(actor, archive)
    _writer(actor)
    month = date(data, "month").replace(day=1)
    per_capita = money(data, "per_capita_income")
    standard = money(data, "standard", required=False)
    if standard is None:
        standard = standard_in_force(archive.household, month)
        if standard is None:
            raise Invalid("standard", "本地未配置该月低保标准，请填写")
    with transaction.atomic():
        row, _ = MonthlyIncome.objects.update_or_create(
            archive=archive,
            month=month,
            defaults={
                "per_capita_fen": per_capita,
                "standard_fen": standard,
                "actor": actor if getattr(actor, "pk", None) else None,
            },
        )
        _audit(
            actor,
            "archive.month",
            row,
            archive.household,
            {"month": month, "per_capita": yuan(per_capita), "standard": yuan(standard)},
        )
    return row


class EngineUnavailable(TransitionRefused):
    """The policy engine could not assess the household (bad registry data or parameters)."""


def hardship_assessment(archive: Archive, on: dt.date | None = None) -> dict:
    """The policy engine's 困难职工 result for the archive's household (R-ELIG-18, OP-07).

    The engine holds the one 脱困 rule (jiuzhu.policy engine, NATIONAL["out_of_hardship_months"]): the run of
    consecutive months, ending with the assessed month, in which per-capita net income is above that month's
    dibao standard. The assessed month (that of `on`, default today) is the household as registered now;
    the earlier months are the archive's MonthlyIncome records, passed as `history.months`, with the
    archive's category as `history.hardship_category`. The standards are the configured local parameters
    (the same ones the assessment page uses). Nothing is counted here.
    """
    from jiuzhu.core.params import params_mapping
    from jiuzhu.policy import Params, assess
    from jiuzhu.registry.documents import to_assessment_input

    month = (on or today()).replace(day=1)
    earlier = archive.monthly_incomes.filter(month__lt=month).order_by("month")
    history = {
        "hardship_category": archive.category,
        "months": [
            {"month": f"{r.month:%Y-%m}", "per_capita_net_income": yuan(r.per_capita_fen)} for r in earlier
        ],
    }
    try:
        data = to_assessment_input(archive.household, history=history)
        out = assess(data, Params.from_mapping(params_mapping()), at=f"{month:%Y-%m}")
    except ValueError as e:  # HouseholdError / ParamsError: say what the engine could not read
        raise EngineUnavailable(f"评估引擎无法评估该家庭：{e}") from None
    return out["programs"]["hardship_worker"]


def out_of_hardship(archive: Archive, on: dt.date | None = None) -> bool:
    """R-ELIG-18: the engine finds a deep archive's household out of hardship in the month of `on`."""
    if archive.category != HardshipCategory.DEEP:
        return False
    return bool(hardship_assessment(archive, on).get("out_of_hardship"))


def do_start_phase_out(actor, archive: Archive) -> Archive:
    """脱困 → phase-out period (union_phase_out_months, a provincial-union local parameter)."""
    check_scope(actor, archive)
    months = param_in_force(archive.household.region, "union_phase_out_months", today())
    state: dict = {}

    def check(a):
        if a.category != HardshipCategory.DEEP:
            raise TransitionRefused("渐退只适用于深度困难职工档案（R-ELIG-18）")
        if not (a.out_of_hardship_on or out_of_hardship(a)):
            raise TransitionRefused("尚未认定脱困：须连续6个月家庭人均收入高于当地低保标准（R-ELIG-18）")
        if months is None:
            raise TransitionRefused("本地未配置工会渐退期（union_phase_out_months），请联系管理员")
        state["until"] = add_months(today(), int(months.value))

    def update(a):
        a.out_of_hardship_on = a.out_of_hardship_on or today()
        a.phase_out_until = state["until"]
        open_deadline(
            a,
            "archive.phase_out_end",
            "渐退期满：转为相对困难/意外致困档案或撤档",
            a.phase_out_until,
            cite=f"R-ELIG-18 OP-06 {months.cite()}",
        )

    return transition(archive, "start_phase_out", actor, check=check, update=update)


def do_end_phase_out(actor, archive: Archive, new_category: str | None, reason: str = "") -> Archive:
    """At the end of phase-out: reclassify to relative/accident, or remove the archive (OP-06)."""
    check_scope(actor, archive)
    if not new_category:
        return do_remove(actor, archive, reason or "渐退期满，不符合相对困难或意外致困标准（OP-06）")
    if new_category not in (HardshipCategory.RELATIVE, HardshipCategory.ACCIDENT):
        raise Invalid("new_category", "渐退期满只能转为相对困难或意外致困档案")

    def update(a):
        _change_category(actor, a, new_category, reason or "渐退期满转档（R-ELIG-18）")
        close_deadlines(a, "archive.phase_out_end")
        _schedule_review(a, today())

    return transition(archive, "reclassify", actor, update=update, note=reason)


def do_remove(actor, archive: Archive, reason: str, on: dt.date | None = None) -> Archive:
    """撤档; the original archive is kept 10 years from removal (R-ARC-01) and never deleted."""
    check_scope(actor, archive)
    on = on or today()

    def update(a):
        a.removed_on, a.removal_reason = on, reason
        a.retention_until = add_months(on, 12 * RETENTION_YEARS)
        close_deadlines(a)

    return transition(archive, "remove", actor, update=update, note=reason)


def do_cancel_fraud(actor, archive: Archive, data: dict) -> Archive:
    """Archive gained by hiding income/property or false certificates: cancelled, gains recovered,
    inclusion in the credit system recommended (R-FLOW-28)."""
    check_scope(actor, archive)
    reason = text(data, "reason", required=True, max_length=2000)
    recovery = money(data, "recovery", required=False) or 0
    credit = flag(data, "credit_recommended")

    def update(a):
        a.fraud_reason, a.recovery_fen, a.credit_recommended = reason, recovery, credit
        a.removed_on = today()
        a.retention_until = add_months(today(), 12 * RETENTION_YEARS)
        close_deadlines(a)

    return transition(
        archive,
        "cancel_fraud",
        actor,
        update=update,
        note=f"{reason}；追回{yuan(recovery)}元" + ("；建议纳入信用体系" if credit else ""),
    )


# ---- union aid payments (R-FLOW-25, R-FLOW-31, R-AMT-09/10, R-PAY-17/22, OP-15, OP-19) ----


def open_archive_of(household) -> Archive | None:
    from .models import OPEN_STATUSES

    return Archive.objects.filter(household=household, status__in=OPEN_STATUSES).first()


def do_record_aid_approval(actor, household, data: dict) -> AidApproval:
    """A provincial-union approval or ACFTU consent, recorded before the payment that needs it."""
    if actor is not None and not may(actor, APPROVAL_ROLES):
        raise TransitionRefused("您的角色不能登记上级审批")
    if not household_visible(actor, household):
        raise Http404("未找到该家庭")
    project = choice(data, "project", UnionAidPayment.Project)
    year = str(data.get("year") or today().year).strip()
    if not (year.isdigit() and 2000 <= int(year) <= 2100):
        raise Invalid("year", f"“{year}”不是年度（如{today().year}）")
    level = choice(data, "level", AidApproval.Level)
    up_to = money(data, "up_to")
    if up_to <= 0:
        raise Invalid("up_to", "金额应大于0")
    reference = text(data, "reference", required=True, max_length=100)
    approved_on = date(data, "approved_on")
    if approved_on > today():
        raise Invalid("approved_on", "批复日期不能晚于今天")
    with transaction.atomic():
        approval = AidApproval.objects.create(
            household=household,
            project=project,
            year=int(year),
            level=level,
            up_to_fen=up_to,
            reference=reference,
            approved_on=approved_on,
            recorded_by=actor,
        )
        _audit(
            actor,
            "archive.aid_approval",
            approval,
            household,
            {
                "project": approval.project,
                "year": approval.year,
                "level": approval.level,
                "up_to": yuan(approval.up_to_fen),
                "reference": approval.reference,
            },
        )
    return approval


def year_total_fen(household, project: str, year: int) -> int:
    return (
        UnionAidPayment.objects.filter(household=household, project=project, paid_on__year=year).aggregate(
            t=Sum("amount_fen")
        )["t"]
        or 0
    )


def do_pay(actor, household, data: dict) -> UnionAidPayment:
    """先建档、后帮扶: a payment needs an active archive; the 20,000/50,000 元 routing is checked first."""
    if actor is not None and not may(actor, PAY_ROLES):
        raise TransitionRefused("您的角色不能登记帮扶支出")
    if actor is not None and not household_visible(actor, household):
        raise Http404("未找到该家庭")
    project = choice(data, "project", UnionAidPayment.Project)
    amount = money(data, "amount")
    if amount <= 0:
        raise Invalid("amount", "金额应大于0")
    fund = choice(data, "fund_source", UnionAidPayment.FundSource)
    paid_on = date(data, "paid_on", default=today())
    method = choice(data, "method", UnionAidPayment.Method)
    cash_reason = ""
    if method == UnionAidPayment.Method.CASH:
        cash_reason = choice(data, "cash_reason", UnionAidPayment.CashReason)
    share = money(data, "self_paid_share", required=project == UnionAidPayment.Project.MEDICAL)
    if project == UnionAidPayment.Project.MEDICAL and amount > share:
        raise Invalid("amount", f"医疗救助不能超过个人自付部分{yuan(share)}元（R-AMT-10）")
    with transaction.atomic():
        archive = (
            Archive.objects.select_for_update()
            .filter(household=household, status__in=PAYABLE_STATUSES)
            .first()
        )
        if archive is None:
            pending = open_archive_of(household)
            state = f"（当前档案状态：{pending.get_status_display()}）" if pending else ""
            raise TransitionRefused(
                f"该家庭尚未建立困难职工档案，不能从工会帮扶资金支付：先建档、后帮扶{state}（R-FLOW-25）"
            )
        total = year_total_fen(household, project, paid_on.year) + amount
        approval = None
        for level, threshold, who in (
            ("province", PROVINCE_THRESHOLD_FEN, "省级工会审批"),
            ("national", NATIONAL_THRESHOLD_FEN, "全国总工会同意"),
        ):
            if total > threshold:
                found = (
                    AidApproval.objects.filter(
                        household=household,
                        project=project,
                        year=paid_on.year,
                        level=level,
                        up_to_fen__gte=total,
                        approved_on__lte=paid_on,
                    )
                    .order_by("-approved_on")
                    .first()
                )
                if found is None:
                    raise TransitionRefused(
                        f"本年度该项目累计将达{yuan(total)}元，超过{yuan(threshold)}元，须先记录{who}（R-FLOW-31）"
                    )
                approval = found
        payment = UnionAidPayment.objects.create(
            archive=archive,
            household=household,
            project=project,
            amount_fen=amount,
            self_paid_share_fen=share,
            fund_source=fund,
            paid_on=paid_on,
            method=method,
            cash_reason=cash_reason,
            year_total_fen=total,
            approval=approval,
            entry_due=add_working_days(paid_on, ENTRY_WORKING_DAYS),
            created_by=actor,
        )
        open_deadline(
            payment,
            "archive.national_entry",
            "录入全国工会帮扶工作管理系统（支出后30个工作日内）",
            payment.entry_due,
            working_days=True,
            cite="R-PAY-17",
        )
        _audit(
            actor,
            "archive.pay",
            payment,
            household,
            {
                "archive": archive.number,
                "project": project,
                "amount": yuan(amount),
                "fund_source": fund,
                "paid_on": paid_on,
                "method": method,
                "cash_reason": cash_reason,
                "year_total": yuan(total),
            },
        )
    return payment


def do_mark_entered(actor, payment: UnionAidPayment, on: dt.date | None = None) -> UnionAidPayment:
    """R-PAY-17: the payment was entered in the national union aid system on `on` (default today)."""
    if actor is not None and not may(actor, PAY_ROLES):
        raise TransitionRefused("您的角色不能登记录入全国工会帮扶系统")
    if actor is not None and not household_visible(actor, payment.household):
        raise Http404("未找到该支出")
    on = on or today()
    if on > today():
        raise Invalid("entered_on", "录入日期不能晚于今天")
    if on < payment.paid_on:
        raise Invalid("entered_on", f"录入日期不能早于支出日期{payment.paid_on}")
    with transaction.atomic():
        fresh = UnionAidPayment.objects.select_for_update().get(pk=payment.pk)
        if fresh.entered_national_on:
            raise TransitionRefused(f"该支出已于{fresh.entered_national_on}登记录入，不能重复登记")
        fresh.entered_national_on = on
        fresh.save()
        close_deadlines(fresh, "archive.national_entry")
        _audit(
            actor, "archive.national_entry", fresh, fresh.household, {"entered_on": fresh.entered_national_on}
        )
    return fresh


# ---- plan tracks and 送温暖 (R-FLOW-32, R-FLOW-33, R-DOC-16) ----


def do_track_outcome(actor, household, data: dict) -> TrackOutcome:
    _writer(actor)
    if not household_visible(actor, household):
        raise Http404("未找到该家庭")
    track = choice(data, "track", Track)
    plan = getattr(household, "plan", None) if hasattr(household, "plan") else None
    if plan is None or track not in (plan.tracks or []):
        raise Invalid("track", "该渠道不在本户帮扶计划的“四个一批”中，请先在帮扶计划中确定（R-REG-16）")
    with transaction.atomic():
        row = TrackOutcome.objects.create(
            household=household,
            track=track,
            action_taken=text(data, "action_taken", required=True),
            outcome=text(data, "outcome"),
            on=date(data, "on", default=today()),
            actor=actor,
        )
        _audit(
            actor,
            "archive.track_outcome",
            row,
            household,
            {"track": track, "action_taken": row.action_taken, "outcome": row.outcome, "on": row.on},
        )
    return row


def do_warmth_visit(actor, household, data: dict) -> WarmthVisit:
    _writer(actor)
    if not household_visible(actor, household):
        raise Http404("未找到该家庭")
    id_number = text(data, "id_number", required=True, max_length=18).upper()
    try:
        parse_id_number(id_number)
    except ValueError as e:
        raise Invalid("id_number", str(e)) from None
    with transaction.atomic():
        visit = WarmthVisit.objects.create(
            household=household,
            archive=open_archive_of(household),
            visited_on=date(data, "visited_on", default=today()),
            visitors=text(data, "visitors", required=True),
            occasion=choice(data, "occasion", WarmthVisit.Occasion),
            condolence_fen=money(data, "condolence", required=False) or 0,
            recipient=text(data, "recipient", required=True, max_length=50),
            work_unit=text(data, "work_unit", required=True, max_length=100),
            basic_situation=text(data, "basic_situation", required=True, max_length=500),
            contact=text(data, "contact", required=True, max_length=30),
            id_number=id_number,
            handler=text(data, "handler", required=True, max_length=50),
            actor=actor,
        )
        _audit(
            actor,
            "archive.warmth_visit",
            visit,
            household,
            {
                "visited_on": visit.visited_on,
                "occasion": visit.occasion,
                "condolence": yuan(visit.condolence_fen),
                "recipient": visit.recipient,
            },
        )
    return visit


# ---- lists ----


def overdue(user, kind: str, model=Archive, on: dt.date | None = None):
    on = on or today()
    ids = Deadline.objects.filter(
        object_type=model._meta.label_lower, kind=kind, met_at__isnull=True, due__lt=on
    ).values_list("object_id", flat=True)
    ids = [int(i) for i in ids]
    if model is Archive:
        return archives_for(user).filter(pk__in=ids)
    return UnionAidPayment.objects.filter(pk__in=ids, archive__in=archives_for(user))


def overdue_reviews(user, on: dt.date | None = None):
    """R-FLOW-29: archives whose review is overdue."""
    return overdue(user, "archive.review", on=on)


def late_entries(user, on: dt.date | None = None):
    """R-PAY-17: payments not entered in the national system within 30 working days."""
    return overdue(user, "archive.national_entry", UnionAidPayment, on=on)
