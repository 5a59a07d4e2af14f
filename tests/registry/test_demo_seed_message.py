"""Issue 10, item 5: `jiuzhu demo --households N --seed S` on a database that already holds seed S's
households adds nothing — and says so, with how many there are and what to do instead."""

from __future__ import annotations

import pytest

from jiuzhu.cli import main
from jiuzhu.registry.models import Household

pytestmark = pytest.mark.django_db


def test_demo_with_a_used_seed_says_it_adds_nothing(capsys):
    assert main(["demo", "--households", "3", "--seed", "7"]) == 0
    assert "已生成 3 户演示家庭（seed=7）" in capsys.readouterr().out
    assert main(["demo", "--households", "3", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "未新增演示家庭" in out and "seed=7 的 3 户演示家庭此前已生成" in out and "--seed 8" in out
    assert Household.objects.filter(number__startswith="D7-").count() == 3
