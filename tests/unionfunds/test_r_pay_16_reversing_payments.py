"""Correcting an archive's aid payment (R-PAY-16: the ledger is append-only; the archive's payment record
too): a reversing entry on the fund's ledger and a reversing archive payment naming the one it corrects,
never an edit; the cash book's line reversed for a cash payment; every part of a co-funded payment (R-AMT-12);
refused twice, by a department that may not, or while the payment is on a payment roster; audited.

By hand: the central fund received 30,000.00 and paid 15,000.00 living aid; reversed, the balance is 30,000.00
again and the archive's year total under living aid 0; a new 15,000.00 then needs no provincial approval
(15,000.00 ≤ 20,000.00), where without the reversal the year would reach 30,000.00 and need it (R-AMT-09)."""

import pytest

from jiuzhu.archives import actions as archive_actions
from jiuzhu.archives.models import UnionAidPayment
from jiuzhu.core.models import AuditEvent
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.payments import rosters
from jiuzhu.unionfunds import cash, ledger, plans
from jiuzhu.unionfunds.models import CashEntry, LedgerEntry, PaymentReversal
from jiuzhu.unionfunds.pay import do_pay
from jiuzhu.unionfunds.reversals import do_reverse_payment
from tests.payments.conftest import set_account

LIVING = {"project": "living", "use": "basic_living"}


def test_r_pay_16_aid_payment_reversed_on_ledger_and_archive(fund, archived, fund_users, client):
    f = fund(received="30000.00")
    h = archived("deep").household
    p = do_pay(fund_users["centre"], f, h, {**LIVING, "amount": "15000.00"})
    with pytest.raises(TransitionRefused):
        do_reverse_payment(fund_users["centre"], p, "金额录错")  # finance corrects, not the help centre
    (rev,) = do_reverse_payment(fund_users["sy_finance"], p, "重复发放")
    assert (rev.entry.kind, rev.entry.amount_fen, rev.entry.reverses) == ("reversal", 1_500_000, p.entry)
    assert ledger.balance_fen(f) == 3_000_000
    aid = UnionAidPayment.objects.get(pk=p.aid_payment_id)
    assert aid.amount_fen == 1_500_000 and aid.reversed_by == rev.aid_reversal  # the original unchanged
    assert (rev.aid_reversal.amount_fen, rev.aid_reversal.year_total_fen) == (-1_500_000, 0)
    assert archive_actions.year_total_fen(h, "living", p.paid_on.year) == 0
    assert AuditEvent.objects.filter(action="unionfunds.reverse_payment", object_id=str(rev.pk)).exists()
    with pytest.raises(TransitionRefused, match="已冲正"):
        do_reverse_payment(fund_users["sy_finance"], p, "再次冲正")
    again = do_pay(fund_users["centre"], f, h, {**LIVING, "amount": "15000.00"})  # no approval needed
    assert again.aid_payment.year_total_fen == 1_500_000 and ledger.balance_fen(f) == 1_500_000
    # the reversed payment and its correction are not on a roster; the new one is
    set_account(fund_users["base"], h.applicant)
    roster = rosters.do_make(fund_users["base"], "union_aid", f"{p.paid_on:%Y-%m}", "U110113")
    assert [ln.decision for ln in roster.lines.all()] == [f"archives.unionaidpayment:{again.aid_payment_id}"]


def test_r_pay_16_payment_on_a_roster_is_taken_off_it_first(fund, archived, fund_users):
    f = fund(received="1000.00")
    h = archived("deep").household
    set_account(fund_users["base"], h.applicant)
    p = do_pay(fund_users["centre"], f, h, {**LIVING, "amount": "600.00"})
    roster = rosters.do_make(fund_users["base"], "union_aid", f"{p.paid_on:%Y-%m}", "U110113")
    with pytest.raises(TransitionRefused, match="发放花名册"):
        do_reverse_payment(fund_users["sy_finance"], p, "收款人已去世")
    assert not PaymentReversal.objects.exists() and ledger.balance_fen(f) == 40_000
    rosters.do_remove_line(fund_users["base"], roster.lines.get(), "收款人已去世")
    do_reverse_payment(fund_users["sy_finance"], p, "收款人已去世")
    assert ledger.balance_fen(f) == 100_000


def test_r_pay_16_cash_payment_reversed_in_the_cash_book_too(fund, archived, fund_users, org):
    f = fund(received="1000.00")
    h = archived("deep").household
    payee = h.applicant
    hc = org("U110113-HC")
    cash.do_draw(fund_users["sy_finance"], hc, {"amount": "500.00"})
    p = do_pay(
        fund_users["centre"],
        f,
        h,
        {
            **LIVING,
            "amount": "300.00",
            "method": "cash",
            "cash_reason": "one_off",
            "collector_name": payee.name,
            "collector_id_number": payee.id_number,
            "recipient_signed": "on",
            "counted": "on",
        },
    )
    assert cash.book_fen(hc) == 20_000
    (rev,) = do_reverse_payment(fund_users["sy_finance"], p, "领款人退回现金")
    assert rev.cash_entry.kind == "reversal" and rev.cash_entry.reverses == p.cash_entry
    assert cash.book_fen(hc) == 50_000 and ledger.balance_fen(f) == 100_000
    assert CashEntry.objects.filter(union_org=hc).count() == 3


def test_r_pay_16_cofunded_payment_reversed_in_every_part(fund, archived, fund_users, org, client):
    plans.do_draft(fund_users["acftu_rights"], org("ACFTU"), {"budget": "1000.00", "central_share": "60"})
    central = fund(received="1000.00")
    local = fund(source="local_finance", received="1000.00")
    h = archived("relative").household
    p = do_pay(fund_users["centre"], central, h, {**LIVING, "amount": "100.00", "co_fund": local.pk})
    assert ledger.balance_fen(central) == 94_000 and ledger.balance_fen(local) == 96_000
    # through the ledger page's reverse button on the central part's entry
    client.force_login(fund_users["sy_finance"])
    r = client.post(
        f"/unionfunds/funds/{central.pk}/entries/{p.entry_id}/reverse/", {"reason": "对象认定有误"}
    )
    assert r.status_code == 302
    assert ledger.balance_fen(central) == 100_000 and ledger.balance_fen(local) == 100_000
    assert PaymentReversal.objects.count() == 2 and LedgerEntry.objects.filter(kind="reversal").count() == 2
    assert archive_actions.year_total_fen(h, "living", p.paid_on.year) == 0
    page = client.get(f"/unionfunds/funds/{central.pk}/").content.decode()
    assert "已冲正：对象认定有误" in page
