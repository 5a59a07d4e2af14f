"""Cash (R-PAY-12..15, OP-19): bank transfer is the rule; a cash payment needs a special-case reason (OP-19),
the real-name sheet (the payment's payee), the recipient's signature or seal, the collector's valid ID number
and the cash counted on the spot (R-PAY-14). Each cash payment is one line of the union's cash book; the book
is cleared daily and closed monthly (日清月结, R-PAY-15): a closed day takes no more entries, and a close whose
book balance differs from the cash counted is refused with the difference (the attempt is kept in the audit
trail).
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from django.db.models import Max, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from jiuzhu.core.audit import record
from jiuzhu.core.models import UnionOrg
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.idnumber import parse_id_number
from jiuzhu.registry.money import yuan
from jiuzhu.temporary.actions import Invalid, date, flag, money, text, today

from .ledger import refuse_unless
from .models import CashClose, CashEntry, FundPayment
from .roles import union_in_scope

K = CashEntry.Kind


def book_fen(org: UnionOrg, on: dt.date | None = None) -> int:
    qs = CashEntry.objects.filter(union_org=org)
    if on is not None:
        qs = qs.filter(on__lte=on)
    return qs.aggregate(t=Sum("amount_fen"))["t"] or 0


def closed_through(org: UnionOrg) -> dt.date | None:
    return CashClose.objects.filter(union_org=org).aggregate(d=Max("day"))["d"]


def _lock(org: UnionOrg) -> UnionOrg:
    return UnionOrg.objects.select_for_update().get(pk=org.pk)


def _open_day(org: UnionOrg, on: dt.date) -> None:
    last = closed_through(org)
    if last is not None and on <= last:
        raise TransitionRefused(
            _("现金日记账已结账至%(d)s，不能再登记该日及以前的现金收付") % {"d": last.isoformat()}
        )


def _audit(actor, action, obj, org, after):
    record(actor, action, obj, after=after, scope_path=org.path)


def _scope(actor, org):
    if not union_in_scope(actor, org):
        raise Http404(_("未找到该工会"))


def do_draw(actor, org: UnionOrg, data: dict) -> CashEntry:
    """Cash drawn from the bank account into the cash box (+), or paid back into it (kind deposit, −)."""
    refuse_unless(actor, "close_day")
    _scope(actor, org)
    amount = money(data, "amount")
    if amount <= 0:
        raise Invalid("amount", _("金额应大于0"))
    on = date(data, "on", default=today())
    deposit = data.get("kind") == K.DEPOSIT
    with transaction.atomic():
        _lock(org)
        _open_day(org, on)
        if deposit and book_fen(org) < amount:
            raise TransitionRefused(_("库存现金不足"))
        entry = CashEntry.objects.create(
            union_org=org,
            on=on,
            kind=K.DEPOSIT if deposit else K.DRAW,
            amount_fen=-amount if deposit else amount,
            note=text(data, "note", max_length=300),
            recorded_by=actor,
        )
        _audit(
            actor,
            "unionfunds.cash_draw",
            entry,
            org,
            {"amount": yuan(entry.amount_fen), "on": on.isoformat()},
        )
    return entry


def record_payment(actor, payment: FundPayment, data: dict) -> CashEntry:
    """The cash book line of a cash payment, inside the payment's transaction (pay.do_pay)."""
    org = payment.fund.union_org
    name = text(data, "collector_name", required=True, max_length=50)
    id_number = text(data, "collector_id_number", required=True, max_length=18).upper()
    try:
        parse_id_number(id_number)
    except ValueError as e:
        raise Invalid("collector_id_number", str(e)) from None
    if not flag(data, "recipient_signed"):
        raise Invalid("recipient_signed", _("现金领款须由领款人签字或盖章（总工发〔2012〕16号 第五条）"))
    if not flag(data, "counted"):
        raise Invalid("counted", _("现金须当面点清（总工发〔2012〕16号 第五条）"))
    _lock(org)
    _open_day(org, payment.paid_on)
    held = book_fen(org)
    if held < payment.amount_fen:
        raise TransitionRefused(
            _("库存现金不足：账面%(held)s元，本笔%(amount)s元")
            % {"held": yuan(held), "amount": payment.amount_yuan()}
        )
    return CashEntry.objects.create(
        union_org=org,
        on=payment.paid_on,
        kind=K.PAYMENT,
        amount_fen=-payment.amount_fen,
        payment=payment,
        recipient_signed=True,
        collector_name=name,
        collector_id_number=id_number,
        counted=True,
        note=_("现金支付：%(use)s") % {"use": payment.get_use_display()},
        recorded_by=actor,
    )


def do_close_day(actor, org: UnionOrg, data: dict) -> CashClose:
    """日清: the day's book balance must equal the cash counted."""
    refuse_unless(actor, "close_day")
    _scope(actor, org)
    day = date(data, "day", default=today())
    if day > today():
        raise Invalid("day", _("日期不能晚于今天"))
    counted = money(data, "counted")
    with transaction.atomic():
        _lock(org)
        _open_day(org, day)
        book = book_fen(org, day)
        if book != counted:
            diff = counted - book
            message = _("账款不符，不能日结：账面余额%(book)s元，实存现金%(counted)s元，差额%(diff)s元") % {
                "book": yuan(book),
                "counted": yuan(counted),
                "diff": yuan(diff),
            }
            mismatch = message
        else:
            mismatch = ""
            close = CashClose.objects.create(
                union_org=org, day=day, book_fen=book, counted_fen=counted, closed_by=actor
            )
            _audit(actor, "unionfunds.cash_close", close, org, {"day": day.isoformat(), "book": yuan(book)})
    if mismatch:
        with transaction.atomic():  # the attempt stays in the audit trail; nothing else is written
            record(
                actor,
                "unionfunds.cash_mismatch",
                org,
                after={
                    "day": day.isoformat(),
                    "book": yuan(book),
                    "counted": yuan(counted),
                    "diff": yuan(diff),
                },
                scope_path=org.path,
            )
        raise TransitionRefused(mismatch)
    return close


def do_close_month(actor, org: UnionOrg, data: dict) -> CashClose:
    """月结: every day of the month with cash entries is cleared, and the month-end cash counted equals the
    book; afterwards nothing in the month can change."""
    refuse_unless(actor, "close_day")
    _scope(actor, org)
    month = str(data.get("month") or "").strip()
    try:
        first = dt.date.fromisoformat(f"{month}-01")
    except ValueError:
        raise Invalid("month", _("“%(v)s”不是月份（YYYY-MM）") % {"v": month}) from None
    last_day = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    if last_day >= today():
        raise TransitionRefused(_("月份结束后才能月结"))
    counted = money(data, "counted")
    with transaction.atomic():
        _lock(org)
        days = set(
            CashEntry.objects.filter(union_org=org, on__range=(first, last_day)).values_list("on", flat=True)
        )
        closed = set(
            CashClose.objects.filter(union_org=org, month=False, day__range=(first, last_day)).values_list(
                "day", flat=True
            )
        )
        last_close = max(closed) if closed else None
        open_days = sorted(d for d in days if last_close is None or d > last_close)
        if open_days:
            raise TransitionRefused(
                _("%(d)s尚未日结，不能月结") % {"d": "、".join(d.isoformat() for d in open_days[:5])}
            )
        if CashClose.objects.filter(union_org=org, month=True, day=last_day).exists():
            raise TransitionRefused(_("该月已月结"))
        book = book_fen(org, last_day)
        if book != counted:
            raise TransitionRefused(
                _("账款不符，不能月结：账面余额%(book)s元，实存现金%(counted)s元，差额%(diff)s元")
                % {"book": yuan(book), "counted": yuan(counted), "diff": yuan(counted - book)}
            )
        close = CashClose.objects.create(
            union_org=org, day=last_day, month=True, book_fen=book, counted_fen=counted, closed_by=actor
        )
        _audit(actor, "unionfunds.cash_month", close, org, {"month": month, "book": yuan(book)})
    return close
