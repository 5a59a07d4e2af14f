"""Staff pages of 临时救助: the list (with the overdue assist-first list), a new case, the case page with its
state, the next actions for this user, the instalment plan, handouts, referrals, history and deadlines.
Every write goes through actions.py; a form is only offered to a user the action would accept."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiuzhu.accounts.scope import household_by_number
from jiuzhu.core.models import Deadline
from jiuzhu.core.workflow import TransitionRefused, allowed_actions, history
from jiuzhu.registry.money import MoneyError, parse_yuan, yuan
from jiuzhu.web.listing import choice_value, filter_region, region_choices, work_list

from . import actions as a
from .api import ACTIONS, of_case_in_scope
from .models import CaseType, EventKind, Handout, Instalment, Referral, Severity, TemporaryCase

REGISTRATION_FORM = [  # R-DOC-18: the assist-first registration record
    ("reg_recipient", gettext_lazy("救助对象"), "text"),
    ("reg_reason", gettext_lazy("救助事由"), "text"),
    ("reg_amount", gettext_lazy("救助金额（元）"), "text"),
    ("reg_officer", gettext_lazy("经办人签字"), "text"),
    ("reg_seal", gettext_lazy("已加盖单位公章"), "checkbox"),
]
# The fields each action's form asks for: (name, label, input type or choices)
FORMS = {
    "accept": [],
    "review": [
        ("expenditure_check", gettext_lazy("必要支出核查"), "textarea"),
        ("income_property_check", gettext_lazy("收入和财产调查"), "textarea"),
        ("amount", gettext_lazy("救助金额（元，空则按档次金额）"), "text"),
        ("case_by_case", gettext_lazy("一事一议"), "checkbox"),
        ("case_decision_ref", gettext_lazy("一事一议决定文号"), "text"),
        ("coordination_approval", gettext_lazy("县级协调机制审批意见"), "text"),
    ],
    "approve": [("note", gettext_lazy("审批意见"), "text")],
    "reject": [("reason", gettext_lazy("不予救助理由"), "textarea")],
    "withdraw": [("reason", gettext_lazy("撤回原因"), "text")],
    "close": [("note", gettext_lazy("说明"), "text")],
    "assist_first": [  # R-FLOW-24: emergency cases may be paid directly in cash or in kind
        ("form", gettext_lazy("形式"), Handout.Form.choices),
        ("amount", gettext_lazy("发放金额（元，实物可空）"), "text"),
        ("what", gettext_lazy("物品（实物）"), "text"),
        ("quantity", gettext_lazy("数量（实物）"), "text"),
        ("recipient", gettext_lazy("领取人"), "text"),
        ("given_on", gettext_lazy("发放日期（YYYY-MM-DD）"), "date"),
    ],
    "registration": REGISTRATION_FORM,
    "regularise": REGISTRATION_FORM,
    "handout": [
        ("form", gettext_lazy("形式"), Handout.Form.choices),
        ("recipient", gettext_lazy("领取人"), "text"),
        ("what", gettext_lazy("物品/款项"), "text"),
        ("quantity", gettext_lazy("数量"), "text"),
        ("amount", gettext_lazy("金额（元）"), "text"),
        ("given_on", gettext_lazy("发放日期"), "date"),
    ],
    "refer": [
        ("target", gettext_lazy("转介对象"), Referral.Target.choices),
        ("note", gettext_lazy("说明"), "text"),
    ],
    "link_dibao": [("ref", gettext_lazy("低保/特困申请编号"), "text")],
}
# Forms whose blank fields mean "not filled in now" rather than "clear it": the registration record is
# completed in several sittings, and a blank form field must not erase what was entered before.
KEEP_BLANKS_OUT = {"registration", "regularise"}
EXTRA_ACTIONS = {  # non-transition actions and the statuses where they are offered (to writers only)
    "registration": (TemporaryCase.Status.TO_REGULARISE,),
    "handout": (TemporaryCase.Status.APPROVED, TemporaryCase.Status.TO_REGULARISE),
    "refer": tuple(TemporaryCase.Status.values),
    "link_dibao": tuple(TemporaryCase.Status.values),
}
LABELS = {
    **TemporaryCase.ACTION_LABELS,
    "registration": gettext_lazy("保存补办登记（暂不办结）"),
    "handout": gettext_lazy("登记发放"),
    "refer": gettext_lazy("转介"),
    "link_dibao": gettext_lazy("关联低保/特困申请"),
    "instalments": gettext_lazy("登记分期发放计划"),
    "pay": gettext_lazy("发放本期"),
    "outcome": gettext_lazy("登记转介结果"),
}
# A referral whose outcome is still open: pending, or accepted by the other department but not yet decided.
OPEN_OUTCOMES = (Referral.Outcome.PENDING, Referral.Outcome.ACCEPTED)
OUTCOME_CHOICES = [(v, label) for v, label in Referral.Outcome.choices if v != Referral.Outcome.PENDING]
INSTALMENT_ROWS = 3  # rows shown at first; more with the button (JS) or the "more rows" link (no JS)
MAX_INSTALMENT_ROWS = 24
ROW_FIELD = re.compile(r"^inst-(\d{1,3})-(due|amount)$")


# The fields of the new-case page by their labels: a refused post names the field in words.
NEW_LABELS = {
    "household": gettext_lazy("家庭编号"),
    "case_type": gettext_lazy("救助类型"),
    "event_kind": gettext_lazy("事件类别"),
    "event_date": gettext_lazy("事件发生日期"),
    "event_place": gettext_lazy("事件发生地"),
    "severity": gettext_lazy("困难程度"),
    "loss": gettext_lazy("损失金额（元）"),
    "compensation": gettext_lazy("已获赔偿（元）"),
    "dibao_application_ref": gettext_lazy("关联低保/特困申请"),
}
PAY_LABELS = {"recipient": gettext_lazy("领取人"), "given_on": gettext_lazy("发放日期")}
OUTCOME_LABELS = {
    "outcome": gettext_lazy("结果"),
    "outcome_on": gettext_lazy("结果日期"),
    "outcome_note": gettext_lazy("结果说明"),
}
CITED = re.compile(r"（R-[A-Z]+-\d+[^）]*）")  # a requirement ID at the end of a problem: not shown
CITE_IN = re.compile(r"（(R-[A-Z]+-\d+)[^）]*）")


def problem_text(e, labels: dict) -> str:
    """ "救助金额（元）：超过档次金额…": the field by its label, the requirement ID left out of sight."""
    problem = CITED.sub("", e.problem)
    label = labels.get(e.field)
    return _("%(field)s：%(problem)s") % {"field": label, "problem": problem} if label else problem


def may_write(user) -> bool:
    """The same test as actions.check_writer: the forms are offered to exactly the users it lets through."""
    return user.is_superuser or user.can_write()


@login_required
def case_list(request):
    """The cases of the user's scope (or the overdue assist-first ones), filtered by status, type, region and
    case or household number, 50 a page, with the total of the filtered list (共 N 件)."""
    user = request.user
    g = request.GET
    overdue = g.get("overdue") == "1"
    qs = a.overdue_regularisation(user) if overdue else a.cases_for(user)
    filters = {
        "status": choice_value(g.get("status", ""), TemporaryCase.Status.choices),
        "case_type": choice_value(g.get("case_type", ""), CaseType.choices),
        "region": g.get("region", ""),
        "number": g.get("number", "").strip(),
    }
    if filters["status"]:
        qs = qs.filter(status=filters["status"])
    if filters["case_type"]:
        qs = qs.filter(case_type=filters["case_type"])
    qs = filter_region(qs, user, filters["region"])
    if filters["number"]:
        n = filters["number"]
        qs = qs.filter(Q(number__contains=n) | Q(household__number__contains=n))
    ctx = work_list(request, qs)
    ctx.update(
        overdue=overdue,
        filters=filters,
        statuses=TemporaryCase.Status.choices,
        case_types=CaseType.choices,
        regions=region_choices(user),
    )
    return render(request, "temporary/list.html", ctx)


def _household_number(user, value) -> str:
    household = household_by_number(user, value)
    return household.number if household else (value or "")


@login_required
def case_new(request):
    ctx = {
        "case_types": CaseType.choices,
        "event_kinds": EventKind.choices,
        "severities": Severity.choices,
        "data": request.POST or {"household": _household_number(request.user, request.GET.get("household"))},
    }
    if request.method == "POST":
        data = request.POST.dict()
        household = household_by_number(request.user, data.get("household"))
        if household is None:
            ctx["error"] = _("家庭编号：未找到该家庭（请输入本辖区内的家庭编号）")
            ctx["error_field"] = "household"
            return render(request, "temporary/new.html", ctx, status=422)
        try:
            case = a.do_create_case(request.user, household, data)
        except a.Invalid as e:
            ctx["error"], ctx["error_field"] = problem_text(e, NEW_LABELS), e.field
            return render(request, "temporary/new.html", ctx, status=422)
        except TransitionRefused as e:
            ctx["error"] = str(e)
            return render(request, "temporary/new.html", ctx, status=409)
        messages.success(request, _("已登记临时救助申请 %(n)s") % {"n": case.number})
        return redirect("temporary:case", case.pk)
    return render(request, "temporary/new.html", ctx)


def _fen(value: str) -> int | None:
    try:
        return parse_yuan(value) if value else None
    except MoneyError:
        return None


def _plan_rows(request, posted: list[dict] | None = None) -> list[dict]:
    """The rows of the instalment form: the worker's own input after an error, else empty rows."""
    if posted:
        return [{"n": i + 1, "due": r["due"], "amount": r["amount"]} for i, r in enumerate(posted)]
    try:
        count = int(request.GET.get("instalment_rows") or INSTALMENT_ROWS)
    except ValueError:
        count = INSTALMENT_ROWS
    count = max(2, min(count, MAX_INSTALMENT_ROWS))
    return [{"n": i + 1, "due": "", "amount": ""} for i in range(count)]


def _fields(action: str, instalments) -> list:
    """A staged case pays its cash instalment by instalment (R-FLOW-21): its handout form is for in-kind only."""
    if action == "handout" and instalments:
        in_kind = [c for c in Handout.Form.choices if c[0] != Handout.Form.CASH]
        return [(n, lbl, in_kind if n == "form" else kind) for n, lbl, kind in FORMS[action] if n != "amount"]
    return FORMS[action]


def _action_form(name: str, instalments, failed: dict | None) -> dict:
    """One action's form; after a refused post of this form, with what was typed and the problem at its
    field (or above the form when it concerns no field of it)."""
    mine = failed if failed and failed["form"] == name else None
    values = mine["values"] if mine else {}
    fields = [
        {
            "name": n,
            "label": lbl,
            "kind": kind,
            "value": values.get(n, ""),
            "error": mine["error"] if mine and mine["field"] == n else "",
        }
        for n, lbl, kind in _fields(name, instalments)
    ]
    on_field = any(f["error"] for f in fields)
    return {
        "name": name,
        "label": LABELS[name],
        "fields": fields,
        "error": mine["error"] if mine and not on_field else "",
        "failed": bool(mine),
    }


def _mark_failed(rows, prefix: str, failed: dict | None) -> None:
    """The instalment or referral row whose form was refused gets its input back and the problem."""
    for row in rows:
        mine = failed if failed and failed["form"] == f"{prefix}-{row.pk}" else None
        row.posted = mine["values"] if mine else {}
        row.error = mine["error"] if mine else ""
        row.error_field = mine["field"] if mine else ""


def _render_case(
    request,
    case: TemporaryCase,
    *,
    status: int = 200,
    posted=None,
    error_field: str = "",
    failed: dict | None = None,
):
    label = case._meta.label_lower
    writer = may_write(request.user)
    names = [n for n in allowed_actions(case, request.user) if n in FORMS]
    # a step the role allows but the action would refuse (his own case, over the township's limit) is not
    # a button: the page says why (issue 10, item 3)
    not_now = []
    for n in list(names):
        reason = a.refusal(request.user, case, n)
        if reason:
            names.remove(n)
            found = CITE_IN.search(reason)
            not_now.append(
                {"label": LABELS[n], "reason": CITED.sub("", reason), "cite": found.group(1) if found else ""}
            )
    names += [n for n, sts in EXTRA_ACTIONS.items() if case.status in sts and writer]
    instalments = list(case.instalments.all())
    referrals = list(case.referrals.all())
    _mark_failed(instalments, "pay", failed)
    _mark_failed(referrals, "outcome", failed)
    handouts = list(case.handouts.select_related("instalment"))
    cash_fen = sum(h.amount_fen or 0 for h in handouts if h.form == Handout.Form.CASH)
    approved = case.status == TemporaryCase.Status.APPROVED
    # R-FLOW-21: offered exactly when do_plan_instalments would accept the case.
    may_plan = writer and approved and case.may_stage and not instalments and not cash_fen
    rows = _plan_rows(request, posted) if may_plan else []
    for r in rows:  # the re-shown input the error names is marked (aria-invalid)
        r["due_bad"] = error_field == f"inst-{r['n']}-due"
        r["amount_bad"] = error_field == f"inst-{r['n']}-amount"
    plan_fen = sum(i.amount_fen for i in instalments)
    return render(
        request,
        "temporary/case.html",
        {
            "case": case,
            "actions": [_action_form(n, instalments, failed) for n in names],
            "not_now": not_now,
            "history": history(case),
            "deadlines": Deadline.objects.filter(object_type=label, object_id=str(case.pk)),
            "handouts": handouts,
            "cash_yuan": yuan(cash_fen),
            "referrals": referrals,
            "open_outcomes": OPEN_OUTCOMES,
            "outcome_choices": OUTCOME_CHOICES,
            "instalments": instalments,
            "plan_yuan": yuan(plan_fen),
            "plan_matches": plan_fen == case.amount_fen,
            "paid_yuan": yuan(sum(i.amount_fen for i in instalments if i.paid_on)),
            "may_write": writer,
            "may_pay": writer and approved,
            "may_plan": may_plan,
            "plan_rows": rows,
            "rows_sum": yuan(sum(_fen(r["amount"]) or 0 for r in rows)),
            "more_rows": min(len(rows) + INSTALMENT_ROWS, MAX_INSTALMENT_ROWS),
            "error_field": error_field,
            "plan_error": failed["error"] if failed and failed["form"] == "instalments" else "",
        },
        status=status,
    )


@login_required
def case_page(request, pk: int):
    return _render_case(request, a.get_case_or_404(request.user, pk))


def _form_data(request, action: str) -> dict:
    """Only the fields of this action's form (not the CSRF token), blanks left out where they would erase."""
    data = {name: request.POST[name] for name, _label, _kind in FORMS[action] if name in request.POST}
    if action in KEEP_BLANKS_OUT:
        data = {k: v for k, v in data.items() if v.strip()}
    return data


def _act(request, case_id: int, run, done, *, form: str, values: dict, labels: dict, prefix: str = ""):
    """Run one action and go back to the case, saying `done`; on bad input or a refusal the case page comes
    back with the form as it was posted and the problem next to its field (nothing was written)."""
    try:
        run()
    except a.Invalid as e:
        error, field, status = prefix + problem_text(e, labels), e.field, 422
    except TransitionRefused as e:
        error, field, status = str(e), "", 409
    else:
        messages.success(request, done)
        return redirect("temporary:case", case_id)
    messages.error(request, error)  # at the top of the page, and again at the form it concerns
    case = a.get_case_or_404(request.user, case_id)
    failed = {"form": form, "values": values, "field": field, "error": error}
    return _render_case(request, case, status=status, failed=failed)


@login_required
@require_POST
def case_action(request, pk: int, action: str):
    case = a.get_case_or_404(request.user, pk)
    if action not in FORMS:
        raise Http404("未知操作")
    data = _form_data(request, action)
    done = _("已完成：%(a)s") % {"a": LABELS[action]}
    shown = {name: request.POST.get(name, "") for name, _label, _kind in FORMS[action]}
    return _act(
        request,
        case.pk,
        lambda: ACTIONS[action](request.user, case, data),
        done,
        form=action,
        values=shown,
        labels={name: label for name, label, _kind in FORMS[action]},
    )


def _posted_rows(request) -> list[dict]:
    """The filled rows of the instalment form, in row order; wholly blank rows are skipped."""
    found: dict[int, dict] = {}
    for key in request.POST:
        m = ROW_FIELD.match(key)
        if m:
            found.setdefault(int(m.group(1)), {"due": "", "amount": ""})[m.group(2)] = request.POST[
                key
            ].strip()
    rows = []
    for n in sorted(found):
        row = found[n]
        if row["due"] or row["amount"]:
            rows.append({"n": n, **row})
    return rows


@login_required
@require_POST
def case_instalments(request, pk: int):
    """R-FLOW-21: one approval, several instalments, sent to do_plan_instalments."""
    case = a.get_case_or_404(request.user, pk)
    rows = _posted_rows(request)
    try:
        a.do_plan_instalments(request.user, case, [{"due": r["due"], "amount": r["amount"]} for r in rows])
    except a.Invalid as e:
        field, problem = e.field, e.problem
        m = re.match(r"^instalments\[(\d+)\]\.(due|amount)$", field)
        if m:  # name the row as the worker sees it (the re-shown rows are numbered 1..n)
            i, what = int(m.group(1)), m.group(2)
            field = f"inst-{i + 1}-{what}"
            problem = _("第%(n)s期%(f)s：%(p)s") % {
                "n": i + 1,
                "f": _("计划发放日期") if what == "due" else _("金额"),
                "p": problem,
            }
        text = problem if m else problem_text(e, {"instalments": _("分期发放计划")})
        messages.error(request, text)
        case.refresh_from_db()
        failed = {"form": "instalments", "values": {}, "field": field, "error": text}
        return _render_case(request, case, status=422, posted=rows, error_field=field, failed=failed)
    except TransitionRefused as e:
        messages.error(request, str(e))
        case.refresh_from_db()
        failed = {"form": "instalments", "values": {}, "field": "", "error": str(e)}
        return _render_case(request, case, status=409, posted=rows, failed=failed)
    messages.success(request, _("已完成：%(a)s") % {"a": LABELS["instalments"]})
    return redirect("temporary:case", case.pk)


@login_required
@require_POST
def instalment_pay(request, pk: int):
    """Pay one planned instalment under the case's approval (no new approval, R-FLOW-21)."""
    inst = of_case_in_scope(Instalment, request.user, pk, "未找到该分期")
    data = {k: request.POST[k] for k in ("recipient", "given_on") if k in request.POST}
    return _act(
        request,
        inst.case_id,
        lambda: a.do_pay_instalment(request.user, inst, data),
        _("已发放第%(n)s期") % {"n": inst.seq},
        form=f"pay-{inst.pk}",
        values=data,
        labels=PAY_LABELS,
        prefix=_("第%(n)s期 ") % {"n": inst.seq},
    )


@login_required
@require_POST
def referral_outcome(request, pk: int):
    """R-FLOW-23: the outcome of one referral."""
    ref = of_case_in_scope(Referral, request.user, pk, "未找到该转介")
    data = {k: request.POST[k] for k in ("outcome", "outcome_on", "outcome_note") if k in request.POST}
    done = _("已完成：%(a)s") % {"a": LABELS["outcome"]}
    return _act(
        request,
        ref.case_id,
        lambda: a.do_referral_outcome(request.user, ref, data),
        done,
        form=f"outcome-{ref.pk}",
        values=data,
        labels=OUTCOME_LABELS,
    )
