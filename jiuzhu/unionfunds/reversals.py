"""Correcting a payment from a fund, an archive's aid payment included: a reversal, never an edit (R-PAY-16;
the archive's payment record as well as the ledger).

Finance reverses a payment with a reason, on a day (today by default). In one transaction, each audited:
- the fund's ledger: a reversing entry of the opposite amount naming the payment's entry (ledger.py rules:
  once an entry, a DB constraint);
- the archive's payment (aid fund): a reversing `archives.UnionAidPayment` row of the opposite amount naming
  the payment (`reverses`, one-to-one), so the archive's year total under the project — and with it the
  20,000 / 50,000 元 thresholds (OP-15) — counts the correction; neither row goes on a roster any more;
- a cash payment: a reversing line of the cash book (the cash returned), on an open day (R-PAY-15);
- a co-funded payment (R-AMT-12): every part together, so the shares stay as recorded.
Refused: a payment already reversed; a payment on a payment roster line that is not removed or cancelled
(take the line off the roster first: a line on its way to the bank, or paid, is the roster's business).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from jiuzhu.archives.models import UnionAidPayment
from jiuzhu.core.workdays import add_working_days
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.payments.models import RosterLine
from jiuzhu.registry.money import yuan
from jiuzhu.temporary.actions import Invalid, today

from .ledger import _audit, append, check_fund, lock, refuse_unless
from .models import CashEntry, FundPayment, LedgerEntry, PaymentReversal
from .payables import CASE_TYPE

GONE_LINES = (RosterLine.Status.REMOVED, RosterLine.Status.CANCELLED)


def on_roster(payment: FundPayment) -> RosterLine | None:
    lines = RosterLine.objects.exclude(status__in=GONE_LINES)
    if payment.aid_payment_id:
        lines = lines.filter(decision=f"archives.unionaidpayment:{payment.aid_payment_id}")
    else:
        lines = lines.filter(case_type=CASE_TYPE, case_id=payment.pk)
    return lines.select_related("roster").first()


def _reverse_cash(actor, payment: FundPayment, on: dt.date, reason: str) -> CashEntry | None:
    line = getattr(payment, "cash_entry", None)
    if line is None:
        return None
    from .cash import _lock, _open_day

    org = payment.fund.union_org
    _lock(org)
    _open_day(org, on)
    return CashEntry.objects.create(
        union_org=org,
        on=on,
        kind=CashEntry.Kind.REVERSAL,
        amount_fen=-line.amount_fen,
        reverses=line,
        note=_("冲正：%(r)s") % {"r": reason[:280]},
        recorded_by=actor,
    )


def _reverse_one(actor, payment: FundPayment, on: dt.date, reason: str) -> PaymentReversal:
    if (
        PaymentReversal.objects.filter(payment=payment).exists()
        or LedgerEntry.objects.filter(reverses_id=payment.entry_id).exists()
    ):
        raise TransitionRefused(_("该笔支出已冲正"))
    line = on_roster(payment)
    if line is not None:
        raise TransitionRefused(
            _("该笔支出已列入%(m)s发放花名册（%(s)s），请先将该行从花名册移除再冲正")
            % {"m": f"{line.roster.period:%Y-%m}", "s": line.get_status_display()}
        )
    fund = lock(payment.fund)
    entry = append(
        fund,
        LedgerEntry.Kind.REVERSAL,
        -payment.entry.amount_fen,
        on,
        actor,
        reverses=payment.entry,
        counterparty=payment.entry.counterparty,
        reference=payment.entry.reference,
        note=_("冲正：%(r)s") % {"r": reason[:280]},
    )
    aid_rev = None
    if payment.aid_payment_id:
        aid = UnionAidPayment.objects.select_for_update().get(pk=payment.aid_payment_id)
        if UnionAidPayment.objects.filter(reverses=aid).exists():
            raise TransitionRefused(_("该笔支出已冲正"))
        total = (
            sum(
                UnionAidPayment.objects.filter(
                    household=aid.household, project=aid.project, paid_on__year=on.year
                ).values_list("amount_fen", flat=True)
            )
            - aid.amount_fen
        )
        aid_rev = UnionAidPayment.objects.create(
            archive=aid.archive,
            household=aid.household,
            project=aid.project,
            amount_fen=-aid.amount_fen,
            self_paid_share_fen=aid.self_paid_share_fen,
            fund_source=aid.fund_source,
            paid_on=on,
            method=aid.method,
            cash_reason=aid.cash_reason,
            year_total_fen=total,
            approval=aid.approval,
            entry_due=add_working_days(on, 30),  # the correction is entered in the national system too
            reverses=aid,
            created_by=actor,
        )
    reversal = PaymentReversal.objects.create(
        payment=payment,
        entry=entry,
        aid_reversal=aid_rev,
        cash_entry=_reverse_cash(actor, payment, on, reason),
        on=on,
        reason=reason[:300],
        reversed_by=actor,
    )
    _audit(
        actor,
        "unionfunds.reverse_payment",
        reversal,
        fund,
        {
            "payment": payment.pk,
            "amount": yuan(payment.amount_fen),
            "on": on,
            "reason": reason,
            "archive_payment": aid_rev.pk if aid_rev else None,
            "cash": reversal.cash_entry_id,
        },
        household=payment.household,
    )
    return reversal


def do_reverse_payment(actor, payment: FundPayment, reason: str, on: dt.date | None = None):
    """Reverse a payment (every part of a co-funded one). Returns the reversals."""
    refuse_unless(actor, "reverse")
    check_fund(actor, payment.fund)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("reason", _("请填写冲正原因"))
    on = on or today()
    if on > today():
        raise Invalid("on", _("日期不能晚于今天"))
    if on < payment.paid_on:
        raise Invalid("on", _("冲正日期不能早于支出日期%(d)s") % {"d": payment.paid_on.isoformat()})
    parts = [payment]
    if payment.cofunding_id:
        parts = list(FundPayment.objects.filter(cofunding_id=payment.cofunding_id).order_by("id"))
    with transaction.atomic():
        for p in parts:
            if actor is not None and p.fund_id != payment.fund_id:
                check_fund(actor, p.fund)
        done = [_reverse_one(actor, p, on, reason) for p in parts]
    return done


def get_payment_or_404(user, pk) -> FundPayment:
    from .ledger import funds_for

    p = FundPayment.objects.filter(pk=pk, fund__in=funds_for(user)).select_related("fund__union_org").first()
    if p is None:
        raise Http404(_("未找到该支出"))
    return p
