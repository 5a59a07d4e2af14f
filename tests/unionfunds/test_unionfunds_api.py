"""The union funds' REST API (/api/unionfunds/): the funds and their ledgers in the caller's union subtree
(R-PAY-16, 22, 23), the allocation plans (R-PAY-20), the cash book (R-PAY-15); the departments of R-SUP-04 as
on the pages: a refusal is 409 and changes nothing, bad input 422 naming the field, out of scope 404, anyone
not union staff 403."""

import json

from django.test import Client

from jiuzhu.unionfunds import cash, ledger, plans
from jiuzhu.unionfunds.models import LedgerEntry


def api(user):
    c = Client()
    c.force_login(user)
    return c


def post(c, url, body=None):
    return c.post(url, json.dumps(body or {}, ensure_ascii=False), content_type="application/json")


def test_r_sup_04_api_funds_and_ledger_in_scope(fund, fund_users):
    sy = fund(received="1000.00")
    cy = fund(code="U110105-HC", by=fund_users["cy_finance"])
    assert api(fund_users["civil"]).get("/api/unionfunds/funds").status_code == 403
    c = api(fund_users["sy_finance"])
    body = c.get("/api/unionfunds/funds").json()
    assert [f["id"] for f in body["funds"]] == [sy.pk]
    assert body["funds"][0]["balance"] == "1000.00" and body["funds"][0]["source"] == "central"
    assert c.get(f"/api/unionfunds/funds/{cy.pk}").status_code == 404
    assert c.get(f"/api/unionfunds/funds/{cy.pk}/entries").status_code == 404


def test_r_pay_16_api_receipt_and_reversal(fund, fund_users):
    f = fund(received="1000.00")
    data = {"amount": "250.50", "counterparty": "顺义区财政局", "reference": "顺财〔2026〕9号"}
    refused = post(api(fund_users["sy_audit"]), f"/api/unionfunds/funds/{f.pk}/receipts", data)
    assert refused.status_code == 409 and "部门" in refused.json()["detail"]
    c = api(fund_users["sy_finance"])
    bad = post(c, f"/api/unionfunds/funds/{f.pk}/receipts", {**data, "amount": "-1"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "amount"
    made = post(c, f"/api/unionfunds/funds/{f.pk}/receipts", data)
    assert made.status_code == 201 and made.json()["amount"] == "250.50"
    assert ledger.balance_fen(f) == 125_050
    entries = c.get(f"/api/unionfunds/funds/{f.pk}/entries").json()
    assert entries["balance"] == "1250.50" and [e["kind"] for e in entries["entries"]] == [
        "receipt",
        "receipt",
    ]
    rev = post(c, f"/api/unionfunds/entries/{made.json()['id']}/reverse", {"reason": "重复登记"})
    assert rev.status_code == 201 and rev.json()["amount"] == "-250.50"
    again = post(c, f"/api/unionfunds/entries/{made.json()['id']}/reverse", {"reason": "重复登记"})
    assert again.status_code == 409 and ledger.balance_fen(f) == 100_000
    assert LedgerEntry.objects.filter(fund=f).count() == 3


def test_r_pay_20_api_plans_steps_by_department(fund_users, org):
    plan = plans.do_draft(
        fund_users["acftu_rights"], org("ACFTU"), {"budget": "1000.00", "central_share": "60"}
    )
    plans.do_set_item(fund_users["acftu_rights"], plan, org("U110000"), {"amount": "1000.00"})
    rights = api(fund_users["acftu_rights"])
    listed = rights.get("/api/unionfunds/plans").json()
    assert [p["id"] for p in listed["plans"]] == [plan.pk] and listed["plans"][0][
        "central_share_permille"
    ] == 600
    assert (
        post(
            api(fund_users["acftu_finance"]), f"/api/unionfunds/plans/{plan.pk}/adopt", {"reference": "x"}
        ).status_code
        == 409
    )
    adopted = post(
        rights, f"/api/unionfunds/plans/{plan.pk}/adopt", {"reference": "全总党组会议纪要〔2026〕3号"}
    )
    assert adopted.status_code == 200 and adopted.json()["status"] == "adopted"
    assert post(rights, f"/api/unionfunds/plans/{plan.pk}/execute").status_code == 409  # finance executes
    assert api(fund_users["sy_finance"]).get(f"/api/unionfunds/plans/{plan.pk}").status_code == 404


def test_r_pay_15_api_cash_book_and_close(fund_users, org):
    hc = org("U110113-HC")
    cash.do_draw(fund_users["sy_finance"], hc, {"amount": "300.00"})
    c = api(fund_users["sy_finance"])
    book = c.get("/api/unionfunds/cash/U110113-HC").json()
    assert book["book"] == "300.00" and [e["kind"] for e in book["entries"]] == ["draw"]
    short = post(c, "/api/unionfunds/cash/U110113-HC/close-day", {"counted": "280.00"})
    assert short.status_code == 409 and "差额-20.00元" in short.json()["detail"]
    closed = post(c, "/api/unionfunds/cash/U110113-HC/close-day", {"counted": "300.00"})
    assert closed.status_code == 201 and closed.json()["book"] == "300.00"
    assert c.get("/api/unionfunds/cash/U110105-HC").status_code == 404
