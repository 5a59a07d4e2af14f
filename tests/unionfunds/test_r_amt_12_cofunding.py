"""R-AMT-12 (总工办发〔2020〕13号 第十一条): aid to relative and accident-induced households is co-funded by the
central special fund and an other-source fund in the share fixed for the year. A payment from the central
fund to such a household is split: the central part is the year's share (rounded half up to the fen), the
other-source fund of the same help centre bears the rest; each part is its own payment, archive payment, roster
line (tagged with its source) and ledger entry, and the split is recorded with the rule and its clause.

Expected values worked by hand:
- 1,234.57 元 at 60 %: 123,457 fen × 600 ‰ = 74,074.2 fen → 74,074 fen central (740.74 元), the rest
  123,457 − 74,074 = 49,383 fen (493.83 元) from local finance.
- 0.01 元 at 50 %: 0.5 fen rounds half up to 1 fen central, 0 fen other: one payment, no other fund needed.
- 100.00 元 with the province's 55 % (nearer than ACFTU's 60 %): 55.00 元 central, 45.00 元 other.
"""

import datetime as dt

import pytest

from jiuzhu.archives.models import UnionAidPayment
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.payments import rosters
from jiuzhu.temporary.actions import Invalid
from jiuzhu.unionfunds import ledger, plans
from jiuzhu.unionfunds.models import CoFunding, FundPayment, LedgerEntry
from jiuzhu.unionfunds.pay import do_pay, split_fen
from tests.payments.conftest import set_account

LIVING = {"project": "living", "use": "basic_living"}


@pytest.fixture
def national_share(fund_users, org):
    def make(percent="60"):
        return plans.do_draft(
            fund_users["acftu_rights"],
            org("ACFTU"),
            {"budget": "1000000.00", "central_share": percent},
        )

    return make


def test_r_amt_12_split_half_up_in_fen():
    assert split_fen(123_457, 600) == (74_074, 49_383)
    assert split_fen(1, 500) == (1, 0)
    assert split_fen(10_000, 550) == (5_500, 4_500)
    assert split_fen(3, 1000) == (3, 0) and split_fen(3, 0) == (0, 3)


def test_r_amt_12_relative_household_payment_is_split_on_payments_roster_and_ledgers(
    fund, archived, fund_users, national_share
):
    plan = national_share("60")
    central = fund(received="10000.00")
    local = fund(source="local_finance", received="10000.00")
    h = archived("relative").household
    set_account(fund_users["base"], h.applicant)
    p = do_pay(fund_users["centre"], central, h, {**LIVING, "amount": "1234.57", "co_fund": str(local.pk)})
    co = p.cofunding
    assert (co.plan, co.central_share_permille, co.category) == (plan, 600, "relative")
    assert (co.total_fen, co.central_fen, co.other_fen) == (123_457, 74_074, 49_383)
    assert co.clause == "总工办发〔2020〕13号 第十一条"
    parts = {x.fund.source: x.amount_fen for x in FundPayment.objects.filter(cofunding=co)}
    assert parts == {"central": 74_074, "local_finance": 49_383}
    # the archive's payments: one per source; the year total counts both (123,457 fen)
    aid = sorted(UnionAidPayment.objects.filter(household=h).values_list("fund_source", "amount_fen"))
    assert aid == [("central", 74_074), ("local_finance", 49_383)]
    assert UnionAidPayment.objects.filter(household=h).order_by("id").last().year_total_fen == 123_457
    # the ledgers: 1,000,000 − 74,074 and 1,000,000 − 49,383, each entry naming the share and the clause
    assert ledger.balance_fen(central) == 925_926 and ledger.balance_fen(local) == 950_617
    for entry in LedgerEntry.objects.filter(kind="payment"):
        assert "共同承担（中央60%，总工办发〔2020〕13号 第十一条）" in entry.note
    # the roster: two lines, each tagged with its source
    roster = rosters.do_make(fund_users["base"], "union_aid", f"{p.paid_on:%Y-%m}", "U110113")
    lines = sorted((ln.fund_source, ln.amount_fen) for ln in roster.lines.all())
    assert lines == [("central", 74_074), ("local_finance", 49_383)]


def test_r_amt_12_nearest_plan_share_and_the_half_fen(fund, archived, fund_users, national_share, org):
    national_share("60")
    plans.do_draft(
        fund_users["bj_rights"],
        org("U110000"),
        {"budget": "1000.00", "received_on": dt.date.today().replace(day=1), "central_share": "55"},
    )
    central = fund(received="1000.00")
    local = fund(source="local_finance", received="1000.00")
    h = archived("accident").household
    p = do_pay(fund_users["centre"], central, h, {**LIVING, "amount": "100.00", "co_fund": local.pk})
    assert (p.cofunding.central_share_permille, p.amount_fen, p.cofunding.other_fen) == (550, 5_500, 4_500)
    assert p.cofunding.plan.union_org.code == "U110000"
    # 0.01 元 at 55 %: 0.55 fen → 1 fen central, nothing for the other fund, so none needs naming
    tiny = do_pay(fund_users["centre"], central, h, {**LIVING, "amount": "0.01"})
    assert (tiny.amount_fen, tiny.cofunding.other_fen) == (1, 0)
    assert FundPayment.objects.filter(cofunding=tiny.cofunding).count() == 1


def test_r_amt_12_deep_household_is_paid_wholly_from_central(fund, archived, fund_users, national_share):
    national_share("60")
    central = fund(received="1000.00")
    p = do_pay(fund_users["centre"], central, archived("deep").household, {**LIVING, "amount": "100.00"})
    assert p.cofunding is None and p.amount_fen == 10_000 and ledger.balance_fen(central) == 90_000


def test_r_amt_12_refusals_name_the_clause_and_write_nothing(fund, archived, fund_users, national_share):
    central = fund(received="1000.00")
    local = fund(source="local_finance", received="1000.00", projects=["education"])
    h = archived("relative").household
    with pytest.raises(TransitionRefused, match=r"承担比例尚未确定.*第十一条"):
        do_pay(fund_users["centre"], central, h, {**LIVING, "amount": "100.00", "co_fund": local.pk})
    national_share("60")
    with pytest.raises(Invalid, match="共同承担") as e:
        do_pay(fund_users["centre"], central, h, {**LIVING, "amount": "100.00"})
    assert e.value.field == "co_fund"
    # the other fund's own rule set applies to its part (R-PAY-22): it pays education only
    with pytest.raises(TransitionRefused, match="使用规则不包括生活救助"):
        do_pay(fund_users["centre"], central, h, {**LIVING, "amount": "100.00", "co_fund": local.pk})
    other_union = fund(code="U110113", source="donations", received="1000.00")
    with pytest.raises(Invalid, match="本单位其他来源"):
        do_pay(fund_users["centre"], central, h, {**LIVING, "amount": "100.00", "co_fund": other_union.pk})
    assert not CoFunding.objects.exists() and not UnionAidPayment.objects.filter(household=h).exists()
    assert ledger.balance_fen(central) == 100_000 and ledger.balance_fen(local) == 100_000


def test_r_amt_12_pay_form_offers_the_other_funds(client, fund, fund_users):
    central = fund(received="10.00")
    local = fund(source="local_finance")
    client.force_login(fund_users["centre"])
    page = client.get(f"/unionfunds/funds/{central.pk}/").content.decode()
    assert 'name="co_fund"' in page and f'value="{local.pk}"' in page
