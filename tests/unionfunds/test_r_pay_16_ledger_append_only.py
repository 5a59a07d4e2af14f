"""R-PAY-16: the detailed ledger (明细台账) of each fund is append-only; a correction is a reversing entry; the
balance is the sum of the entries. R-PAY-22, R-PAY-23: funds by source, each entry tagged by its fund's
source, each source with its own rule set."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from jiuzhu.core.models import AuditEvent
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.temporary.actions import Invalid
from jiuzhu.unionfunds import ledger
from jiuzhu.unionfunds.models import Fund, LedgerEntry


def receive(user, f, amount, **extra):
    data = {"amount": amount, "counterparty": "全国总工会", "reference": "总工财〔2026〕3号", **extra}
    return ledger.do_receive(user, f, data)


def test_r_pay_16_balance_is_the_sum_of_entries_and_a_correction_reverses(fund, fund_users):
    fin = fund_users["bj_finance"]
    f = fund("U110000")
    first = receive(fin, f, "1200000.00")
    receive(fin, f, "34.56")
    assert ledger.balance_fen(f) == 120_003_456  # 1,200,000.00 + 34.56 = 1,200,034.56
    wrong = receive(fin, f, "100.00")
    rev = ledger.do_reverse(fin, wrong, "重复登记")
    assert rev.amount_fen == -10_000 and rev.reverses == wrong and rev.kind == "reversal"
    assert ledger.balance_fen(f) == 120_003_456
    assert LedgerEntry.objects.filter(fund=f).count() == 4  # nothing was removed
    with pytest.raises(TransitionRefused, match="已冲正"):
        ledger.do_reverse(fin, wrong, "再冲一次")
    with pytest.raises(TransitionRefused, match="不能再冲正"):
        ledger.do_reverse(fin, rev, "冲正冲正")
    assert AuditEvent.objects.filter(action="unionfunds.reverse", object_id=str(rev.pk)).exists()
    assert first.fund.source == "central"  # every entry is tagged by its fund's source


def test_r_pay_16_an_entry_is_never_edited_or_deleted(fund, fund_users):
    entry = receive(fund_users["bj_finance"], fund("U110000"), "10.00")
    entry.amount_fen = 1
    with pytest.raises(TypeError, match="只能追加"):
        entry.save()
    with pytest.raises(TypeError, match="只能追加"):
        entry.delete()
    with pytest.raises(TypeError, match="只能追加"):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount_fen=1)
    with pytest.raises(TypeError, match="只能追加"):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    assert LedgerEntry.objects.get(pk=entry.pk).amount_fen == 1000


def test_r_pay_16_database_refuses_a_wrong_sign_and_a_loose_reversal(fund, fund_users):
    f = fund("U110000")
    for kind, amount in (("receipt", -5), ("payment", 5), ("reversal", 5)):  # a reversal naming no entry
        with pytest.raises(IntegrityError), transaction.atomic():
            LedgerEntry.objects.create(fund=f, kind=kind, amount_fen=amount, on=dt.date.today())
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(fund=f, kind="receipt", amount_fen=0, on=dt.date.today())


def test_r_pay_16_a_fund_cannot_pay_more_than_it_holds(fund, fund_users):
    f = fund(received="100.00")
    entry = f.entries.get()
    ledger.do_reverse(fund_users["sy_finance"], entry, "退回")
    assert ledger.balance_fen(f) == 0
    g = fund(source="local_finance", received="50.00")
    from jiuzhu.unionfunds.pay import do_spend

    with pytest.raises(TransitionRefused, match="余额不足.*余额50.00元，本笔50.01元"):
        do_spend(
            fund_users["sy_finance"],
            g,
            {
                "project": "legal",
                "use": "legal_aid",
                "amount": "50.01",
                "counterparty": "顺义区法律援助中心",
                "reference": "购买服务合同2026-01",
            },
        )


def test_r_pay_22_one_fund_per_source_and_only_the_programmes_sources(fund, fund_users, org):
    fund()
    with pytest.raises(TransitionRefused, match="已有这一来源"):
        fund()
    with pytest.raises(Invalid, match="没有“上级工会补助”这一来源"):
        ledger.do_open_fund(
            fund_users["sy_finance"], org("U110113-HC"), {"programme": "aid", "source": "higher_union"}
        )


def test_r_pay_23_warmth_funds_have_the_six_sources(fund, fund_users):
    for source in ("local_finance", "higher_union", "union_funds", "donations", "employer", "other"):
        f = fund(code="U110113", programme="warmth", source=source, received="10.00")
        assert f.entries.get().fund.get_source_display()
    assert Fund.objects.filter(programme="warmth").count() == 6
    with pytest.raises(Exception, match="没有“中央财政专项帮扶资金”"):
        fund(code="U110113", programme="warmth", source="central")


def test_r_pay_22_central_rules_are_fixed_other_sources_set_their_own(fund, fund_users):
    central = fund()
    assert central.projects == ["living", "medical", "education", "training", "legal"]
    with pytest.raises(TransitionRefused, match="由全国总工会规定"):
        ledger.do_set_rules(fund_users["sy_rights"], central, {"projects": ["living"]})
    donations = fund(source="donations")
    with pytest.raises(TransitionRefused, match="部门不能"):
        ledger.do_set_rules(fund_users["sy_finance"], donations, {"projects": ["education"]})
    donations = ledger.do_set_rules(
        fund_users["sy_rights"],
        donations,
        {"projects": ["education"], "categories": ["deep"], "terms": "捐赠方指定用于深度困难职工子女助学"},
    )
    assert donations.projects == ["education"] and donations.categories == ["deep"]
    event = AuditEvent.objects.get(action="unionfunds.set_rules")
    assert event.before["projects"][0] == "living" and event.after["projects"] == ["education"]
