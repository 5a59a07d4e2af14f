"""R-FLOW-17 先行救助 and R-DOC-18: pay first, the file stays 待补办 until completed; OP-18 overdue list."""

import datetime as dt

import pytest

from jiuzhu.core.models import Deadline, StatusChange
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.temporary.actions import (
    do_assist_first,
    do_record_registration,
    do_regularise,
    overdue_regularisation,
)
from jiuzhu.temporary.models import Handout, TemporaryCase


def pay(users, case, amount="2000.00", given_on=None):
    return do_assist_first(
        users["sy_worker"],
        case,
        {"amount": amount, "recipient": "张建国", "given_on": given_on or dt.date.today().isoformat()},
    )


def test_r_flow_17_emergency_case_paid_before_file_is_complete(new_case, users):
    case = pay(users, new_case())
    assert case.status == TemporaryCase.Status.TO_REGULARISE
    assert case.assist_first and case.amount_fen == 200000
    handout = Handout.objects.get(case=case)
    assert (handout.recipient, handout.amount_fen, handout.form) == ("张建国", 200000, "cash")
    assert case.missing_registration  # nothing of R-DOC-18 filled in yet


def test_r_flow_17_stays_to_regularise_until_every_registration_field_is_filled(new_case, users):
    case = pay(users, new_case())
    do_record_registration(
        users["sy_worker"], case, {"reg_recipient": "张建国", "reg_reason": "火灾", "reg_amount": "2000.00"}
    )
    with pytest.raises(TransitionRefused, match="经办人签字、单位盖章"):
        do_regularise(users["sy_worker"], case)
    case.refresh_from_db()
    assert case.status == TemporaryCase.Status.TO_REGULARISE
    case = do_regularise(users["sy_worker2"], case, {"reg_officer": "李经办", "reg_seal": True})
    assert case.status == TemporaryCase.Status.CLOSED and case.regularised_on
    assert not Deadline.objects.filter(
        object_id=str(case.pk), kind="temporary.regularise", met_at__isnull=True
    )


def test_r_flow_17_expenditure_case_cannot_be_paid_first(new_case, users):
    case = new_case(case_type="expenditure", event_kind="medical_spending")
    with pytest.raises(TransitionRefused, match="仅适用于急难型"):
        pay(users, case)
    case.refresh_from_db()
    assert case.status == "applied" and not case.handouts.exists()


def test_op_18_regularisation_due_30_days_after_payment_and_overdue_list(new_case, users):
    paid = dt.date.today() - dt.timedelta(days=31)
    case = pay(users, new_case(), given_on=paid.isoformat())
    deadline = Deadline.objects.get(object_id=str(case.pk), kind="temporary.regularise")
    assert deadline.due == paid + dt.timedelta(days=30) and not deadline.working_days
    assert list(overdue_regularisation(users["sy_worker"])) == [case]
    assert list(overdue_regularisation(users["cy_worker"])) == []  # other district: not in scope
    fresh = pay(users, new_case())
    assert fresh not in overdue_regularisation(users["sy_worker"])


def test_op_18_regularisation_days_is_a_local_parameter(new_case, users):
    from tests.factories import set_param

    set_param(
        None,
        region_code="110113",
        key="temporary_regularise_days",
        variant="",
        effective_from=dt.date(2026, 1, 1),
        value=15,
    )
    case = pay(users, new_case())
    deadline = Deadline.objects.get(object_id=str(case.pk), kind="temporary.regularise")
    assert deadline.due == dt.date.today() + dt.timedelta(days=15)


def test_r_flow_17_assist_first_above_township_limit_needs_the_county(new_case, users):
    case = new_case()
    with pytest.raises(TransitionRefused, match="超过乡镇（街道）审批额度5000.00元"):
        pay(users, case, amount="6000.00")
    case = do_assist_first(users["sy_approver"], case, {"amount": "6000.00", "recipient": "张建国"})
    assert case.approval_level == "county"
    history = list(StatusChange.objects.filter(object_id=str(case.pk), object_type="temporary.temporarycase"))
    assert [h.to_status for h in history] == ["applied", "to_regularise"]
