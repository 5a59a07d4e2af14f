"""R-PAY-10: every aid-fund payment names one of the five projects and a use under it; R-PAY-11 and R-PAY-25:
forbidden uses are refused with their clause; R-PAY-22: the source's rule set is applied; R-PAY-25 送温暖 by
real name; R-PAY-12: cash only with a special-case reason."""

import pytest

from jiuzhu.archives.models import UnionAidPayment
from jiuzhu.core.models import AuditEvent
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.temporary.actions import Invalid
from jiuzhu.unionfunds import ledger
from jiuzhu.unionfunds.models import FundPayment, LedgerEntry
from jiuzhu.unionfunds.pay import do_pay, do_spend


def test_r_pay_10_a_payment_names_a_project_and_is_booked_on_archive_and_ledger(fund, archived, fund_users):
    f = fund(received="10000.00")
    h = archived().household
    p = do_pay(
        fund_users["centre"], f, h, {"project": "living", "use": "heating_cooling", "amount": "1500.00"}
    )
    assert ledger.balance_fen(f) == 850_000  # 10,000.00 − 1,500.00
    assert p.entry.amount_fen == -150_000 and p.entry.kind == "payment"
    aid = UnionAidPayment.objects.get()
    assert p.aid_payment == aid and aid.fund_source == "central" and aid.project == "living"
    assert p.payee_name == h.applicant.name  # real name
    assert AuditEvent.objects.filter(action="unionfunds.pay", object_id=str(p.pk)).exists()
    with pytest.raises(Invalid, match="请选择"):
        do_pay(fund_users["centre"], f, h, {"use": "basic_living", "amount": "1.00"})  # no project


@pytest.mark.parametrize(
    "use", ["staff_costs", "bonus", "vehicles", "construction", "unrelated", "prohibited"]
)
def test_r_pay_11_forbidden_uses_are_refused_with_their_clause(fund, fund_users, use):
    f = fund(received="10000.00")
    with pytest.raises(TransitionRefused, match=r"明令禁止的用途.*总工办发〔2020〕13号 第八条"):
        do_spend(
            fund_users["sy_finance"],
            f,
            {"project": "living", "use": use, "amount": "100.00", "counterparty": "某公司", "reference": "x"},
        )
    assert ledger.balance_fen(f) == 1_000_000 and LedgerEntry.objects.filter(fund=f).count() == 1


def test_r_pay_10_a_use_outside_the_project_is_refused_and_services_are_paid_against_contract(
    fund, fund_users
):
    f = fund(received="10000.00")
    with pytest.raises(TransitionRefused, match="不在该资金的使用范围内"):
        do_spend(
            fund_users["sy_finance"],
            f,
            {"project": "legal", "use": "training", "amount": "1.00", "counterparty": "x", "reference": "y"},
        )
    entry = do_spend(
        fund_users["sy_finance"],
        f,
        {
            "project": "training",
            "use": "training",
            "amount": "2400.00",
            "counterparty": "顺义区职业技能培训学校",
            "reference": "培训服务合同〔2026〕05号",
        },
    )
    assert entry.kind == "expense" and ledger.balance_fen(f) == 760_000


def test_r_pay_22_the_sources_rule_set_limits_projects_and_categories(fund, archived, fund_users):
    donations = fund(source="donations", received="5000.00")
    ledger.do_set_rules(
        fund_users["sy_rights"],
        donations,
        {"projects": ["education"], "categories": ["deep"], "rules_reference": "捐赠协议2026-02"},
    )
    donations.refresh_from_db()
    deep, relative = archived("deep").household, archived("relative").household
    with pytest.raises(TransitionRefused, match="使用规则不包括生活救助（捐赠协议2026-02）"):
        do_pay(
            fund_users["centre"], donations, deep, {"project": "living", "use": "basic_living", "amount": "1"}
        )
    with pytest.raises(TransitionRefused, match="只用于深度困难家庭"):
        do_pay(
            fund_users["centre"],
            donations,
            relative,
            {"project": "education", "use": "school_costs", "amount": "1"},
        )
    p = do_pay(
        fund_users["centre"],
        donations,
        deep,
        {"project": "education", "use": "school_costs", "amount": "800"},
    )
    assert p.aid_payment.fund_source == "donations" and ledger.balance_fen(donations) == 420_000
    assert not UnionAidPayment.objects.filter(household=relative).exists()  # refusals wrote nothing


def test_r_pay_25_warmth_payment_by_real_name_and_its_forbidden_uses(fund, archived, fund_users):
    f = fund(code="U110113", programme="warmth", source="union_funds", received="3000.00")
    h = archived().household
    member = h.applicant
    with pytest.raises(TransitionRefused, match=r"明令禁止的用途.*总工发〔2018〕39号"):
        do_pay(fund_users["centre"], f, h, {"use": "bonus", "amount": "500"})
    with pytest.raises(Invalid, match="必填"):
        do_pay(fund_users["centre"], f, h, {"use": "condolence", "amount": "500"})
    p = do_pay(
        fund_users["centre"],
        f,
        h,
        {
            "use": "condolence",
            "amount": "500",
            "payee_name": member.name,
            "payee_id_number": member.id_number,
            "recipient_group": "illness_disaster",
        },
    )
    assert p.project == "" and p.aid_payment is None and ledger.balance_fen(f) == 250_000
    assert FundPayment.objects.get().payee_id_number == member.id_number
