"""R-FLOW-20 two-level approval on the county's delegation, R-AMT-06 township limit, R-AMT-05 一事一议,
maker-checker, and the tier amount proposed by the policy engine with its decision snapshot."""

import datetime as dt

import pytest

from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.temporary.actions import Invalid, do_accept, do_approve, do_review
from tests.factories import set_param


def test_r_flow_20_township_approves_within_its_delegated_limit(reviewed_case, township_approver):
    case = do_approve(township_approver, reviewed_case("4800.00"))
    assert case.status == "approved" and case.approval_level == "township"
    assert (
        "5000.00" in case.delegation
        and "110113 temporary_assistance.township_approval_limit" in case.delegation
    )
    assert case.approved_by == township_approver


def test_r_flow_20_a_payment_above_the_township_limit_needs_the_county(
    reviewed_case, township_approver, users
):
    case = reviewed_case("5000.01")
    with pytest.raises(TransitionRefused, match="超过乡镇（街道）审批额度5000.00元，须报县级民政部门审批"):
        do_approve(township_approver, case)
    case.refresh_from_db()
    assert case.status == "reviewed"
    case = do_approve(users["sy_approver"], case)
    assert case.approval_level == "county" and case.delegation == "县级民政部门审批"


def test_r_flow_20_limit_in_force_on_the_approval_date(reviewed_case, township_approver):
    set_param(
        None,
        region_code="110113",
        key="temporary_assistance",
        variant="",
        effective_from=dt.date.today() + dt.timedelta(days=1),
        value={
            "emergency": {"minor": "1", "moderate": "2", "severe": "4"},
            "expenditure": {"minor": "1", "moderate": "2", "severe": "3"},
            "township_approval_limit": "8000.00",
        },
    )
    with pytest.raises(TransitionRefused, match="5000.00"):
        do_approve(township_approver, reviewed_case("6000.00", severity="severe"))
    set_param(
        None,
        region_code="110113",
        key="temporary_assistance",
        variant="",
        effective_from=dt.date.today(),
        value={
            "emergency": {"minor": "1", "moderate": "2", "severe": "4"},
            "expenditure": {"minor": "1", "moderate": "2", "severe": "3"},
            "township_approval_limit": "6000.00",
        },
    )
    case = do_approve(township_approver, reviewed_case("6000.00", severity="severe"))
    assert "6000.00" in case.delegation


def test_r_flow_20_maker_checker_preparer_never_approves(reviewed_case, users):
    from django.contrib.auth import get_user_model

    # a county approver who also prepared (reviewed) the case may not approve it
    case = reviewed_case("1000.00")
    sy_approver = users["sy_approver"]
    from jiuzhu.core.models import StatusChange

    StatusChange.objects.filter(object_id=str(case.pk), to_status="reviewed").update(actor=sy_approver)
    with pytest.raises(TransitionRefused, match="经办与审批不能为同一人"):
        do_approve(sy_approver, case)
    other = get_user_model().objects.create_user("sy_approver2", role="approver", region=sy_approver.region)
    assert do_approve(other, case).status == "approved"


def test_r_flow_20_case_worker_cannot_approve(reviewed_case, users):
    with pytest.raises(TransitionRefused, match="角色"):
        do_approve(users["sy_worker2"], reviewed_case("1000.00"))


def test_r_amt_04_engine_proposes_the_tier_amount_with_snapshot(new_case):
    case = new_case(severity="moderate")  # 2 x 1400.00 x 2 persons
    assert case.proposed_fen == 560000
    snap = case.decision
    assert snap["engine"].startswith("jiuzhu-policy") and snap["result"]["amount"] == "5600.00"
    assert snap["input"]["events"][0]["kind"] == "fire" and "110113" in snap["params"]["regions"]
    assert snap["params_digest"]


def test_r_amt_05_amount_above_the_tier_needs_case_by_case(new_case, users, township_approver):
    case = do_accept(users["sy_worker"], new_case(severity="moderate"))
    with pytest.raises(Invalid, match="一事一议"):
        do_review(
            users["sy_worker"],
            case,
            {"expenditure_check": "x", "income_property_check": "y", "amount": "9000.00"},
        )
    with pytest.raises(Invalid, match="决定文号"):
        do_review(
            users["sy_worker"],
            case,
            {
                "expenditure_check": "x",
                "income_property_check": "y",
                "amount": "9000.00",
                "case_by_case": True,
            },
        )
    case = do_review(
        users["sy_worker"],
        case,
        {
            "expenditure_check": "x",
            "income_property_check": "y",
            "amount": "9000.00",
            "case_by_case": True,
            "case_decision_ref": "顺民〔2026〕12号",
            "coordination_approval": "区困难群众基本生活保障协调机制同意",
        },
    )
    assert case.case_by_case and case.amount_fen == 900000
    with pytest.raises(TransitionRefused, match="一事一议的救助须报县级"):
        do_approve(township_approver, case)
    assert do_approve(users["sy_approver"], case).approval_level == "county"


def test_review_uses_engine_amount_when_none_entered(new_case, users):
    case = do_accept(users["sy_worker"], new_case(severity="minor"))
    case = do_review(users["sy_worker"], case, {"expenditure_check": "x", "income_property_check": "y"})
    assert case.amount_fen == case.proposed_fen == 280000
