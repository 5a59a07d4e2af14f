"""The union-fund pages: each department sees its forms (R-SUP-04), a forbidden use posted is refused with its
clause (R-PAY-11), a payment posted is booked (R-PAY-10), out of scope is not found, civil staff are refused."""

from jiuzhu.unionfunds import ledger
from jiuzhu.unionfunds.models import FundPayment


def test_r_sup_04_pages_offer_each_department_its_forms(client, fund, fund_users):
    f = fund(received="5000.00")
    client.force_login(fund_users["sy_finance"])
    page = client.get("/unionfunds/").content.decode()
    assert "顺义区困难职工帮扶中心" in page and "5000.00" in page and 'id="open"' in page
    page = client.get(f"/unionfunds/funds/{f.pk}/").content.decode()
    assert 'id="receive"' in page and 'id="pay"' in page
    client.force_login(fund_users["sy_rights"])
    page = client.get(f"/unionfunds/funds/{f.pk}/").content.decode()
    assert 'id="receive"' not in page and 'id="pay"' not in page
    client.force_login(fund_users["cy_finance"])
    assert client.get(f"/unionfunds/funds/{f.pk}/").status_code == 404
    client.force_login(fund_users["civil"])
    assert client.get("/unionfunds/").status_code == 403


def test_r_pay_11_a_forbidden_use_posted_is_refused_with_its_clause(client, fund, fund_users):
    f = fund(received="5000.00")
    client.force_login(fund_users["sy_finance"])
    r = client.post(
        f"/unionfunds/funds/{f.pk}/spend/",
        {"project": "living", "use": "vehicles", "amount": "3000", "counterparty": "车行", "reference": "x"},
    )
    assert r.status_code == 409
    assert "总工办发〔2020〕13号 第八条" in r.content.decode()
    assert ledger.balance_fen(f) == 500_000


def test_r_pay_10_a_payment_posted_on_the_page_is_booked(client, fund, archived, fund_users):
    f = fund(received="5000.00")
    h = archived().household
    client.force_login(fund_users["centre"])
    r = client.post(
        f"/unionfunds/funds/{f.pk}/pay/",
        {
            "household": h.number,
            "project": "education",
            "use": "school_costs",
            "amount": "1200.00",
            "method": "bank",
        },
    )
    assert r.status_code == 302
    assert FundPayment.objects.get().amount_fen == 120_000 and ledger.balance_fen(f) == 380_000
    page = client.get(f"/unionfunds/funds/{f.pk}/").content.decode()
    assert "3800.00" in page and h.applicant.name not in page  # the payee's name is masked


def test_r_pay_20_plan_pages_draft_and_show_the_deadline(client, fund_users, archived):
    archived("deep")
    client.force_login(fund_users["bj_rights"])
    r = client.post(
        "/unionfunds/plans/new/",
        {"union": "U110000", "year": "2026", "budget": "1000.00", "received_on": "2026-03-02"},
    )
    assert r.status_code == 302
    page = client.get(r["Location"]).content.decode()
    assert "2026-03-30" in page and "1000.00" in page and "顺义区困难职工帮扶中心" in page
    assert 'action="/unionfunds/plans/' in page  # the adopt form for rights protection
    r = client.post(r["Location"] + "do/execute/")
    assert r.status_code == 409  # not adopted yet; the page says why
    assert "草拟中" in r.content.decode()
    assert "北京市总工会" in client.get("/unionfunds/plans/").content.decode()
