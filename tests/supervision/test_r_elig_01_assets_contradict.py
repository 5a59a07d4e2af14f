"""R-ELIG-01 / R-REG-06: a granted 低保 case whose household has a motor vehicle (not a disabled person's
mobility aid), a business, a controlling share in a company, or two self-owned houses."""

import pytest

pytestmark = pytest.mark.django_db

HOUSE = {"area_m2": "45.00", "nature": "self_owned"}


def test_r_elig_01_vehicle_business_company_and_houses(make_household, case_row, found):
    car = make_household(assets={"vehicles": [{"kind": "car", "model": "大众朗逸"}]})
    shop = make_household(assets={"businesses": [{"kind": "shop", "name": "便民小卖部"}]})
    boss = make_household(flags={"controlling_shareholder": True})
    two = make_household(assets={"houses": [HOUSE, HOUSE]})
    apps = {h.pk: case_row("active", household=h) for h in (car, shop, boss, two)}
    assert sorted(s for s, _h, _d in found("assets_contradict")) == sorted(
        [
            f"asset:{apps[car.pk].pk}:vehicle",
            f"asset:{apps[shop.pk].pk}:business",
            f"asset:{apps[boss.pk].pk}:company",
            f"asset:{apps[two.pk].pk}:house",
        ]
    )


def test_r_elig_01_mobility_aid_one_house_or_no_grant_is_not(make_household, case_row, found):
    aid = make_household(assets={"vehicles": [{"kind": "other", "mobility_aid": True}], "houses": [HOUSE]})
    case_row("active", household=aid)
    pending = make_household(assets={"vehicles": [{"kind": "car"}]})
    case_row("submitted", household=pending)  # not granted yet: the assessment decides
    assert found("assets_contradict") == []
