"""R-REG-14: the worker attributes the union eligibility rules use — labour relationship and its start (for a
migrant worker the de facto one), union membership, retiree status and type, social management, living in an
independent industrial/mining area, survivor of a death on duty or work-injury death
[总工办发〔2020〕13号 附件 一.4–6; 总工办发〔2016〕36号 第三条、第十条; 厅字〔2017〕18号 八]."""

import datetime as dt

import pytest

from jiuzhu.registry.actions import do_create_household, do_update_household
from jiuzhu.registry.documents import ValidationFailed, to_document
from jiuzhu.registry.models import Household, WorkerInfo
from tests.factories import household_doc

UNION = {
    "worker": "m1",
    "union_member": True,
    "employer": "北京顺鑫建材有限公司",
    "labour_relation_since": "2019-03-01",
    "migrant": True,
    "retiree_type": "sick_retired",
    "socially_managed": True,
    "in_industrial_area": True,
    "survivor_of_duty_death": True,
    "hardship_category": "relative",
}


def test_r_reg_14_every_attribute_is_kept_and_read_back(demo):
    household = do_create_household(None, household_doc(union=UNION))
    info = WorkerInfo.objects.get(household=household)
    assert info.worker == household.members.get(relation="applicant")
    assert info.union_member is True
    assert info.labour_relation_since == dt.date(2019, 3, 1)
    assert info.migrant is True
    assert info.retiree_type == "sick_retired"
    assert info.socially_managed is True
    assert info.in_industrial_area is True
    assert info.survivor_of_duty_death is True
    doc = to_document(Household.objects.get(pk=household.pk))
    assert {k: doc["union"][k] for k in UNION} == UNION


def test_r_reg_14_non_member_not_retired_worker(demo):
    union = {"worker": "m1", "union_member": False, "retiree_type": None}
    household = do_create_household(None, household_doc(union=union))
    info = WorkerInfo.objects.get(household=household)
    assert info.union_member is False
    assert info.retiree_type == ""
    assert (info.migrant, info.socially_managed, info.in_industrial_area, info.survivor_of_duty_death) == (
        False,
        False,
        False,
        False,
    )
    assert info.labour_relation_since is None


def test_r_reg_14_attributes_are_corrected_through_an_update(demo):
    household = do_create_household(None, household_doc(union=UNION))
    doc = to_document(household)
    doc["union"]["retiree_type"] = "periodic_allowance"
    doc["union"]["in_industrial_area"] = False
    do_update_household(None, household, doc, note="复核更正")
    info = WorkerInfo.objects.get(household=household)
    assert (info.retiree_type, info.in_industrial_area) == ("periodic_allowance", False)


@pytest.mark.parametrize(
    "key,value,path",
    [
        ("retiree_type", "early", "union.retiree_type"),
        ("labour_relation_since", "2019-02-30", "union.labour_relation_since"),
        ("worker", "m9", "union.worker"),
    ],
)
def test_r_reg_14_bad_attribute_is_refused_naming_it(demo, key, value, path):
    with pytest.raises(ValidationFailed) as e:
        do_create_household(None, household_doc(union={**UNION, key: value}))
    assert path in [p for p, _m in e.value.problems.items]
    assert Household.objects.count() == 0
