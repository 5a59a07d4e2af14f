"""R-REG-16: each hardship household has a plan with the analysed causes, the "four batches" track(s), and the
helping unit and responsible person of the one-to-one pairing, who stay linked until the goal is met
(不达目标不脱钩) [总工发〔2016〕7号 三(一)1、三(二)1–4、三(三)2]."""

import pytest

from jiuzhu.registry.actions import do_create_household, do_update_household
from jiuzhu.registry.documents import ValidationFailed, to_document
from jiuzhu.registry.models import Household, HouseholdPlan
from tests.factories import household_doc

PLAN = {
    "causes": "户主患尿毒症需长期透析，配偶下岗",
    "measures": "协助申请大病医疗互助，推荐配偶到社区公益岗",
    "tracks": ["employment", "medical_mutual_aid"],
    "helping_unit": "顺义区总工会机关",
    "responsible_person": "王立新",
    "responsible_phone": "13911112222",
    "goal": "2027年底家庭人均收入超过当地低保标准",
    "goal_met": False,
}


def test_r_reg_16_plan_causes_tracks_and_pairing_are_kept(demo):
    household = do_create_household(None, household_doc(plan=PLAN))
    plan = HouseholdPlan.objects.get(household=household)
    assert plan.causes == PLAN["causes"]
    assert plan.tracks == ["employment", "medical_mutual_aid"]
    assert (plan.helping_unit, plan.responsible_person) == ("顺义区总工会机关", "王立新")
    assert to_document(Household.objects.get(pk=household.pk))["plan"] == PLAN


def test_r_reg_16_a_track_outside_the_four_batches_is_refused(demo):
    with pytest.raises(ValidationFailed) as e:
        do_create_household(None, household_doc(plan={**PLAN, "tracks": ["safety_net", "housing"]}))
    assert [p for p, _m in e.value.problems.items] == ["plan.tracks[1]"]
    assert Household.objects.count() == 0


@pytest.mark.parametrize("key", ["helping_unit", "responsible_person"])
def test_r_reg_16_pairing_cannot_be_removed_before_the_goal_is_met(demo, key):
    household = do_create_household(None, household_doc(plan=PLAN))
    doc = to_document(household)
    doc["plan"][key] = ""
    with pytest.raises(ValidationFailed) as e:
        do_update_household(None, household, doc)
    assert ("plan." + key, "帮扶目标未达成，结对帮扶不能解除（不达目标不脱钩）") in e.value.problems.items
    assert getattr(HouseholdPlan.objects.get(household=household), key) == PLAN[key]


def test_r_reg_16_pairing_may_be_handed_to_another_person_before_the_goal_is_met(demo):
    household = do_create_household(None, household_doc(plan=PLAN))
    doc = to_document(household)
    doc["plan"]["responsible_person"] = "赵敏"
    do_update_household(None, household, doc)
    assert HouseholdPlan.objects.get(household=household).responsible_person == "赵敏"


def test_r_reg_16_pairing_may_end_once_the_goal_is_met(demo):
    household = do_create_household(None, household_doc(plan=PLAN))
    doc = to_document(household)
    doc["plan"]["goal_met"] = True
    do_update_household(None, household, doc)  # goal met, still paired
    doc["plan"].update(helping_unit="", responsible_person="")
    do_update_household(None, household, doc)
    plan = HouseholdPlan.objects.get(household=household)
    assert (plan.goal_met, plan.helping_unit, plan.responsible_person) == (True, "", "")
