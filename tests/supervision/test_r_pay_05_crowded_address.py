"""R-PAY-05 (DEFAULT threshold 3): three or more recipient households registered at one address."""

import pytest

pytestmark = pytest.mark.django_db


def test_r_pay_05_three_recipient_households_at_one_address(make_household, case_row, found):
    hs = [make_household(address="胜利街道建新社区3号楼 2单元") for _ in range(3)]
    for h in hs:
        case_row("active", household=h)
    other = make_household(address="胜利街道建新社区5号楼")
    case_row("active", household=other)
    hits = found("crowded_address")
    assert sorted(hid for _s, hid, _d in hits) == sorted(h.pk for h in hs)
    assert {d for _s, _h, d in hits} == {"本户地址共登记了3户救助对象"}


def test_r_pay_05_two_households_or_non_recipients_are_not(make_household, case_row, found):
    for _ in range(2):
        case_row("active", household=make_household(address="胜利街道建新社区7号楼"))
    make_household(address="胜利街道建新社区7号楼")  # registered, no case
    case_row("refused", household=make_household(address="胜利街道建新社区7号楼"))
    assert found("crowded_address") == []
