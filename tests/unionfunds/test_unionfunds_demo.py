"""The union-fund demo is made through the real actions and gives each page real content; made twice it
adds nothing."""

from jiuzhu.unionfunds import ledger
from jiuzhu.unionfunds.demo import make_demo
from jiuzhu.unionfunds.models import AllocationPlan, CashClose, Finding, Fund, LedgerEntry


def test_demo_gives_each_page_content(demo, archived, client, users):
    archived("deep")
    out = make_demo()
    assert out == {"made": True, "paid_households": 1}
    assert make_demo() == {"made": False}
    assert AllocationPlan.objects.filter(status__in=["executed", "filed"]).count() == 2
    sy = Fund.objects.get(union_org__code="U110113-HC", source="central")
    # 300,000.00 from the province; 1,500.00 living aid and 800.00 cash medical aid paid
    assert ledger.balance_fen(sy) == 30_000_000 - 150_000 - 80_000
    assert CashClose.objects.count() == 1 and Finding.objects.count() == 1
    assert LedgerEntry.objects.filter(kind="allocation_in").count() == 3
    client.force_login(users["admin"])
    for url in (
        "/unionfunds/",
        f"/unionfunds/funds/{sy.pk}/",
        "/unionfunds/plans/",
        "/unionfunds/year/",
        "/unionfunds/findings/",
        "/unionfunds/cash/U110113-HC/",
    ):
        assert client.get(url).status_code == 200, url
    page = client.get("/unionfunds/cash/U110113-HC/").content.decode()
    assert "差额-20.00元" in page


def test_serve_first_run_makes_the_union_funds_demo(db, capsys, client):
    """The first run of `jiuzhu serve` (bootstrap with the demo households and cases, then the demos of
    supervision and of the union funds) leaves funds, ledgers and a cash book to see without a command."""
    from django.contrib.auth import get_user_model

    from jiuzhu.cli import _unionfunds_demo, bootstrap, first_run_demos
    from jiuzhu.unionfunds.models import BankNotice, CashEntry, FundPayment, WarmthStandard

    assert bootstrap(500, 1)
    first_run_demos()  # what serve and `demo --cases` run after bootstrap
    assert "已创建工会帮扶资金演示数据" in capsys.readouterr().out
    assert Fund.objects.count() >= 6 and LedgerEntry.objects.count() >= 10
    assert FundPayment.objects.filter(fund__programme="aid").exists() and CashEntry.objects.exists()
    assert WarmthStandard.objects.exists() and CashClose.objects.count() == 1
    paid = FundPayment.objects.filter(fund__programme="aid")
    # relative and accident-induced households' aid from the central fund is co-funded (R-AMT-12)
    for p in paid.filter(fund__source="central").select_related("household"):
        category = p.aid_payment.archive.category
        assert (p.cofunding_id is not None) == (category in ("relative", "accident")), category
    assert BankNotice.objects.exists() or not paid.filter(method="bank").exists()
    _unionfunds_demo()  # once only
    assert capsys.readouterr().out == ""
    sy = Fund.objects.get(union_org__code="U110113-HC", programme="aid", source="central")
    client.force_login(get_user_model().objects.get(username="sy_union_finance"))
    page = client.get(f"/unionfunds/funds/{sy.pk}/").content.decode()
    assert "明细台账" in page and "上级下拨" in page
    assert client.get("/unionfunds/cash/U110113-HC/").status_code == 200
    assert client.get("/unionfunds/bank/U110113-HC/").status_code == 200
