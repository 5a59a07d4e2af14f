"""What union aid owes, for the payment rosters (jiuzhu.payments.programmes; registered in apps.py).

Each union aid payment recorded on an archive to be paid by bank transfer (R-PAY-12: the rule; cash only in
the special cases of OP-19) is a line of the union subtree's roster for the month of its expenditure date,
with its fund source (R-PAY-22) and the worker as payee (his own account, R-PAY-03).
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuzhu.payments.programmes import Payable, Programme, register
from jiuzhu.registry.choices import Relation
from jiuzhu.registry.models import Member, WorkerInfo

from .models import Archive, UnionAidPayment

CASE_TYPE = "archives.archive"
CHUNK = 5000
GONE = (Archive.Status.CANCELLED, Archive.Status.REFUSED)


def _payees(household_ids) -> dict[int, int]:
    out = dict(
        Member.objects.filter(
            household_id__in=household_ids, relation=Relation.APPLICANT, active=True
        ).values_list("household_id", "id")
    )
    out.update(
        WorkerInfo.objects.filter(household_id__in=household_ids).values_list("household_id", "worker_id")
    )
    return out


FIELDS = ("id", "archive_id", "household_id", "amount_fen", "fund_source", "paid_on", "archive__status")


def aid_payables(period: dt.date, scope, claimed):
    end = period.replace(day=calendar.monthrange(period.year, period.month)[1])
    payments = UnionAidPayment.objects.filter(
        method=UnionAidPayment.Method.BANK,
        paid_on__lte=end,
        household__union_org__path__startswith=scope.path,
        reverses__isnull=True,  # a correction is not paid, and a payment corrected is not paid either
        reversed_by__isnull=True,
    ).exclude(archive__status__in=GONE)
    last = 0
    while True:
        rows = list(payments.filter(pk__gt=last).order_by("pk").values(*FIELDS)[:CHUNK])
        if not rows:
            return
        last = rows[-1]["id"]
        claimed.load(sorted({r["archive_id"] for r in rows}), [f"aid-{r['id']}" for r in rows])
        payees = _payees({r["household_id"] for r in rows})
        for r in rows:
            slot = f"aid-{r['id']}"
            if claimed.has(r["archive_id"], slot):
                continue
            yield Payable(
                case_type=CASE_TYPE,
                case_id=r["archive_id"],
                household_id=r["household_id"],
                payee_member_id=payees.get(r["household_id"]),
                slots=(slot,),
                first_month=period,
                last_month=period,
                amount_fen=r["amount_fen"],
                decision=f"archives.unionaidpayment:{r['id']}",
                fund_source=r["fund_source"],
            )


def aid_recheck(items):
    ids = [int(slots[0].split("-", 1)[1]) for _c, slots in items]
    rows = {
        r["id"]: r
        for r in UnionAidPayment.objects.filter(pk__in=ids).values(*FIELDS, "method", "reversed_by")
    }
    out = {}
    for case_id, slots in items:
        r = rows.get(int(slots[0].split("-", 1)[1]))
        if r is None or r["archive_id"] != case_id:
            out[(case_id, slots)] = (None, _("帮扶支出记录不存在"))
        elif r["archive__status"] in GONE:
            out[(case_id, slots)] = (None, _("档案已取消"))
        elif r["method"] != UnionAidPayment.Method.BANK:
            out[(case_id, slots)] = (None, _("该笔为现金发放"))
        elif r["reversed_by"] is not None:
            out[(case_id, slots)] = (None, _("该笔支出已冲正"))
        else:
            out[(case_id, slots)] = (r["amount_fen"], "")
    return out


def register_programme() -> None:
    register(
        Programme(
            "union_aid", gettext_lazy("工会帮扶资金"), aid_payables, aid_recheck, union=True, monthly=False
        )
    )
