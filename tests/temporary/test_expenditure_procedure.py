"""R-FLOW-18 full procedure with the local processing time limit; R-FLOW-19 necessary expenditure only."""

import datetime as dt

import pytest

from jiuzhu.core.models import Deadline
from jiuzhu.temporary.actions import Invalid, do_accept, do_approve, do_review
from jiuzhu.temporary.models import TemporaryCase
from tests.factories import set_param


def test_r_flow_18_application_acceptance_review_approval(new_case, users):
    set_param(
        None,
        region_code="110113",
        key="temporary_processing_days",
        variant="",
        effective_from=dt.date(2026, 1, 1),
        value=10,
    )
    case = new_case(case_type="expenditure", event_kind="medical_spending")
    assert case.status == TemporaryCase.Status.APPLIED
    case = do_accept(users["sy_worker"], case)
    assert case.processing_due == dt.date.today() + dt.timedelta(days=10)  # calendar days
    deadline = Deadline.objects.get(object_id=str(case.pk), kind="temporary.processing")
    assert deadline.due == case.processing_due and not deadline.working_days
    case = do_review(
        users["sy_worker"],
        case,
        {"expenditure_check": "票据已核", "income_property_check": "已调查", "amount": "3000.00"},
    )
    case = do_approve(users["sy_approver"], case)
    assert case.status == TemporaryCase.Status.APPROVED
    deadline.refresh_from_db()
    assert deadline.met_at is not None


def test_r_flow_18_without_local_time_limit_no_deadline_and_flagged(new_case, users):
    case = do_accept(users["sy_worker"], new_case(case_type="expenditure", event_kind="education_spending"))
    assert case.processing_due is None and case.processing_limit_missing
    assert not Deadline.objects.filter(object_id=str(case.pk), kind="temporary.processing").exists()


def test_r_flow_19_dibao_applicant_only_necessary_expenditure_checked(new_case, users):
    case = do_accept(
        users["sy_worker"], new_case(case_type="expenditure", event_kind="medical_spending", is_dibao=True)
    )
    assert case.necessary_expenditure_only
    with pytest.raises(Invalid) as e:
        do_review(
            users["sy_worker"],
            case,
            {"expenditure_check": "票据已核", "income_property_check": "存款2万", "amount": "1000.00"},
        )
    assert e.value.field == "income_property_check" and "不进行收入和财产调查" in e.value.problem
    case = do_review(users["sy_worker"], case, {"expenditure_check": "票据已核", "amount": "1000.00"})
    assert case.status == "reviewed" and case.income_property_check == ""


def test_r_flow_19_other_applicants_need_the_income_and_property_investigation(new_case, users):
    case = do_accept(users["sy_worker"], new_case(case_type="expenditure", event_kind="medical_spending"))
    with pytest.raises(Invalid, match="income_property_check"):
        do_review(users["sy_worker"], case, {"expenditure_check": "票据已核", "amount": "1000.00"})
    case.refresh_from_db()
    assert case.status == "accepted"


def test_r_flow_19_registered_poor_and_tekun_also_skip_investigation(new_case):
    assert new_case(is_registered_poor=True).necessary_expenditure_only
    assert new_case(is_tekun=True).necessary_expenditure_only
    assert not new_case(is_disaster_affected=True).necessary_expenditure_only
