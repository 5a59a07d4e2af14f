"""Following a case online: its steps with their dates, the dates and deadlines that concern the applicant,
the notices (opening one records its delivery), an appeal, a change report and the payment history."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuzhu.core.todo import deadline_label
from jiuzhu.core.workflow import history
from jiuzhu.dibao.models import ChangeReport
from jiuzhu.payments.history import household_lines

from . import casework
from .auth import Refused
from .views import _refusal, _show_errors, applicant_required

# the deadlines an applicant is told about: his own (an appeal) and the decision's (临时救助's processing time
# limit, R-FLOW-18); the others are the staff's own work. Publicities are shown with their own dates.
APPLICANT_DEADLINES = ("appeal:", "temporary.processing")


def _concerns_applicant(kind: str) -> bool:
    return any(kind == k or (k.endswith(":") and kind.startswith(k)) for k in APPLICANT_DEADLINES)


def own_case(user, kind: str, pk: int):
    """A 低保 application or 临时救助 case of the applicant's own household (made online or at the counter)."""
    from jiuzhu.accounts.scope import visible_households
    from jiuzhu.temporary.models import TemporaryCase

    if kind == "dibao":
        return casework.own_dibao_case(user, pk)
    case = TemporaryCase.objects.filter(pk=pk, household__in=visible_households(user)).first()
    if kind != "temporary" or case is None:
        raise Http404(_("未找到该案件"))
    return case


@applicant_required
def case_page(request, kind: str, pk: int):
    from jiuzhu.core.models import Deadline

    case = own_case(request.user, kind, pk)
    steps = history(case)
    deadlines = [
        {"label": deadline_label(dl), "due": dl.due}
        for dl in Deadline.objects.filter(
            object_type=case._meta.label_lower, object_id=str(case.pk), met_at__isnull=True
        )
        if _concerns_applicant(dl.kind)
    ]
    ctx = {
        "kind": kind,
        "case": case,
        "programme": _("最低生活保障") if kind == "dibao" else _("临时救助"),
        "steps": steps,
        "deadlines": deadlines,
        "today": timezone.localdate(),
        "lines": list(household_lines(case.household)[:60]),
        "decision": casework.decision_content(case),
        "decision_notice": casework.decision_notice_of(case),
    }
    if kind == "dibao":
        ctx.update(
            publicities=list(case.publicities.all()),
            notices=list(case.notices.all()),
            changes=list(case.change_reports.all()),
            change_kinds=ChangeReport.Kind.choices,
            can_report_change=case.status in ("active", "phase_out"),
            can_object=case.status in ("review_publicity", "approval_publicity"),
        )
    return render(request, "portal/case.html", ctx)


@applicant_required
def decision_page(request, kind: str, pk: int):
    """The decision notice of a case (低保 approval, 临时救助 approval or refusal); opening it is its delivery."""
    case = own_case(request.user, kind, pk)
    delivered = casework.decision_notice_of(case)
    first = delivered is None
    notice = casework.do_open_decision(request.user, case)
    if notice is None:
        raise Http404(_("未找到该通知书"))
    return render(
        request,
        "portal/decision.html",
        {"kind": kind, "case": case, "notice": notice, "c": notice.content, "first_opening": first},
    )


@applicant_required
def notice_page(request, pk: int):
    notice = casework.own_notice(request.user, pk)
    first = notice.delivered_on is None
    notice = casework.do_open_notice(request.user, notice)
    kind_code = "fj6" if notice.kind == notice.Kind.REFUSAL else "fj7"
    return render(
        request,
        "portal/notice.html",
        {
            "notice": notice,
            "first_opening": first,
            "appeals": list(notice.appeals.all()),
            "pdf": reverse("documents:pdf", args=[kind_code, notice.pk]),
            "appeal_word": _("申请复查") if notice.appeal_kind == "review" else _("申请行政复议"),
        },
    )


@applicant_required
@require_POST
def appeal(request, pk: int):
    notice = casework.own_notice(request.user, pk)
    try:
        casework.do_appeal(request.user, notice, request.POST.get("content", ""))
    except Refused as e:
        _show_errors(request, _refusal(e))
    else:
        messages.success(request, _("您的申请已提交，县级民政部门将依法办理"))
    return redirect("portal:notice", pk=notice.pk)


@applicant_required
@require_POST
def change_report(request, pk: int):
    case = casework.own_dibao_case(request.user, pk)
    try:
        change = casework.do_report_change(
            request.user,
            case,
            kind=request.POST.get("kind", ""),
            event_on=request.POST.get("event_on", ""),
            description=request.POST.get("description", ""),
        )
    except Refused as e:
        _show_errors(request, _refusal(e))
    else:
        if change.late:
            messages.warning(request, _("已报告。变化发生已超过30日，属于逾期报告，乡镇（街道）将核实处理"))
        else:
            messages.success(request, _("已报告，乡镇（街道）将核实处理"))
    return redirect(f"{reverse('portal:case', args=['dibao', case.pk])}#change")


@applicant_required
@require_POST
def objection(request, pk: int):
    case = casework.own_dibao_case(request.user, pk)
    try:
        casework.do_object(request.user, case, request.POST.get("content", ""))
    except Refused as e:
        _show_errors(request, _refusal(e))
    else:
        messages.success(request, _("您的异议已提交，乡镇（街道）将在公示期内调查核实"))
    return redirect(f"{reverse('portal:case', args=['dibao', case.pk])}#objection")
