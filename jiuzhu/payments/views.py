"""Staff pages of payments (资金发放): the roster list and page, the buttons of each role (R-PAY-02), the bank
file download and return upload (R-PAY-05), and a household's payment history (R-SUP-09).

Every write calls the backend action (rosters.py, warnings.py, bankfiles.py, returns.py); a refusal is shown
on the page, with the form's input kept. A roster out of the user's scope is "not found" (scope.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiuzhu.accounts.models import Role
from jiuzhu.accounts.scope import get_household_or_404
from jiuzhu.registry.models import mask_name
from jiuzhu.registry.money import yuan

from . import bankfiles, history, programmes, returns, rosters
from .jobs import submit_make
from .models import CHECKERS, FINANCE, MAKERS, LineWarning, Roster, RosterLine
from .scope import NotFound, covers, get_roster, visible_lines, visible_rosters
from .serialize import mask_account
from .warnings import KINDS, do_resolve

# The statuses finance works on, in the order of its work: allocate, send the bank file, import the return.
FINANCE_QUEUE = (Roster.Status.CONFIRMED, Roster.Status.ALLOCATED, Roster.Status.SENT)
# The page of the case a line pays, by the case model (programmes.Payable.case_type).
CASE_PAGES = {
    "dibao.dibaoapplication": "dibao:case",
    "temporary.temporarycase": "temporary:case",
    "archives.archive": "archives:archive",
}
MAX_LINES = 500  # lines shown on the page; the API and the bank file have them all


def has_role(user, roles) -> bool:
    return user.is_superuser or user.role in roles


def roster_or_404(user, pk) -> Roster:
    try:
        return get_roster(user, pk)
    except NotFound:
        raise Http404(_("未找到该花名册")) from None


def programme_label(code: str) -> str:
    prog = programmes.get(code)
    return str(prog.label) if prog else code


def _programme_choices() -> list[tuple[str, str]]:
    return [(p.code, str(p.label)) for p in programmes.all_programmes()]


def finance_first(user, qs):
    """Finance sees first the rosters waiting for it (to allocate, to send, to reconcile)."""
    rows = list(qs)
    if user.role == Role.FINANCE:
        order = {s: i for i, s in enumerate(FINANCE_QUEUE)}
        rows.sort(key=lambda r: order.get(r.status, len(order)))
    return rows


@login_required
def roster_list(request, *, error: str = "", form: dict | None = None, status: int = 200):
    qs = visible_rosters(request.user).select_related("region", "union_org", "created_by")
    filters = {k: request.GET.get(k, "").strip() for k in ("programme", "period", "status")}
    if filters["programme"]:
        qs = qs.filter(programme=filters["programme"])
    if filters["status"]:
        qs = qs.filter(status=filters["status"])
    if filters["period"]:
        try:
            qs = qs.filter(period=rosters.parse_period(filters["period"]))
        except rosters.Refused as e:
            error = error or str(e)
            qs = qs.none()
    total = qs.count()
    rows = finance_first(request.user, qs[:300])
    for r in rows:
        r.programme_label = programme_label(r.programme)
    user = request.user
    default_region = (
        user.region.code if user.region_id else (user.union_org.code if user.union_org_id else "")
    )
    return render(
        request,
        "payments/list.html",
        {
            "rosters": rows,
            "total": total,
            "filters": filters,
            "programmes": _programme_choices(),
            "statuses": Roster.Status.choices,
            "may_make": has_role(user, MAKERS),
            "is_finance": user.role == Role.FINANCE,
            "waiting": sum(1 for r in rows if r.status in FINANCE_QUEUE) if user.role == Role.FINANCE else 0,
            "form": form
            or {"programme": "dibao", "period": f"{dt.date.today():%Y-%m}", "region": default_region},
            "error": error,
        },
        status=status,
    )


@login_required
@require_POST
def roster_make(request):
    form = {k: request.POST.get(k, "").strip() for k in ("programme", "period", "region")}
    try:  # refusals show at once; the lines are made by the background queue, with progress
        roster, job = submit_make(request.user, form["programme"], form["period"], form["region"])
    except rosters.Refused as e:
        return roster_list(request, error=str(e), form=form, status=409)
    if job is None:
        return redirect("payments:roster", roster.pk)
    return redirect("jobs:job", job.pk)


def _case_link(line: RosterLine) -> str:
    name = CASE_PAGES.get(line.case_type)
    if not name:
        return ""
    try:
        return reverse(name, args=[line.case_id])
    except NoReverseMatch:
        return ""


def _lines(user, roster: Roster):
    lines = visible_lines(user, roster)
    shown = list(lines.select_related("household", "replaces").order_by("seq")[:MAX_LINES])
    for line in shown:
        line.payee_masked = mask_name(line.payee_name)
        line.account_masked = mask_account(line.account_number) or "—"
        line.case_url = _case_link(line)
    return lines, shown


def _warnings(roster: Roster, lines):
    qs = (
        LineWarning.objects.filter(roster=roster, line__in=lines)
        .select_related("line", "resolved_by")
        .order_by("resolved_at", "line__seq", "kind")
    )
    out = []
    for w in qs[:MAX_LINES]:
        kind = KINDS.get(w.kind)
        w.label = str(kind.label) if kind else w.kind
        w.clause = kind.clause if kind else ""
        w.cite = kind.cite if kind else ""
        w.by_reason = bool(kind and kind.by_reason)
        w.open = w.resolved_at is None and w.line.status == RosterLine.Status.PENDING
        out.append(w)
    return out


def _buttons(user, roster: Roster) -> dict:
    """What this user may try on this roster: the backend decides, these only avoid offering the hopeless."""
    s, S = roster.status, Roster.Status
    whole = covers(user, roster)
    return {
        "confirm": s == S.DRAFT and whole and has_role(user, CHECKERS),
        "allocate": s == S.CONFIRMED and whole and has_role(user, FINANCE),
        "bank_file": s in (S.ALLOCATED, S.SENT) and whole and has_role(user, FINANCE),
        "bank_return": s in (S.SENT, S.RECONCILED) and whole and has_role(user, FINANCE),
        "follow_up": s == S.RECONCILED and has_role(user, MAKERS),
        "cancel": s in (S.DRAFT, S.CONFIRMED) and has_role(user, MAKERS),
        "edit_lines": s in (S.DRAFT, S.CONFIRMED, S.ALLOCATED) and has_role(user, MAKERS),
        "restore": s == S.DRAFT and has_role(user, MAKERS),
        "resolve": s in (S.DRAFT, S.CONFIRMED, S.ALLOCATED) and has_role(user, MAKERS),
    }


def _render_roster(request, roster: Roster, *, error="", posted=None, report=None, done="", status=200):
    lines, shown = _lines(request.user, roster)
    t = rosters.totals(roster, lines)
    by_status = [
        {"label": label, "count": t[v]["count"], "total": yuan(t[v]["total_fen"])}
        for v, label in RosterLine.Status.choices
        if t[v]["count"]
    ]
    warnings = _warnings(roster, lines)
    return render(
        request,
        "payments/roster.html",
        {
            "roster": roster,
            "programme_label": programme_label(roster.programme),
            "count": t["count"],
            "total": yuan(t["total_fen"]),
            "by_status": by_status,
            "lines": shown,
            "more_lines": max(0, lines.count() - len(shown)),
            "open_warnings": [w for w in warnings if w.open],
            "closed_warnings": [w for w in warnings if not w.open],
            "may": _buttons(request.user, roster),
            "layouts": bankfiles.layouts(),
            "bank_files": roster.bank_files.order_by("-made_at")[:10],
            "returns": roster.returns.order_by("-imported_at")[:10],
            "follows": roster.follows,
            "follow_ups": list(roster.follow_ups.all()),
            "error": error,
            "done": done,
            "posted": posted or {},
            "report": report,
        },
        status=status,
    )


@login_required
def roster_page(request, pk: int):
    roster = roster_or_404(request.user, pk)
    return _render_roster(request, roster, done=request.GET.get("done", "") and _("已完成"))


def _run(request, roster: Roster, fn, posted: dict):
    """Run a backend action; refused: the roster page again with the reason and what was typed."""
    try:
        result = fn()
    except rosters.Refused as e:
        roster.refresh_from_db()
        return None, _render_roster(request, roster, error=str(e), posted=posted, status=409)
    except rosters.TransitionRefused as e:
        roster.refresh_from_db()
        return None, _render_roster(request, roster, error=str(e), posted=posted, status=409)
    return result, None


ROSTER_ACTIONS = {
    "confirm": lambda u, r, p: rosters.do_confirm(u, r, p.get("note", "")),
    "allocate": lambda u, r, p: rosters.do_allocate(u, r, p.get("note", "")),
    "cancel": lambda u, r, p: rosters.do_cancel(u, r, p.get("reason", "")),
    "follow_up": lambda u, r, p: rosters.do_follow_up(u, r),
}


@login_required
@require_POST
def roster_action(request, pk: int, action: str):
    roster = roster_or_404(request.user, pk)
    if action not in ROSTER_ACTIONS:
        raise Http404(_("未知操作"))
    posted = {k: request.POST.get(k, "") for k in ("note", "reason")}
    posted["action"] = action
    result, refused = _run(
        request, roster, lambda: ROSTER_ACTIONS[action](request.user, roster, posted), posted
    )
    if refused:
        return refused
    target = result.pk if action == "follow_up" else roster.pk
    return redirect(reverse("payments:roster", args=[target]) + "?done=1")


@login_required
@require_POST
def bank_file(request, pk: int):
    """Finance writes the bank file (the roster is then sent) and downloads it."""
    roster = roster_or_404(request.user, pk)
    layout = request.POST.get("layout", bankfiles.GENERIC)
    # Kept under the data directory: BankFile.path names the file that was sent (written again, same lines).
    folder = Path(settings.DATA_DIR) / "bankfiles"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / bankfiles.default_name(roster, layout)
    _bf, refused = _run(
        request, roster, lambda: bankfiles.do_bank_file(request.user, roster, out, layout), {"layout": layout}
    )
    if refused:
        return refused
    return FileResponse(out.open("rb"), as_attachment=True, filename=out.name)


@login_required
@require_POST
def bank_return(request, pk: int):
    """Finance uploads the bank's return file; the reconciliation report is shown (R-PAY-05)."""
    roster = roster_or_404(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        return _render_roster(request, roster, error=_("请选择银行回盘文件"), status=422)
    data = upload.read()
    report, refused = _run(
        request, roster, lambda: returns.do_bank_return(request.user, roster, data, upload.name), {}
    )
    if refused:
        return refused
    roster.refresh_from_db()
    return _render_roster(request, roster, report=_report(report), done=_("回盘已导入并对账"))


REPORT_LABELS = {
    "paid": gettext_lazy("发放成功"),
    "failed": gettext_lazy("发放失败"),
    "unknown": gettext_lazy("回盘中有、花名册中无"),
    "mismatched": gettext_lazy("与花名册不符"),
    "missing": gettext_lazy("花名册中有、回盘中无"),
}


def _report(report: dict) -> dict:
    """The return's report in words: counts by outcome and the problems the file had."""
    counts = [{"label": str(label), "value": report.get(key, 0)} for key, label in REPORT_LABELS.items()]
    problems = []
    for p in report.get("problems", [])[:100]:
        where = _("第%(row)s行") % {"row": p["row"]} if p.get("row") else ""
        problems.append(f"{where} {p.get('ref', '')}：{p.get('problem', '')}".strip())
    return {
        "counts": counts,
        "paid_total": report.get("paid_total", ""),
        "failed_total": report.get("failed_total", ""),
        "problems": problems,
        "repeated": report.get("repeated", False),
    }


def _line_or_404(user, roster: Roster, line_id: int) -> RosterLine:
    line = visible_lines(user, roster).filter(pk=line_id).first()
    if line is None:
        raise Http404(_("未找到该明细"))
    return line


@login_required
@require_POST
def line_action(request, pk: int, line_id: int, action: str):
    """Remove a line with the reason, restore it, or take the payee's account as the registry holds it now."""
    roster = roster_or_404(request.user, pk)
    line = _line_or_404(request.user, roster, line_id)
    reason = request.POST.get("reason", "")
    posted = {"line": line.pk, "reason": reason, "action": action}
    calls = {
        "remove": lambda: rosters.do_remove_line(request.user, line, reason),
        "restore": lambda: rosters.do_restore_line(request.user, line),
        "refresh": lambda: rosters.do_refresh_account(request.user, line),
    }
    if action not in calls:
        raise Http404(_("未知操作"))
    _result, refused = _run(request, roster, calls[action], posted)
    return refused or redirect(reverse("payments:roster", args=[roster.pk]) + "?done=1")


@login_required
@require_POST
def warning_resolve(request, pk: int, warning_id: int):
    roster = roster_or_404(request.user, pk)
    lines = visible_lines(request.user, roster)
    warning = (
        LineWarning.objects.filter(pk=warning_id, roster=roster, line__in=lines)
        .select_related("roster")
        .first()
    )
    if warning is None:
        raise Http404(_("未找到该预警"))
    reason = request.POST.get("reason", "")
    posted = {"warning": warning.pk, "reason": reason}
    _result, refused = _run(request, roster, lambda: do_resolve(request.user, [warning], reason), posted)
    return refused or redirect(reverse("payments:roster", args=[roster.pk]) + "?done=1")


def parse_month(value: str, field: str) -> dt.date | None:
    """YYYY-MM (or a full date) → the first of the month; blank → None. Raises ValueError naming the field."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        if len(text) == 7:
            return dt.date.fromisoformat(text + "-01")
        return dt.date.fromisoformat(text).replace(day=1)
    except ValueError:
        raise ValueError(_("%(f)s“%(v)s”应为年月，格式YYYY-MM") % {"f": field, "v": text}) from None


def month_range(start: str, end: str) -> tuple[dt.date | None, dt.date | None]:
    lo = parse_month(start, _("起始月份"))
    hi = parse_month(end, _("截止月份"))
    if lo and hi and lo > hi:
        raise ValueError(_("起始月份不能晚于截止月份"))
    return lo, hi


@login_required
def household_payments(request, pk: int):
    """R-SUP-09: what the household was paid, and the total received between two months."""
    household = get_household_or_404(request.user, pk)
    start, end = request.GET.get("start", ""), request.GET.get("end", "")
    error = ""
    try:
        lo, hi = month_range(start, end)
    except ValueError as e:
        error, lo, hi = str(e), None, None
    got = [] if error else history.received(household, lo, hi)
    lines = list(history.household_lines(household, lo, hi)[:300]) if not error else []
    for line in lines:
        line.programme_label = programme_label(line.programme)
        line.visible = visible_rosters(request.user).filter(pk=line.roster_id).exists()
    return render(
        request,
        "payments/household.html",
        {
            "household": household,
            "start": start,
            "end": end,
            "error": error,
            "received": got,
            "received_total": yuan(sum(r.amount_fen for r in got)),
            "lines": lines,
        },
        status=422 if error else 200,
    )
