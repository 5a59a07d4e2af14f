"""The assess and batch commands: output, exit codes, bad input (exit 2, path and problem, nothing written)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jiuzhu.policy.cli import assess_main, batch_main
from tests.policy.util import HERE, example_household, example_params_mapping

HH = str(HERE / "data" / "household-zhang.json")
PARAMS = str(HERE / "data" / "params.yaml")


def test_assess_example_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert assess_main([HH, "--params", PARAMS, "--at", "2026-07"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["programs"]["dibao"]["benefit_household"] == "2795.00"


def test_assess_explain_adds_trace_of_the_same_computation(capsys: pytest.CaptureFixture[str]) -> None:
    assert assess_main([HH, "--params", PARAMS, "--at", "2026-07", "--explain"]) == 0
    out = json.loads(capsys.readouterr().out)
    d = out["programs"]["dibao"]
    steps = {s["step"]: s for s in d["trace"]["steps"]}
    assert steps["dibao.per_capita_income"]["value"] == d["per_capita_income"]
    assert steps["dibao.benefit_household"]["value"] == d["benefit_household"]
    assert "四舍五入" in steps["dibao.per_capita_income"]["note"]
    assert {
        "key": "dibao_standard",
        "region": "110113",
        "area_type": "urban",
        "effective": "2026-01-01",
        "value": "1400.00",
    } in d["trace"]["params"]
    h = out["programs"]["hardship_worker"]
    hs = {s["step"]: s for s in h["trace"]["steps"]}
    assert hs["union.per_capita_net_income"]["value"] == "716.25"
    assert all(s["cite"] for s in d["trace"]["steps"])


def test_assess_array_gives_array(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "many.json"
    h2 = example_household()
    h2["id"] = "second"
    f.write_text(json.dumps([example_household(), h2]), encoding="utf-8")
    assert assess_main([str(f), "--params", PARAMS, "--at", "2026-07"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in out] == ["example-zhang", "second"]


def test_assess_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(example_household())))
    assert assess_main(["-", "--params", PARAMS, "--at", "2026-07"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "example-zhang"


def test_assess_params_loader_used_without_params(capsys: pytest.CaptureFixture[str]) -> None:
    assert assess_main([HH, "--at", "2026-07"], params_loader=example_params_mapping) == 0
    assert json.loads(capsys.readouterr().out)["programs"]["dibao"]["status"] == "eligible"
    assert assess_main([HH, "--at", "2026-07"]) == 2
    cap = capsys.readouterr()
    assert "--params" in cap.err and cap.out == ""


def _bad_household(tmp_path: Path) -> Path:
    h = example_household()
    h["members"][1]["id_number"] = "110113198107220021"
    f = tmp_path / "household.json"
    f.write_text(json.dumps(h, ensure_ascii=False), encoding="utf-8")
    return f


def test_bad_input_exit_2_names_file_path_and_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = _bad_household(tmp_path)
    assert assess_main([str(f), "--params", PARAMS, "--at", "2026-07"]) == 2
    cap = capsys.readouterr()
    assert cap.out == ""
    assert f"{f}: members[1].id_number: 校验位应为X" in cap.err
    assert "Traceback" not in cap.err


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda h: h["members"][0].update(hobby="x"), "members[0].hobby"),
        (lambda h: h["members"][0]["incomes"][0].update(amount="12.345"), "members[0].incomes[0].amount"),
        (lambda h: h["members"][0]["incomes"][0].update(per="week"), "members[0].incomes[0].per"),
        (lambda h: h.update(area_type="suburban"), "area_type"),
        (lambda h: h["obligors"][0].update(supports="m9"), "obligors[0].supports"),
        (lambda h: h.pop("region"), "region"),
    ],
)
def test_bad_input_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str], mutate, path: str) -> None:  # noqa: ANN001
    h = example_household()
    mutate(h)
    f = tmp_path / "h.json"
    f.write_text(json.dumps(h, ensure_ascii=False), encoding="utf-8")
    assert assess_main([str(f), "--params", PARAMS, "--at", "2026-07"]) == 2
    cap = capsys.readouterr()
    assert f": {path}: " in cap.err and cap.out == "" and "Traceback" not in cap.err


def test_bad_json_bad_at_bad_params(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "broken.json"
    f.write_text("{", encoding="utf-8")
    assert assess_main([str(f), "--params", PARAMS, "--at", "2026-07"]) == 2
    assert "broken.json" in capsys.readouterr().err
    assert assess_main([HH, "--params", PARAMS, "--at", "2026-7"]) == 2
    assert "--at" in capsys.readouterr().err
    p = tmp_path / "p.yaml"
    p.write_text('regions: {"110113": {dibao_standard: {urban: {2026-01-01: "abc"}}}}', encoding="utf-8")
    assert assess_main([HH, "--params", str(p), "--at", "2026-07"]) == 2
    err = capsys.readouterr().err
    assert "regions.110113.dibao_standard.urban.2026-01-01" in err and "Traceback" not in err


def test_bad_input_via_subprocess(tmp_path: Path) -> None:
    f = _bad_household(tmp_path)
    r = subprocess.run(
        [sys.executable, "-m", "jiuzhu.policy.cli", "assess", str(f), "--params", PARAMS, "--at", "2026-07"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )
    assert r.returncode == 2
    assert r.stdout == ""
    assert "members[1].id_number" in r.stderr and "校验位应为X" in r.stderr
    assert "Traceback" not in r.stderr


def test_batch_jsonl_to_parquet_and_csv(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    src = tmp_path / "in.jsonl"
    hs = []
    for k in range(5):
        h = example_household()
        h["id"] = f"h{k}"
        hs.append(json.dumps(h, ensure_ascii=False))
    src.write_text("\n".join(hs) + "\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    assert batch_main([str(src), str(out), "--params", PARAMS, "--at", "2026-07", "--no-progress"]) == 0
    t = pq.read_table(out).to_pylist()
    assert [r["id"] for r in t] == [f"h{k}" for k in range(5)]
    assert t[0]["dibao_benefit_household"] == "2795.00" and t[0]["hardship_category"] == "deep"
    # Parquet in, CSV out
    import pyarrow as pa

    pin = tmp_path / "in.parquet"
    pq.write_table(pa.table({"household": hs}), pin)
    out2 = tmp_path / "out.csv"
    assert batch_main([str(pin), str(out2), "--params", PARAMS, "--at", "2026-07", "--no-progress"]) == 0
    assert "2795.00" in out2.read_text(encoding="utf-8")


def test_batch_bad_row_exit_2_and_no_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = json.dumps(example_household(), ensure_ascii=False)
    bad = example_household()
    bad["members"][1]["id_number"] = "110113198107220021"
    src = tmp_path / "in.jsonl"
    src.write_text(good + "\n" + json.dumps(bad, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    assert (
        batch_main([str(src), str(out), "--params", PARAMS, "--at", "2026-07", "--no-progress"], chunk=1) == 2
    )
    err = capsys.readouterr().err
    assert "line 2" in err and "members[1].id_number" in err and "Traceback" not in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src]
