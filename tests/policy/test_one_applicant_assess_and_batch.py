"""Exactly one applicant per household (shared/spec/ASSESSMENT.md; R-REG-01/02): `jiuzhu assess` exits 2
naming `members[1].relation`, the batch names the line and the same path; nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jiuzhu.policy.cli import assess_main, batch_main
from tests.policy.util import HERE, example_household

PARAMS = str(HERE / "data" / "params.yaml")


def _two_applicants() -> dict:
    h = example_household()
    h["members"][1]["relation"] = "applicant"
    return h


def test_r_reg_01_two_applicants_exit_2_with_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "h.json"
    f.write_text(json.dumps(_two_applicants(), ensure_ascii=False), encoding="utf-8")
    assert assess_main([str(f), "--params", PARAMS, "--at", "2026-07"]) == 2
    cap = capsys.readouterr()
    assert cap.out == ""
    assert "h.json" in cap.err and "members[1].relation" in cap.err and "申请人" in cap.err


def test_r_reg_01_no_applicant_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    h = example_household()
    h["members"][0]["relation"] = "other"
    f = tmp_path / "h.json"
    f.write_text(json.dumps(h, ensure_ascii=False), encoding="utf-8")
    assert assess_main([str(f), "--params", PARAMS, "--at", "2026-07"]) == 2
    assert "members:" in capsys.readouterr().err


def test_r_reg_01_batch_refuses_two_applicants(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    lines = [
        json.dumps(example_household(), ensure_ascii=False),
        json.dumps(_two_applicants(), ensure_ascii=False),
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    assert batch_main([str(src), str(out), "--params", PARAMS, "--at", "2026-07", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "members[1].relation" in err
    assert not out.exists()
