"""Staff pages of the union funds: the funds of the user's union subtree with their balances, a fund's
detailed ledger (every entry, reversed ones too, R-PAY-16; the audit department reads it all, R-SUP-05) and
its history, and the forms of each department (R-SUP-04): receive, spend, pay, reverse, rule set, project
standards, the 20,000 / 50,000 元 approvals.

Every write calls the action (ledger.py, pay.py, approvals.py, plans.py); a refusal re-shows the page with
the message (409), bad input names the field (400), a fund out of scope is not found (404).
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiuzhu.accounts.scope import household_by_number, union_base
from jiuzhu.archives.models import UnionAidPayment
from jiuzhu.core.models import AuditEvent, UnionOrg
from jiuzhu.core.workflow import TransitionRefused, history
from jiuzhu.idnumber import mask_id_number
from jiuzhu.registry.choices import HardshipCategory
from jiuzhu.registry.models import mask_name
from jiuzhu.registry.money import yuan
from jiuzhu.temporary.actions import Invalid

from . import approvals, bank, cash, findings, ledger, pay, plans, warmth, yearend
from .models import (
    MODEL_HONOURS,
    PROGRAMME_SOURCES,
    WARMTH_GROUPS,
    BankNotice,
    BankStatement,
    CashClose,
    CashEntry,
    Finding,
    Fund,
    FundPayment,
    LedgerEntry,
    PerformanceTarget,
    Programme,
    Project,
    ProjectStandard,
    ThresholdRequest,
    Use,
    WarmthStandard,
    YearReport,
)
from .roles import DEPT_LABELS, can, department, may_see_funds, unions_for
from .uses import FORBIDDEN, PROGRAMME_USES, PROJECT_USES

ACTION_LABELS = {
    "unionfunds.open_fund": gettext_lazy("建立资金台账"),
    "unionfunds.set_rules": gettext_lazy("设定资金使用规则"),
    "unionfunds.receive": gettext_lazy("登记收入"),
    "unionfunds.reverse": gettext_lazy("冲正"),
    "unionfunds.pay": gettext_lazy("帮扶支出"),
    "unionfunds.cofund": gettext_lazy("共同承担分摊"),
    "unionfunds.reverse_payment": gettext_lazy("支出冲正"),
    "unionfunds.bank_notice": gettext_lazy("制作银行发放书面通知"),
    "unionfunds.bank_notice_given": gettext_lazy("书面通知送达"),
    "unionfunds.set_warmth_standard": gettext_lazy("制定送温暖慰问标准"),
    "unionfunds.spend": gettext_lazy("其他支出"),
    "unionfunds.allocate": gettext_lazy("下拨资金"),
}
MAX_ENTRIES = 500
SUMMARY_KEYS = {
    "amount": gettext_lazy("金额（元）"),
    "on": gettext_lazy("日期"),
    "paid_on": gettext_lazy("支出日期"),
    "reason": gettext_lazy("原因"),
    "terms": gettext_lazy("使用规定"),
}


def _staff(request):
    if not may_see_funds(request.user):
        raise PermissionDenied(_("工会资金仅供工会工作人员查看"))


def _unions(user):
    return unions_for(user)


@login_required
def fund_list(request, *, error: str = "", status: int = 200):
    _staff(request)
    user = request.user
    funds = list(ledger.funds_for(user))
    held = ledger.balances(funds)
    for f in funds:
        f.balance = yuan(held.get(f.pk, 0))
    pending = ThresholdRequest.objects.filter(
        Q(deciding_union__in=_unions(user)) | Q(household__union_org__in=_unions(user)),
        status=ThresholdRequest.Status.PENDING,
    ).select_related("household", "deciding_union")
    standards = ProjectStandard.objects.filter(union_org__in=_unions(user)).select_related("union_org")
    return render(
        request,
        "unionfunds/list.html",
        {
            "funds": funds,
            "dept": DEPT_LABELS.get(department(user), ""),
            "unions": _unions(user),
            "programmes": Programme.choices,
            "sources": PROGRAMME_SOURCES,
            "source_choices": [(s, lab) for s, lab in Fund._meta.get_field("source").choices],
            "may_open": can(user, "open_fund"),
            "may_standard": can(user, "set_standard"),
            "may_request": can(user, "request_threshold"),
            "projects": Project.choices,
            "levels": ThresholdRequest.Level.choices,
            "pending": pending[:200],
            "standards": standards[:200],
            "warmth_standards": _warmth_standards(user)[:200],
            "may_warmth_standard": can(user, "set_warmth_standard"),
            "warmth_groups": [(g.value, g.label) for g in WARMTH_GROUPS],
            "approvers": WarmthStandard.Approver.choices,
            "error": error,
        },
        status=status,
    )


def _warmth_standards(user):
    """The 送温暖 standards of the user's subtree and of the unions above it, which apply to it (R-AMT-15)."""
    base = union_base(user)
    above = warmth._chain(base) if base is not None else []
    return WarmthStandard.objects.filter(
        Q(union_org__in=_unions(user)) | Q(union_org__path__in=above)
    ).select_related("union_org")


def _entries(fund: Fund):
    rows = list(
        LedgerEntry.objects.filter(fund=fund)
        .select_related("reverses", "recorded_by")
        .order_by("on", "id")[:MAX_ENTRIES]
    )
    reversed_ids = set(
        LedgerEntry.objects.filter(fund=fund, reverses__isnull=False).values_list("reverses", flat=True)
    )
    running = 0
    payments = {p.entry_id: p for p in FundPayment.objects.filter(entry__in=rows)}
    for e in rows:
        running += e.amount_fen
        e.running = yuan(running)
        e.is_reversed = e.pk in reversed_ids
        p = payments.get(e.pk)
        e.who = mask_name(e.counterparty) if p is not None else e.counterparty
        e.reference_shown = "" if e.reference.startswith("archives.") else e.reference
        e.may_reverse = e.kind != LedgerEntry.Kind.REVERSAL and not e.is_reversed
    return rows


def _render_fund(request, fund: Fund, *, error: str = "", status: int = 200):
    user = request.user
    uses = (
        [(u, lab) for u, lab in Use.choices if any(u in us for us in PROJECT_USES.values())]
        if fund.programme == Programme.AID
        else [(u, lab) for u, lab in Use.choices if u in PROGRAMME_USES.get(fund.programme, ())]
    )
    forbidden = [(u, Use(u).label, c) for u, c in FORBIDDEN.get(fund.programme, {}).items()]
    return render(
        request,
        "unionfunds/fund.html",
        {
            "fund": fund,
            "balance": yuan(ledger.balance_fen(fund)),
            "entries": _entries(fund),
            "payments": [
                {
                    "p": p,
                    "payee": mask_name(p.payee_name),
                    "id": mask_id_number(p.payee_id_number),
                }
                for p in fund.payments.select_related(
                    "household", "cofunding", "warmth_standard", "reversal"
                )[:MAX_ENTRIES]
            ],
            "is_aid": fund.programme == Programme.AID,
            "projects": [(p, lab) for p, lab in Project.choices if p in fund.projects],
            "all_projects": Project.choices,
            "categories": HardshipCategory.choices,
            "uses": uses,
            "forbidden": forbidden,
            "cash_reasons": UnionAidPayment.CashReason.choices,
            "groups": [
                (g.value, g.label)
                for g in {Programme.WARMTH: WARMTH_GROUPS, Programme.MODEL_WORKER: MODEL_HONOURS}.get(
                    fund.programme, ()
                )
            ],
            "may": {k: can(user, k) for k in ("receive", "pay", "reverse", "set_rules")},
            "co_funds": (
                Fund.objects.filter(union_org=fund.union_org, programme=Programme.AID)
                .exclude(source="central")
                .select_related("union_org")
                if fund.programme == Programme.AID and fund.source == "central"
                else []
            ),
            "error": error,
        },
        status=status,
    )


@login_required
def fund_page(request, pk: int):
    _staff(request)
    return _render_fund(request, ledger.get_fund_or_404(request.user, pk))


@login_required
def fund_history(request, pk: int):
    """Every audit event of the fund, its entries and its payments (R-SUP-05: full history)."""
    _staff(request)
    fund = ledger.get_fund_or_404(request.user, pk)
    entry_ids = [str(i) for i in LedgerEntry.objects.filter(fund=fund).values_list("pk", flat=True)]
    pay_ids = [str(i) for i in FundPayment.objects.filter(fund=fund).values_list("pk", flat=True)]
    events = list(
        AuditEvent.objects.filter(
            Q(object_type="unionfunds.fund", object_id=str(fund.pk))
            | Q(object_type="unionfunds.ledgerentry", object_id__in=entry_ids)
            | Q(object_type="unionfunds.fundpayment", object_id__in=pay_ids)
        )
        .select_related("actor")
        .order_by("at", "id")[:2000]
    )
    for e in events:
        e.label = ACTION_LABELS.get(e.action, _("变更"))
        e.summary = "；".join(
            f"{SUMMARY_KEYS[k]}：{v}" for k, v in (e.after or {}).items() if k in SUMMARY_KEYS and v
        )
    return render(request, "unionfunds/history.html", {"fund": fund, "events": events})


def _post(request, pk: int, do):
    _staff(request)
    fund = ledger.get_fund_or_404(request.user, pk)
    try:
        do(fund, request.POST.dict())
    except Invalid as e:
        return _render_fund(request, fund, error=e.problem, status=400)
    except TransitionRefused as e:
        return _render_fund(request, fund, error=str(e), status=409)
    return redirect("unionfunds:fund", fund.pk)


@login_required
@require_POST
def fund_receive(request, pk: int):
    return _post(request, pk, lambda f, d: ledger.do_receive(request.user, f, d))


@login_required
@require_POST
def fund_spend(request, pk: int):
    return _post(request, pk, lambda f, d: pay.do_spend(request.user, f, d))


@login_required
@require_POST
def fund_rules(request, pk: int):
    def do(f, d):
        d = {
            **d,
            "projects": request.POST.getlist("projects"),
            "categories": request.POST.getlist("categories"),
        }
        return ledger.do_set_rules(request.user, f, d)

    return _post(request, pk, do)


@login_required
@require_POST
def fund_pay(request, pk: int):
    def do(f, d):
        household = household_by_number(request.user, d.get("household"))
        if household is None:
            raise Invalid("household", _("未找到该家庭编号"))
        return pay.do_pay(request.user, f, household, d)

    return _post(request, pk, do)


@login_required
@require_POST
def entry_reverse(request, pk: int, entry: int):
    def do(f, d):
        e = LedgerEntry.objects.filter(fund=f, pk=entry).first()
        if e is None:
            raise Http404(_("未找到该分录"))
        return ledger.do_reverse(request.user, e, d.get("reason", ""))

    return _post(request, pk, do)


def _list_post(request, do):
    _staff(request)
    try:
        result = do(request.POST.dict())
    except Invalid as e:
        return fund_list(request, error=e.problem, status=400)
    except TransitionRefused as e:
        return fund_list(request, error=str(e), status=409)
    if isinstance(result, Fund):
        return redirect("unionfunds:fund", result.pk)
    return redirect("unionfunds:list")


def _org(user, code):
    org = _unions(user).filter(code=(code or "").strip()).first()
    if org is None:
        raise Invalid("union", _("请选择工会"))
    return org


@login_required
@require_POST
def fund_open(request):
    return _list_post(
        request, lambda d: ledger.do_open_fund(request.user, _org(request.user, d.get("union")), d)
    )


@login_required
@require_POST
def standard_set(request):
    return _list_post(
        request, lambda d: approvals.do_set_standard(request.user, _org(request.user, d.get("union")), d)
    )


@login_required
@require_POST
def warmth_standard_set(request):
    return _list_post(
        request, lambda d: warmth.do_set_standard(request.user, _org(request.user, d.get("union")), d)
    )


@login_required
@require_POST
def threshold_request(request):
    def do(d):
        household = household_by_number(request.user, d.get("household"))
        if household is None:
            raise Invalid("household", _("未找到该家庭编号"))
        return approvals.do_request(request.user, household, d)

    return _list_post(request, do)


@login_required
@require_POST
def threshold_decide(request, pk: int):
    def do(d):
        req = ThresholdRequest.objects.filter(pk=pk, deciding_union__in=_unions(request.user)).first()
        if req is None:
            raise Http404(_("未找到该申请"))
        return approvals.do_decide(request.user, req, d.get("decision") == "approve", d.get("note", ""))

    return _list_post(request, do)


# ---- allocation plans (R-PAY-19, 20) ----


@login_required
def plan_list(request, *, error: str = "", status: int = 200):
    _staff(request)
    user = request.user
    return render(
        request,
        "unionfunds/plans.html",
        {
            "plans": plans.plans_for(user)[:200],
            "unions": [u for u in _unions(user) if u.level <= 1 and not u.is_help_centre],
            "may_draft": can(user, "draft_plan"),
            "programmes": Programme.choices,
            "source_choices": [(s, lab) for s, lab in Fund._meta.get_field("source").choices],
            "error": error,
        },
        status=status,
    )


def _plan_or_404(user, pk):
    plan = plans.plans_for(user).filter(pk=pk).first()
    if plan is None:
        raise Http404(_("未找到该分配方案"))
    return plan


def _render_plan(request, plan, *, error: str = "", status: int = 200):
    user = request.user
    S = plan.Status
    return render(
        request,
        "unionfunds/plan.html",
        {
            "plan": plan,
            "items": plan.items.select_related("to_union", "entry"),
            "planned": yuan(plans.planned_fen(plan)),
            "share": f"{plan.central_share_permille / 10:g}%"
            if plan.central_share_permille is not None
            else "",
            "deep_weight": f"{plan.deep_weight_permille / 1000:g}",
            "may": {
                "edit": plan.status == S.DRAFT and can(user, "draft_plan"),
                "adopt": plan.status == S.DRAFT and can(user, "adopt_plan"),
                "execute": plan.status == S.ADOPTED and can(user, "allocate"),
                "file": plan.status == S.EXECUTED and can(user, "file_plan"),
            },
            "history": history(plan),
            "error": error,
        },
        status=status,
    )


@login_required
def plan_page(request, pk: int):
    _staff(request)
    return _render_plan(request, _plan_or_404(request.user, pk))


@login_required
@require_POST
def plan_draft(request):
    _staff(request)
    d = request.POST.dict()
    try:
        org = _org(request.user, d.get("union"))
        plan = plans.do_draft(request.user, org, d)
    except Invalid as e:
        return plan_list(request, error=e.problem, status=400)
    except TransitionRefused as e:
        return plan_list(request, error=str(e), status=409)
    return redirect("unionfunds:plan", plan.pk)


@login_required
@require_POST
def plan_action(request, pk: int, action: str):
    _staff(request)
    plan = _plan_or_404(request.user, pk)
    d = request.POST.dict()
    try:
        if action == "item":
            plans.do_set_item(request.user, plan, _org(request.user, d.get("to_union")), d)
        elif action == "adopt":
            plans.do_adopt(request.user, plan, d.get("reference", ""))
        elif action == "execute":
            plans.do_execute(request.user, plan)
        elif action == "file":
            plans.do_file(request.user, plan, d.get("reference", ""))
        else:
            raise Http404(_("没有这一操作"))
    except Invalid as e:
        return _render_plan(request, plan, error=e.problem, status=400)
    except TransitionRefused as e:
        return _render_plan(request, plan, error=str(e), status=409)
    return redirect("unionfunds:plan", plan.pk)


# ---- cash book (R-PAY-14, 15) ----


def _render_cash(request, org, *, error: str = "", status: int = 200):
    entries = list(
        CashEntry.objects.filter(union_org=org).select_related("payment").order_by("on", "id")[:2000]
    )
    running = 0
    for e in entries:
        running += e.amount_fen
        e.running = yuan(running)
        e.collector = mask_name(e.collector_name) if e.collector_name else ""
        e.collector_id = mask_id_number(e.collector_id_number) if e.collector_id_number else ""
    mismatches = AuditEvent.objects.filter(
        action="unionfunds.cash_mismatch", object_type="core.unionorg", object_id=str(org.pk)
    ).order_by("-at")[:20]
    return render(
        request,
        "unionfunds/cash.html",
        {
            "org": org,
            "entries": entries,
            "book": yuan(cash.book_fen(org)),
            "closes": CashClose.objects.filter(union_org=org)[:60],
            "closed_through": cash.closed_through(org),
            "mismatches": mismatches,
            "may_close": can(request.user, "close_day"),
            "error": error,
        },
        status=status,
    )


def _cash_org(user, code):
    org = _unions(user).filter(code=code).first()
    if org is None:
        raise Http404(_("未找到该工会"))
    return org


@login_required
def cash_page(request, code: str):
    _staff(request)
    return _render_cash(request, _cash_org(request.user, code))


@login_required
@require_POST
def cash_action(request, code: str, action: str):
    _staff(request)
    org = _cash_org(request.user, code)
    d = request.POST.dict()
    do = {"draw": cash.do_draw, "close_day": cash.do_close_day, "close_month": cash.do_close_month}.get(
        action
    )
    if do is None:
        raise Http404(_("没有这一操作"))
    try:
        do(request.user, org, d)
    except Invalid as e:
        return _render_cash(request, org, error=e.problem, status=400)
    except TransitionRefused as e:
        return _render_cash(request, org, error=str(e), status=409)
    return redirect("unionfunds:cash", org.code)


# ---- bank payments: written notices to the workers and the bank statements kept (R-PAY-14) ----


def _render_bank(request, org, *, error: str = "", status: int = 200):
    user = request.user
    notices = list(BankNotice.objects.filter(union_org=org).select_related("household")[:MAX_ENTRIES])
    for n in notices:
        n.payee_masked = mask_name(n.payee_name)
    waiting = list(
        bank.unnotified(org)
        .select_related("household", "fund")
        .order_by("household_id", "paid_on")[:MAX_ENTRIES]
    )
    for p in waiting:
        p.payee_masked = mask_name(p.payee_name)
    from jiuzhu.payments.models import Roster

    return render(
        request,
        "unionfunds/bank.html",
        {
            "org": org,
            "notices": notices,
            "waiting": waiting,
            "statements": BankStatement.objects.filter(union_org=org).select_related("roster")[:MAX_ENTRIES],
            "rosters": Roster.objects.filter(union_org__in=_unions(user)).order_by("-period", "-id")[:50],
            "hows": BankNotice.How.choices,
            "may_notice": can(user, "notice"),
            "may_statement": can(user, "statement"),
            "error": error,
            "form": request.POST if request.method == "POST" else {},
        },
        status=status,
    )


@login_required
def bank_page(request, code: str):
    _staff(request)
    return _render_bank(request, _cash_org(request.user, code))


@login_required
@require_POST
def bank_action(request, code: str, action: str):
    _staff(request)
    user, org = request.user, _cash_org(request.user, code)
    d = request.POST.dict()

    def notice(d):
        household = household_by_number(user, d.get("household"))
        if household is None:
            raise Invalid("household", _("未找到该家庭编号"))
        return bank.do_make_notice(user, org, household, d)

    def given(d):
        n = BankNotice.objects.filter(union_org=org, pk=int(d.get("notice") or 0)).first()
        if n is None:
            raise Http404(_("未找到该通知"))
        return bank.do_record_given(user, n, d)

    def statement(d):
        f = request.FILES.get("file")
        return bank.do_store_statement(user, org, d, f.read() if f else b"", f.name if f else "")

    do = {"notice": notice, "given": given, "statement": statement}.get(action)
    if do is None:
        raise Http404(_("没有这一操作"))
    try:
        do(d)
    except Invalid as e:
        return _render_bank(request, org, error=e.problem, status=400)
    except TransitionRefused as e:
        return _render_bank(request, org, error=str(e), status=409)
    return redirect("unionfunds:bank", org.code)


def _notice_for(user, pk: int) -> BankNotice:
    n = BankNotice.objects.filter(pk=pk, union_org__in=_unions(user)).select_related("union_org").first()
    if n is None:
        raise Http404(_("未找到该通知"))
    return n


@login_required
def notice_document(request, pk: int):
    """The written notice as a document: HTML to print, or ?format=pdf."""
    _staff(request)
    n = _notice_for(request.user, pk)
    if request.GET.get("format") == "pdf":
        response = HttpResponse(bank.notice_pdf(n), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="notice-{n.pk}.pdf"'
        return response
    return HttpResponse(bank.notice_html(n))


@login_required
def statement_file(request, pk: int):
    _staff(request)
    st = BankStatement.objects.filter(pk=pk, union_org__in=_unions(request.user)).first()
    if st is None:
        raise Http404(_("未找到该对账单"))
    response = HttpResponse(bank.statement_bytes(st), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="statement-{st.pk}{Path(st.filename).suffix}"'
    return response


# ---- year-end, reports, performance (R-PAY-18, 21; R-RPT-01, 03) and findings (R-SUP-10, 11) ----


def _year(request) -> int:
    raw = (request.GET.get("year") or request.POST.get("year") or "").strip()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


@login_required
def year_page(request, *, error: str = "", status: int = 200):
    _staff(request)
    user, year = request.user, _year(request)
    unions = _unions(user)
    provinces = [u for u in unions if u.level == UnionOrg.Level.PROVINCE and not u.is_help_centre]
    check = yearend.central_check(user, year)
    for row in check:
        row.update({k: yuan(row[k]) for k in ("allocated", "spent", "difference")})
    targets = list(
        PerformanceTarget.objects.filter(union_org__in=unions, year=year).prefetch_related("readings")
    )
    return render(
        request,
        "unionfunds/year.html",
        {
            "year": year,
            "check": check,
            "reports": YearReport.objects.filter(union_org__in=unions, year=year).select_related("union_org"),
            "provinces": provinces,
            "compliance": [(p, yearend.entry_compliance(p.path, year)) for p in provinces],
            "execution": [(p, yearend.execution_rate(p, year)) for p in provinces],
            "targets": targets,
            "may_report": can(user, "report"),
            "may_target": can(user, "set_target"),
            "today": timezone.localdate(),
            "error": error,
        },
        status=status,
    )


@login_required
@require_POST
def year_action(request, action: str):
    _staff(request)
    user, d = request.user, request.POST.dict()
    try:
        if action == "open":
            yearend.do_open_year(user, _org(user, d.get("union")), _year(request))
        elif action == "submit":
            report = YearReport.objects.filter(pk=d.get("report"), union_org__in=_unions(user)).first()
            if report is None:
                raise Http404(_("未找到该报告"))
            yearend.do_submit(user, report, d)
        elif action == "target":
            yearend.do_set_target(user, _org(user, d.get("union")), d)
        elif action in ("reading", "evaluate"):
            target = PerformanceTarget.objects.filter(pk=d.get("target"), union_org__in=_unions(user)).first()
            if target is None:
                raise Http404(_("未找到该绩效目标"))
            if action == "reading":
                yearend.do_record_reading(user, target, d)
            else:
                yearend.do_evaluate(user, target, d.get("result", ""))
        else:
            raise Http404(_("没有这一操作"))
    except Invalid as e:
        return year_page(request, error=e.problem, status=400)
    except TransitionRefused as e:
        return year_page(request, error=str(e), status=409)
    return redirect(f"{reverse('unionfunds:year')}?year={_year(request)}")


@login_required
def findings_page(request, *, error: str = "", status: int = 200):
    _staff(request)
    user = request.user
    return render(
        request,
        "unionfunds/findings.html",
        {
            "findings": findings.findings_for(user)[:500],
            "funds": ledger.funds_for(user),
            "kinds": Finding.Kind.choices,
            "outcomes": [s for s in Finding.Status.choices if s[0] != "open"],
            "may": can(user, "finding"),
            "error": error,
        },
        status=status,
    )


@login_required
@require_POST
def finding_action(request, action: str):
    _staff(request)
    user, d = request.user, request.POST.dict()
    try:
        if action == "record":
            findings.do_record(user, d)
        elif action == "close":
            f = findings.findings_for(user).filter(pk=d.get("finding")).first()
            if f is None:
                raise Http404(_("未找到该问题"))
            findings.do_close(user, f, d.get("status", ""), d.get("outcome", ""))
        else:
            raise Http404(_("没有这一操作"))
    except Invalid as e:
        return findings_page(request, error=e.problem, status=400)
    except TransitionRefused as e:
        return findings_page(request, error=str(e), status=409)
    return redirect("unionfunds:findings")
