"""Rules added by issue 11 (item 6): R-AMT-07 disaster uplift, R-ELIG-08 assistance groups, R-ELIG-09 groups to
watch for, R-ELIG-19 解困, R-ELIG-20 gradient rule, R-ELIG-21 provincial union standards. Hand-worked figures
on the example parameters (110113 urban: standard 1400.00, low-income standard 2100.00, temporary-assistance
tiers emergency 1/2/4 and expenditure 1/2/3 x standard x size, township limit 5000.00, prior-year per-capita
disposable income 52000.00). Each household is also checked through the columnar path (same row)."""

from __future__ import annotations

from typing import Any

from jiuzhu.policy import Params, assess
from jiuzhu.policy.decisions import flatten
from tests.policy.test_tables import _table_rows
from tests.policy.util import UNION, example_params, example_params_mapping, household, member, wage

AT = "2026-07"
TEMP = {
    "2026-01-01": {
        "emergency": {"minor": "1", "moderate": "2", "severe": "4"},
        "expenditure": {"minor": "1", "moderate": "2", "severe": "3"},
        "township_approval_limit": "5000.00",
        "disaster_uplift": "0.5",
    }
}


def _event(kind: str, severity: str = "moderate", **kw: Any) -> dict[str, Any]:
    return {"kind": kind, "date": "2026-06-10", "severity": severity, **kw}


def _codes(prog: dict[str, Any]) -> list[str]:
    return [r["code"] for r in prog["reasons"]]


def _cites(prog: dict[str, Any], code: str) -> list[str]:
    return next(r["cite"] for r in prog["reasons"] if r["code"] == code)


def _same_row_from_tables(h: dict[str, Any], params: Params) -> None:
    assert _table_rows([h], params, AT) == [flatten(assess(h, params, AT))]


def test_r_amt_07_disaster_uplift_raises_a_disaster_victims_amount() -> None:
    params = example_params(temporary_assistance=TEMP)
    h = household(member("m1"), member("m2"), events=[_event("disaster")])
    t = assess(h, params, AT)["programs"]["temporary"]
    # 2 x 1400.00 x 2 persons = 5600.00, raised by 50%: 5600.00 + 2800.00 = 8400.00, above the township limit
    assert (t["status"], t["amount"], t["approval_level"]) == ("eligible", "8400.00", "county")
    assert "R-AMT-07" in _cites(t, "disaster_uplift")
    _same_row_from_tables(h, params)
    # a fire is not a disaster: no uplift
    fire = household(member("m1"), member("m2"), events=[_event("fire")])
    t2 = assess(fire, params, AT)["programs"]["temporary"]
    assert t2["amount"] == "5600.00" and "disaster_uplift" not in _codes(t2)
    # without the local share the tier amount stands
    t3 = assess(h, example_params(), AT)["programs"]["temporary"]
    assert t3["amount"] == "5600.00" and "disaster_uplift" not in _codes(t3)


def test_r_elig_08_dibao_and_registered_poor_households_with_large_medical_spending_are_eligible() -> None:
    params = example_params()
    # wage 5000.00 a month: 60000.00 a year per person, not below 52000.00 (R-ELIG-07 alone refuses)
    plain = household(member("m1", incomes=[wage("5000.00")]), events=[_event("medical_spending", "minor")])
    t = assess(plain, params, AT)["programs"]["temporary"]
    assert t["status"] == "ineligible" and "income_not_below_prior_year" in _codes(t)
    poor = household(
        member("m1", incomes=[wage("5000.00")]),
        events=[_event("medical_spending", "minor")],
        flags={"registered_poor": True},
    )
    t = assess(poor, params, AT)["programs"]["temporary"]
    # expenditure minor: 1 x 1400.00 x 1 = 1400.00
    assert (t["status"], t["type"], t["amount"]) == ("eligible", "expenditure", "1400.00")
    assert "R-ELIG-08" in _cites(t, "expenditure_type_assistance_group")
    _same_row_from_tables(poor, params)
    recipient = household(
        member("m1", incomes=[wage("5000.00")]),
        events=[_event("education_spending", "minor")],
        history={"dibao_since": "2025-03"},
    )
    t = assess(recipient, params, AT)["programs"]["temporary"]
    assert t["status"] == "eligible" and "expenditure_type_assistance_group" in _codes(t)
    _same_row_from_tables(recipient, params)


def test_r_elig_09_groups_to_watch_for_are_named_and_the_decision_unchanged() -> None:
    params = example_params()
    h = household(member("m1", occupation="registered_unemployed"), events=[_event("fire", "minor")])
    t = assess(h, params, AT)["programs"]["temporary"]
    assert (t["status"], t["amount"]) == ("eligible", "1400.00")  # 1 x 1400.00 x 1
    assert "R-ELIG-09" in _cites(t, "priority_group")
    _same_row_from_tables(h, params)
    other = household(member("m1", occupation="employed"), events=[_event("fire", "minor")])
    t2 = assess(other, params, AT)["programs"]["temporary"]
    assert t2["amount"] == "1400.00" and "priority_group" not in _codes(t2)


def test_r_elig_19_hardship_relieved_stays_deep_with_regular_aid() -> None:
    params = example_params()
    # deep archive; wage 1000.00 < 1400.00 (deep); with 500.00 social assistance 1500.00 >= 1400.00: 解困
    h = household(
        member("m1", incomes=[wage("1000.00"), wage("500.00", kind="social_assistance")]),
        union=UNION,
        history={"hardship_category": "deep"},
    )
    hw = assess(h, params, AT)["programs"]["hardship_worker"]
    assert (hw["status"], hw["category"], hw["per_capita_net_income"]) == ("eligible", "deep", "1000.00")
    assert "R-ELIG-19" in _cites(hw, "hardship_relieved")
    _same_row_from_tables(h, params)
    # assistance of 300.00 leaves 1300.00 below the standard: not relieved, still deep
    h2 = household(
        member("m1", incomes=[wage("1000.00"), wage("300.00", kind="social_assistance")]),
        union=UNION,
        history={"hardship_category": "deep"},
    )
    hw2 = assess(h2, params, AT)["programs"]["hardship_worker"]
    assert hw2["category"] == "deep" and "hardship_relieved" not in _codes(hw2)


def test_r_elig_20_worker_household_that_qualifies_for_dibao_is_referred_first() -> None:
    params = example_params()
    h = household(member("m1", incomes=[wage("600.00")]), union=UNION)
    p = assess(h, params, AT)["programs"]
    assert p["dibao"]["status"] == "eligible"  # 600.00 < 1400.00
    assert p["hardship_worker"]["category"] == "deep"
    assert "R-ELIG-20" in _cites(p["hardship_worker"], "refer_to_government_assistance")
    _same_row_from_tables(h, params)
    above = household(member("m1", incomes=[wage("1800.00")]), union=UNION)
    p2 = assess(above, params, AT)["programs"]
    assert p2["dibao"]["status"] == "ineligible"
    assert "refer_to_government_assistance" not in _codes(p2["hardship_worker"])


def test_r_elig_21_provincial_union_standards_apply_where_the_county_sets_none() -> None:
    m = example_params_mapping()
    county = m["regions"]["110113"]
    county.pop("low_income_standard")
    h = household(member("m1", incomes=[wage("1800.00")]), union=UNION)
    # neither county nor province: the relative test cannot be made
    hw = assess(h, Params.from_mapping(m), AT)["programs"]["hardship_worker"]
    assert hw["status"] == "not_configured"
    assert [x["parameter"] for x in hw["missing"]] == ["low_income_standard"]
    # the provincial union's standard 2000.00: 1800.00 < 2000.00, relative hardship
    m["regions"]["110000"] = {"name": "示例省", "low_income_standard": {"2026-01-01": "2000.00"}}
    params = Params.from_mapping(m)
    out = assess(h, params, AT, explain=True)["programs"]["hardship_worker"]
    assert (out["status"], out["category"], out["threshold"]) == ("eligible", "relative", "2000.00")
    used = [p for p in out["trace"]["params"] if p["key"] == "low_income_standard"]
    assert used == [
        {"key": "low_income_standard", "region": "110000", "effective": "2026-01-01", "value": "2000.00"}
    ]
    _same_row_from_tables(h, params)
    # the county's own value comes first
    county["low_income_standard"] = {"2026-01-01": "1700.00"}
    hw3 = assess(h, Params.from_mapping(m), AT)["programs"]["hardship_worker"]
    assert (hw3["threshold"], hw3["category"]) == ("1700.00", None)
