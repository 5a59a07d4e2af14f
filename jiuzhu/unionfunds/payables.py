"""What the union programmes owe, for the payment rosters (jiuzhu.payments.programmes; registered in apps.py).

Each 送温暖, model-worker or 金秋助学 payment recorded on a fund to be paid by bank transfer is one line of the
union subtree's roster for the month of its payment date, paid to the named payee's own account (R-PAY-03)
and tagged with its fund source (R-PAY-22, 23). The aid fund's payments are on the archives' union_aid roster
already (archives/payables.py). The roster's fund-source tag uses the payments values; 上级工会补助 (a 送温暖
source that payments has no value for) is tagged "other" there and kept exactly in the fund's ledger.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuzhu.payments.programmes import Payable, Programme, register
from jiuzhu.registry.models import Member

from .models import FundPayment
from .models import Programme as FundProgramme

CASE_TYPE = "unionfunds.fundpayment"
ROSTER_PROGRAMMES = {
    "union_warmth": (FundProgramme.WARMTH, gettext_lazy("送温暖慰问金")),
    "model_worker": (FundProgramme.MODEL_WORKER, gettext_lazy("劳模专项补助")),
    "golden_autumn": (FundProgramme.GOLDEN_AUTUMN, gettext_lazy("金秋助学金")),
}
ROSTER_SOURCE = {"higher_union": "other"}
FIELDS = ("id", "household_id", "payee_id_number", "amount_fen", "fund__source")


def _payables(fund_programme: str):
    def payables(period: dt.date, scope, claimed):
        end = period.replace(day=calendar.monthrange(period.year, period.month)[1])
        rows = list(
            FundPayment.objects.filter(
                fund__programme=fund_programme,
                method=FundPayment.Method.BANK,
                paid_on__lte=end,
                household__union_org__path__startswith=scope.path,
                reversal__isnull=True,  # a payment corrected by a reversal is not paid (reversals.py)
            ).values(*FIELDS)
        )
        claimed.load(sorted({r["id"] for r in rows}), ["pay"])
        members = {
            (m["household_id"], m["id_number"]): m["id"]
            for m in Member.objects.filter(
                household_id__in={r["household_id"] for r in rows}, active=True
            ).values("id", "household_id", "id_number")
        }
        for r in rows:
            if claimed.has(r["id"], "pay"):
                continue
            yield Payable(
                case_type=CASE_TYPE,
                case_id=r["id"],
                household_id=r["household_id"],
                payee_member_id=members.get((r["household_id"], r["payee_id_number"])),
                slots=("pay",),
                first_month=period,
                last_month=period,
                amount_fen=r["amount_fen"],
                decision=f"{CASE_TYPE}:{r['id']}",
                fund_source=ROSTER_SOURCE.get(r["fund__source"], r["fund__source"]),
            )

    return payables


def recheck(items):
    rows = {
        r["id"]: r
        for r in FundPayment.objects.filter(pk__in=[c for c, _s in items]).values(
            "id", "amount_fen", "method", "reversal"
        )
    }
    out = {}
    for case_id, slots in items:
        r = rows.get(case_id)
        if r is None:
            out[(case_id, slots)] = (None, _("支出记录不存在"))
        elif r["method"] != FundPayment.Method.BANK:
            out[(case_id, slots)] = (None, _("该笔为现金发放"))
        elif r["reversal"] is not None:
            out[(case_id, slots)] = (None, _("该笔支出已冲正"))
        else:
            out[(case_id, slots)] = (r["amount_fen"], "")
    return out


def register_programmes() -> None:
    for code, (fund_programme, label) in ROSTER_PROGRAMMES.items():
        register(Programme(code, label, _payables(fund_programme), recheck, union=True, monthly=False))
