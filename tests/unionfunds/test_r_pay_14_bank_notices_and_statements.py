"""R-PAY-14, second paragraph (总工发〔2012〕16号 第六条): after paying by bank card or passbook, the union or help
centre notifies the worker in writing of the amounts at intervals, and keeps the bank statements as accounting
records.

By hand: the household is paid 1,500.00 (living aid, bank) and 800.00 (medical aid, cash) from the central
fund and 500.00 (送温暖, bank) from the county's 送温暖 fund; the written notice of the period lists the two bank
payments, 1,500.00 + 500.00 = 2,000.00, not the cash one."""

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jiuzhu.core.models import AuditEvent
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.temporary.actions import Invalid
from jiuzhu.unionfunds import bank, cash
from jiuzhu.unionfunds.models import BankNotice, BankStatement
from jiuzhu.unionfunds.pay import do_pay

TODAY = dt.date.today()
PERIOD = {"period_start": TODAY.replace(day=1).isoformat(), "period_end": TODAY.isoformat()}


@pytest.fixture
def paid(fund, archived, fund_users, org):
    central = fund(received="10000.00")
    warmth_fund = fund(code="U110113", programme="warmth", source="union_funds", received="1000.00")
    h = archived("deep").household
    payee = h.applicant
    do_pay(
        fund_users["centre"], central, h, {"project": "living", "use": "basic_living", "amount": "1500.00"}
    )
    cash.do_draw(fund_users["sy_finance"], org("U110113-HC"), {"amount": "1000.00"})
    do_pay(
        fund_users["centre"],
        central,
        h,
        {
            "project": "medical",
            "use": "serious_illness",
            "amount": "800.00",
            "self_paid_share": "900.00",
            "method": "cash",
            "cash_reason": "one_off",
            "collector_name": payee.name,
            "collector_id_number": payee.id_number,
            "recipient_signed": "on",
            "counted": "on",
        },
    )
    do_pay(
        fund_users["centre"],
        warmth_fund,
        h,
        {
            "use": "condolence",
            "amount": "500.00",
            "payee_name": payee.name,
            "payee_id_number": payee.id_number,
            "recipient_group": "front_line",
        },
    )
    return h


def test_r_pay_14_written_notice_of_the_bank_payments_recorded_as_given(paid, fund_users, org, client):
    sy = org("U110113")
    assert bank.unnotified(sy).count() == 2  # the two bank payments; the cash one is on the cash book
    with pytest.raises(TransitionRefused):
        bank.do_make_notice(fund_users["sy_audit"], sy, paid, PERIOD)  # audit reads, does not write
    notice = bank.do_make_notice(fund_users["centre"], sy, paid, PERIOD)
    assert notice.total_fen == 200_000 and [ln["amount_fen"] for ln in notice.lines] == [150_000, 50_000]
    assert notice.payee_id_number == paid.applicant.id_number and notice.payments.count() == 2
    assert bank.unnotified(sy).count() == 0
    with pytest.raises(Invalid) as e:
        bank.do_record_given(fund_users["centre"], notice, {"given_how": "in_person"})
    assert e.value.field == "received_by"  # in person: who signed for it
    given = bank.do_record_given(
        fund_users["centre"], notice, {"given_how": "in_person", "received_by": paid.applicant.name}
    )
    assert (given.given_on, given.given_how) == (TODAY, "in_person")
    with pytest.raises(TransitionRefused, match="不能重复登记"):
        bank.do_record_given(fund_users["centre"], notice, {"given_how": "post"})
    actions = set(
        AuditEvent.objects.filter(object_type="unionfunds.banknotice").values_list("action", flat=True)
    )
    assert actions == {"unionfunds.bank_notice", "unionfunds.bank_notice_given"}
    # the document: the amounts, the ID masked, the clause
    client.force_login(fund_users["sy_audit"])
    doc = client.get(f"/unionfunds/notices/{notice.pk}/").content.decode()
    assert "1500.00" in doc and "500.00" in doc and "2000.00" in doc and "总工发〔2012〕16号 第六条" in doc
    assert paid.applicant.id_number not in doc
    page = client.get("/unionfunds/bank/U110113/").content.decode()
    assert f'id="notice-{notice.pk}"' in page and "银行发放均已书面通知" in page


def test_r_pay_14_notice_needs_bank_payments_in_the_period(paid, fund_users, org):
    with pytest.raises(TransitionRefused, match="没有银行发放"):
        bank.do_make_notice(
            fund_users["centre"],
            org("U110113"),
            paid,
            {"period_start": "2020-01-01", "period_end": "2020-03-31"},
        )
    with pytest.raises(Invalid) as e:
        bank.do_make_notice(
            fund_users["centre"],
            org("U110113"),
            paid,
            {"period_start": "2020-03-01", "period_end": "2020-01-31"},
        )
    assert e.value.field == "period_end" and not BankNotice.objects.exists()


def test_r_pay_14_bank_statements_kept_with_the_roster(fund_users, org, client, settings, tmp_path):
    from jiuzhu.payments import rosters

    settings.DATA_DIR = tmp_path
    content = "交易日期,摘要,金额\n2026-12-01,代发工资,-2000.00\n".encode()
    roster = rosters.do_make(fund_users["base"], "union_aid", f"{TODAY:%Y-%m}", "U110113")
    data = {"account": "北京农商银行顺义支行 帮扶专户", **PERIOD, "roster": str(roster.pk)}
    with pytest.raises(TransitionRefused):
        bank.do_store_statement(
            fund_users["centre"], org("U110113-HC"), data, content, "s.csv"
        )  # finance keeps
    st = bank.do_store_statement(fund_users["sy_finance"], org("U110113-HC"), data, content, "202612.csv")
    assert (
        st.sha256 == hashlib.sha256(content).hexdigest() and st.roster == roster and st.size == len(content)
    )
    assert (
        Path(st.path).read_bytes() == content
        and Path(st.path).parent == tmp_path / "unionfunds" / "statements"
    )
    with pytest.raises(TransitionRefused, match="已经保存过"):
        bank.do_store_statement(fund_users["sy_finance"], org("U110113-HC"), data, content, "again.csv")
    with pytest.raises(TypeError):
        st.delete()
    with pytest.raises(TypeError):
        BankStatement.objects.filter(pk=st.pk).update(account="x")
    with pytest.raises(TypeError):
        st.save()
    # through the page: the upload, then the file downloaded by the audit department
    client.force_login(fund_users["sy_finance"])
    other = SimpleUploadedFile("202611.csv", b"2026-11-30,x,-1.00\n")
    r = client.post("/unionfunds/bank/U110113-HC/do/statement/", {**data, "roster": "", "file": other})
    assert r.status_code == 302 and BankStatement.objects.count() == 2
    client.force_login(fund_users["sy_audit"])
    got = client.get(f"/unionfunds/statements/{st.pk}/file/")
    assert (
        got.status_code == 200
        and b"".join(got.streaming_content if got.streaming else [got.content]) == content
    )
