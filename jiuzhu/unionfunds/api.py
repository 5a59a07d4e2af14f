"""REST endpoints of the union funds (mounted at /api/unionfunds/): the funds with their balances, a fund's
detailed ledger, receipts and reversals, the allocation plans and their steps, the cash book and its daily
close. Each write calls the same action as the pages (ledger.py, plans.py, cash.py), so the departments of
R-SUP-04 and the union subtree apply as there.

Union staff only (any other user: 403). Out of scope is 404, as if it did not exist. A refusal (the
department may not, wrong state, balance short, a close that does not balance) is 409 with the reason in
"detail", and changes nothing; bad input is 422 naming the field. Amounts are yuan strings ("1234.50"); the
payees' names are masked as on the pages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from jiuzhu.core.models import UnionOrg
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.registry.models import mask_name
from jiuzhu.registry.money import yuan
from jiuzhu.temporary.actions import Invalid

from . import cash, ledger, plans
from .models import AllocationPlan, CashClose, CashEntry, Fund, FundPayment, LedgerEntry
from .roles import may_see_funds, unions_for

router = Router(tags=["unionfunds"])
MAX_ROWS = 5000


def _staff(request):
    if not may_see_funds(request.auth):
        raise PermissionDenied(_("工会资金仅供工会工作人员查看"))
    return request.auth


def _body(request) -> dict:
    from jiuzhu.api.errors import read_json

    if not request.body.strip():
        return {}
    data = read_json(request)
    if not isinstance(data, dict):
        raise HttpError(400, "请求体应为JSON对象")
    return {k: v if isinstance(v, list) else ("" if v is None else str(v)) for k, v in data.items()}


def _run(fn, *args):
    from jiuzhu.api.errors import Unprocessable

    try:
        return fn(*args)
    except Invalid as e:
        raise Unprocessable([(e.field, e.problem)]) from None
    except TransitionRefused as e:
        raise HttpError(409, str(e)) from None


def fund_json(f: Fund, balance_fen: int) -> dict:
    return {
        "id": f.pk,
        "union": f.union_org.code,
        "union_name": f.union_org.name,
        "programme": f.programme,
        "source": f.source,
        "name": str(f),
        "projects": f.projects,
        "categories": f.categories,
        "terms": f.terms,
        "rules_reference": f.rules_reference,
        "opened_on": f.opened_on.isoformat(),
        "balance": yuan(balance_fen),
    }


def entry_json(e: LedgerEntry, masked: set[int]) -> dict:
    return {
        "id": e.pk,
        "fund": e.fund_id,
        "on": e.on.isoformat(),
        "kind": e.kind,
        "amount": yuan(e.amount_fen),
        "counterparty": mask_name(e.counterparty) if e.pk in masked else e.counterparty,
        "reference": "" if e.reference.startswith("archives.") else e.reference,
        "note": e.note,
        "reverses": e.reverses_id,
        "counterpart": e.counterpart_id,
        "recorded_at": e.recorded_at.isoformat(),
    }


def plan_json(p: AllocationPlan, items: bool = False) -> dict:
    out = {
        "id": p.pk,
        "union": p.union_org.code,
        "year": p.year,
        "programme": p.programme,
        "source": p.source,
        "budget": yuan(p.budget_fen),
        "status": p.status,
        "received_on": p.received_on.isoformat() if p.received_on else None,
        "due": p.due.isoformat() if p.due else None,
        "price_index": str(p.price_index) if p.price_index is not None else None,
        "deep_weight_permille": p.deep_weight_permille,
        "central_share_permille": p.central_share_permille,
        "adopted_reference": p.adopted_reference,
        "executed_on": p.executed_on.isoformat() if p.executed_on else None,
        "filed_on": p.filed_on.isoformat() if p.filed_on else None,
        "filed_reference": p.filed_reference,
    }
    if items:
        out["items"] = [
            {
                "union": i.to_union.code,
                "deep": i.deep,
                "relative": i.relative,
                "accident": i.accident,
                "amount": yuan(i.amount_fen),
                "entry": i.entry_id,
            }
            for i in p.items.select_related("to_union")
        ]
    return out


def _fund(user, fund_id: int) -> Fund:
    return ledger.get_fund_or_404(user, fund_id)


def _plan(user, plan_id: int) -> AllocationPlan:
    p = plans.plans_for(user).filter(pk=plan_id).select_related("union_org").first()
    if p is None:
        raise Http404(_("未找到该分配方案"))
    return p


def _union(user, code: str) -> UnionOrg:
    org = unions_for(user).filter(code=code).first()
    if org is None:
        raise Http404(_("未找到该工会"))
    return org


@router.get("/funds", response={200: dict}, summary="Funds in scope with their balances")
def list_funds(request, programme: str = "", source: str = "", union: str = ""):
    """The funds of the caller's union subtree (R-PAY-16, 22, 23), each with its balance (the sum of its
    ledger entries)."""
    user = _staff(request)
    qs = ledger.funds_for(user)
    if programme:
        qs = qs.filter(programme=programme)
    if source:
        qs = qs.filter(source=source)
    if union:
        qs = qs.filter(union_org__code=union)
    funds = list(qs[:MAX_ROWS])
    held = ledger.balances(funds)
    return {"count": len(funds), "funds": [fund_json(f, held.get(f.pk, 0)) for f in funds]}


@router.get("/funds/{fund_id}", response={200: dict}, summary="One fund with its rule set and balance")
def get_fund(request, fund_id: int):
    user = _staff(request)
    f = _fund(user, fund_id)
    return fund_json(f, ledger.balance_fen(f))


@router.get("/funds/{fund_id}/entries", response={200: dict}, summary="A fund's detailed ledger")
def fund_entries(request, fund_id: int, start: str = "", end: str = ""):
    """Every entry of the fund (reversed ones and reversals too, R-SUP-05), oldest first, at most 5000;
    `start` / `end` (YYYY-MM-DD) limit the dates."""
    user = _staff(request)
    f = _fund(user, fund_id)
    qs = LedgerEntry.objects.filter(fund=f)
    try:
        if start:
            qs = qs.filter(on__gte=start)
        if end:
            qs = qs.filter(on__lte=end)
        rows = list(qs.order_by("on", "id")[:MAX_ROWS])
    except (ValueError, ValidationError):  # a malformed date
        from jiuzhu.api.errors import Unprocessable

        raise Unprocessable(
            [("start" if start else "end", "不是有效的日期（应为YYYY-MM-DD）或时间")]
        ) from None
    masked = set(FundPayment.objects.filter(entry__in=rows).values_list("entry_id", flat=True))
    return {
        "fund": f.pk,
        "balance": yuan(ledger.balance_fen(f)),
        "entries": [entry_json(e, masked) for e in rows],
    }


@router.post("/funds/{fund_id}/receipts", response={201: dict}, summary="Record money received into a fund")
def receive(request, fund_id: int):
    """Finance: {"amount", "counterparty", "reference", "on", "note"} (R-PAY-22, 23: tagged with the fund's
    source)."""
    user = _staff(request)
    e = _run(ledger.do_receive, user, _fund(user, fund_id), _body(request))
    return 201, entry_json(e, set())


@router.post("/entries/{entry_id}/reverse", response={201: dict}, summary="Reverse a ledger entry")
def reverse(request, entry_id: int):
    """Finance: {"reason"}. A correction is a reversing entry, never an edit; a payment's entry reverses the
    payment (the archive's payment and the cash book too)."""
    user = _staff(request)
    e = LedgerEntry.objects.filter(pk=entry_id, fund__in=ledger.funds_for(user)).first()
    if e is None:
        raise Http404(_("未找到该分录"))
    rev = _run(ledger.do_reverse, user, e, _body(request).get("reason", ""))
    return 201, entry_json(rev, set())


@router.get("/plans", response={200: dict}, summary="Allocation plans in scope")
def list_plans(request, year: int | None = None, status: str = ""):
    user = _staff(request)
    qs = plans.plans_for(user).select_related("union_org")
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    rows = list(qs[:MAX_ROWS])
    return {"count": len(rows), "plans": [plan_json(p) for p in rows]}


@router.get("/plans/{plan_id}", response={200: dict}, summary="An allocation plan with its items")
def get_plan(request, plan_id: int):
    return plan_json(_plan(_staff(request), plan_id), items=True)


@router.post("/plans/{plan_id}/adopt", response={200: dict}, summary="Adopt a plan (rights protection)")
def adopt_plan(request, plan_id: int):
    """{"reference"}: the leadership's minutes (R-PAY-20)."""
    user = _staff(request)
    p = _run(plans.do_adopt, user, _plan(user, plan_id), _body(request).get("reference", ""))
    return plan_json(p, items=True)


@router.post("/plans/{plan_id}/execute", response={200: dict}, summary="Execute a plan (finance)")
def execute_plan(request, plan_id: int):
    """Each item passed down: two ledger entries (R-PAY-20)."""
    user = _staff(request)
    p = _run(plans.do_execute, user, _plan(user, plan_id))
    return plan_json(p, items=True)


@router.post("/plans/{plan_id}/file", response={200: dict}, summary="File a plan with the level above")
def file_plan(request, plan_id: int):
    """{"reference"}: the filing's document number (R-PAY-20)."""
    user = _staff(request)
    p = _run(plans.do_file, user, _plan(user, plan_id), _body(request).get("reference", ""))
    return plan_json(p, items=True)


@router.get("/cash/{union_code}", response={200: dict}, summary="A union's cash book")
def cash_book(request, union_code: str, month: str = ""):
    """The cash book (R-PAY-15): book balance, entries (of `month`, YYYY-MM, when given), the closes."""
    user = _staff(request)
    org = _union(user, union_code)
    qs = CashEntry.objects.filter(union_org=org)
    if month:
        try:
            y, m = (int(x) for x in month.split("-"))
            qs = qs.filter(on__year=y, on__month=m)
        except ValueError:
            from jiuzhu.api.errors import Unprocessable

            raise Unprocessable([("month", "格式不正确")]) from None
    closes = CashClose.objects.filter(union_org=org)
    return {
        "union": org.code,
        "book": yuan(cash.book_fen(org)),
        "closed_through": (d.isoformat() if (d := cash.closed_through(org)) else None),
        "entries": [
            {
                "id": e.pk,
                "on": e.on.isoformat(),
                "kind": e.kind,
                "amount": yuan(e.amount_fen),
                "payment": e.payment_id,
                "collector": mask_name(e.collector_name) if e.collector_name else "",
                "note": e.note,
                "reverses": e.reverses_id,
            }
            for e in qs.order_by("on", "id")[:MAX_ROWS]
        ],
        "closes": [
            {"day": c.day.isoformat(), "month": c.month, "book": yuan(c.book_fen)} for c in closes[:MAX_ROWS]
        ],
    }


@router.post("/cash/{union_code}/close-day", response={201: dict}, summary="Close a day of the cash book")
def close_day(request, union_code: str):
    """Finance: {"day", "counted"}. Refused (409) with the difference when the cash counted differs from
    the book (日清, R-PAY-15)."""
    user = _staff(request)
    c = _run(cash.do_close_day, user, _union(user, union_code), _body(request))
    return 201, {"day": c.day.isoformat(), "book": yuan(c.book_fen), "counted": yuan(c.counted_fen)}
