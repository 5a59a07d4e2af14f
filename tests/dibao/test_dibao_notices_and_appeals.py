"""R-FLOW-09, R-FLOW-10, R-DOC-12, OP-17: refusal and change/stop notices, delivery, appeal deadlines."""

import datetime as dt

import pytest
from django.utils import timezone

from jiuzhu.core.models import Deadline
from jiuzhu.dibao import actions as a
from tests.dibao.helpers import to_status

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _deadline(app, kind):
    return Deadline.objects.filter(
        object_type="dibao.dibaoapplication", object_id=str(app.pk), kind=kind
    ).first()


def test_r_flow_09_refusal_with_reasons_numbered_per_year_and_unit(make_household, worker, approver):
    notices = []
    for _ in range(2):
        app = a.do_create_application(worker, make_household())
        to_status(app, "county_approval", worker)
        notices.append(a.do_refuse(approver, app, income_exceeds=True, property_reason="拥有两套住房"))
    first, second = notices
    assert first.series == "附件6" and first.year == TODAY().year
    assert (first.number, second.number) == (1, 2) and first.issuing_unit.code == "110113"
    assert first.label == f"（{TODAY().year}年第1号）"
    assert first.reasons["income"] == {"per_capita_income": "900.00", "standard": "1400.00"}
    assert first.reasons["property"] == "拥有两套住房"
    first.application.refresh_from_db()
    assert first.application.status == "refused"


def test_r_flow_09_refusal_needs_a_reason(application, worker, approver):
    to_status(application, "county_approval", worker)
    with pytest.raises(a.TransitionRefused, match="理由"):
        a.do_refuse(approver, application)


def test_r_flow_09_review_deadline_is_delivery_plus_15_days(application, worker, approver):
    to_status(application, "county_approval", worker)
    issued = TODAY() - dt.timedelta(days=10)
    notice = a.do_refuse(approver, application, property_reason="有商业保险现金价值", today=issued)
    # OP-17: no delivery date -> no deadline, and the case is flagged on the to-do list
    assert notice.appeal_deadline is None
    flag = _deadline(application, f"delivery:{notice.pk}")
    assert flag is not None and flag.met_at is None
    with pytest.raises(a.TransitionRefused, match="送达人"):
        a.do_record_delivery(worker, notice, delivered_on=issued, deliverer="")
    notice = a.do_record_delivery(
        worker, notice, delivered_on=issued + dt.timedelta(days=2), deliverer="李明"
    )
    assert notice.appeal_deadline == issued + dt.timedelta(days=17)
    flag.refresh_from_db()
    assert flag.met_at is not None
    appeal_deadline = _deadline(application, f"appeal:{notice.pk}")
    assert appeal_deadline.due == notice.appeal_deadline and appeal_deadline.cite == "R-FLOW-09"


def test_r_flow_09_appeal_within_and_after_deadline_and_decision(application, worker, approver):
    to_status(application, "county_approval", worker)
    issued = TODAY() - dt.timedelta(days=40)
    notice = a.do_refuse(approver, application, property_reason="有车辆", today=issued)
    a.do_record_delivery(worker, notice, delivered_on=issued, deliverer="李明")
    on_time = a.do_lodge_appeal(worker, notice, lodged_on=issued + dt.timedelta(days=15), content="申请复查")
    late = a.do_lodge_appeal(worker, notice, lodged_on=issued + dt.timedelta(days=16))
    assert on_time.kind == "review" and on_time.within_deadline is True
    assert late.within_deadline is False
    assert _deadline(application, f"appeal:{notice.pk}").met_at is not None
    with pytest.raises(a.TransitionRefused, match="角色"):
        a.do_decide_appeal(worker, on_time, decision="upheld")
    decided = a.do_decide_appeal(approver, on_time, decision="upheld", note="维持")
    assert decided.decision == "upheld" and decided.decided_on == TODAY()


def test_r_flow_10_change_notice_old_and_new_amounts_reconsideration_60_days(application, worker, approver):
    to_status(application, "active", worker, approver)
    notice = a.do_change_benefit(
        approver, application, household_fen=60000, per_capita_fen=30000, reason="家庭人均收入增加"
    )
    assert notice.series == "附件7" and notice.number == 1
    assert (notice.old_household_fen, notice.new_household_fen) == (100000, 60000)
    assert (notice.old_per_capita_fen, notice.new_per_capita_fen) == (50000, 30000)
    application.refresh_from_db()
    assert application.benefit_household_fen == 60000
    delivered = TODAY()
    notice = a.do_record_delivery(worker, notice, delivered_on=delivered, deliverer="王芳")
    assert notice.appeal_deadline == delivered + dt.timedelta(days=60)
    appeal = a.do_lodge_appeal(worker, notice, lodged_on=delivered + dt.timedelta(days=30))
    assert appeal.kind == "reconsideration" and appeal.within_deadline


def test_r_flow_10_stop_notice_with_stop_month_ends_authorisation(application, worker, approver):
    to_status(application, "active", worker, approver)
    notice = a.do_stop(approver, application, stop_month=dt.date(2027, 3, 20), reason="家庭收入超过标准")
    assert notice.kind == "stop" and notice.stop_month == dt.date(2027, 3, 1)
    application.refresh_from_db()
    assert application.status == "stopped" and application.authorisation_until == dt.date(2027, 2, 28)
    assert notice.appeal_deadline is None  # OP-17 until delivered
    a.do_record_delivery(worker, notice, delivered_on=TODAY(), deliverer="王芳")
    notice.refresh_from_db()
    assert notice.appeal_deadline == TODAY() + dt.timedelta(days=60)


def test_r_doc_12_sequence_per_series_and_unit(application, worker, approver, make_household):
    to_status(application, "active", worker, approver)
    change = a.do_change_benefit(approver, application, household_fen=1, per_capita_fen=1, reason="调整")
    other = a.do_create_application(worker, make_household())
    to_status(other, "county_approval", worker)
    refusal = a.do_refuse(approver, other, property_reason="x")
    assert (change.series, change.number) == ("附件7", 1)
    assert (refusal.series, refusal.number) == ("附件6", 1)


@pytest.mark.parametrize("decision", ["refuse", "change", "stop"])
def test_r_flow_11_every_decision_the_applicant_must_hear_of_has_its_notice_to_deliver(
    decision, application, worker, approver, client
):
    """R-FLOW-11: a refusal (附件6), a change or a stop (附件7) each produce the administrative document, with
    its delivery on the to-do list until it is recorded, and the document printable from the case page."""
    from jiuzhu.core import todo

    if decision == "refuse":
        to_status(application, "county_approval", worker)
        notice = a.do_refuse(approver, application, property_reason="拥有两套住房")
    else:
        to_status(application, "active", worker, approver)
        if decision == "change":
            notice = a.do_change_benefit(
                approver, application, household_fen=60000, per_capita_fen=30000, reason="收入增加"
            )
        else:
            notice = a.do_stop(approver, application, stop_month=TODAY(), reason="家庭收入超过标准")
    assert notice.series == ("附件6" if decision == "refuse" else "附件7")
    delivery = _deadline(application, f"delivery:{notice.pk}")
    assert delivery is not None and delivery.met_at is None and delivery in todo.worker_list(worker)
    client.force_login(worker)
    page = client.get(f"/dibao/{application.pk}/").content.decode()
    kind = "fj6" if decision == "refuse" else "fj7"
    assert f"/documents/{kind}/{notice.pk}.pdf" in page
    a.do_record_delivery(worker, notice, delivered_on=TODAY(), deliverer="王芳")
    delivery.refresh_from_db()
    assert delivery.met_at is not None
