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
