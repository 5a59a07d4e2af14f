"""R-PAY-12 / OP-19: cash only with a special-case reason; R-PAY-14: the recipient's signature, the collector's
valid ID number, counted on the spot; R-PAY-15: one cash-book line per cash payment, cleared daily and closed
monthly — a closed day cannot change, a close that does not balance is refused with the difference."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from jiuzhu.core.models import AuditEvent
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.temporary.actions import Invalid
from jiuzhu.unionfunds import cash
from jiuzhu.unionfunds.models import CashClose, CashEntry, FundPayment
from jiuzhu.unionfunds.pay import do_pay
from tests.factories import new_id


def cash_pay(u, f, h, amount, **extra):
    data = {
        "project": "living",
        "use": "basic_living",
        "amount": amount,
        "method": "cash",
        "cash_reason": "bedridden",
        "collector_name": "张建国",
        "collector_id_number": h.applicant.id_number,
        "recipient_signed": "on",
        "counted": "on",
        **extra,
    }
    return do_pay(u, f, h, data)


def test_r_pay_14_cash_needs_reason_signature_and_collector_id(fund, archived, fund_users, org):
    f = fund(received="5000.00")
    h = archived().household
    hc = org("U110113-HC")
    cash.do_draw(fund_users["sy_finance"], hc, {"amount": "1000.00", "note": "提取备用金"})
    u = fund_users["centre"]
    with pytest.raises(Invalid, match="请选择"):
        cash_pay(u, f, h, "100", cash_reason="")
    with pytest.raises(Invalid, match="签字或盖章"):
        cash_pay(u, f, h, "100", recipient_signed="")
    with pytest.raises(Invalid, match="当面点清"):
        cash_pay(u, f, h, "100", counted="")
    with pytest.raises(Invalid):
        cash_pay(u, f, h, "100", collector_id_number="110113198001011234")  # bad check digit
    assert not FundPayment.objects.exists()
    p = cash_pay(u, f, h, "300.00", collector_id_number=new_id())
    line = CashEntry.objects.get(kind="payment")
    assert line.payment == p and line.amount_fen == -30_000 and line.recipient_signed and line.counted
    assert cash.book_fen(hc) == 70_000  # 1,000.00 − 300.00
    with pytest.raises(TransitionRefused, match="库存现金不足：账面700.00元，本笔800.00元"):
        cash_pay(u, f, h, "800.00")


def test_r_pay_14_the_database_refuses_a_cash_line_without_its_receipt(demo, org):
    with pytest.raises(IntegrityError), transaction.atomic():
        CashEntry.objects.create(
            union_org=org("U110113-HC"), on=dt.date.today(), kind="payment", amount_fen=-100
        )


def test_r_pay_15_daily_close_balances_or_is_refused_with_the_difference(fund, archived, fund_users, org):
    f = fund(received="5000.00")
    h = archived().household
    hc = org("U110113-HC")
    fin = fund_users["sy_finance"]
    cash.do_draw(fin, hc, {"amount": "1000.00"})
    cash_pay(fund_users["centre"], f, h, "250.50")
    with pytest.raises(TransitionRefused, match="账面余额749.50元，实存现金749.00元，差额-0.50元"):
        cash.do_close_day(fin, hc, {"counted": "749.00"})
    assert not CashClose.objects.exists()
    assert AuditEvent.objects.filter(action="unionfunds.cash_mismatch").get().after["diff"] == "-0.50"
    close = cash.do_close_day(fin, hc, {"counted": "749.50"})
    assert close.book_fen == close.counted_fen == 74_950
    with pytest.raises(TransitionRefused, match="已结账至"):
        cash.do_draw(fin, hc, {"amount": "1.00"})  # a closed day takes nothing more
    with pytest.raises(TransitionRefused, match="已结账至"):
        cash_pay(fund_users["centre"], f, h, "1.00")
    entry = CashEntry.objects.get(kind="draw")
    with pytest.raises(TypeError):
        entry.delete()


def test_r_pay_15_month_close_needs_every_day_cleared(fund_users, org):
    hc = org("U110113-HC")
    fin = fund_users["sy_finance"]
    cash.do_draw(fin, hc, {"amount": "100.00", "on": "2026-11-03"})
    cash.do_draw(fin, hc, {"amount": "50.00", "on": "2026-11-05"})
    cash.do_close_day(fin, hc, {"day": "2026-11-03", "counted": "100.00"})
    with pytest.raises(TransitionRefused, match="2026-11-05尚未日结"):
        cash.do_close_month(fin, hc, {"month": "2026-11", "counted": "150.00"})
    cash.do_close_day(fin, hc, {"day": "2026-11-05", "counted": "150.00"})
    with pytest.raises(TransitionRefused, match="差额1.00元"):
        cash.do_close_month(fin, hc, {"month": "2026-11", "counted": "151.00"})
    month = cash.do_close_month(fin, hc, {"month": "2026-11", "counted": "150.00"})
    assert month.month and month.day == dt.date(2026, 11, 30)
    with pytest.raises(TransitionRefused, match="已结账至2026-11-30"):
        cash.do_draw(fin, hc, {"amount": "1.00", "on": "2026-11-20"})
    with pytest.raises(TransitionRefused, match="部门不能"):
        cash.do_close_day(fund_users["sy_audit"], hc, {"counted": "150.00"})
