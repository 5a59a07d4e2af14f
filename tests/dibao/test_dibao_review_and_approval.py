"""R-FLOW-04..08, OP-04, OP-10: verification, visit, appraisal, township review, publicity, county approval."""

import datetime as dt

import pytest
from django.utils import timezone

from jiuzhu.core.models import Deadline, StatusChange
from jiuzhu.dibao import actions as a
from jiuzhu.dibao.models import DibaoApplication, Source
from tests.dibao.helpers import appraise, sign_all, to_status, verify_all

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_r_flow_04_verification_record_per_source_and_report_required(application, worker):
    to_status(application, "verifying", worker)
    with pytest.raises(a.TransitionRefused, match="核对报告"):
        a.do_complete_verification(worker, application)
    a.do_record_verification(worker, application, source=Source.TAX, result="无纳税记录")
    with pytest.raises(a.TransitionRefused, match="尚未核对"):
        a.do_make_verification_report(worker, application, summary="一致")
    for s in Source.values:
        if s != Source.TAX:
            a.do_record_verification(worker, application, source=s, result="无记录")
    report = a.do_make_verification_report(worker, application, summary="家庭经济状况与申报一致")
    assert len(report.content) == len(Source.values) == 11
    a.do_complete_verification(worker, application)
    application.refresh_from_db()
    assert application.status == "visiting"


def test_r_flow_04_approval_blocked_without_verification_report(application, worker, approver):
    # a case that reached the county without a report (e.g. migrated from an old system)
    DibaoApplication.objects.filter(pk=application.pk).update(status="county_approval")
    with pytest.raises(a.TransitionRefused, match="核对报告"):
        a.do_approve(approver, application, payment_start=TODAY())
    application.refresh_from_db()
    assert application.status == "county_approval"


def test_r_flow_05_visit_with_one_investigator_cannot_be_finalised(application, worker):
    to_status(application, "visiting", worker)
    with pytest.raises(a.TransitionRefused, match="两名以上"):
        a.do_record_visit(
            worker,
            application,
            visited_on=TODAY(),
            investigators=["李明"],
            representative="张建国",
            findings="困难属实",
            agrees=True,
        )
    assert application.visits.count() == 0  # nothing half-written
    draft = a.do_record_visit(
        worker,
        application,
        visited_on=TODAY(),
        investigators="李明",
        representative="张建国",
        findings="困难属实",
        agrees=True,
        finalise=False,
    )
    with pytest.raises(a.TransitionRefused, match="两名以上"):
        a.do_finalise_visit(worker, draft)
    with pytest.raises(a.TransitionRefused, match="已定稿的入户调查"):
        a.do_complete_visit(worker, application)


def test_r_flow_05_visit_needs_representative_and_explanation_when_not_agreeing(application, worker):
    to_status(application, "visiting", worker)
    with pytest.raises(a.TransitionRefused, match="家庭代表"):
        a.do_record_visit(
            worker, application, visited_on=TODAY(), investigators=["李明", "王芳"], agrees=True
        )
    with pytest.raises(a.TransitionRefused, match="说明"):
        a.do_record_visit(
            worker,
            application,
            visited_on=TODAY(),
            investigators=["李明", "王芳"],
            representative="张建国",
            agrees=False,
        )
    v = a.do_record_visit(
        worker,
        application,
        visited_on=TODAY(),
        investigators="李明，王芳",
        representative="张建国",
        agrees=False,
        explanation="申报收入偏低，实际有零工收入",
    )
    assert v.investigators == ["李明", "王芳"] and v.finalised_at is not None
    a.do_complete_visit(worker, application)


def test_r_flow_05_democratic_appraisal_tally(application, worker):
    to_status(application, "appraisal", worker)
    with pytest.raises(a.TransitionRefused, match="民主评议"):
        a.do_complete_appraisal(worker, application)
    ap = a.do_record_appraisal(
        worker,
        application,
        held_on=TODAY(),
        participants="村民代表9人",
        votes_for=7,
        votes_against=1,
        abstentions=1,
        conclusion="同意",
    )
    assert (ap.votes_for, ap.votes_against, ap.abstentions) == (7, 1, 1)
    a.do_complete_appraisal(worker, application)


def test_r_flow_06_decision_snapshot_reproducible_after_facts_and_params_change(application, worker):
    from jiuzhu.core.models import LocalParameter
    from jiuzhu.registry.actions import do_update_household
    from jiuzhu.registry.documents import to_assessment_input, to_document

    to_status(application, "review_publicity", worker)
    snap = application.snapshots.get()
    assert snap.engine_version and snap.params_digest and snap.at == TODAY().strftime("%Y-%m")
    assert snap.facts["schema"] == "jiuzhu.household/1"
    assert snap.dibao["eligible"] is True
    stored = snap.result
    # afterwards the household's income and the local standard both change
    doc = to_document(application.household)
    doc["members"][0]["incomes"] = [{"kind": "wage", "amount": "9000.00", "per": "month"}]
    do_update_household(None, application.household, doc)
    LocalParameter.objects.filter(key="dibao_standard").update(value="99.00")
    application.household.refresh_from_db()
    facts = to_assessment_input(application.household)
    fresh = a.assess_snapshot_input(facts, a._params_for(facts), snap.at)
    assert fresh["programs"]["dibao"]["eligible"] is False  # today's facts and parameters say otherwise
    snap.refresh_from_db()
    assert a.reproduce(snap) == stored  # the stored input and parameter values give the stored result


def test_r_flow_06_township_review_of_ineligible_household_keeps_snapshot_and_stays(make_household, worker):
    household = make_household(members=1)
    from jiuzhu.registry.actions import do_update_household
    from jiuzhu.registry.documents import to_document

    doc = to_document(household)
    doc["members"][0]["incomes"] = [{"kind": "wage", "amount": "20000.00", "per": "month"}]
    household = do_update_household(None, household, doc) or household
    app = a.do_create_application(worker, household)
    to_status(app, "township_review", worker)
    with pytest.raises(a.TransitionRefused, match="不符合低保条件"):
        a.do_township_review(worker, app)
    app.refresh_from_db()
    assert app.status == "township_review"
    assert app.snapshots.get().dibao["eligible"] is False


def test_r_flow_07_seven_day_publicity_cannot_be_cut_short(application, worker):
    start = TODAY()
    to_status(application, "township_review", worker)
    with pytest.raises(a.TransitionRefused, match="不能早于今天"):
        a.do_township_review(
            worker, application, publicity_starts_on=start - dt.timedelta(days=3), today=start
        )
    a.do_township_review(worker, application, today=start)
    pub = application.publicities.get()
    assert (pub.starts_on, pub.ends_on) == (start, start + dt.timedelta(days=6))
    for day in range(7):  # every day of the seven, the opinion is refused
        with pytest.raises(a.TransitionRefused, match="须满7天"):
            a.do_township_opinion(
                worker,
                application,
                case_officer="李明",
                office_head="赵强",
                leader="孙伟",
                today=start + dt.timedelta(days=day),
            )
    deadline = Deadline.objects.get(kind="publicity_review", object_id=str(application.pk))
    assert deadline.due == start + dt.timedelta(days=7) and deadline.met_at is None
    a.do_township_opinion(
        worker,
        application,
        case_officer="李明",
        office_head="赵强",
        leader="孙伟",
        today=start + dt.timedelta(days=7),
    )
    application.refresh_from_db()
    assert application.status == "township_opinion"
    deadline.refresh_from_db()
    assert deadline.met_at is not None


def test_r_flow_07_objections_recorded_and_handled_before_opinion(application, worker):
    start = TODAY()
    to_status(application, "review_publicity", worker, start=start)
    obj = a.do_record_objection(
        worker, application, received_on=start + dt.timedelta(days=2), content="反映其子有稳定收入"
    )
    with pytest.raises(a.TransitionRefused, match="异议未处理"):
        a.do_township_opinion(
            worker,
            application,
            case_officer="李明",
            office_head="赵强",
            leader="孙伟",
            today=start + dt.timedelta(days=8),
        )
    a.do_handle_objection(worker, obj, handling="入户核实，其子已分户另住", result="异议不成立")
    obj.refresh_from_db()
    assert obj.handled and obj.result == "异议不成立"
    a.do_township_opinion(
        worker,
        application,
        case_officer="李明",
        office_head="赵强",
        leader="孙伟",
        today=start + dt.timedelta(days=8),
    )


def test_r_flow_06_township_opinion_needs_three_signatures_and_takes_amounts_from_snapshot(
    application, worker
):
    to_status(application, "review_publicity", worker)
    with pytest.raises(a.TransitionRefused, match="签字"):
        a.do_township_opinion(
            worker,
            application,
            case_officer="李明",
            office_head="",
            leader="孙伟",
            today=TODAY() + dt.timedelta(days=7),
        )
    to_status(application, "township_opinion", worker)
    assert application.opinion_household_fen == 100000 and application.opinion_persons == 2


def test_r_flow_08_approval_with_payment_start_and_approval_publicity(application, worker, approver):
    to_status(application, "county_approval", worker)
    a.do_approve(approver, application, payment_start=dt.date(2026, 12, 15), leader="周局长")
    application.refresh_from_db()
    assert application.status == "approved"
    assert application.payment_start == dt.date(2026, 12, 1) and application.approver == approver
    assert application.benefit_household_fen == application.opinion_household_fen
    start = TODAY()
    a.do_publish_approval(worker, application, today=start)
    pub = application.publicities.get(kind="approval")
    assert pub.ends_on - pub.starts_on == dt.timedelta(days=6)  # OP-04: 7 days
    with pytest.raises(a.TransitionRefused, match="须满7天"):
        a.do_start_payment(worker, application, today=start + dt.timedelta(days=6))
    a.do_start_payment(worker, application, today=start + dt.timedelta(days=7))
    application.refresh_from_db()
    assert application.status == "active" and application.next_review_due is not None


def test_r_flow_08_maker_checker_preparer_of_township_opinion_cannot_approve(application, users, approver):
    admin = users["admin"]  # the administrator may act as both, but never on the same case
    to_status(application, "county_approval", admin)
    with pytest.raises(a.TransitionRefused, match="不能为同一人"):
        a.do_approve(admin, application, payment_start=TODAY())
    a.do_approve(approver, application, payment_start=TODAY())


def test_r_flow_08_case_worker_cannot_approve(application, worker):
    to_status(application, "county_approval", worker)
    with pytest.raises(a.TransitionRefused, match="角色"):
        a.do_approve(worker, application, payment_start=TODAY())


def test_op_10_near_relative_case_requires_second_different_county_reviewer(
    make_household, worker, approver, approver2
):
    app = a.do_create_application(worker, make_household(near_relative_of_staff=True))
    to_status(app, "county_approval", worker)
    with pytest.raises(a.TransitionRefused, match="另一名县级审核人"):
        a.do_approve(approver, app, payment_start=TODAY())
    a.do_second_review(approver, app, agrees=True)
    with pytest.raises(a.TransitionRefused, match="另一名县级审核人"):
        a.do_approve(approver, app, payment_start=TODAY())  # the same person does not count twice
    a.do_approve(approver2, app, payment_start=TODAY())
    app.refresh_from_db()
    assert app.status == "approved"


def test_status_changes_recorded_for_every_step(application, worker, approver):
    to_status(application, "active", worker, approver)
    steps = list(
        StatusChange.objects.filter(
            object_id=str(application.pk), object_type="dibao.dibaoapplication"
        ).values_list("to_status", flat=True)
    )
    assert steps == [
        "draft",  # the application's creation
        "submitted",
        "verifying",
        "visiting",
        "appraisal",
        "township_review",
        "review_publicity",
        "township_opinion",
        "county_approval",
        "approved",
        "approval_publicity",
        "active",
    ]


def test_wrong_status_gives_clear_message(application, worker):
    sign_all(worker, application)
    with pytest.raises(a.TransitionRefused, match="当前状态"):
        verify_all(worker, application)
    with pytest.raises(a.TransitionRefused, match="当前状态"):
        appraise(worker, application)


def test_r_flow_06_snapshot_keeps_the_standard_of_an_obligor_in_another_county(make_household, worker):
    """R-INC-10 with R-FLOW-06: the applicant's son lives in 朝阳 (110105, urban standard 1450.00 in 2026)
    and earns 3000.00 a month. Support counted = 0.30 x (3000.00 - 1450.00) = 465.00; household income
    1800.00 + 465.00 = 2265.00 for 2 persons = 1132.50 per person < 1400.00 (顺义): eligible. The snapshot
    must hold 朝阳's parameters too, or the decision could neither be made nor reproduced."""
    from tests.factories import new_id

    son = {
        "name": "张小军",
        "id_number": new_id(),
        "relation": "child",
        "supports": "m1",
        "hukou_region": "110105",
        "income": {"amount": "3000.00", "per": "month"},
    }
    app = a.do_create_application(worker, make_household(obligors=[son]))
    to_status(app, "review_publicity", worker)
    snap = app.snapshots.get()
    assert set(snap.params["regions"]) >= {"110113", "110105"}
    assert snap.dibao["eligible"] is True
    assert snap.dibao["per_capita_income"] == "1132.50"
    assert a.reproduce(snap) == snap.result
