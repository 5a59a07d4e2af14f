"""`jiuzhu batch --engine spark` (issue 11, item 3): 10,000 households on Spark local mode, every decision
compared with the local engine's. The Spark path touches no database: it runs once (the SQLite run)."""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from jiuzhu.policy import Params, decide_columns
from jiuzhu.policy.tables import json_to_tables, tables_to_columns, write_tables
from tests.policy.test_cases import CASES
from tests.policy.util import example_params_mapping

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (17)"),
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="no database: the SQLite run suffices",
    ),
]
AT = "2026-07"
N = 10_000


def _households(n: int) -> list[dict]:
    """The worked cases' valid households (all kinds of facts: obligors, events, history, union aid...),
    repeated with their own ids up to n."""
    base = [c["household"] for _, c in CASES if "expect_error" not in c]
    out = []
    for k in range(n):
        h = copy.deepcopy(base[k % len(base)])
        h["id"] = f"s{k:05d}"
        out.append(h)
    return out


def test_spark_local_mode_same_decisions_as_the_local_engine_for_10000_households(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from jiuzhu.batchruns.spark import batch_spark_main

    mapping = example_params_mapping()
    tables = json_to_tables(_households(N))
    folder = tmp_path / "in"
    write_tables(tables, folder)
    local = (
        decide_columns(tables_to_columns(tables), Params.from_mapping(mapping), AT).sort_by("id").to_pylist()
    )
    params = tmp_path / "params.yaml"
    shutil.copy(Path(__file__).parents[1] / "policy" / "data" / "params.yaml", params)
    out = tmp_path / "decisions"
    argv = [
        "--engine",
        "spark",
        str(folder),
        str(out),
        "--params",
        str(params),
        "--at",
        AT,
        "--master",
        "local[2]",
    ]
    assert batch_spark_main(argv) == 0
    spark = pq.read_table(out).sort_by("id").to_pylist()
    assert len(spark) == len(local) == N
    mismatched = [a["id"] for a, b in zip(spark, local, strict=True) if a != b]
    assert mismatched == []
    assert len({r["dibao_status"] for r in local}) >= 3 and len({r["reason_codes"] for r in local}) > 20
    # a bad value in a partition: exit 2, the table, household, column and the JSON path's problem; nothing written
    bad = _households(20)
    bad[13]["members"][0]["incomes"] = [{"kind": "wage", "amount": "-1.00"}]
    folder2 = tmp_path / "bad"
    write_tables(json_to_tables(bad), folder2)
    out2 = tmp_path / "decisions2"
    argv2 = [
        "--engine",
        "spark",
        str(folder2),
        str(out2),
        "--params",
        str(params),
        "--at",
        AT,
        "--master",
        "local[2]",
    ]
    assert batch_spark_main(argv2) == 2
    assert "incomes.parquet (household s00013), amount: 金额不能为负数" in capsys.readouterr().err
    assert not out2.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "decisions", "in", "params.yaml"]
