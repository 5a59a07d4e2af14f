"""Staff pages of 临时救助: the list (with the overdue assist-first list), a new case, the case page with its
state, the next actions for this user, history and deadlines. Every write goes through actions.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuzhu.accounts.scope import get_household_or_404
from jiuzhu.core.models import Deadline, StatusChange
from jiuzhu.core.workflow import TransitionRefused, allowed_actions

from . import actions as a
from .api import ACTIONS
from .models import CaseType, EventKind, Handout, Referral, Severity, TemporaryCase

# The fields each action's form asks for: (name, label, input type or choices)
FORMS = {
    "accept": [],
    "review": [
        ("expenditure_check", "必要支出核查", "textarea"),
        ("income_property_check", "收入和财产调查", "textarea"),
        ("amount", "救助金额（元，空则按档次金额）", "text"),
        ("case_by_case", "一事一议", "checkbox"),
        ("case_decision_ref", "一事一议决定文号", "text"),
        ("coordination_approval", "县级协调机制审批意见", "text"),
    ],
    "approve": [("note", "审批意见", "text")],
    "reject": [("reason", "不予救助理由", "textarea")],
    "withdraw": [("reason", "撤回原因", "text")],
    "close": [("note", "说明", "text")],
    "assist_first": [
        ("amount", "发放金额（元）", "text"),
        ("recipient", "领取人", "text"),
        ("given_on", "发放日期（YYYY-MM-DD）", "date"),
    ],
    "regularise": [
        ("reg_recipient", "救助对象", "text"),
        ("reg_reason", "救助事由", "text"),
        ("reg_amount", "救助金额（元）", "text"),
        ("reg_officer", "经办人签字", "text"),
        ("reg_seal", "已加盖单位公章", "checkbox"),
    ],
    "handout": [
        ("form", "形式", Handout.Form.choices),
        ("recipient", "领取人", "text"),
        ("what", "物品/款项", "text"),
        ("quantity", "数量", "text"),
        ("amount", "金额（元）", "text"),
        ("given_on", "发放日期", "date"),
    ],
    "refer": [("target", "转介对象", Referral.Target.choices), ("note", "说明", "text")],
    "link_dibao": [("ref", "低保/特困申请编号", "text")],
}
EXTRA_ACTIONS = {  # non-transition actions and the statuses where they are offered
    "handout": (TemporaryCase.Status.APPROVED, TemporaryCase.Status.TO_REGULARISE),
    "refer": tuple(TemporaryCase.Status.values),
    "link_dibao": tuple(TemporaryCase.Status.values),
}
LABELS = {
    **TemporaryCase.ACTION_LABELS,
    "handout": "登记发放",
    "refer": "转介",
    "link_dibao": "关联低保/特困申请",
}


@login_required
def case_list(request):
    overdue = request.GET.get("overdue") == "1"
    qs = a.overdue_regularisation(request.user) if overdue else a.cases_for(request.user)
    status = request.GET.get("status", "")
    if status:
        qs = qs.filter(status=status)
    return render(
        request,
        "temporary/list.html",
        {"cases": qs[:200], "overdue": overdue, "status": status, "statuses": TemporaryCase.Status.choices},
    )


@login_required
def case_new(request):
    ctx = {
        "case_types": CaseType.choices,
        "event_kinds": EventKind.choices,
        "severities": Severity.choices,
        "data": request.POST or {"household": request.GET.get("household", "")},
    }
    if request.method == "POST":
        data = request.POST.dict()
        try:
            household = get_household_or_404(request.user, data.get("household") or 0)
        except (Http404, ValueError):
            ctx["error"] = _("household: 未找到该家庭")
            return render(request, "temporary/new.html", ctx, status=422)
        try:
            case = a.do_create_case(request.user, household, data)
        except a.Invalid as e:
            ctx["error"] = f"{e.field}: {e.problem}"
            return render(request, "temporary/new.html", ctx, status=422)
        except TransitionRefused as e:
            ctx["error"] = str(e)
            return render(request, "temporary/new.html", ctx, status=409)
        messages.success(request, _("已登记临时救助申请 %(n)s") % {"n": case.number})
        return redirect("temporary:case", case.pk)
    return render(request, "temporary/new.html", ctx)


@login_required
def case_page(request, pk: int):
    case = a.get_case_or_404(request.user, pk)
    label = case._meta.label_lower
    names = [n for n in allowed_actions(case, request.user) if n in FORMS]
    names += [n for n, sts in EXTRA_ACTIONS.items() if case.status in sts and request.user.can_write()]
    return render(
        request,
        "temporary/case.html",
        {
            "case": case,
            "actions": [{"name": n, "label": LABELS[n], "fields": FORMS[n]} for n in names],
            "history": StatusChange.objects.filter(object_type=label, object_id=str(case.pk)).select_related(
                "actor"
            ),
            "deadlines": Deadline.objects.filter(object_type=label, object_id=str(case.pk)),
            "handouts": case.handouts.all(),
            "referrals": case.referrals.all(),
            "instalments": case.instalments.all(),
        },
    )


@login_required
@require_POST
def case_action(request, pk: int, action: str):
    case = a.get_case_or_404(request.user, pk)
    if action not in FORMS:
        raise Http404("未知操作")
    try:
        ACTIONS[action](request.user, case, request.POST.dict())
    except a.Invalid as e:
        messages.error(request, f"{e.field}: {e.problem}")
    except TransitionRefused as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("已完成：%(a)s") % {"a": LABELS[action]})
    return redirect("temporary:case", case.pk)
