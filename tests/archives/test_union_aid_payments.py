"""R-FLOW-25 archive first, aid later; R-FLOW-31 / R-AMT-09 / OP-15 the 20,000 / 50,000 元 routing;
R-AMT-10 medical cap; OP-19 cash reasons; R-PAY-17 entry within 30 working days; R-PAY-22 fund source."""

import datetime as dt

import pytest

from jiuzhu.archives import actions as a
from jiuzhu.core.models import Deadline
from jiuzhu.core.workdays import add_working_days
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.temporary.actions import Invalid


def pay(user, household, amount, **extra):
    data = {"project": "living", "amount": amount, "fund_source": "central", "method": "bank", **extra}
    return a.do_pay(user, household, data)


def test_r_flow_25_an_archive_cannot_be_paid_before_it_exists(union_household, union_users):
    with pytest.raises(TransitionRefused, match="尚未建立困难职工档案.*先建档、后帮扶"):
        pay(union_users["base"], union_household(), "1000.00")


def test_r_flow_25_no_payment_while_archive_is_only_being_filed(archive_at, union_users):
    archive = archive_at("filed")
    with pytest.raises(TransitionRefused, match="当前档案状态：帮扶中心已备案"):
        pay(union_users["base"], archive.household, "1000.00")
    a.do_activate(union_users["centre"], archive)
    assert pay(union_users["base"], archive.household, "1000.00").archive == archive


def test_r_flow_31_above_20000_needs_provincial_approval_before_payment(archive_at, union_users):
    h = archive_at().household
    pay(union_users["base"], h, "20000.00")  # exactly 20,000.00: not "exceeds"
    with pytest.raises(TransitionRefused, match="累计将达20000.01元.*省级工会审批"):
        pay(union_users["base"], h, "0.01")
    pay(union_users["base"], h, "0.01", project="education")  # another project counts separately
    a.do_record_aid_approval(
        union_users["higher"],
        h,
        {
            "project": "living",
            "level": "province",
            "up_to": "30000.00",
            "reference": "京工帮〔2026〕8号",
            "approved_on": dt.date.today().isoformat(),
        },
    )
    payment = pay(union_users["base"], h, "0.01")
    assert payment.year_total_fen == 2_000_001 and payment.approval.reference == "京工帮〔2026〕8号"
    with pytest.raises(TransitionRefused, match="省级工会审批"):
        pay(union_users["base"], h, "10000.00")  # beyond the approved 30,000.00


def test_r_flow_31_above_50000_also_needs_acftu_consent(archive_at, union_users):
    h = archive_at().household
    for level in ("province",):
        a.do_record_aid_approval(
            union_users["higher"],
            h,
            {
                "project": "medical",
                "level": level,
                "up_to": "80000.00",
                "reference": "省批",
                "approved_on": dt.date.today().isoformat(),
            },
        )
    pay(union_users["base"], h, "50000.00", project="medical", self_paid_share="60000.00")
    with pytest.raises(TransitionRefused, match="全国总工会同意"):
        pay(union_users["base"], h, "1.00", project="medical", self_paid_share="1.00")
    a.do_record_aid_approval(
        union_users["higher"],
        h,
        {
            "project": "medical",
            "level": "national",
            "up_to": "80000.00",
            "reference": "总工批",
            "approved_on": dt.date.today().isoformat(),
        },
    )
    assert (
        pay(union_users["base"], h, "1.00", project="medical", self_paid_share="1.00").year_total_fen
        == 5_000_100
    )


def test_r_amt_10_medical_aid_capped_at_self_paid_share(archive_at, union_users):
    h = archive_at().household
    with pytest.raises(Invalid, match="个人自付部分3000.00元"):
        pay(union_users["base"], h, "3000.01", project="medical", self_paid_share="3000.00")
    with pytest.raises(Invalid) as e:
        pay(union_users["base"], h, "100.00", project="medical")
    assert e.value.field == "self_paid_share"


def test_op_19_cash_payment_needs_an_allowed_reason(archive_at, union_users):
    h = archive_at().household
    with pytest.raises(Invalid) as e:
        pay(union_users["base"], h, "500.00", method="cash")
    assert e.value.field == "cash_reason"
    assert (
        pay(union_users["base"], h, "500.00", method="cash", cash_reason="bedridden").cash_reason
        == "bedridden"
    )


def test_r_pay_17_entry_deadline_30_working_days_and_late_list(archive_at, union_users):
    h = archive_at().household
    paid = dt.date(2026, 9, 1)
    payment = pay(union_users["base"], h, "800.00", paid_on=paid.isoformat(), fund_source="donations")
    assert payment.entry_due == add_working_days(paid, 30)
    assert payment.entry_due > dt.date(2026, 10, 13)  # 30 weekdays, plus the National Day holidays
    d = Deadline.objects.get(object_type="archives.unionaidpayment", object_id=str(payment.pk))
    assert d.working_days and d.cite == "R-PAY-17"
    assert list(a.late_entries(union_users["base"])) == [payment]
    a.do_mark_entered(union_users["base"], payment)
    assert list(a.late_entries(union_users["base"])) == []


def test_r_pay_22_every_payment_tagged_with_fund_source(archive_at, union_users):
    h = archive_at().household
    with pytest.raises(Invalid) as e:
        a.do_pay(union_users["base"], h, {"project": "living", "amount": "1.00", "method": "bank"})
    assert e.value.field == "fund_source"
