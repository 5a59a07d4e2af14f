"""What a procedure tells payments, and nothing more (ARCHITECTURE: one mechanism for every programme).

Each programme registers itself at its app's ready():

    from jiuzhu.payments.programmes import Programme, register
    register(Programme(code="dibao", label=_("低保金"), payables=dibao_payables, recheck=dibao_recheck))

- `payables(period, scope, claimed)` yields a Payable for every line the programme owes in the roster of
  `period` (a date, first of the month) for `scope` (a Region or UnionOrg subtree). `claimed` answers
  `claimed.any(case_id)` (has the case ever been on a roster of this programme?) and
  `claimed.has(case_id, slot)`; the programme uses it for arrears (a start month before the case's first
  roster is paid once, as its own line) and payments itself skips every slot already claimed.
- `recheck(items)` says, for lines already made, what the stored decisions owe now: for each
  (case_id, slots) the amount in fen, or None and the reason it is no longer payable (stopped, withdrawn,
  household gone...). Payments compares it with the line before confirmation, allocation and the bank file
  (R-PAY-05: each line against the approved amount).

- `bulk(period, scope, claimed)` (optional) returns a queryset for the lines the database can make by
  itself: one row per single-month regular line, `.values()` of the annotations named in BULK_COLUMNS, for
  the plainest cases only (no arrears, no change within the period, monthly). Payments inserts them with
  their claims in one INSERT … SELECT (a province's roster is a million such lines), then calls `payables`,
  which must leave out what that insert made (`claimed.made_now(case_type, slot)`, see below) and yields
  everything else. The two paths must give the same lines: tests/payments/test_bulk_make.py compares them.
  `claimed.exists(case_type, slot=None)` and `claimed.made_now(case_type, slot)` are Exists expressions on
  the outer case row (OuterRef("pk")) for such querysets: the case has a claim (of that slot), or had it
  claimed by this very make.

- `plain(period)` (optional) returns a queryset of the cases whose single month `period` is owed for certain
  at the annotation `b_amount_fen`. The warnings' recheck (warnings._recheck) leaves out a line paying just
  that month of such a case with that amount, and asks `recheck` about all the others; so `plain` must only
  name cases for which `recheck` would answer that amount.

Amounts come from the stored decisions (snapshots, notices, approved amounts), never from a new calculation.
Payments never imports a procedure's modules; procedures know nothing of banks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Payable:
    case_type: str  # the case model's label_lower, e.g. "dibao.dibaoapplication"
    case_id: int
    household_id: int
    payee_member_id: int | None  # whose own account is paid (R-PAY-03); None: no payee member found
    slots: tuple[str, ...]  # what the line pays: months "2026-08", or items "instalment-2"
    first_month: dt.date
    last_month: dt.date
    amount_fen: int
    decision: str  # the stored decision it pays, "app_label.model:id"
    fund_source: str  # payments.models.FundSource value (R-PAY-22)
    kind: str = "regular"  # or "arrears"


class Claimed(Protocol):
    def any(self, case_id: int) -> bool: ...

    def has(self, case_id: int, slot: str) -> bool: ...

    def exists(self, case_type: str, slot: str | None = None): ...

    def made_now(self, case_type: str, slot: str): ...


# What a programme's bulk queryset must annotate, one row per line (the Payable's fields, one slot).
BULK_COLUMNS = (
    "b_case_type",
    "b_case_id",
    "b_household_id",
    "b_payee_member_id",
    "b_slot",
    "b_first_month",
    "b_last_month",
    "b_amount_fen",
    "b_decision",
    "b_fund_source",
    "b_kind",
)


Recheck = Callable[
    [list[tuple[int, tuple[str, ...]]]], dict[tuple[int, tuple[str, ...]], tuple[int | None, str]]
]


@dataclass
class Programme:
    code: str  # "dibao", "temporary", "union_aid", "price_subsidy"
    label: object  # what is paid, for the 用途 column: 低保金, 临时救助金...
    payables: Callable[[dt.date, object, Claimed], Iterable[Payable]]
    recheck: Recheck
    bulk: Callable[[dt.date, object, Claimed], object] | None = None  # see the module's docstring
    plain: Callable[[dt.date], object] | None = None  # see the module's docstring
    union: bool = False  # rosters for a union subtree instead of a region subtree
    monthly: bool = True  # slots are months (so a case is paid once per month)
    extra: dict = field(default_factory=dict)


_REGISTRY: dict[str, Programme] = {}


def register(programme: Programme) -> None:
    _REGISTRY[programme.code] = programme


def get(code: str) -> Programme | None:
    return _REGISTRY.get(code)


def all_programmes() -> list[Programme]:
    return list(_REGISTRY.values())


def month_slot(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """first..last inclusive, first days of months."""
    out, m = [], first.replace(day=1)
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return out
