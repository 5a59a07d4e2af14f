"""Bad household input is refused whole, with every problem named by its field (issue 2 item 5)."""

import pytest

from jiuzhu.core.models import AuditEvent
from jiuzhu.registry.actions import do_create_household
from jiuzhu.registry.documents import ValidationFailed
from jiuzhu.registry.models import Household, Member
from tests.factories import household_doc


def problems_of(doc):
    with pytest.raises(ValidationFailed) as e:
        do_create_household(None, doc)
    return dict(e.value.problems.items)


def test_r_reg_02_bad_id_number_names_member_and_expected_check_digit(demo):
    doc = household_doc()
    doc["members"][0]["id_number"] = "110113197903150014"
    assert problems_of(doc)["members[0].id_number"] == "校验位应为3"


def test_negative_amount_and_text_in_money_field_are_refused(demo):
    doc = household_doc()
    doc["members"][0]["incomes"] = [
        {"kind": "wage", "amount": "-5.00", "per": "month"},
        {"kind": "wage", "amount": "一千", "per": "month"},
    ]
    problems = problems_of(doc)
    assert problems["members[0].incomes[0].amount"] == "金额不能为负数"
    assert "不是金额" in problems["members[0].incomes[1].amount"]


def test_unknown_fields_and_codes_are_refused(demo):
    doc = household_doc(colour="red")
    doc["members"][0]["health"] = "sick"
    problems = problems_of(doc)
    assert problems["colour"] == "未知字段"
    assert problems["members[0].health"].startswith("“sick”不是有效值")


def test_every_problem_is_reported_and_nothing_is_written(demo):
    doc = household_doc(region="999999", area_type="town")
    doc["members"][1]["id_number"] = "123"
    before = (Household.objects.count(), Member.objects.count(), AuditEvent.objects.count())
    problems = problems_of(doc)
    assert {"region", "area_type", "members[1].id_number"} <= set(problems)
    assert (Household.objects.count(), Member.objects.count(), AuditEvent.objects.count()) == before


def test_r_reg_04_household_needs_one_applicant(demo):
    doc = household_doc()
    doc["members"][0]["relation"] = "spouse"
    assert problems_of(doc)["members"] == "应有一名与申请人关系为“申请人”的成员"
