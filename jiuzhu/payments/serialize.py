"""Rosters and lines as JSON: the shapes of spec/PAYMENTS.md, shared by the command line and the API."""

from __future__ import annotations

from jiuzhu.registry.money import yuan

from .models import Roster, RosterLine
from .rosters import totals
from .scope import visible_lines
from .warnings import as_json


def mask_account(account: str) -> str:
    """6222 **** **** 1234: the bank's first four and the last four digits."""
    if not account:
        return ""
    if len(account) <= 8:
        return "*" * (len(account) - 4) + account[-4:]
    return account[:4] + "*" * (len(account) - 8) + account[-4:]


def line_json(line: RosterLine) -> dict:
    out = {
        "ref": line.ref,
        "case": line.case_id,
        "household": line.household.number if line.household_id else None,
        "payee": line.payee_name,
        "account": mask_account(line.account_number),
        "amount": yuan(line.amount_fen),
        "fund_source": line.fund_source,
        "status": line.status,
        "months": line.months_label,
        "kind": line.kind,
    }
    if line.replaces_id:
        out["replaces"] = line.replaces.ref
    if line.status == RosterLine.Status.FAILED:
        out["failure_reason"] = line.failure_reason
    if line.bank_serial:
        out["bank_serial"] = line.bank_serial
    if line.notified:
        out["notified"] = line.notified
    if line.status == RosterLine.Status.REMOVED:
        out["removed_reason"] = line.removed_reason
    return out


def roster_json(roster: Roster, user, *, with_lines: bool = True) -> dict:
    """`show`: status, counts and totals, and the lines the user may see (removed lines apart)."""
    lines = visible_lines(user, roster)
    t = totals(roster, lines)
    out = {
        "roster": roster.pk,
        "programme": roster.programme,
        "period": roster.period_label,
        "region": roster.scope_code,
        "status": roster.status,
        "status_label": str(roster.get_status_display()),
        "follows": roster.follows_id,
        "count": t["count"],
        "total": yuan(t["total_fen"]),
        "counts": {s: t[s]["count"] for s in RosterLine.Status.values if s != RosterLine.Status.CANCELLED},
        "totals": {
            s: yuan(t[s]["total_fen"]) for s in RosterLine.Status.values if s != RosterLine.Status.CANCELLED
        },
    }
    if with_lines:
        live = (
            lines.exclude(status=RosterLine.Status.REMOVED)
            .select_related("household", "replaces")
            .order_by("seq")
        )
        out["lines"] = [line_json(line) for line in live.iterator(chunk_size=2000)]
        removed = lines.filter(status=RosterLine.Status.REMOVED).select_related("household", "replaces")
        out["removed"] = [line_json(line) for line in removed.order_by("seq")]
        out["warnings"] = as_json(roster, unresolved_only=False, lines=lines)
    return out
