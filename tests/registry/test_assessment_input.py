"""A stored household gives the engine a valid `jiuzhu.household/1` input (shared/spec/ASSESSMENT.md)."""

import json
from pathlib import Path

from jiuzhu.core.params import params_mapping
from jiuzhu.policy import Params, assess, assess_many
from jiuzhu.registry.actions import do_create_household
from jiuzhu.registry.demo import generate_demo
from jiuzhu.registry.documents import to_assessment_input
from jiuzhu.registry.models import Household

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples" / "household-zhang.json"


def test_demo_households_are_all_assessable_with_the_demo_parameters(demo):
    generate_demo(households=80, seed=11)
    inputs = [to_assessment_input(h) for h in Household.objects.all()]
    results = assess_many(inputs, Params.from_mapping(params_mapping()), "2026-07")
    for result in results:
        for program in ("dibao", "hardship_worker"):
            assert result["programs"][program]["status"] != "not_configured", result["programs"][program]


def test_r_elig_01_example_household_stored_in_the_registry_gives_the_contract_figures(demo):
    # The contract's example, entered as a registry document (hand-checked figures: ASSESSMENT.md).
    example = json.loads(EXAMPLE.read_text(encoding="utf-8")) if EXAMPLE.exists() else None
    members = [
        {
            "ref": "m1",
            "name": "张建国",
            "id_number": "110113197903150013",
            "relation": "applicant",
            "marital_status": "married",
            "occupation": "employed",
            "incomes": [{"kind": "wage", "amount": "1800.00", "per": "month", "method": "contract"}],
        },
        {
            "ref": "m2",
            "name": "李秀英",
            "id_number": "11011319810722002X",
            "relation": "spouse",
            "marital_status": "married",
            "health": "disabled",
            "disability": {"category": "physical", "grade": 2},
            "work_capacity": "none",
            "occupation": "unregistered_unemployed",
            "expenses": [{"kind": "medical", "amount": "6000.00", "per": "year"}],
        },
        {
            "ref": "m3",
            "name": "张浩",
            "id_number": "110113200801050032",
            "relation": "child",
            "occupation": "adult_dependent_student",
            "incomes": [{"kind": "scholarship", "amount": "3000.00", "per": "year"}],
        },
        {
            "ref": "m4",
            "name": "王桂兰",
            "id_number": "110113195209100041",
            "relation": "parent",
            "marital_status": "widowed",
            "health": "fair",
            "work_capacity": "none",
            "occupation": "elderly",
            "incomes": [
                {"kind": "pension", "amount": "440.00", "per": "month"},
                {"kind": "basic_pension_central", "amount": "160.00", "per": "month"},
            ],
        },
    ]
    household = do_create_household(
        None,
        {
            "region": "110113001001",
            "area_type": "urban",
            "members": members,
            "obligors": [
                {
                    "name": "张建军",
                    "id_number": "110105197501010050",
                    "relation": "child_of_m4",
                    "supports": "m4",
                    "hukou_region": "110105",
                    "income": {"amount": "5200.00", "per": "month"},
                }
            ],
            "assets": {
                "deposits": "20000.00",
                "houses": [{"area_m2": "56.0", "nature": "self_owned", "source": "self_purchased"}],
            },
            "union": {"worker": "m1", "union_member": True, "labour_relation_since": "2016-04-01"},
        },
    )
    result = assess(to_assessment_input(household), Params.from_mapping(params_mapping()), "2026-07")
    dibao = result["programs"]["dibao"]
    assert (dibao["status"], dibao["household_size"], dibao["per_capita_income"]) == ("eligible", 4, "841.25")
    assert dibao["benefit_household"] == "2795.00"
    worker = result["programs"]["hardship_worker"]
    assert (worker["category"], worker["per_capita_net_income"]) == ("deep", "716.25")
    if example is not None:  # the same figures as the contract file itself
        direct = assess(example, Params.from_mapping(params_mapping()), "2026-07")
        assert direct["programs"]["dibao"]["benefit_household"] == dibao["benefit_household"]
