"""Policy simulation (issue 11, item 5): the 低保 standard raised by 10% from a month, the registry assessed
with both parameter sets; by township and area type; nothing in the cases or the database changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

AT = "2026-07"


def test_raised_standard_adds_a_value_from_the_month_half_up() -> None:
    from jiuzhu.batchruns.simulate import raised_standard
    from jiuzhu.policy import Params
    from tests.policy.util import example_params_mapping

    m = raised_standard(example_params_mapping(), Decimal("10"), dt.date(2026, 7, 1))
    p = Params.from_mapping(m)
    # 1400.00 x 1.10 = 1540.00 from 2026-07-01; June keeps 1400.00
    assert p.lookup("110113", "dibao_standard", "urban", dt.date(2026, 7, 1)).value == 154000
    assert p.lookup("110113", "dibao_standard", "urban", dt.date(2026, 6, 1)).value == 140000
    m3 = raised_standard(example_params_mapping(), Decimal("3.33"), dt.date(2026, 7, 1))
    # 140000 x 1.0333 = 144662 fen (144662.0 exactly)
    assert (
        Params.from_mapping(m3).lookup("110113", "dibao_standard", "rural", dt.date(2026, 7, 1)).value
        == 144662
    )


@pytest.fixture
def registry(demo):
    from jiuzhu.registry.demo import generate_demo

    generate_demo(households=60, seed=13)


def test_simulation_counts_and_costs_match_the_two_runs_and_change_nothing(registry, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from jiuzhu.batchruns.registry import registry_tables
    from jiuzhu.batchruns.simulate import raised_standard, simulate
    from jiuzhu.cli import main
    from jiuzhu.core.models import AuditEvent
    from jiuzhu.core.params import params_mapping
    from jiuzhu.policy import Params, decide_columns
    from jiuzhu.policy.tables import tables_to_columns

    events = AuditEvent.objects.count()
    report = simulate("110113", AT, Decimal("10"))
    # the same figures from the two runs directly
    cols = tables_to_columns(registry_tables("110113"))
    base = decide_columns(cols, Params.from_mapping(params_mapping()), AT).to_pylist()
    new_map = raised_standard(params_mapping(), Decimal("10"), dt.date(2026, 7, 1))
    new = decide_columns(cols, Params.from_mapping(new_map), AT).to_pylist()

    def fen(r: dict) -> int:
        return int(r["dibao_benefit_household"].replace(".", "")) if r["dibao_eligible"] else 0

    t = report["total"]
    assert t["households"] == len(base) > 0
    assert t["newly_eligible"] == sum(
        1 for a, b in zip(base, new, strict=True) if b["dibao_eligible"] and not a["dibao_eligible"]
    )
    assert t["newly_ineligible"] == 0  # a higher standard never makes an eligible household ineligible
    assert t["monthly_change_fen"] == sum(fen(b) - fen(a) for a, b in zip(base, new, strict=True)) > 0
    assert t["yearly_change_fen"] == 12 * t["monthly_change_fen"]
    assert sum(r["households"] for r in report["rows"]) == t["households"]
    assert AuditEvent.objects.count() == events  # nothing changed
    out = tmp_path / "r.xlsx"
    assert main(["simulate", str(out), "--region", "110113", "--at", AT, "--standard", "+10%"]) == 0
    ws = load_workbook(out).active
    last = [c.value for c in ws[ws.max_row]]
    assert last[0] == "合计" and last[5] == t["newly_eligible"]
    assert Decimal(str(last[9])) == Decimal(t["monthly_change_fen"]).scaleb(-2)
