"""Staff pages of supervision: the risk warnings (list with filters, a ticket with its decision forms, the scan
button for approvers and administrators). Every write calls an action (actions.py, scan.py); a refusal is shown
on the page with the input kept. A ticket out of the user's scope is "not found" (scope.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuzhu.core.workflow import TransitionRefused, allowed_actions, history
from jiuzhu.registry.models import mask_name
from jiuzhu.registry.money import MoneyError, parse_yuan

from .models import ADJUDICATORS, RiskWarning, ScanRun
from .scan import RULES, ScanRefused
from .scope import READERS, get_warning, visible_warnings

CASE_PAGES = {
    "dibao.dibaoapplication": "dibao:case",
    "temporary.temporarycase": "temporary:case",
    "archives.archive": "archives:archive",
}
MAX_ROWS = 300


def _reader(user):
    if not (user.is_superuser or user.role in READERS):
        raise PermissionDenied(_("监督管理仅供工作人员使用"))


def case_link(case_type: str, case_id) -> str:
    name = CASE_PAGES.get(case_type)
    if not name or case_id is None:
        return ""
    try:
        return reverse(name, args=[case_id])
    except NoReverseMatch:
        return ""


def _label(w) -> str:
    r = RULES.get(w.rule)
    return str(r.label) if r else w.rule


@login_required
def warning_list(request, *, error: str = "", status: int = 200):
    from . import rules as _rules  # noqa: F401

    user = request.user
    _reader(user)
    qs = visible_warnings(user).select_related("household", "owner")
    filters = {k: request.GET.get(k, "").strip() for k in ("status", "rule", "severity")}
    if not request.GET:
        filters["status"] = RiskWarning.Status.OPEN
    for k in filters:
        if filters[k]:
            qs = qs.filter(**{k: filters[k]})
    total = qs.count()
    rows = list(qs.order_by("due", "id")[:MAX_ROWS])
    for w in rows:
        w.label = _label(w)
    may_scan = user.is_superuser or user.role in ("approver", "admin")
    return render(
        request,
        "supervision/warnings.html",
        {
            "rows": rows,
            "total": total,
            "filters": filters,
            "statuses": RiskWarning.Status.choices,
            "rules": [(c, str(r.label)) for c, r in RULES.items()],
            "severities": RiskWarning._meta.get_field("severity").choices,
            "may_scan": may_scan,
            "last_run": ScanRun.objects.filter(finished_at__isnull=False).first() if may_scan else None,
            "error": error,
        },
        status=status,
    )


@login_required
@require_POST
def scan_now(request):
    """Queue the scan of the user's region (jobs queue); the job's page shows its progress."""
    from .jobs import submit_scan

    try:
        job = submit_scan(request.user)
    except ScanRefused as e:
        return warning_list(request, error=str(e), status=403)
    return redirect("jobs:job", job.pk)


@login_required
def warning_page(request, pk, *, error: str = "", form: dict | None = None, status: int = 200):
    user = request.user
    _reader(user)
    w = get_warning(user, pk)
    r = RULES.get(w.rule)
    may_decide = w.status == RiskWarning.Status.OPEN and bool(allowed_actions(w, user))
    return render(
        request,
        "supervision/warning.html",
        {
            "w": w,
            "label": _label(w),
            "clause": r.clause if r else w.clause,
            "household_name": mask_name(w.household.applicant.name)
            if w.household and w.household.applicant
            else "",
            "case_link": case_link(w.case_type, w.case_id),
            "history": history(w),
            "may_decide": may_decide,
            "actions": RiskWarning.Action.choices,
            "form": form or {},
            "error": error,
        },
        status=status,
    )


@login_required
@require_POST
def warning_decide(request, pk, decision):
    from .actions import do_confirm, do_dismiss

    user = request.user
    _reader(user)
    w = get_warning(user, pk)
    form = {k: request.POST.get(k, "").strip() for k in ("action", "reason", "amount")}
    if not (user.is_superuser or user.role in ADJUDICATORS):
        return warning_page(request, pk, error=_("您的角色不能处理预警"), form=form, status=403)
    try:
        if decision == "confirm":
            amount = parse_yuan(form["amount"]) if form["amount"] else None
            do_confirm(user, w, action=form["action"], reason=form["reason"], amount_fen=amount)
        elif decision == "dismiss":
            do_dismiss(user, w, reason=form["reason"])
        else:
            raise TransitionRefused(_("未知的操作"))
    except (TransitionRefused, MoneyError) as e:
        return warning_page(request, pk, error=str(e), form=form, status=409)
    return redirect("supervision:warning", w.pk)
