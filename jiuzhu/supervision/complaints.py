"""Complaints and reports (投诉举报, R-SUP-08): receipt (hotline, letter, visit, online; anonymous allowed),
assignment, investigation, the answer to the complainant within a deadline of working days, closure with the
complainant's feedback. Every step is an action: core.workflow.transition (status history, audit event naming
user and role); the reporter's name, phone and address never go into an audit event.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuzhu.accounts.scope import region_within_scope
from jiuzhu.core.audit import record, snapshot
from jiuzhu.core.models import Deadline, Region
from jiuzhu.core.workdays import add_working_days
from jiuzhu.core.workflow import TransitionRefused, close_deadlines, open_deadline, record_status, transition

from .models import ADJUDICATORS, Complaint

# DEFAULT (the texts ask for an answer "within a deadline" without a number; docs/supervision.md): the answer to
# the complainant is due 20 working days after receipt.
REPLY_WORKING_DAYS = 20
REPLY_KIND = "complaint.reply"
PROTECTED = ("reporter_name", "reporter_phone", "reporter_address")  # never in an audit event
TEXT_LIMITS = {
    "content": 5000,
    "staff_name": 50,
    "fund": 100,
    "reporter_name": 50,
    "reporter_phone": 30,
    "reporter_address": 200,
}


class Invalid(TransitionRefused):
    """A field of the form is wrong (message names it in words)."""


def complaint_q(user) -> Q:
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    from .scope import READERS

    if user.role not in READERS or not user.region_id:
        return Q(pk__in=[])
    return Q(scope_path__startswith=user.region.path)


def visible_complaints(user):
    return Complaint.objects.filter(complaint_q(user))


def get_complaint(user, pk) -> Complaint:
    c = visible_complaints(user).filter(pk=pk).select_related("region", "household", "assignee").first()
    if c is None:
        raise Http404(_("未找到该投诉举报"))
    return c


def _audit_view(c: Complaint) -> dict:
    data = snapshot(c)
    for f in PROTECTED:
        data.pop(f, None)
    return data


def _choice(data, key, choices, label):
    value = (data.get(key) or "").strip()
    if value not in choices.values:
        raise Invalid(_("请选择%(label)s") % {"label": label})
    return value


def do_receive(actor, data: dict, *, today: dt.date | None = None) -> Complaint:
    """Receive a complaint or report. actor None: received online from the public page (channel online)."""
    from django.contrib.auth.models import AnonymousUser

    if isinstance(actor, AnonymousUser):
        actor = None
    if actor is not None and not (actor.is_superuser or actor.role in ADJUDICATORS):
        raise TransitionRefused(_("您的角色不能受理投诉举报"))
    today = today or timezone.localdate()
    clean = {k: (str(data.get(k) or "")).strip()[:n] for k, n in TEXT_LIMITS.items()}
    if not clean["content"]:
        raise Invalid(_("请填写反映内容"))
    kind = _choice(data, "kind", Complaint.Kind, _("投诉或举报"))
    channel = (
        Complaint.Channel.ONLINE
        if actor is None
        else _choice(data, "channel", Complaint.Channel, _("受理渠道"))
    )
    about = _choice(data, "about", Complaint.About, _("反映对象"))
    region = Region.objects.filter(code=(data.get("region") or "").strip()).first()
    if region is None:
        raise Invalid(_("请填写所涉地区（行政区划代码）"))
    if actor is not None and not region_within_scope(actor, region):
        raise Invalid(_("该地区不在您的管辖范围内"))
    anonymous = str(data.get("anonymous") or "").lower() in ("1", "true", "on", "yes")
    if anonymous:
        for f in PROTECTED:
            clean[f] = ""
    elif not (clean["reporter_name"] and (clean["reporter_phone"] or clean["reporter_address"])):
        raise Invalid(_("实名反映请填写姓名和联系电话或地址，或选择匿名"))
    received_on = today
    if actor is not None and data.get("received_on"):
        try:
            received_on = dt.date.fromisoformat(str(data["received_on"]))
        except ValueError:
            raise Invalid(_("收到日期应为YYYY-MM-DD")) from None
        if received_on > today:
            raise Invalid(_("收到日期不能晚于今天"))
    household = None
    number = (data.get("household") or "").strip()
    if number:
        from jiuzhu.registry.models import Household

        household = Household.objects.filter(number=number, region__path__startswith=region.path).first()
        if household is None:
            raise Invalid(_("所涉地区内没有编号为%(n)s的家庭") % {"n": number})
    with transaction.atomic():
        c = Complaint(
            number=f"tmp-{timezone.now().timestamp()}",
            kind=kind,
            channel=channel,
            about=about,
            region=region,
            scope_path=region.path,
            household=household,
            staff_name=clean["staff_name"],
            fund=clean["fund"],
            content=clean["content"],
            anonymous=anonymous,
            reporter_name=clean["reporter_name"],
            reporter_phone=clean["reporter_phone"],
            reporter_address=clean["reporter_address"],
            received_on=received_on,
            received_by=actor,
            reply_due=add_working_days(received_on, REPLY_WORKING_DAYS),
        )
        c.save()
        c.number = f"TS{received_on:%Y}-{c.pk:06d}"
        c.save(update_fields=["number"])
        record_status(c, "", actor)
        open_deadline(
            c,
            REPLY_KIND,
            f"答复投诉举报（收到后{REPLY_WORKING_DAYS}个工作日内）",
            c.reply_due,
            working_days=True,
            cite="R-SUP-08",
        )
        record(
            actor,
            "supervision.complaint.receive",
            c,
            after=_audit_view(c),
            household=household,
            scope_path=c.scope_path,
        )
    return c


def _handler_only(actor, c: Complaint):
    if actor is not None and not actor.is_superuser and actor.role != "admin" and c.assignee_id != actor.pk:
        raise TransitionRefused(_("只有承办人可以办理此投诉举报"))


def do_assign(actor, c: Complaint, assignee, *, note: str = "") -> Complaint:
    """Hand the complaint to the person who will investigate and answer it (in the complaint's region)."""
    if assignee is None or not assignee.is_active or assignee.role not in ADJUDICATORS:
        raise Invalid(_("请选择承办人（经办人或审批人）"))
    if not region_within_scope(assignee, c.region) and not assignee.is_superuser:
        raise Invalid(_("承办人的辖区不包括该投诉举报所涉地区"))
    if (
        c.household_id
        and c.household.members.filter(active=True, id_number=assignee.id_number)
        .exclude(id_number="")
        .exists()
    ):
        raise Invalid(_("承办人是被反映家庭的成员，应回避"))

    def update(fresh):
        fresh.assignee = assignee
        Deadline.objects.filter(
            object_type="supervision.complaint", object_id=str(fresh.pk), met_at__isnull=True
        ).update(assignee=assignee)

    return transition(c, "assign", actor, note=note or str(assignee), update=update)


def do_investigate(actor, c: Complaint) -> Complaint:
    _handler_only(actor, c)
    return transition(c, "investigate", actor)


def do_answer(
    actor,
    c: Complaint,
    *,
    findings: str,
    substantiated: bool | None,
    reply: str,
    replied_on: dt.date | None = None,
) -> Complaint:
    """The investigation's findings and the answer given to the complainant (for an anonymous report: the
    answer on record, nobody to send it to)."""
    _handler_only(actor, c)
    findings, reply = (findings or "").strip(), (reply or "").strip()
    if not findings:
        raise Invalid(_("请填写调查核实情况"))
    if not reply:
        raise Invalid(_("请填写答复内容"))
    if substantiated is None:
        raise Invalid(_("请选择反映是否属实"))
    replied_on = replied_on or timezone.localdate()
    if replied_on < c.received_on:
        raise Invalid(_("答复日期不能早于收到日期"))

    def update(fresh):
        fresh.findings, fresh.substantiated, fresh.reply, fresh.replied_on = (
            findings,
            substantiated,
            reply,
            replied_on,
        )
        close_deadlines(fresh, REPLY_KIND)

    return transition(c, "answer", actor, update=update)


def do_close(
    actor, c: Complaint, *, feedback: str, note: str = "", closed_on: dt.date | None = None
) -> Complaint:
    """Close with the complainant's feedback on the answer (an anonymous report: no feedback to ask for)."""
    _handler_only(actor, c)
    if c.anonymous:
        feedback = Complaint.Feedback.ANONYMOUS
    elif feedback not in Complaint.Feedback.values or feedback == Complaint.Feedback.ANONYMOUS:
        raise Invalid(_("请选择反映人对答复的反馈"))
    closed_on = closed_on or timezone.localdate()

    def update(fresh):
        fresh.feedback, fresh.closing_note, fresh.closed_on = feedback, (note or "").strip()[:2000], closed_on
        close_deadlines(fresh)

    return transition(c, "close", actor, note=note, update=update)


def on_time(c: Complaint) -> bool | None:
    """Whether the answer came by the deadline (None while not answered): an input of the evaluation (R-SUP-13)."""
    if c.replied_on is None:
        return None
    return c.replied_on <= c.reply_due
