"""What a household has been paid (R-SUP-09: the amount received over any period, the basis of the 1–3× fraud
penalty of R-AMT-16): roster lines the bank paid, and cash handed out from a township reserve fund.

A line paying several months of a monthly programme holds the same amount for each of them (lines are split
where the decision changes), so the part of a line inside a period is exact: amount ÷ months × months inside.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from . import programmes
from .models import ReserveEntry, Roster, RosterLine


@dataclass(frozen=True)
class Received:
    programme: str
    label: str
    first_month: dt.date
    last_month: dt.date
    amount_fen: int  # within the period asked for
    how: str  # "bank" or "cash"
    ref: str
    roster_id: int | None
    status: str


def _months(first: dt.date, last: dt.date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def household_lines(household, start: dt.date | None = None, end: dt.date | None = None, *, paid_only=False):
    """The household's roster lines (not cancelled or removed) with months overlapping [start, end],
    newest first."""
    qs = RosterLine.objects.filter(household=household).exclude(
        status__in=[RosterLine.Status.CANCELLED, RosterLine.Status.REMOVED]
    )
    if paid_only:
        qs = qs.filter(status=RosterLine.Status.PAID)
    if start:
        qs = qs.filter(last_month__gte=start.replace(day=1))
    if end:
        qs = qs.filter(first_month__lte=end.replace(day=1))
    return qs.select_related("roster").order_by("-first_month", "-id")


def received(household, start: dt.date | None = None, end: dt.date | None = None) -> list[Received]:
    """Money the household received in [start, end] (months, inclusive): paid lines, cash from reserves."""
    out = []
    lo = start.replace(day=1) if start else None
    hi = end.replace(day=1) if end else None
    for line in household_lines(household, start, end, paid_only=True):
        prog = programmes.get(line.programme)
        amount = line.amount_fen
        if prog is not None and prog.monthly and (lo or hi):
            inside_first = max(line.first_month, lo) if lo else line.first_month
            inside_last = min(line.last_month, hi) if hi else line.last_month
            amount = (
                line.amount_fen
                // _months(line.first_month, line.last_month)
                * _months(inside_first, inside_last)
            )
        out.append(
            Received(
                line.programme,
                str(prog.label) if prog else line.programme,
                line.first_month,
                line.last_month,
                amount,
                "bank",
                line.ref,
                line.roster_id,
                line.status,
            )
        )
    cash = ReserveEntry.objects.filter(household=household, kind=ReserveEntry.Kind.CASH_OUT)
    reversed_ids = set(
        ReserveEntry.objects.filter(household=household, reverses__isnull=False).values_list(
            "reverses_id", flat=True
        )
    )
    if lo:
        cash = cash.filter(on__gte=lo)
    if hi:
        cash = cash.filter(on__lt=programmes.add_months(hi, 1))
    for e in cash.order_by("-on"):
        if e.pk in reversed_ids:
            continue
        month = e.on.replace(day=1)
        out.append(
            Received(
                "temporary",
                str(_label("temporary")),
                month,
                month,
                -e.amount_fen,
                "cash",
                e.reference,
                None,
                "paid",
            )
        )
    return sorted(out, key=lambda r: r.first_month, reverse=True)


def _label(code: str) -> str:
    prog = programmes.get(code)
    return str(prog.label) if prog else code


def received_total_fen(household, start: dt.date | None = None, end: dt.date | None = None) -> int:
    return sum(r.amount_fen for r in received(household, start, end))


def case_paid_fen(case_type: str, case_id: int) -> dict:
    """For a procedure closing a case: paid by the bank, still open on a roster (pending, queried, or failed
    and not yet paid again), and handed out in cash from a reserve."""
    lines = RosterLine.objects.filter(case_type=case_type, case_id=case_id).exclude(
        status__in=[RosterLine.Status.CANCELLED, RosterLine.Status.REMOVED]
    )
    paid = sum(lines.filter(status=RosterLine.Status.PAID).values_list("amount_fen", flat=True))
    open_ = lines.filter(
        Q(status__in=[RosterLine.Status.PENDING, RosterLine.Status.QUERIED])
        | Q(status=RosterLine.Status.FAILED, replaced_by__isnull=True)
    ).exclude(roster__status=Roster.Status.CANCELLED)
    cash = -sum(
        ReserveEntry.objects.filter(case_type=case_type, case_id=case_id).values_list("amount_fen", flat=True)
    )
    return {"paid_fen": paid, "open_fen": sum(open_.values_list("amount_fen", flat=True)), "cash_fen": cash}
