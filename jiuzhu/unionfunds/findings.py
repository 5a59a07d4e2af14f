"""Misconduct findings (R-SUP-10, R-SUP-11): the audit or rights-protection department records a finding on a
fund or a payment with a rectification deadline (on the to-do list); it ends rectified, or referred to the
discipline-inspection department, or to the judicial authorities, with the outcome recorded."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from jiuzhu.core.audit import record
from jiuzhu.core.workflow import TransitionRefused, close_deadlines, open_deadline
from jiuzhu.temporary.actions import Invalid, choice, date, text, today

from .ledger import funds_for, refuse_unless
from .models import Finding, FundPayment
from .roles import union_scope_q

DEADLINE_KIND = "unionfunds.rectify"
DEADLINE_LABEL = "违规问题限期整改"


def findings_for(user):
    return Finding.objects.filter(union_scope_q(user)).select_related("union_org", "fund", "payment")


def do_record(actor, data: dict) -> Finding:
    refuse_unless(actor, "finding")
    fund = payment = None
    if data.get("payment"):
        payment = FundPayment.objects.filter(pk=data["payment"], fund__in=funds_for(actor)).first()
        if payment is None:
            raise Http404(_("未找到该支出"))
        fund = payment.fund
    elif data.get("fund"):
        fund = funds_for(actor).filter(pk=data["fund"]).first()
        if fund is None:
            raise Http404(_("未找到该资金"))
    else:
        raise Invalid("fund", _("请选择资金或支出"))
    found_on = date(data, "found_on", default=today())
    rectify_by = date(data, "rectify_by")
    if rectify_by < found_on:
        raise Invalid("rectify_by", _("整改期限不能早于发现日期"))
    with transaction.atomic():
        finding = Finding.objects.create(
            union_org=fund.union_org,
            scope_path=fund.union_org.path,
            fund=fund,
            payment=payment,
            kind=choice(data, "kind", Finding.Kind),
            description=text(data, "description", required=True, max_length=2000),
            found_on=found_on,
            rectify_by=rectify_by,
            recorded_by=actor,
        )
        open_deadline(finding, DEADLINE_KIND, DEADLINE_LABEL, rectify_by, cite="R-SUP-11")
        record(
            actor,
            "unionfunds.finding",
            finding,
            after={"kind": finding.kind, "rectify_by": rectify_by.isoformat()},
            scope_path=finding.scope_path,
        )
    return finding


def do_close(actor, finding: Finding, status: str, outcome: str) -> Finding:
    refuse_unless(actor, "finding")
    if not findings_for(actor).filter(pk=finding.pk).exists():
        raise Http404(_("未找到该问题"))
    status = choice({"status": status}, "status", Finding.Status)
    if status == Finding.Status.OPEN:
        raise Invalid("status", _("请选择处理结果"))
    outcome = (outcome or "").strip()
    if not outcome:
        raise Invalid("outcome", _("请填写处理结果"))
    with transaction.atomic():
        fresh = Finding.objects.select_for_update().get(pk=finding.pk)
        if fresh.status != Finding.Status.OPEN:
            raise TransitionRefused(_("该问题已办结"))
        fresh.status = status
        fresh.outcome = outcome[:300]
        fresh.closed_on = today()
        fresh.save()
        close_deadlines(fresh, DEADLINE_KIND)
        record(
            actor,
            "unionfunds.finding_close",
            fresh,
            before={"status": "open"},
            after={"status": status, "outcome": fresh.outcome},
            scope_path=fresh.scope_path,
        )
    return fresh
