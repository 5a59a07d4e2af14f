"""R-SUP-09 (the basis of the 1–3× fraud penalty, R-AMT-16): the total a household received over any period —
what the bank paid (the part of a multi-month line inside the period, exactly), never what failed or is still
pending."""

from __future__ import annotations

import datetime as dt

import pytest

from jiuzhu.payments import rosters as r
from jiuzhu.payments.bankfiles import do_bank_file
from jiuzhu.payments.history import received_total_fen
from jiuzhu.payments.returns import do_bank_return

pytestmark = pytest.mark.django_db
HEADER = "业务参考号,收款账号,收款户名,金额,状态,失败原因,银行流水号"


def pay(roster, approver, finance, folder, failed=()):
    r.do_confirm(approver, roster)
    r.do_allocate(finance, roster)
    do_bank_file(finance, roster, folder / f"bank-{roster.pk}.csv")
    rows = [
        ",".join(
            [ln.ref, ln.account_number, ln.payee_name, ln.amount_yuan()]
            + (["失败", "户名不符", ""] if ln.case_id in failed else ["成功", "", f"S{ln.pk}"])
        )
        for ln in roster.lines.all()
    ]
    do_bank_return(finance, roster, ("\n".join([HEADER, *rows]) + "\n").encode())


def test_r_sup_09_received_over_a_period_counts_paid_months_inside_it(
    active_case, worker, approver, finance, tmp_path
):
    # 1000.00 a month from 2026-07; the September roster pays July–August as arrears and September
    app = active_case(dt.date(2026, 7, 1))
    other = active_case(dt.date(2026, 7, 1))
    pay(r.do_make(worker, "dibao", "2026-09", "110113"), approver, finance, tmp_path, failed={other.pk})
    h = app.household
    assert received_total_fen(h, dt.date(2026, 7, 1), dt.date(2026, 9, 30)) == 300000
    assert received_total_fen(h, dt.date(2026, 8, 1), dt.date(2026, 8, 31)) == 100000
    assert received_total_fen(h, dt.date(2026, 6, 1), dt.date(2026, 7, 31)) == 100000
    # the failed household received nothing; October, made but not paid yet, counts nothing either
    assert received_total_fen(other.household, dt.date(2026, 7, 1), dt.date(2026, 9, 30)) == 0
    r.do_make(worker, "dibao", "2026-10", "110113")
    assert received_total_fen(h, dt.date(2026, 7, 1), dt.date(2026, 10, 31)) == 300000
