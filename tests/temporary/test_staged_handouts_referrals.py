"""R-FLOW-21 staged instalments under one approval, R-FLOW-22 link to the dibao application,
R-FLOW-23 referrals, R-FLOW-24 handouts registered one by one."""

import datetime as dt

import pytest

from jiuzhu.core.models import AuditEvent, StatusChange
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.temporary.actions import (
    Invalid,
    do_accept,
    do_approve,
    do_close,
    do_link_dibao,
    do_pay_instalment,
    do_plan_instalments,
    do_refer,
    do_referral_outcome,
    do_register_handout,
    do_review,
)
from jiuzhu.temporary.models import Instalment


@pytest.fixture
def approved(new_case, users):
    def make(**data):
        case = do_accept(users["sy_worker"], new_case(**data))
        case = do_review(
            users["sy_worker"],
            case,
            {"expenditure_check": "x", "income_property_check": "y", "amount": "4500.00"},
        )
        return do_approve(users["sy_approver"], case)

    return make


def test_r_flow_21_one_approval_several_instalments_paid_without_new_approval(approved, users):
    case = approved()
    plan = do_plan_instalments(
        users["sy_worker"],
        case,
        [
            {"due": "2026-12-01", "amount": "1500.00"},
            {"due": "2027-01-01", "amount": "1500.00"},
            {"due": "2027-02-01", "amount": "1500.00"},
        ],
    )
    assert [i.seq for i in plan] == [1, 2, 3]
    approvals = StatusChange.objects.filter(object_id=str(case.pk), to_status="approved").count()
    for inst in plan:
        do_pay_instalment(users["sy_worker"], inst, {"recipient": "张建国"})
    assert StatusChange.objects.filter(object_id=str(case.pk), to_status="approved").count() == approvals == 1
    assert case.handouts.count() == 3 and sum(h.amount_fen for h in case.handouts.all()) == 450000
    with pytest.raises(TransitionRefused, match="已于"):
        do_pay_instalment(users["sy_worker"], plan[0], {"recipient": "张建国"})


def test_r_flow_21_instalments_must_add_up_to_the_approved_amount(approved, users):
    with pytest.raises(Invalid, match="应等于批准金额4500.00元"):
        do_plan_instalments(
            users["sy_worker"],
            approved(),
            [{"due": "2026-12-01", "amount": "1000.00"}, {"due": "2027-01-01", "amount": "1000.00"}],
        )


def test_r_flow_21_only_emergency_or_returned_to_poverty(approved, users):
    case = approved(case_type="expenditure", event_kind="medical_spending")
    with pytest.raises(TransitionRefused, match="R-FLOW-21"):
        do_plan_instalments(
            users["sy_worker"],
            case,
            [{"due": "2026-12-01", "amount": "2250.00"}, {"due": "2027-01-01", "amount": "2250.00"}],
        )
    case = approved(case_type="expenditure", event_kind="medical_spending", is_returned_to_poverty=True)
    assert (
        len(
            do_plan_instalments(
                users["sy_worker"],
                case,
                [{"due": "2026-12-01", "amount": "2250.00"}, {"due": "2027-01-01", "amount": "2250.00"}],
            )
        )
        == 2
    )


def test_r_flow_22_linked_to_the_pending_dibao_application(new_case, users):
    case = new_case(dibao_application_ref="DB2026000123")
    assert case.dibao_application_ref == "DB2026000123"
    case = do_link_dibao(users["sy_worker"], case, "DB2026000124")
    assert case.dibao_application_ref == "DB2026000124"
    assert AuditEvent.objects.filter(action="temporarycase.link_dibao", object_id=str(case.pk)).exists()


def test_r_flow_23_referral_recorded_with_target_and_outcome(new_case, users):
    case = new_case()
    ref = do_refer(users["sy_worker"], case, {"target": "medical", "note": "转医疗救助"})
    assert ref.outcome == "pending"
    ref = do_referral_outcome(
        users["sy_worker"], ref, {"outcome": "helped", "outcome_note": "已纳入医疗救助"}
    )
    assert (ref.target, ref.outcome) == ("medical", "helped")
    with pytest.raises(Invalid) as e:
        do_refer(users["sy_worker"], case, {"target": "lottery"})
    assert e.value.field == "target"


def test_r_flow_24_cash_and_in_kind_handouts_registered_one_by_one(approved, users):
    case = approved()
    do_register_handout(
        users["sy_worker"],
        case,
        {"form": "in_kind", "recipient": "张建国", "what": "棉被", "quantity": "2床"},
    )
    do_register_handout(
        users["sy_worker"], case, {"form": "cash", "recipient": "张建国", "amount": "4000.00"}
    )
    with pytest.raises(TransitionRefused, match="将超过批准金额4500.00元"):
        do_register_handout(
            users["sy_worker"], case, {"form": "cash", "recipient": "张建国", "amount": "600.00"}
        )
    rows = list(case.handouts.order_by("id"))
    assert [(h.form, h.what, h.quantity, h.amount_fen) for h in rows] == [
        ("in_kind", "棉被", "2床", None),
        ("cash", "救助金", "", 400000),
    ]
    assert all(h.handler == users["sy_worker"] and h.given_on for h in rows)
    assert AuditEvent.objects.filter(action="temporarycase.handout").count() == 2


def test_r_flow_24_no_handout_before_approval(new_case, users):
    with pytest.raises(TransitionRefused, match="尚未审批"):
        do_register_handout(
            users["sy_worker"], new_case(), {"form": "cash", "recipient": "张", "amount": "1.00"}
        )


def test_r_flow_24_a_payment_cannot_be_dated_in_the_future(approved, users):
    case = approved()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    with pytest.raises(Invalid) as e:
        do_register_handout(
            users["sy_worker"],
            case,
            {"form": "cash", "recipient": "张建国", "amount": "100.00", "given_on": tomorrow},
        )
    assert e.value.field == "given_on"
    plan = do_plan_instalments(
        users["sy_worker"],
        case,
        [{"due": "2026-12-01", "amount": "2250.00"}, {"due": "2027-01-01", "amount": "2250.00"}],
    )
    with pytest.raises(Invalid) as e:
        do_pay_instalment(users["sy_worker"], plan[0], {"recipient": "张建国", "given_on": tomorrow})
    assert e.value.field == "given_on"
    assert case.handouts.count() == 0 and not Instalment.objects.filter(paid_on__isnull=False).exists()


def test_r_flow_21_a_staged_case_is_closed_only_once_every_instalment_is_paid(approved, users):
    case = approved()
    plan = do_plan_instalments(
        users["sy_worker"],
        case,
        [{"due": "2026-12-01", "amount": "2250.00"}, {"due": "2027-01-01", "amount": "2250.00"}],
    )
    do_pay_instalment(users["sy_worker"], plan[0], {"recipient": "张建国"})
    with pytest.raises(TransitionRefused, match="尚有2250.00元未发放"):
        do_close(users["sy_worker"], case, "")
    do_pay_instalment(users["sy_worker"], plan[1], {"recipient": "张建国"})
    case = do_close(users["sy_worker"], case, "")
    assert case.status == "closed"
    with pytest.raises(TransitionRefused, match="不在已审批状态"):
        do_pay_instalment(users["sy_worker"], plan[1], {"recipient": "张建国"})
    assert case.handouts.count() == 2
