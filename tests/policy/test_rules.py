"""Rule tests named by requirement; the contract example first."""

from __future__ import annotations

import datetime as dt

import pytest

from jiuzhu.policy import ENGINE_VERSION, HouseholdError, assess, assess_many
from tests.policy.util import UNION, example_household, example_params, household, member, params_from, wage

P = example_params()


def progs(h: dict, at: str = "2026-07", params=P) -> dict:  # noqa: ANN001
    return assess(h, params, at)["programs"]


def cites(prog: dict) -> set[str]:
    return {c for r in prog["reasons"] for c in r["cite"]}


# ---------------------------------------------------------------- contract example


def test_contract_example_household_zhang_gives_contract_figures() -> None:
    r = assess(example_household(), P, "2026-07")
    assert r["id"] == "example-zhang" and r["at"] == "2026-07" and r["engine"] == ENGINE_VERSION
    assert len(r["params_digest"]) == 64
    d = r["programs"]["dibao"]
    assert d["eligible"] is True and d["status"] == "eligible"
    assert d["household_size"] == 4
    assert d["per_capita_income"] == "841.25"
    assert d["standard"] == "1400.00"
    assert d["benefit_household"] == "2795.00"
    assert d["benefit_per_capita"] == "558.75"
    assert d["increments"] == [
        {"member": "m2", "group": "severe_disability", "amount": "420.00"},
        {"member": "m4", "group": "elderly_60", "amount": "140.00"},
    ]
    assert "R-ELIG-01" in cites(d)
    h = r["programs"]["hardship_worker"]
    assert (h["eligible"], h["status"], h["category"]) == (True, "eligible", "deep")
    assert h["per_capita_net_income"] == "716.25" and h["threshold"] == "1400.00"
    t = r["programs"]["temporary"]
    assert (t["eligible"], t["status"]) == (False, "no_event")


def test_every_reason_cites_a_requirement_and_a_document() -> None:
    r = assess(example_household(), P, "2026-07")
    for prog in r["programs"].values():
        assert prog["reasons"]
        for reason in prog["reasons"]:
            assert any(c.startswith("R-") for c in reason["cite"])
            assert any(not c.startswith(("R-", "OP-")) for c in reason["cite"])
            assert reason["text"]


def test_params_digest_changes_with_a_used_value() -> None:
    a = assess(example_household(), P, "2026-07")["params_digest"]
    p2 = example_params(minimum_wage={"2025-07-01": "2600.00"})
    b = assess(example_household(), p2, "2026-07")["params_digest"]
    assert a != b
    assert a == assess(example_household(), example_params(), "2026-07")["params_digest"]


# ---------------------------------------------------------------- income (R-INC)


def test_r_inc_06_flexible_worker_gets_minimum_wage() -> None:
    h = household(member("m1", incomes=[{"kind": "flexible_wage_unknown"}]))
    assert progs(h)["dibao"]["per_capita_income"] == "2540.00"
    h = household(member("m1", incomes=[{"kind": "flexible_wage_unknown", "amount": "3000.00"}]))
    assert progs(h)["dibao"]["per_capita_income"] == "3000.00"
    h = household(member("m1", incomes=[{"kind": "flexible_wage_unknown", "amount": "1000.00"}]))
    assert progs(h)["dibao"]["per_capita_income"] == "2540.00"


def test_r_inc_06_missing_minimum_wage_is_not_configured_only_when_needed() -> None:
    p = example_params(minimum_wage=None)
    h = household(member("m1", incomes=[{"kind": "flexible_wage_unknown"}]))
    d = progs(h, params=p)["dibao"]
    assert d["status"] == "not_configured"
    assert d["missing"][0]["parameter"] == "minimum_wage" and d["missing"][0]["region"] == "110113"
    assert "minimum_wage" in d["reasons"][0]["text"]
    h = household(member("m1", incomes=[wage("1000.00")]))
    assert progs(h, params=p)["dibao"]["status"] == "eligible"


def test_r_inc_05_excluded_kinds_are_not_counted() -> None:
    kinds = [
        "special_care",
        "family_planning_award",
        "scholarship",
        "bravery_award",
        "social_assistance",
        "locally_excluded",
        "basic_pension_central",
    ]
    h = household(member("m1", incomes=[wage("1000.00")] + [wage("500.00", kind=k) for k in kinds]))
    assert progs(h)["dibao"]["per_capita_income"] == "1000.00"


def test_r_inc_13_central_basic_pension_counted_before_2020_06_28() -> None:
    mapping_params = params_from("2019-01-01")
    h = household(member("m1", incomes=[wage("500.00"), wage("160.00", kind="basic_pension_central")]))
    assert progs(h, "2020-06", mapping_params)["dibao"]["per_capita_income"] == "660.00"
    assert progs(h, "2020-07", mapping_params)["dibao"]["per_capita_income"] == "500.00"


def test_r_inc_09_transfer_out_is_deducted_and_household_income_floored_at_zero() -> None:
    h = household(member("m1", incomes=[wage("100.00"), wage("300.00", kind="transfer_out")]))
    d = progs(h)["dibao"]
    assert d["per_capita_income"] == "0.00" and d["benefit_household"] == "1400.00"


def test_op_02_yearly_amounts_count_as_twelfths_rounded_half_up() -> None:
    h = household(member("m1", incomes=[wage("1000.06", per="year")]))  # 83.338333 -> 83.34
    assert progs(h)["dibao"]["per_capita_income"] == "83.34"


def _obligor(**kw):  # noqa: ANN003, ANN202
    o = {
        "name": "义务人",
        "relation": "child",
        "supports": "m1",
        "hukou_region": "110105",
        "income": {"amount": "5200.00", "per": "month"},
        "low_income_status": None,
        "court_ordered_support": None,
    }
    o.update(kw)
    return o


def test_r_inc_10_obligor_support_ratio_times_income_above_hukou_standard() -> None:
    h = household(member("m1"), obligors=[_obligor()])
    assert progs(h)["dibao"]["per_capita_income"] == "1125.00"


def test_r_inc_10_court_ordered_amount_wins() -> None:
    h = household(
        member("m1"), obligors=[_obligor(court_ordered_support={"amount": "2400.00", "per": "year"})]
    )
    assert progs(h)["dibao"]["per_capita_income"] == "200.00"


def test_r_inc_10_obligor_on_assistance_counts_zero() -> None:
    for status in ("tekun", "dibao", "registered_poor", "low_income"):
        h = household(member("m1"), obligors=[_obligor(low_income_status=status)])
        assert progs(h)["dibao"]["per_capita_income"] == "0.00"


def test_op_20_obligor_below_own_standard_counts_zero_never_negative() -> None:
    h = household(member("m1"), obligors=[_obligor(income={"amount": "1000.00", "per": "month"})])
    assert progs(h)["dibao"]["per_capita_income"] == "0.00"


def test_r_inc_10_missing_obligor_region_standard_is_not_configured() -> None:
    h = household(member("m1"), obligors=[_obligor(hukou_region="110199")])
    d = progs(h)["dibao"]
    assert d["status"] == "not_configured"
    assert {"parameter": "dibao_standard", "region": "110199"}.items() <= d["missing"][0].items()


def test_r_inc_11_op_21_rent_capped_by_local_floor_area() -> None:
    p = example_params(local_floor_area_per_capita={"2026-01-01": "30.0"})
    h = household(
        member(
            "m1",
            incomes=[wage("3000.00")],
            expenses=[{"kind": "housing_rent", "amount": "1200.00", "per": "month"}],
        ),
        member("m2"),
        assets={"houses": [{"area_m2": "120", "nature": "rented_private"}]},
        union=UNION,
    )
    # allowed rent = 1200 x min(1, 30 x 2 / 120) = 600; net = (3000 - 600) / 2 = 1200
    assert progs(h, params=p)["hardship_worker"]["per_capita_net_income"] == "1200.00"


# ---------------------------------------------------------------- dibao


def test_r_elig_01_strictly_below_standard() -> None:
    assert progs(household(member("m1", incomes=[wage("1400.00")])))["dibao"]["status"] == "ineligible"
    d = progs(household(member("m1", incomes=[wage("1399.99")])))["dibao"]
    assert d["status"] == "eligible" and d["benefit_household"] == "0.01"


def test_r_elig_01_property_financial_assets_equal_limit_passes() -> None:
    h = household(member("m1"), assets={"deposits": "33600.00"})
    assert progs(h)["dibao"]["status"] == "eligible"
    h = household(member("m1"), assets={"deposits": "33600.01"})
    d = progs(h)["dibao"]
    assert d["status"] == "ineligible" and "R-ELIG-03" in cites(d)


def test_r_elig_03_vehicle_and_second_house_fail_property() -> None:
    h = household(member("m1"), assets={"vehicles": [{"kind": "car"}]})
    assert progs(h)["dibao"]["status"] == "ineligible"
    h = household(member("m1"), assets={"vehicles": [{"kind": "tricycle", "mobility_aid": True}]})
    assert progs(h)["dibao"]["status"] == "eligible"
    h = household(member("m1"), assets={"houses": [{"area_m2": "40", "nature": "self_owned"}] * 2})
    assert progs(h)["dibao"]["status"] == "ineligible"


def test_r_amt_03_one_increment_per_member_the_highest() -> None:
    h = household(member("m1", birth=dt.date(1950, 1, 1), disability={"category": "physical", "grade": 1}))
    d = progs(h)["dibao"]
    assert d["increments"] == [{"member": "m1", "group": "severe_disability", "amount": "420.00"}]
    assert d["benefit_household"] == "1820.00"


def test_r_elig_02_single_person_household() -> None:
    h = household(
        member("m1", incomes=[wage("6000.00")]),
        member(
            "m2",
            occupation="registered_unemployed",
            disability={"category": "physical", "grade": 1},
            work_capacity="none",
        ),
    )
    d = progs(h)["dibao"]
    assert d["status"] == "eligible" and d["household_size"] == 1
    assert d["benefit_household"] == "1820.00"  # 1400 - 0 + 30 % x 1400
    assert "R-ELIG-02" in cites(d)


def test_r_elig_05_three_refusals_need_review_but_stay_eligible() -> None:
    h = household(member("m1"), flags={"refused_suitable_jobs": 3})
    d = progs(h)["dibao"]
    assert d["status"] == "needs_review" and d["eligible"] is True and "R-ELIG-05" in cites(d)
    assert progs(household(member("m1"), flags={"refused_suitable_jobs": 2}))["dibao"]["status"] == "eligible"


def test_r_elig_04_phase_out_until_and_after() -> None:
    h = household(
        member("m1", incomes=[wage("2000.00")]),
        history={
            "dibao_since": "2025-01",
            "reemployed_since": "2026-03",
            "last_benefit_household": "1400.00",
        },
    )
    d = progs(h)["dibao"]
    assert (
        d["status"] == "eligible"
        and d["phase_out"] == {"until": "2026-08"}
        and d["benefit_household"] == "1400.00"
    )
    d = progs(h, "2026-09")["dibao"]
    assert d["status"] == "ineligible" and "phase_out" not in d and d["benefit_household"] == "0.00"
    assert "phase_out_ended" in [r["code"] for r in d["reasons"]]


# ---------------------------------------------------------------- temporary assistance


def test_r_amt_04_emergency_tier_and_r_amt_06_approval_level() -> None:
    ev = {
        "kind": "fire",
        "date": "2026-06-10",
        "severity": "severe",
        "loss": "10000.00",
        "compensation_received": "0.00",
        "still_in_hardship": True,
    }
    h = household(member("m1"), member("m2"), events=[ev])
    t = progs(h)["temporary"]
    assert t == {
        **t,
        "eligible": True,
        "status": "eligible",
        "type": "emergency",
        "tier": "severe",
        "amount": "11200.00",
        "approval_level": "county",
    }
    ev2 = dict(ev, severity="minor", loss="0.00")
    t = progs(household(member("m1"), events=[ev2]))["temporary"]
    assert t["amount"] == "1400.00" and t["approval_level"] == "township"


def test_r_amt_05_severe_uncovered_loss_above_tier_is_case_by_case() -> None:
    ev = {
        "kind": "fire",
        "date": "2026-06-10",
        "severity": "severe",
        "loss": "20000.00",
        "compensation_received": "1000.00",
    }
    t = progs(household(member("m1"), events=[ev]))["temporary"]
    assert t["status"] == "needs_review" and t["case_by_case"] is True and t["amount"] == "5600.00"


def test_r_elig_07_expenditure_type_income_test() -> None:
    ev = {"kind": "medical_spending", "date": "2026-06-10", "severity": "moderate"}
    t = progs(household(member("m1", incomes=[wage("4333.33")]), events=[ev]))["temporary"]
    assert t["status"] == "eligible" and t["type"] == "expenditure"
    t = progs(household(member("m1", incomes=[wage("4333.34")]), events=[ev]))["temporary"]
    assert t["status"] == "ineligible"


# ---------------------------------------------------------------- hardship workers


def test_r_elig_11_no_union_section_not_a_worker_household() -> None:
    hw = progs(household(member("m1")))["hardship_worker"]
    assert hw["status"] == "ineligible" and hw["reasons"][0]["code"] == "not_worker_household"


def test_r_elig_16_exclusion_flags() -> None:
    for flag in (
        "private_school_or_self_paid_abroad",
        "controlling_shareholder",
        "high_consumption",
        "refuses_verification",
    ):
        hw = progs(household(member("m1"), union=UNION, flags={flag: True}))["hardship_worker"]
        assert hw["status"] == "excluded" and "R-ELIG-16" in cites(hw)


def test_r_elig_17_vehicle_bars_deep_only() -> None:
    hw = progs(household(member("m1"), union=UNION, assets={"vehicles": [{"kind": "car"}]}))[
        "hardship_worker"
    ]
    assert hw["category"] == "relative" and "R-ELIG-17" in cites(hw)


def test_op_14_accident_replaces_relative() -> None:
    ev = {"kind": "traffic_accident", "date": "2026-05-01", "severity": "moderate"}
    hw = progs(household(member("m1", incomes=[wage("2000.00")]), union=UNION, events=[ev]))[
        "hardship_worker"
    ]
    assert hw["category"] == "accident"


def test_r_elig_15_migrant_needs_one_year_of_labour_relation() -> None:
    u = dict(UNION, migrant=True, labour_relation_since="2025-07-01")
    assert progs(household(member("m1"), union=u))["hardship_worker"]["status"] == "eligible"
    u = dict(UNION, migrant=True, labour_relation_since="2025-07-02")
    hw = progs(household(member("m1"), union=u))["hardship_worker"]
    assert hw["status"] == "ineligible" and "R-ELIG-15" in cites(hw)


def test_r_elig_18_out_of_hardship_after_six_months_not_five() -> None:
    months = [{"month": f"2026-0{m}", "per_capita_net_income": "1500.00"} for m in range(2, 7)]
    h = household(
        member("m1", incomes=[wage("1500.00")]),
        union=UNION,
        history={"hardship_category": "deep", "months": months},
    )
    hw = progs(h)["hardship_worker"]
    assert hw["out_of_hardship"] is True and hw["category"] == "relative"
    h["history"]["months"] = months[1:]
    hw = progs(h)["hardship_worker"]
    assert hw["out_of_hardship"] is False and hw["category"] == "deep" and "R-ELIG-18" in cites(hw)


def test_r_amt_13_review_does_not_lower_category_without_change() -> None:
    h = household(member("m1", incomes=[wage("1400.00")]), union=UNION, history={"hardship_category": "deep"})
    hw = progs(h)["hardship_worker"]
    assert hw["category"] == "deep" and "R-AMT-13" in cites(hw)


@pytest.mark.parametrize(
    ("paid", "amount", "level"),
    [
        ("0.00", "20000.00", "centre"),
        ("10000.00", "10000.01", "province"),
        ("0.00", "50000.00", "province"),
        ("50000.00", "0.01", "national"),
    ],
)
def test_r_amt_09_union_aid_approval_thresholds(paid: str, amount: str, level: str) -> None:
    h = household(
        member("m1"), union=UNION, union_aid={"project": "living", "amount": amount, "paid_this_year": paid}
    )
    assert progs(h)["hardship_worker"]["aid"] == {"amount": amount, "approval_level": level}


def test_r_amt_10_medical_aid_capped_at_self_paid_share() -> None:
    h = household(
        member("m1"),
        union=UNION,
        union_aid={
            "project": "medical",
            "amount": "8000.00",
            "paid_this_year": "0.00",
            "self_paid_share": "5000.00",
        },
    )
    assert progs(h)["hardship_worker"]["aid"] == {"amount": "5000.00", "approval_level": "centre"}


def test_op_30_low_income_multiplier_fallback_and_missing() -> None:
    p = example_params(low_income_standard=None)
    h = household(member("m1", incomes=[wage("2000.00")]), union=UNION)
    hw = progs(h, params=p)["hardship_worker"]
    assert hw["status"] == "not_configured" and hw["missing"][0]["parameter"] == "low_income_standard"
    p = example_params(low_income_standard=None, low_income_multiplier={"2026-01-01": "1.5"})
    hw = progs(h, params=p)["hardship_worker"]
    assert hw["category"] == "relative" and hw["threshold"] == "2100.00"


def test_r_elig_22_superseded_rules_before_2020_06_28() -> None:
    p = params_from("2019-01-01")
    u = dict(UNION, migrant=True, union_member=False, labour_relation_since="2010-01-01")
    hw = progs(household(member("m1"), union=u), "2020-06", p)["hardship_worker"]
    assert hw["status"] == "ineligible" and "R-ELIG-22" in cites(hw)
    hw = progs(household(member("m1"), union=u), "2020-07", p)["hardship_worker"]
    assert hw["status"] == "eligible"


# ---------------------------------------------------------------- input


def test_unknown_field_is_an_error_naming_the_path() -> None:
    h = household(member("m1", hobby="chess"))
    with pytest.raises(HouseholdError) as e:
        assess(h, P, "2026-07")
    assert e.value.path == "members[0].hobby"


def test_bad_check_digit_names_the_member() -> None:
    h = example_household()
    h["members"][1]["id_number"] = "110113198107220021"
    with pytest.raises(HouseholdError) as e:
        assess(h, P, "2026-07")
    assert e.value.path == "members[1].id_number" and "X" in e.value.problem


def test_empty_household_is_bad_input() -> None:
    with pytest.raises(HouseholdError) as e:
        assess(household(member("m1", co_resident=False)), P, "2026-07")
    assert e.value.path == "members"


def test_array_error_names_the_index() -> None:
    bad = household(member("m1", health="great"))
    with pytest.raises(HouseholdError) as e:
        assess_many([household(member("m1")), bad], P, "2026-07")
    assert e.value.path == "[1].members[0].health"
