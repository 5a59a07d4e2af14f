"""OP-17, R-FLOW-11: the decisions without a notice record of their own — the 低保 approval (R-FLOW-08) and the
临时救助 approval or refusal — are told online; the applicant's first opening is the delivery, its date
recorded with what the notice said, once."""

import datetime as dt

import pytest
from django.utils import timezone

from jiuzhu.core.models import AuditEvent
from jiuzhu.portal.casework import ONLINE_DELIVERER
from jiuzhu.portal.models import DecisionNotice
from jiuzhu.temporary import actions as t
from tests.dibao.helpers import to_status
from tests.portal.test_follow import taken

pytestmark = pytest.mark.django_db
T = timezone.localdate


def temporary_case(household, worker, amount="3000.00"):
    case = t.do_create_case(
        worker,
        household,
        {
            "case_type": "expenditure",
            "event_kind": "medical_spending",
            "event_date": (T() - dt.timedelta(days=5)).isoformat(),
            "severity": "moderate",
            "loss": "8600.00",
        },
    )
    t.do_accept(worker, case)
    return t.do_review(
        worker,
        case,
        {"expenditure_check": "医疗票据已核", "amount": amount, "income_property_check": "收入财产已调查"},
    )


def test_op_17_the_dibao_approval_notice_opened_online_records_its_delivery(client, applicant, users):
    app = taken(applicant, users["sy_worker"], 25)
    start = T() - dt.timedelta(days=20)
    case = to_status(app.dibao_application, "approved", users["sy_worker"], users["sy_approver"], start=start)
    url = f"/portal/cases/dibao/{case.pk}/"
    client.force_login(applicant)
    page = client.get(url).content.decode()
    assert "最低生活保障批准通知书" in page and "未读" in page
    assert not DecisionNotice.objects.exists()  # not delivered until opened

    page = client.get(url + "decision/").content.decode()
    notice = DecisionNotice.objects.get()
    # approved by the county 8 days after the start (to_status), payment from the start's month
    approved_on = start + dt.timedelta(days=8)
    assert (notice.kind, notice.dibao_application, notice.issued_on) == ("dibao_approval", case, approved_on)
    assert (notice.delivered_on, notice.deliverer, notice.opened_by) == (T(), ONLINE_DELIVERER, applicant)
    assert notice.content["household_fen"] == case.benefit_household_fen is not None
    assert notice.content["payment_start"] == start.replace(day=1).isoformat()
    assert f"于{approved_on:%Y-%m-%d}审核批准" in page and f"自{start:%Y-%m}起发放" in page
    assert f'data-delivered="{T():%Y-%m-%d}"' in page
    assert f"{T():%Y-%m-%d}已送达" in client.get(url).content.decode()

    client.get(url + "decision/")  # a later opening changes nothing
    assert DecisionNotice.objects.count() == 1
    assert (
        AuditEvent.objects.filter(action="portal.decision_notice_opened", object_id=str(case.pk)).count() == 1
    )


def test_op_17_no_decision_no_notice_and_only_the_own_household(client, applicant, other_applicant, users):
    app = taken(applicant, users["sy_worker"], 25)
    url = f"/portal/cases/dibao/{app.dibao_application_id}/"
    client.force_login(applicant)
    assert "decision-notice" not in client.get(url).content.decode()
    assert client.get(url + "decision/").status_code == 404  # not approved: nothing to tell
    to_status(
        app.dibao_application,
        "approved",
        users["sy_worker"],
        users["sy_approver"],
        start=T() - dt.timedelta(20),
    )
    client.force_login(other_applicant)
    assert client.get(url + "decision/").status_code == 404
    assert not DecisionNotice.objects.exists()


def test_op_17_the_temporary_refusal_notice_says_the_reason(client, applicant, household, users):
    case = temporary_case(household, users["sy_worker"])
    t.do_reject(users["sy_approver"], case, "已获得足额医疗保险赔付")
    client.force_login(applicant)
    url = f"/portal/cases/temporary/{case.pk}/"
    assert "临时救助不予救助告知书" in client.get(url).content.decode()
    page = client.get(url + "decision/").content.decode()
    notice = DecisionNotice.objects.get()
    assert (notice.kind, notice.temporary_case, notice.issued_on, notice.delivered_on) == (
        "temporary_refusal",
        case,
        T(),
        T(),
    )
    assert notice.content["reason"] == "已获得足额医疗保险赔付" and "已获得足额医疗保险赔付" in page


def test_op_17_the_temporary_approval_notice_says_the_amount(client, applicant, household, users):
    case = temporary_case(household, users["sy_worker"], amount="3000.00")
    t.do_approve(users["sy_approver"], case)
    client.force_login(applicant)
    page = client.get(f"/portal/cases/temporary/{case.pk}/decision/").content.decode()
    notice = DecisionNotice.objects.get()
    assert (notice.kind, notice.content["amount_fen"]) == ("temporary_approval", 300000)
    assert "救助金额3000.00元" in page
