"""R-AMT-15 (总工发〔2018〕39号 第七条、第十七条): 送温暖 condolence standards are set locally by the competent
union (a provincial union or a union below it, its own rights-protection department), with the approval
authority for more than the standard; a union below the province stays within the provincial standard; each
送温暖 payment is checked against the standard in force of the nearest union for its recipient group.

By hand: the province (北京市总工会) sets 500.00 元 a person a visit for every group, up to 1,000.00 元 with the
approval of the paying union's leadership; 顺义区总工会 sets 400.00 元 for the ill or disaster-struck, nothing
above it. A payment of 顺义's 送温暖 fund to an ill worker: 400.00 paid, 400.01 refused; to a front-line worker
(no 顺义 standard for that group: the province's applies): 500.00 paid, 800.00 needs the approval's number,
1,000.01 refused. The fund received 5,000.00 and paid 300.00 + 400.00 + 500.00 + 800.00 = 2,000.00.
"""

import datetime as dt

import pytest

from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.temporary.actions import Invalid
from jiuzhu.unionfunds import ledger, warmth
from jiuzhu.unionfunds.models import FundPayment, WarmthStandard
from jiuzhu.unionfunds.pay import do_pay

JAN1 = dt.date.today().replace(month=1, day=1).isoformat()
PROVINCE = {
    "amount": "500.00",
    "max": "1000.00",
    "approver": "leadership",
    "valid_from": JAN1,
    "basis": "参照本市居民生活水平",
    "price_index": "101.8",
    "reference": "京工发〔2026〕9号",
}
COUNTY = {
    "recipient_group": "illness_disaster",
    "amount": "400.00",
    "valid_from": JAN1,
    "basis": "参照本区居民生活水平",
    "reference": "顺工发〔2026〕3号",
}


def test_r_amt_15_who_may_set_a_local_standard(fund_users, org):
    for who, code in (("acftu_rights", "ACFTU"), ("bj_finance", "U110000"), ("centre", "U110113-HC")):
        with pytest.raises(TransitionRefused):
            warmth.do_set_standard(fund_users[who], org(code), PROVINCE)
    with pytest.raises(TransitionRefused, match="本级工会"):  # the province does not set the county's
        warmth.do_set_standard(fund_users["bj_rights"], org("U110113"), COUNTY)
    province = warmth.do_set_standard(fund_users["bj_rights"], org("U110000"), PROVINCE)
    assert (province.amount_fen, province.max_fen, province.recipient_group) == (50_000, 100_000, "")
    with pytest.raises(
        TransitionRefused, match=r"不能高于北京市总工会的送温暖慰问标准500.00元/人·次、经审批最高1000.00元"
    ):
        warmth.do_set_standard(fund_users["sy_rights"], org("U110113"), {**COUNTY, "amount": "600.00"})
    with pytest.raises(Invalid) as e:
        warmth.do_set_standard(fund_users["sy_rights"], org("U110113"), {**COUNTY, "max": "300.00"})
    assert e.value.field == "max"
    county = warmth.do_set_standard(fund_users["sy_rights"], org("U110113"), COUNTY)
    assert (county.amount_fen, county.max_fen) == (40_000, None)
    assert WarmthStandard.objects.count() == 2


def test_r_amt_15_the_standard_and_authority_applied_to_warmth_payments(fund, archived, fund_users, org):
    f = fund(code="U110113", programme="warmth", source="union_funds", received="5000.00")
    h = archived().household
    m = h.applicant

    def pay(amount, group, **extra):
        data = {"use": "condolence", "amount": amount, "payee_name": m.name, "payee_id_number": m.id_number}
        return do_pay(fund_users["centre"], f, h, {**data, "recipient_group": group, **extra})

    first = pay("300.00", "front_line")  # no local standard yet: paid, with advice
    assert first.warmth_standard is None and "尚未制定送温暖慰问标准" in first.advice[0]
    province = warmth.do_set_standard(fund_users["bj_rights"], org("U110000"), PROVINCE)
    county = warmth.do_set_standard(fund_users["sy_rights"], org("U110113"), COUNTY)
    assert pay("400.00", "illness_disaster").warmth_standard == county
    with pytest.raises(
        TransitionRefused,
        match=r"超过顺义区总工会送温暖慰问标准400.00元/人·次，不得超标准发放（顺工发〔2026〕3号）",
    ):
        pay("400.01", "illness_disaster")
    assert pay("500.00", "front_line").warmth_standard == province
    with pytest.raises(Invalid) as e:
        pay("800.00", "front_line")
    assert e.value.field == "approval_reference" and "发放工会领导班子集体研究" in e.value.problem
    approved = pay("800.00", "front_line", approval_reference="顺工党组会〔2026〕7号")
    assert (approved.warmth_standard, approved.approval_reference) == (province, "顺工党组会〔2026〕7号")
    with pytest.raises(TransitionRefused, match="经审批最高额1000.00元"):
        pay("1000.01", "front_line", approval_reference="顺工党组会〔2026〕7号")
    assert FundPayment.objects.filter(fund=f).count() == 4
    assert ledger.balance_fen(f) == 500_000 - 200_000


def test_r_amt_15_standards_on_the_funds_page(client, fund_users, org):
    warmth.do_set_standard(fund_users["bj_rights"], org("U110000"), PROVINCE)
    client.force_login(fund_users["sy_rights"])
    page = client.get("/unionfunds/").content.decode()
    assert "京工发〔2026〕9号" in page and 'action="/unionfunds/warmth-standards/"' in page
    r = client.post("/unionfunds/warmth-standards/", {**COUNTY, "union": "U110113", "amount": "600.00"})
    assert r.status_code == 409 and "不能高于北京市总工会" in r.content.decode()
    r = client.post("/unionfunds/warmth-standards/", {**COUNTY, "union": "U110113"})
    assert r.status_code == 302 and WarmthStandard.objects.filter(union_org__code="U110113").exists()
