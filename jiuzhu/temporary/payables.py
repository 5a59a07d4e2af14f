"""What 临时救助 owes, for the payment rosters (jiuzhu.payments.programmes; registered in apps.py).

Each approved amount is a line (slot "grant"), or, under a staged plan (R-FLOW-21), each instalment once it is
due (slot "instalment-N"). What the township handed out in cash from its reserve fund (备用金, R-PAY-09) is not
paid again: a cash instalment is already paid, and cash handed out against a single grant reduces what the
bank pays. Assist-first cases (先行救助, R-FLOW-17) are paid in cash at once and have no roster line.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuzhu.payments.programmes import Payable, Programme, register
from jiuzhu.registry.choices import Relation
from jiuzhu.registry.models import Member

from .models import Handout, Instalment, TemporaryCase

CASE_TYPE = "temporary.temporarycase"
CHUNK = 5000


def _month_end(period: dt.date) -> dt.date:
    return period.replace(day=calendar.monthrange(period.year, period.month)[1])


def _cash(case_ids) -> dict[int, int]:
    """Cash handed out against each case's grant (not against an instalment)."""
    rows = (
        Handout.objects.filter(case_id__in=case_ids, form=Handout.Form.CASH, instalment__isnull=True)
        .values("case_id")
        .annotate(s=Sum("amount_fen"))
    )
    return {r["case_id"]: r["s"] or 0 for r in rows}


def _applicants(household_ids) -> dict[int, int]:
    return dict(
        Member.objects.filter(
            household_id__in=household_ids, relation=Relation.APPLICANT, active=True
        ).values_list("household_id", "id")
    )


def _owed(cases: list[dict], period_end: dt.date | None):
    """(case row, slot, amount, decision, due month) for what the cases owe, up to period_end."""
    ids = [c["id"] for c in cases]
    cash = _cash(ids)
    plans = defaultdict(list)
    for inst in Instalment.objects.filter(case_id__in=ids).values(
        "id", "case_id", "seq", "due", "amount_fen", "paid_on"
    ):
        plans[inst["case_id"]].append(inst)
    for c in cases:
        if plans.get(c["id"]):
            for inst in plans[c["id"]]:
                if inst["paid_on"] is None and (period_end is None or inst["due"] <= period_end):
                    yield (
                        c,
                        f"instalment-{inst['seq']}",
                        inst["amount_fen"],
                        f"temporary.instalment:{inst['id']}",
                    )
        elif period_end is None or (c["approved_on"] and c["approved_on"] <= period_end):
            left = (c["amount_fen"] or 0) - cash.get(c["id"], 0)
            if left > 0:
                yield c, "grant", left, f"temporary.temporarycase:{c['id']}"


FIELDS = ("id", "household_id", "amount_fen", "approved_on", "status", "assist_first")


def temporary_payables(period: dt.date, scope, claimed):
    cases = TemporaryCase.objects.filter(
        status=TemporaryCase.Status.APPROVED,
        assist_first=False,
        amount_fen__gt=0,
        household__region__path__startswith=scope.path,
    )
    end, last = _month_end(period), 0
    while True:
        rows = list(cases.filter(pk__gt=last).order_by("pk").values(*FIELDS)[:CHUNK])
        if not rows:
            return
        last = rows[-1]["id"]
        claimed.load([r["id"] for r in rows], None)
        payees = _applicants([r["household_id"] for r in rows])
        for c, slot, amount, decision in _owed(rows, end):
            if claimed.has(c["id"], slot):
                continue
            yield Payable(
                case_type=CASE_TYPE,
                case_id=c["id"],
                household_id=c["household_id"],
                payee_member_id=payees.get(c["household_id"]),
                slots=(slot,),
                first_month=period,
                last_month=period,
                amount_fen=amount,
                decision=decision,
                fund_source="assistance",
            )


def temporary_recheck(items):
    ids = sorted({case_id for case_id, _s in items})
    rows = {r["id"]: r for r in TemporaryCase.objects.filter(pk__in=ids).values(*FIELDS)}
    owed = {}
    payable = [
        r for r in rows.values() if r["status"] == TemporaryCase.Status.APPROVED and not r["assist_first"]
    ]
    for c, slot, amount, _d in _owed(payable, None):
        owed[(c["id"], slot)] = amount
    out = {}
    for case_id, slots in items:
        row = rows.get(case_id)
        if row is None:
            out[(case_id, slots)] = (None, _("案件不存在"))
        elif (case_id, slots[0]) in owed:
            out[(case_id, slots)] = (owed[(case_id, slots[0])], "")
        elif row["status"] != TemporaryCase.Status.APPROVED:
            out[(case_id, slots)] = (
                None,
                _("案件状态为“%(s)s”") % {"s": TemporaryCase.Status(row["status"]).label},
            )
        else:
            out[(case_id, slots)] = (None, _("已现金发放或不再应发"))
    return out


def register_programme() -> None:
    register(
        Programme(
            "temporary", gettext_lazy("临时救助金"), temporary_payables, temporary_recheck, monthly=False
        )
    )
