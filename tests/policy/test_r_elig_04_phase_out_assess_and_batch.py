"""R-ELIG-04 through `jiuzhu assess` and `jiuzhu batch`: a phase-out keeps paying its last benefit, unchanged;
after `until` there is no phase-out and the household is not eligible (shared/spec/ASSESSMENT.md).

Hand-worked: two adults in Beijing Shunyi (110113, urban, standard 1400.00 in the example parameters, 6 months
of phase-out). Before re-employment neither had income: 1400.00 x 2 = 2800.00 a month was paid. m1 took a job
in 2026-03 at 3000.00 a month: per capita 1500.00 is not below 1400.00, so the household is in phase-out from
2026-03 to 2026-03 + 6 - 1 = 2026-08 and keeps its 2800.00; in 2026-09 it leaves dibao.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jiuzhu.policy.cli import batch_main
from tests.policy.util import HERE

PARAMS = str(HERE / "data" / "params.yaml")
HOUSEHOLD = {
    "schema": "jiuzhu.household/1",
    "id": "phase-out-zhong",
    "region": "110113",
    "area_type": "urban",
    "members": [
        {
            "ref": "m1",
            "name": "钟建民",
            "id_number": "110113197906062334",
            "relation": "applicant",
            "co_resident": True,
            "occupation": "employed",
            "incomes": [{"kind": "wage", "amount": "3000.00", "per": "month"}],
        },
        {
            "ref": "m2",
            "name": "龚丽萍",
            "id_number": "110113198109092340",
            "relation": "spouse",
            "co_resident": True,
        },
    ],
    "history": {"dibao_since": "2025-10", "reemployed_since": "2026-03", "last_benefit_household": "2800.00"},
}


def _jiuzhu_assess(path: Path, at: str) -> tuple[int, dict, str]:
    """The installed `jiuzhu assess` command, as an outside reviewer runs it."""
    exe = Path(sys.executable).with_name("jiuzhu")
    p = subprocess.run(
        [str(exe), "assess", str(path), "--params", PARAMS, "--at", at],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    return p.returncode, json.loads(p.stdout) if p.stdout.strip() else {}, p.stderr


def test_r_elig_04_jiuzhu_assess_keeps_the_last_benefit_then_ends(tmp_path: Path) -> None:
    f = tmp_path / "household.json"
    f.write_text(
        json.dumps(
            [
                HOUSEHOLD,
                {
                    **HOUSEHOLD,
                    "id": "no-last",
                    "history": {"dibao_since": "2025-10", "reemployed_since": "2026-03"},
                },
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    code, out, err = _jiuzhu_assess(f, "2026-07")
    assert code == 0, err
    d = out[0]["programs"]["dibao"]
    assert d["status"] == "eligible" and d["eligible"] is True
    assert d["phase_out"] == {"until": "2026-08"}
    assert d["per_capita_income"] == "1500.00" and d["benefit_household"] == "2800.00"
    assert any("R-ELIG-04" in r["cite"] for r in d["reasons"])
    # without the amount paid before: not guessed, a person decides, and the reason names the field
    d = out[1]["programs"]["dibao"]
    assert d["status"] == "needs_review" and d["phase_out"] == {"until": "2026-08"}
    assert any("history.last_benefit_household" in r["text"] for r in d["reasons"])

    code, out, err = _jiuzhu_assess(f, "2026-09")
    assert code == 0, err
    d = out[0]["programs"]["dibao"]
    assert d["status"] == "ineligible" and d["eligible"] is False
    assert "phase_out" not in d and d["benefit_household"] == "0.00"


@pytest.mark.parametrize(
    ("at", "status", "until", "benefit"),
    [
        ("2026-07", "eligible", "2026-08", "2800.00"),
        ("2026-08", "eligible", "2026-08", "2800.00"),
        ("2026-09", "ineligible", None, "0.00"),
    ],
)
def test_r_elig_04_batch_gives_the_same(
    tmp_path: Path, at: str, status: str, until: str | None, benefit: str
) -> None:
    import pyarrow.parquet as pq

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(HOUSEHOLD, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    assert batch_main([str(src), str(out), "--params", PARAMS, "--at", at, "--no-progress"]) == 0
    (row,) = pq.read_table(out).to_pylist()
    assert (row["dibao_status"], row["dibao_phase_out_until"], row["dibao_benefit_household"]) == (
        status,
        until,
        benefit,
    )
