"""Property-based tests (hypothesis) over random households."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiuzhu.idnumber import make_id_number
from jiuzhu.policy import Params, assess, assess_many
from tests.policy.util import example_params_mapping

PARAMS = Params.from_mapping(example_params_mapping())
AT = "2026-07"

COUNTED = [
    "wage",
    "flexible_wage_unknown",
    "business_net",
    "property_net",
    "transfer",
    "pension",
    "other_counted",
    "transfer_out",
]
EXCLUDED = [
    "special_care",
    "family_planning_award",
    "scholarship",
    "bravery_award",
    "social_assistance",
    "basic_pension_central",
    "locally_excluded",
]
EXPENSES = ["medical", "disability_care", "education", "housing_rent", "other_local", "employment_cost"]

money = st.integers(min_value=0, max_value=1_500_000).map(lambda f: f"{f // 100}.{f % 100:02d}")


@st.composite
def income(draw: Any) -> dict[str, Any]:
    kind = draw(st.sampled_from(COUNTED + EXCLUDED))
    it: dict[str, Any] = {"kind": kind, "per": draw(st.sampled_from(["month", "year"]))}
    if kind != "flexible_wage_unknown" or draw(st.booleans()):
        it["amount"] = draw(money)
    return it


@st.composite
def member(draw: Any, k: int) -> dict[str, Any]:
    birth = draw(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2025, 12, 31)))
    m: dict[str, Any] = {
        "ref": f"m{k + 1}",
        "name": f"成员{k + 1}",
        "id_number": make_id_number("110113", birth, k, draw(st.sampled_from("MF"))),
        "relation": "applicant" if k == 0 else draw(st.sampled_from(["spouse", "child", "parent", "other"])),
        "co_resident": True if k == 0 else draw(st.booleans()),
        "health": draw(st.sampled_from(["healthy", "fair", "disabled", "ill"])),
        "serious_illness": draw(st.booleans()),
        "work_capacity": draw(st.sampled_from(["full", "partial", "none"])),
        "occupation": draw(
            st.sampled_from(
                ["employed", "flexible", "registered_unemployed", "unregistered_unemployed", "other"]
            )
        ),
        "incomes": draw(st.lists(income(), max_size=3)),
        "expenses": draw(
            st.lists(
                st.builds(
                    lambda k, a, p: {"kind": k, "amount": a, "per": p},
                    st.sampled_from(EXPENSES),
                    money,
                    st.sampled_from(["month", "year"]),
                ),
                max_size=2,
            )
        ),
    }
    if draw(st.booleans()):
        m["disability"] = {"category": "physical", "grade": draw(st.integers(1, 4))}
    return m


@st.composite
def household(draw: Any) -> dict[str, Any]:
    n = draw(st.integers(1, 5))
    members = [draw(member(k)) for k in range(n)]
    h: dict[str, Any] = {
        "schema": "jiuzhu.household/1",
        "id": f"h{draw(st.integers(0, 10**9))}",
        "region": "110113",
        "area_type": draw(st.sampled_from(["urban", "rural"])),
        "members": members,
        "assets": {
            "deposits": draw(money),
            "houses": [
                {
                    "area_m2": "50",
                    "nature": draw(st.sampled_from(["self_owned", "rented_private"])),
                    "in_large_city": draw(st.booleans()),
                }
                for _ in range(draw(st.integers(0, 2)))
            ],
            "vehicles": [
                {"kind": "car", "mobility_aid": draw(st.booleans())} for _ in range(draw(st.integers(0, 1)))
            ],
        },
        "flags": {
            "refused_suitable_jobs": draw(st.integers(0, 4)),
            "registered_poor": draw(st.booleans()),
            "high_consumption": draw(st.booleans()),
        },
    }
    if draw(st.booleans()):
        h["obligors"] = [
            {
                "supports": draw(st.sampled_from([m["ref"] for m in members])),
                "hukou_region": draw(st.sampled_from(["110113", "110105"])),
                "income": {"amount": draw(money), "per": "month"},
                "low_income_status": draw(st.sampled_from([None, "dibao"])),
                "court_ordered_support": draw(st.sampled_from([None, {"amount": "300.00", "per": "month"}])),
            }
        ]
    if draw(st.booleans()):
        h["union"] = {
            "worker_ref": "m1",
            "union_member": True,
            "labour_relation_since": draw(st.sampled_from(["2010-01-01", "2025-08-01"])),
            "migrant": draw(st.booleans()),
        }
        if draw(st.booleans()):
            h["union_aid"] = {
                "project": draw(st.sampled_from(["living", "medical"])),
                "amount": draw(money),
                "paid_this_year": draw(money),
                "self_paid_share": draw(money),
            }
    if draw(st.booleans()):
        h["events"] = [
            {
                "kind": draw(
                    st.sampled_from(
                        ["fire", "traffic_accident", "medical_spending", "education_spending", "disaster"]
                    )
                ),
                "date": "2026-06-01",
                "severity": draw(st.sampled_from(["minor", "moderate", "severe"])),
                "loss": draw(money),
                "compensation_received": draw(money),
                "still_in_hardship": draw(st.booleans()),
            }
        ]
    if draw(st.booleans()):
        h["history"] = {
            "hardship_category": draw(st.sampled_from([None, "deep", "relative"])),
            "dibao_since": "2025-01",
            "reemployed_since": draw(st.sampled_from(["2026-02", "2026-05"])),
            "months": [{"month": f"2026-0{m}", "per_capita_net_income": draw(money)} for m in range(1, 7)],
        }
    return h


FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@FAST
@given(st.lists(household(), min_size=1, max_size=8))
def test_batch_equals_single_case_results(hs: list[dict[str, Any]]) -> None:
    batch = assess_many(hs, PARAMS, AT)
    assert batch == [assess(h, PARAMS, AT) for h in hs]


def _amounts(obj: Any) -> list[str]:
    out: list[str] = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in ("reasons", "trace"):
                continue
            out.extend(_amounts(v))
    elif isinstance(obj, list):
        for v in obj:
            out.extend(_amounts(v))
    elif isinstance(obj, str) and obj.replace(".", "", 1).lstrip("-").isdigit():
        out.append(obj)
    return out


@FAST
@given(household())
def test_no_amount_is_negative(h: dict[str, Any]) -> None:
    r = assess(h, PARAMS, AT)
    for a in _amounts(r["programs"]):
        assert not a.startswith("-"), a


@FAST
@given(household(), st.sampled_from(EXCLUDED), money, st.sampled_from(["month", "year"]))
def test_r_inc_05_adding_excluded_income_never_changes_a_decision(
    h: dict[str, Any], kind: str, amount: str, per: str
) -> None:
    before = assess(h, PARAMS, AT)
    h2 = copy.deepcopy(h)
    h2["members"][0]["incomes"].append({"kind": kind, "amount": amount, "per": per})
    after = assess(h2, PARAMS, AT)
    assert after["programs"] == before["programs"]


def _raise_standard(delta_fen: int) -> Params:
    m = example_params_mapping()
    for region in m["regions"].values():
        series = region["dibao_standard"]
        for area in series.values():
            for d, v in list(area.items()):
                f = int(v.replace(".", "")) + delta_fen
                area[d] = f"{f // 100}.{f % 100:02d}"
    return Params.from_mapping(m)


@FAST
@given(household(), st.integers(1, 50_000))
def test_raising_the_standard_never_makes_an_eligible_household_ineligible(
    h: dict[str, Any], delta: int
) -> None:
    base = assess(h, PARAMS, AT)["programs"]
    higher = assess(h, _raise_standard(delta), AT)["programs"]
    for prog in ("dibao", "hardship_worker"):
        if base[prog]["status"] in ("eligible", "needs_review"):
            assert higher[prog]["eligible"], (prog, base[prog], higher[prog])
