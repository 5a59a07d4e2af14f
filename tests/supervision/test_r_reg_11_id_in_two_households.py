"""R-REG-11 (one household, one archive): a person who is an active member of one household and is counted
as living with another (a co-resident supporter there); flagged too when the two are in different counties."""

import pytest

pytestmark = pytest.mark.django_db


def supporter(idn, co_resident):
    return [
        {
            "name": "张大山",
            "id_number": idn,
            "relation": "儿子",
            "supports": "m1",
            "hukou_region": "110113",
            "co_resident": co_resident,
        }
    ]


def test_r_reg_11_member_counted_in_another_household(make_household, found):
    a = make_household()  # 顺义区 胜利街道
    idn = a.applicant.id_number
    b = make_household(region="110105001001", obligors=supporter(idn, True))  # 朝阳区
    hits = found("id_in_two_households")
    ob = b.obligors.get()
    assert [(s, hid) for s, hid, _d in hits] == [(f"o:{ob.pk}", b.pk)]
    assert hits[0][2].endswith("（两户分属不同县）") and a.number in hits[0][2]


def test_r_reg_11_supporter_living_elsewhere_is_normal(make_household, found):
    a = make_household()
    make_household(obligors=supporter(a.applicant.id_number, False))
    assert found("id_in_two_households") == []


def test_r_reg_11_same_county_no_county_note(make_household, found):
    a = make_household()
    make_household(obligors=supporter(a.applicant.id_number, True))
    [(_s, _h, detail)] = found("id_in_two_households")
    assert "不同县" not in detail
