"""Following the case online: steps and dates, notices opened online recording the delivery date (OP-17) from
which the appeal deadline runs (R-FLOW-09/10), an appeal lodged online, a change of circumstances reported
online (R-FLOW-12) and the payment history."""

import datetime as dt

import pytest
from django.utils import timezone

from jiuzhu.core.models import AuditEvent, Deadline
from jiuzhu.dibao import actions as d
from jiuzhu.portal import actions as a
from jiuzhu.portal.models import Consent, PortalApplication
from tests.dibao.helpers import to_status

pytestmark = pytest.mark.django_db
T = timezone.localdate


def taken(applicant, worker, days_ago: int):
    """An online 低保 application submitted `days_ago` days ago and taken by the township."""
    app = a.do_start(applicant, "dibao")
    for m in a.adults(app):
        a.do_consent(applicant, app, m["id_number"], Consent.Method.ELECTRONIC)
    a.do_submit(applicant, app)
    # arrange: the application was submitted some days ago (the procedure's dates follow it)
    PortalApplication.objects.filter(pk=app.pk).update(submitted_on=T() - dt.timedelta(days=days_ago))
    app = a.do_take(worker, app)
    d.do_submit(worker, app.dibao_application)  # every adult signed online: the township submits it
    return app


@pytest.fixture
def refused(applicant, users):
    """Refused two days ago (附件6), not yet delivered."""
    app = taken(applicant, users["sy_worker"], 25)
    case = to_status(
        app.dibao_application,
        "county_approval",
        users["sy_worker"],
        users["sy_approver"],
        start=T() - dt.timedelta(days=20),
    )
    notice = d.do_refuse(
        users["sy_approver"], case, property_reason="拥有两套住房", today=T() - dt.timedelta(days=2)
    )
    return app, notice


def test_r_flow_01_case_page_shows_the_steps(client, applicant, users):
    app = taken(applicant, users["sy_worker"], 25)
    to_status(app.dibao_application, "review_publicity", users["sy_worker"], start=T() - dt.timedelta(days=3))
    client.force_login(applicant)
    page = client.get(f"/portal/cases/dibao/{app.dibao_application_id}/").content.decode()
    assert 'data-status="review_publicity"' in page
    for step in ("填写中", "已受理", "经济状况核对", "入户调查", "民主评议", "乡镇审核", "审核公示"):
        assert step in page
    start, end = T() - dt.timedelta(days=3), T() + dt.timedelta(days=3)  # 7 calendar days, both ends counted
    assert f"审核公示（附件5）：{start:%Y-%m-%d}至{end:%Y-%m-%d}" in page
    assert "审核公示期满" not in page  # the staff's deadline (the day after) is not the applicant's


def test_op_17_opening_the_notice_online_records_its_delivery(client, applicant, refused):
    app, notice = refused
    assert Deadline.objects.filter(kind=f"delivery:{notice.pk}", met_at__isnull=True).exists()
    client.force_login(applicant)
    page = client.get(f"/portal/notices/{notice.pk}/").content.decode()
    notice.refresh_from_db()
    assert notice.delivered_on == T()
    assert notice.deliverer == "网上送达（申请人本人打开）"
    assert notice.appeal_deadline == T() + dt.timedelta(days=15)  # 复查: 15 days from receipt
    assert f"如不服，可在{T() + dt.timedelta(days=15):%Y-%m-%d}前申请复查" in page
    assert "拥有两套住房" in page
    assert not Deadline.objects.filter(kind=f"delivery:{notice.pk}", met_at__isnull=True).exists()
    # a later opening changes nothing
    d_before = notice.delivered_on
    client.get(f"/portal/notices/{notice.pk}/")
    notice.refresh_from_db()
    assert notice.delivered_on == d_before
    assert AuditEvent.objects.filter(action="portal.notice_opened", object_id=str(notice.pk)).count() == 1
    assert AuditEvent.objects.filter(action="dibao.delivery", object_id=str(notice.pk)).count() == 1


def test_r_flow_09_appeal_online_within_the_deadline(client, applicant, refused, users):
    app, notice = refused
    client.force_login(applicant)
    client.get(f"/portal/notices/{notice.pk}/")
    r = client.post(f"/portal/notices/{notice.pk}/appeal/", {"content": ""}, follow=True)
    assert "申请内容：请写明您的请求和理由" in r.content.decode()
    assert notice.appeals.count() == 0
    client.post(f"/portal/notices/{notice.pk}/appeal/", {"content": "两套住房中一套已出售"})
    appeal = notice.appeals.get()
    assert (appeal.kind, appeal.lodged_on, appeal.within_deadline) == ("review", T(), True)
    assert Deadline.objects.filter(kind=f"portal_appeal:{appeal.pk}", met_at__isnull=True).exists()
    client.force_login(users["sy_worker"])
    assert "处理申请人网上提出的复查/复议申请" in client.get("/todo/").content.decode()


def test_r_flow_12_change_reported_online_late_is_flagged(client, applicant, users):
    app = taken(applicant, users["sy_worker"], 45)
    case = to_status(
        app.dibao_application,
        "active",
        users["sy_worker"],
        users["sy_approver"],
        start=T() - dt.timedelta(days=40),
    )
    client.force_login(applicant)
    event = T() - dt.timedelta(days=31)
    r = client.post(
        f"/portal/cases/dibao/{case.pk}/change/",
        {"kind": "income", "event_on": event.isoformat(), "description": "儿子找到工作，月工资4000元"},
        follow=True,
    )
    assert "逾期报告" in r.content.decode()
    ch = case.change_reports.get()
    assert (ch.kind, ch.event_on, ch.reported_on, ch.due, ch.late) == (
        "income",
        event,
        T(),
        event + dt.timedelta(days=30),
        True,
    )
    assert Deadline.objects.filter(kind=f"portal_change:{ch.pk}", met_at__isnull=True).exists()


def test_r_flow_12_change_needs_a_date_named_by_field(client, applicant, users):
    app = taken(applicant, users["sy_worker"], 45)
    case = to_status(
        app.dibao_application,
        "active",
        users["sy_worker"],
        users["sy_approver"],
        start=T() - dt.timedelta(days=40),
    )
    client.force_login(applicant)
    r = client.post(
        f"/portal/cases/dibao/{case.pk}/change/",
        {"kind": "income", "event_on": "", "description": "x"},
        follow=True,
    )
    assert "变化发生日期：请填写变化发生的日期" in r.content.decode()
    assert case.change_reports.count() == 0


def test_notices_and_cases_cannot_reach_other_users(client, refused, other_applicant, users):
    app, notice = refused
    client.force_login(other_applicant)
    assert client.get(f"/portal/notices/{notice.pk}/").status_code == 404
    assert client.get(f"/portal/cases/dibao/{app.dibao_application_id}/").status_code == 404
    assert client.get(f"/portal/a/{app.pk}/").status_code == 404
    assert client.post(f"/portal/notices/{notice.pk}/appeal/", {"content": "x"}).status_code == 404
    notice.refresh_from_db()
    assert notice.delivered_on is None and notice.appeals.count() == 0
    # staff opening a notice page of the portal do not deliver it either
    client.force_login(users["sy_worker"])
    client.get(f"/portal/notices/{notice.pk}/")
    notice.refresh_from_db()
    assert notice.delivered_on is None


def test_a_case_made_at_the_counter_is_followed_online_too(
    client, applicant, household, other_household, users
):
    from jiuzhu.temporary.actions import do_create_case

    case = d.do_create_application(users["sy_worker"], household)
    other = do_create_case(
        users["cy_worker"],
        other_household,
        {"case_type": "emergency", "event_kind": "fire", "event_date": T().isoformat(), "severity": "severe"},
    )
    client.force_login(applicant)
    home = client.get("/portal/").content.decode()
    assert f"/portal/cases/dibao/{case.pk}/" in home
    assert client.get(f"/portal/cases/dibao/{case.pk}/").status_code == 200
    assert client.get(f"/portal/cases/temporary/{other.pk}/").status_code == 404


def test_r_flow_07_objection_to_the_publicity_online(client, applicant, other_applicant, users):
    app = taken(applicant, users["sy_worker"], 25)
    case = to_status(
        app.dibao_application, "review_publicity", users["sy_worker"], start=T() - dt.timedelta(days=3)
    )
    client.force_login(applicant)
    url = f"/portal/cases/dibao/{case.pk}/objection/"
    r = client.post(url, {"content": " "}, follow=True)
    assert "申请内容：请写明您的异议" in r.content.decode()
    client.force_login(other_applicant)
    assert client.post(url, {"content": "x"}).status_code == 404
    client.force_login(applicant)
    client.post(url, {"content": "评议时邻居反映的收入情况有误"})
    pub = case.publicities.get()
    objection = pub.objections.get()
    assert (objection.received_on, objection.content) == (T(), "评议时邻居反映的收入情况有误")
    dl = Deadline.objects.get(kind=f"objection:{objection.pk}")
    assert dl.due == pub.ends_on and dl.met_at is None
    assert AuditEvent.objects.filter(action="portal.objection", actor=applicant).count() == 1
