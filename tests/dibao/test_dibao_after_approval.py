"""R-FLOW-12..16, OP-05, OP-23: change reports, dynamic reviews, phase-out, job offers, leads."""

import datetime as dt

import pytest
from django.utils import timezone

from jiuzhu.core.models import Deadline, Region
from jiuzhu.dibao import actions as a
from tests.dibao.helpers import to_status

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _open(app, kind):
    return Deadline.objects.filter(
        object_type="dibao.dibaoapplication", object_id=str(app.pk), kind=kind, met_at__isnull=True
    )


@pytest.fixture
def active(application, worker, approver):
    return to_status(application, "active", worker, approver)


def test_r_flow_12_change_report_within_30_days_and_late_flag(active, worker):
    on_time = a.do_record_change(
        worker,
        active,
        kind="income",
        event_on=dt.date(2026, 9, 1),
        reported_on=dt.date(2026, 10, 1),
        description="妻子就业",
    )
    late = a.do_record_change(
        worker,
        active,
        kind="members",
        event_on=dt.date(2026, 9, 1),
        reported_on=dt.date(2026, 10, 2),
        description="子女外出工作",
    )
    assert on_time.late is False and late.late is True
    assert [c.pk for c in a.late_change_reports()] == [late.pk]


def test_r_flow_12_unreported_change_opens_report_window(active, worker):
    event = TODAY() - dt.timedelta(days=5)
    ch = a.do_record_change(worker, active, kind="property", event_on=event, description="比对发现新购车辆")
    window = _open(active, f"change_report:{ch.pk}").get()
    assert window.due == event + dt.timedelta(days=30) and window.cite == "R-FLOW-12"
    a.do_mark_change_reported(worker, ch, reported_on=TODAY())
    assert not _open(active, f"change_report:{ch.pk}").exists()


def test_r_flow_13_dynamic_review_every_6_months_with_working_age_member(active, worker):
    # the applicant (born 1980, full working capacity) can work: OP-05 6 months
    assert active.review_interval_months == 6
    due = _open(active, "dynamic_review").get()
    assert due.due == active.next_review_due
    visited = TODAY()
    a.do_dynamic_visit(
        worker,
        active,
        visited_on=visited,
        investigators=["李明"],
        findings="家庭情况无变化",
        conclusion="继续保障",
    )
    active.refresh_from_db()
    assert active.next_review_due == a.add_months(visited, 6)
    assert _open(active, "dynamic_review").get().due == active.next_review_due
    assert active.visits.filter(kind="dynamic").get().unit == "顺义区"


def test_r_flow_13_dynamic_review_12_months_without_working_age_member(make_household, worker, approver):
    household = make_household()
    household.members.update(work_capacity="none")  # direct update: a test fixture, not a registry change
    app = to_status(a.do_create_application(worker, household), "active", worker, approver)
    assert app.review_interval_months == 12


def test_r_flow_13_overdue_review_list(active, worker, approver):
    later = active.next_review_due + dt.timedelta(days=1)
    assert [x.pk for x in a.overdue_reviews(approver, today=later)] == [active.pk]
    assert list(a.overdue_reviews(approver, today=active.next_review_due)) == []


def test_r_flow_13_dynamic_visit_needs_findings_and_conclusion(active, worker):
    with pytest.raises(a.TransitionRefused, match="调查结论"):
        a.do_dynamic_visit(
            worker, active, visited_on=TODAY(), investigators=["李明"], findings="x", conclusion=""
        )


def test_r_flow_14_phase_out_end_date_and_stop_notice_at_end(active, approver):
    start = TODAY()
    a.do_start_phase_out(approver, active, starts_on=start)
    active.refresh_from_db()
    assert active.status == "phase_out"
    assert active.phase_out_end == a.add_months(start, 6) - dt.timedelta(days=1)  # demo phase_out_months: 6
    assert _open(active, "phase_out_end").get().due == active.phase_out_end
    with pytest.raises(a.TransitionRefused, match="期满前"):
        a.do_end_phase_out(approver, active, today=active.phase_out_end)
    assert a.process_phase_outs(today=active.phase_out_end) == 0
    assert a.process_phase_outs(today=active.phase_out_end + dt.timedelta(days=1)) == 1
    active.refresh_from_db()
    notice = active.notices.get()
    assert active.status == "stopped" and notice.kind == "stop"
    assert notice.stop_month == a.add_months(active.phase_out_end.replace(day=1), 1)


def test_r_flow_14_reassessment_keeps_the_case(active, approver):
    a.do_start_phase_out(approver, active)
    a.do_reassess(approver, active, note="收入回落")
    active.refresh_from_db()
    assert active.status == "active" and active.phase_out_end is None
    assert active.snapshots.filter(purpose="reassess").exists()
    assert not _open(active, "phase_out_end").exists()


def _offer(worker, app, member, day, **kw):
    args = {"via": "人社部门", "job": "保洁员", "suitable": True, "response": "refused"} | kw
    return a.do_record_job_offer(worker, app, member=member, offered_on=day, **args)


def test_r_flow_15_three_consecutive_refusals_open_the_decision(active, worker, approver):
    member = active.household.members.first()
    d = dt.date(2026, 6, 1)
    _offer(worker, active, member, d)
    _offer(worker, active, member, d + dt.timedelta(days=1), suitable=False)  # unsuitable: not counted
    _offer(worker, active, member, d + dt.timedelta(days=2))
    assert a.consecutive_refusals(member) == 2
    with pytest.raises(a.TransitionRefused, match="未达到"):
        a.do_job_refusal_decision(approver, active, member=member, decision="stop", stop_month=TODAY())
    _offer(worker, active, member, d + dt.timedelta(days=3))
    assert a.consecutive_refusals(member) == 3
    assert _open(active, f"job_refusal:{member.pk}").exists()
    notice = a.do_job_refusal_decision(
        approver, active, member=member, decision="reduce", household_fen=50000, per_capita_fen=25000
    )
    assert notice.kind == "change" and "拒绝" in notice.reasons["reason"]
    assert not _open(active, f"job_refusal:{member.pk}").exists()


def test_op_23_acceptance_or_justified_refusal_resets_the_count(active, worker):
    member = active.household.members.first()
    d = dt.date(2026, 6, 1)
    _offer(worker, active, member, d)
    _offer(worker, active, member, d + dt.timedelta(days=1))
    _offer(worker, active, member, d + dt.timedelta(days=2), good_reason=True, reason="需照料重病配偶")
    assert a.consecutive_refusals(member) == 0
    _offer(worker, active, member, d + dt.timedelta(days=3))
    _offer(worker, active, member, d + dt.timedelta(days=4), response="accepted")
    assert a.consecutive_refusals(member) == 0


def test_r_flow_16_active_discovery_lead_and_follow_up(worker, users):
    village = Region.objects.get(code="110113001001")
    lead = a.do_record_lead(
        worker,
        region=village,
        source="resident_cadre",
        person_name="王大爷",
        description="独居老人，无固定收入",
    )
    a.do_follow_up_lead(worker, lead, follow_up="已上门了解，指导申请低保")
    lead.refresh_from_db()
    assert lead.source == "resident_cadre" and lead.followed_up_on == TODAY()
    other = Region.objects.get(code="110105001")
    with pytest.raises(a.NotInScope):
        a.do_record_lead(worker, region=other, source="staff", person_name="李某", description="x")
    with pytest.raises(a.TransitionRefused, match="线索来源"):
        a.do_record_lead(worker, region=village, source="rumour", person_name="李某", description="x")
