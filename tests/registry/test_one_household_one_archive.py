"""R-REG-11: one household, one archive — an ID number is an active member of one household only."""

import pytest

from jiuzhu.registry.actions import do_close_household, do_create_household, do_update_household
from jiuzhu.registry.documents import ValidationFailed
from jiuzhu.registry.models import Household, Member
from tests.factories import household_doc


def test_r_reg_11_id_number_in_two_households_is_refused_naming_the_other(make_household):
    first = make_household()
    doc = household_doc()
    doc["members"][1]["id_number"] = first.members.get(relation="spouse").id_number
    with pytest.raises(ValidationFailed) as e:
        do_create_household(None, doc)
    assert ("members[1].id_number", f"已是家庭{first.number}的在册成员（一户一档）") in e.value.problems.items
    assert Household.objects.count() == 1


def test_r_reg_11_same_id_twice_in_one_household_is_a_duplicate_member(demo):
    doc = household_doc()
    doc["members"][1]["id_number"] = doc["members"][0]["id_number"]
    with pytest.raises(ValidationFailed) as e:
        do_create_household(None, doc)
    assert any(p == "members[1].id_number" and "成员重复" in m for p, m in e.value.problems.items)


def test_r_reg_11_member_of_a_closed_household_may_join_another(make_household):
    first = make_household()
    spouse_id = first.members.get(relation="spouse").id_number
    do_close_household(None, first, "迁出本区")
    doc = household_doc()
    doc["members"][1]["id_number"] = spouse_id
    second = do_create_household(None, doc)
    assert Member.objects.filter(id_number=spouse_id).count() == 2
    assert Member.objects.get(id_number=spouse_id, active=True).household == second


def test_r_reg_11_updating_a_household_does_not_clash_with_itself(make_household):
    from jiuzhu.registry.documents import to_document

    household = make_household()
    doc = to_document(household)
    doc["address"] = "新地址"
    do_update_household(None, household, doc)
    household.refresh_from_db()
    assert household.address == "新地址"
