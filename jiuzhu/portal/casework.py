"""What an applicant does online on a case the procedure owns: open a notice (its delivery date recorded,
OP-17), ask for a review or reconsideration (R-FLOW-09/10), report a change of circumstances (R-FLOW-12).

Each writes through the 低保 procedure's own action (jiuzhu.dibao.actions) as the system — the procedure's
role checks are for staff, and the applicant acts here only on his own household's case — and, in the same
transaction, a portal audit event naming the applicant. The township sees each on its to-do list.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuzhu.accounts.scope import visible_households
from jiuzhu.core.audit import record
from jiuzhu.core.workdays import add_working_days
from jiuzhu.core.workflow import TransitionRefused, open_deadline
from jiuzhu.dibao import actions as d
from jiuzhu.dibao.models import ChangeReport, DibaoApplication, Notice

from .auth import Refused

ONLINE_DELIVERER = "网上送达（申请人本人打开）"
HANDLE_WORKING_DAYS = 5  # DEFAULT: no text sets how soon the township answers an online report


def own_notice(user, pk) -> Notice:
    notice = (
        Notice.objects.filter(pk=pk, application__household__in=visible_households(user))
        .select_related("application__household__region")
        .first()
    )
    if notice is None:
        raise Http404(_("未找到该通知书"))
    return notice


def own_dibao_case(user, pk) -> DibaoApplication:
    app = DibaoApplication.objects.filter(pk=pk, household__in=visible_households(user)).first()
    if app is None:
        raise Http404(_("未找到该案件"))
    return app


def _audit(user, action: str, obj, household, after: dict) -> None:
    record(user, f"portal.{action}", obj, after=after, household=household)


def do_open_notice(user, notice: Notice, *, today: dt.date | None = None) -> Notice:
    """The applicant opens the notice online: the first opening is its delivery (OP-17), from which the
    appeal deadline runs. Later openings change nothing."""
    today = today or timezone.localdate()
    if notice.delivered_on or today < notice.issued_on:  # a notice is never delivered before it is issued
        return notice
    with transaction.atomic():
        notice = d.do_record_delivery(
            None, notice, delivered_on=today, deliverer=ONLINE_DELIVERER, today=today
        )
        _audit(
            user,
            "notice_opened",
            notice,
            notice.application.household,
            {"delivered_on": today.isoformat(), "appeal_deadline": notice.appeal_deadline.isoformat()},
        )
    return notice


def do_appeal(user, notice: Notice, content: str, *, today: dt.date | None = None):
    today = today or timezone.localdate()
    content = str(content or "").strip()
    if not content:
        raise Refused("content", _("请写明您的请求和理由"))
    if notice.appeals.filter(decided_on__isnull=True).exists():
        raise Refused("content", _("您已提出申请，正在办理中"))
    with transaction.atomic():
        appeal = d.do_lodge_appeal(None, notice, lodged_on=today, content=content[:2000])
        _audit(
            user,
            "appeal",
            appeal,
            notice.application.household,
            {"kind": appeal.kind, "within": appeal.within_deadline},
        )
        open_deadline(
            notice.application,
            f"portal_appeal:{appeal.pk}",
            "处理申请人网上提出的复查/复议申请",
            add_working_days(today, HANDLE_WORKING_DAYS),
            working_days=True,
            cite="R-FLOW-09",
        )
    return appeal


def do_object(user, case: DibaoApplication, content: str, *, today: dt.date | None = None):
    """R-FLOW-07: an objection to the review (or approval) publicity, lodged online while it runs; the
    township handles it before the next step (the procedure's rule)."""
    today = today or timezone.localdate()
    content = str(content or "").strip()
    if not content:
        raise Refused("content", _("请写明您的异议"))
    try:
        with transaction.atomic():
            objection = d.do_record_objection(None, case, received_on=today, content=content[:2000])
            _audit(user, "objection", objection, case.household, {"received_on": today.isoformat()})
    except TransitionRefused as e:
        raise Refused("content", str(e)) from None
    return objection


def do_report_change(user, case: DibaoApplication, *, kind: str, event_on, description: str, today=None):
    """R-FLOW-12: reported today by the applicant; late (more than 30 days after the change) is flagged."""
    today = today or timezone.localdate()
    if kind not in ChangeReport.Kind.values:
        raise Refused("kind", _("请选择变化类型"))
    try:
        event = event_on if isinstance(event_on, dt.date) else dt.date.fromisoformat(str(event_on))
    except ValueError:
        raise Refused("event_on", _("请填写变化发生的日期")) from None
    if event > today:
        raise Refused("event_on", _("变化发生日期不能晚于今天"))
    description = str(description or "").strip()
    if not description:
        raise Refused("description", _("请说明变化的情况"))
    try:
        with transaction.atomic():
            change = d.do_record_change(
                None, case, kind=kind, event_on=event, description=description[:2000], reported_on=today
            )
            _audit(user, "change_report", change, case.household, {"kind": kind, "late": change.late})
            open_deadline(
                case,
                f"portal_change:{change.pk}",
                "核实申请人网上报告的家庭变化",
                add_working_days(today, HANDLE_WORKING_DAYS),
                working_days=True,
                cite="R-FLOW-12",
            )
    except TransitionRefused as e:
        raise Refused("kind", str(e)) from None
    return change


# ---------------------------------------------------------------- decisions without a notice record


def _status_change(case, status: str):
    from jiuzhu.core.models import StatusChange

    return (
        StatusChange.objects.filter(
            object_type=case._meta.label_lower, object_id=str(case.pk), to_status=status
        )
        .order_by("-at")
        .first()
    )


def decision_content(case) -> dict | None:
    """The decision the applicant is to be told (R-FLOW-11), as the case records it, or None when there is
    none (yet): the 低保 approval (R-FLOW-08), the 临时救助 approval or refusal."""
    from jiuzhu.portal.models import DecisionNotice
    from jiuzhu.temporary.models import TemporaryCase

    K = DecisionNotice.Kind
    if isinstance(case, DibaoApplication):
        if not case.approved_on:
            return None
        return {
            "kind": K.DIBAO_APPROVAL,
            "issued_on": case.approved_on,
            "household_fen": case.benefit_household_fen,
            "per_capita_fen": case.benefit_per_capita_fen,
            "payment_start": case.payment_start.isoformat() if case.payment_start else "",
        }
    if isinstance(case, TemporaryCase):
        if case.approved_on:
            return {
                "kind": K.TEMPORARY_APPROVAL,
                "issued_on": case.approved_on,
                "amount_fen": case.amount_fen,
                "level": case.get_approval_level_display(),
                "staged": case.staged,
            }
        if case.status == TemporaryCase.Status.REJECTED:
            change = _status_change(case, TemporaryCase.Status.REJECTED)
            if change is None:
                return None
            return {
                "kind": K.TEMPORARY_REFUSAL,
                "issued_on": timezone.localdate(change.at),
                "reason": change.note,
            }
    return None


def decision_notice_of(case):
    """The delivered notice (a row) of the case's decision, if the applicant has opened it."""
    from jiuzhu.portal.models import DecisionNotice

    field = "dibao_application" if isinstance(case, DibaoApplication) else "temporary_case"
    return DecisionNotice.objects.filter(**{field: case}).order_by("-id").first()


def do_open_decision(user, case, *, today: dt.date | None = None):
    """The applicant opens the decision notice online: the first opening is its delivery (OP-17), recorded
    with what the notice said. Later openings change nothing. None when there is no decision to tell."""
    from jiuzhu.portal.models import DecisionNotice

    today = today or timezone.localdate()
    content = decision_content(case)
    if content is None:
        return None
    field = "dibao_application" if isinstance(case, DibaoApplication) else "temporary_case"
    existing = DecisionNotice.objects.filter(kind=content["kind"], **{field: case}).first()
    if existing is not None:
        return existing
    issued_on = content.pop("issued_on")
    kind = content.pop("kind")
    try:
        return _deliver_decision(user, case, field, kind, issued_on, content, today)
    except IntegrityError:  # opened at the same time in another window: delivered once
        return DecisionNotice.objects.get(kind=kind, **{field: case})


def _deliver_decision(user, case, field, kind, issued_on, content, today):
    from jiuzhu.portal.models import DecisionNotice

    with transaction.atomic():
        notice = DecisionNotice.objects.create(
            kind=kind,
            issued_on=issued_on,
            content=content,
            delivered_on=max(today, issued_on),
            deliverer=ONLINE_DELIVERER,
            opened_by=user,
            **{field: case},
        )
        _audit(
            user,
            "decision_notice_opened",
            case,
            case.household,
            {"kind": kind, "delivered_on": notice.delivered_on.isoformat()},
        )
    return notice
