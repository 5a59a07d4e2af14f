"""R-FLOW-13 / R-FLOW-12 (DEFAULT: a change of half the earlier value): the per-capita income of a case's last
two assessments (stored snapshots) jumps or drops by at least half."""

import pytest

from jiuzhu.dibao.models import DecisionSnapshot

pytestmark = pytest.mark.django_db


def snap(app, per_capita):
    return DecisionSnapshot.objects.create(
        application=app,
        purpose="reassess",
        at="2026-11",
        facts={},
        params={},
        engine_version="test",
        result={"programs": {"dibao": {"per_capita_income": per_capita}}},
    )


def test_r_flow_13_jump_and_drop_of_half_or_more(case_row, found):
    up, down = case_row("active"), case_row("active")
    snap(up, "600.00")
    new_up = snap(up, "900.00")  # +300.00 = exactly half of 600.00
    snap(down, "1000.00")
    new_down = snap(down, "400.00")  # −600.00
    assert sorted(found("income_change")) == sorted(
        [
            (
                f"income:{new_up.pk}",
                up.household_id,
                "人均月收入由600.00元变为900.00元（上升），请核实是否应调整保障",
            ),
            (
                f"income:{new_down.pk}",
                down.household_id,
                "人均月收入由1000.00元变为400.00元（下降），请核实是否应调整保障",
            ),
        ]
    )


def test_r_flow_13_small_change_only_last_pair_and_closed_cases(case_row, found):
    small = case_row("active")
    snap(small, "600.00")
    snap(small, "899.99")  # +299.99: less than half
    earlier = case_row("active")
    snap(earlier, "100.00")
    snap(earlier, "500.00")  # a jump, but not the last pair
    snap(earlier, "520.00")
    closed = case_row("stopped")
    snap(closed, "100.00")
    snap(closed, "900.00")
    one = case_row("active")
    snap(one, "100.00")
    assert found("income_change") == []
