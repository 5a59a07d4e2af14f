"""The amounts a 低保 case has been granted, month by month: the county approval (R-FLOW-08) from the approved
start month, then each change (附件7, R-FLOW-10) from its effective month. The approved amount is the township
opinion's (附件3), which the approval copies and a change does not touch; the current amount is the last one.

Read by the payment rosters (through the programme registered in payables.py) and by the case page (history
of amounts: approved → changed). Nothing here is recalculated: the amounts are the stored decisions'.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from .models import DecisionSnapshot, DibaoApplication, Notice


@dataclass(frozen=True)
class AmountPeriod:
    from_month: dt.date
    household_fen: int
    per_capita_fen: int | None
    source: str  # "approval" or "change"
    decision: str  # the stored decision: "dibao.decisionsnapshot:12" (approval) or "dibao.notice:5" (change)
    issued_on: dt.date | None = None


def change_month(notice_row: dict) -> dt.date:
    """The month a change takes effect: its recorded effective month, else the month it was issued."""
    return notice_row.get("effective_month") or notice_row["issued_on"].replace(day=1)


APP_FIELDS = ("id", "payment_start", "opinion_household_fen", "opinion_per_capita_fen", "approved_on")


def histories(cases) -> dict[int, list[AmountPeriod]]:
    """The amount history of every case of a DibaoApplication queryset, in three queries (the queryset is
    used as a subquery: for many cases pass chunks, e.g. `filter(pk__in=ids)` of a few thousand ids)."""
    apps = {row["id"]: row for row in cases.filter(payment_start__isnull=False).values(*APP_FIELDS)}
    return build(apps, approval_snapshots(cases), changes(cases))


def histories_of(rows: list[dict]) -> dict[int, list[AmountPeriod]]:
    """The same from case rows already read (each with APP_FIELDS): two queries on a list of ids, which
    the rosters' chunks of a few thousand cases read far faster than by subquery."""
    apps = {row["id"]: row for row in rows if row["payment_start"] is not None}
    ids = list(apps)
    if not ids:
        return {}
    return build(apps, approval_snapshots(ids, listed=True), changes(ids, listed=True))


def approval_snapshots(cases, listed: bool = False) -> dict[int, int]:
    """The snapshot each approval rests on: the township review's (R-FLOW-06), the latest one made.
    `cases`: a DibaoApplication queryset, or a list of ids (listed=True)."""
    out: dict[int, int] = {}
    which = {"application_id__among": cases} if listed else {"application__in": cases}
    rows = DecisionSnapshot.objects.filter(**which, purpose="township_review").values_list(
        "application_id", "id"
    )
    for app_id, snap_id in rows:
        if snap_id > out.get(app_id, 0):
            out[app_id] = snap_id
    return out


def changes(cases, listed: bool = False) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = defaultdict(list)
    which = {"application_id__among": cases} if listed else {"application__in": cases}
    rows = (
        Notice.objects.filter(**which, kind=Notice.Kind.CHANGE)
        .order_by("id")
        .values(
            "id", "application_id", "effective_month", "issued_on", "new_household_fen", "new_per_capita_fen"
        )
    )
    for row in rows:
        out[row["application_id"]].append(row)
    return out


def build(apps: dict, snapshots: dict, changes: dict) -> dict[int, list[AmountPeriod]]:
    """Histories from the rows read by histories() (apps: id -> row of APP_FIELDS)."""
    out: dict[int, list[AmountPeriod]] = {}
    for app_id, row in apps.items():
        if row["opinion_household_fen"] is None:
            continue
        periods = [
            AmountPeriod(
                row["payment_start"],
                row["opinion_household_fen"],
                row["opinion_per_capita_fen"],
                "approval",
                f"dibao.decisionsnapshot:{snapshots[app_id]}"
                if app_id in snapshots
                else f"dibao.dibaoapplication:{app_id}",
                row["approved_on"],
            )
        ]
        for n in changes.get(app_id, []):
            periods.append(
                AmountPeriod(
                    max(change_month(n), row["payment_start"]),
                    n["new_household_fen"] or 0,
                    n["new_per_capita_fen"],
                    "change",
                    f"dibao.notice:{n['id']}",
                    n["issued_on"],
                )
            )
        # a later change for the same month wins; stable sort keeps the order of issue
        periods.sort(key=lambda p: p.from_month)
        out[app_id] = periods
    return out


def amount_history(app: DibaoApplication) -> list[AmountPeriod]:
    return histories(DibaoApplication.objects.filter(pk=app.pk)).get(app.pk, [])


def in_force(history: list[AmountPeriod], month: dt.date) -> AmountPeriod | None:
    """The amount in force in `month` (first day): the last period starting on or before it."""
    found = None
    for period in history:
        if period.from_month <= month:
            found = period
        else:
            break
    return found
