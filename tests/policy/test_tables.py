"""The columnar household format (docs/policy.md): tables -> Columns with vectorised checks, and the
vectorised decision rows, compared with the JSON path household by household."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiuzhu.policy import (
    ENGINE_VERSION,
    HouseholdError,
    Params,
    assess_many,
    decide_columns,
    validate_household,
)
from jiuzhu.policy.cli import batch_main
from jiuzhu.policy.decisions import flatten
from jiuzhu.policy.tables import TableError, json_to_tables, tables_to_columns, write_tables
from tests.policy.test_cases import CASES, _merge, _params_mapping
from tests.policy.test_properties import FAST, PARAMS, household
from tests.policy.util import example_household

PARAMS_FILE = str(Path(__file__).parent / "data" / "params.yaml")


def _json_rows(hs: list[dict[str, Any]], params: Params, at: str) -> list[dict[str, Any]]:
    return [flatten(r) for r in assess_many(hs, params, at)]


def _table_rows(hs: list[dict[str, Any]], params: Params, at: str) -> list[dict[str, Any]]:
    return decide_columns(tables_to_columns(json_to_tables(hs)), params, at).to_pylist()


def _case_groups() -> list[tuple[dict[str, Any], str, list[tuple[str, dict[str, Any]]]]]:
    groups: dict[tuple[str, str], tuple[dict[str, Any], str, list[tuple[str, dict[str, Any]]]]] = {}
    for name, c in CASES:
        if "expect_error" in c:
            continue
        mapping = _params_mapping(c.get("params") or "base")
        if c.get("params_patch"):
            _merge(mapping, c["params_patch"])
        groups.setdefault((repr(mapping), c["at"]), (mapping, c["at"], []))[2].append((name, c["household"]))
    return list(groups.values())


def test_every_worked_case_gives_the_same_row_from_tables_as_from_json() -> None:
    checked = 0
    for mapping, at, named in _case_groups():
        params = Params.from_mapping(mapping)
        hs = [copy.deepcopy(h) for _, h in named]
        for k, h in enumerate(hs):  # the tables key every row by the household id: make them unique
            h["id"] = f"{k}-{h['id']}"
        expected = _json_rows(hs, params, at)
        got = _table_rows(hs, params, at)
        for (name, _), e, g in zip(named, expected, got, strict=True):
            assert g == e, name
            checked += 1
    assert checked > 150


@FAST
@given(st.lists(household(), min_size=1, max_size=12))
def test_random_households_same_rows_from_tables_json_and_per_household(hs: list[dict[str, Any]]) -> None:
    for k, h in enumerate(hs):
        h["id"] = f"r{k}"
    expected = _json_rows(hs, PARAMS, "2026-07")
    assert _table_rows(hs, PARAMS, "2026-07") == expected
    # the vectorised rows of the JSON path (build_columns) are the per-household rows too
    from jiuzhu.policy import build_columns

    rows = decide_columns(build_columns([validate_household(h) for h in hs]), PARAMS, "2026-07").to_pylist()
    assert rows == expected


def test_example_household_from_tables_hand_worked_figures() -> None:
    row = _table_rows([example_household()], PARAMS, "2026-07")[0]
    # ASSESSMENT.md: (1400 - 841.25) x 4 = 2235.00 + 420.00 + 140.00
    assert row["dibao_status"] == "eligible"
    assert row["dibao_per_capita_income"] == "841.25"
    assert row["dibao_benefit_household"] == "2795.00"
    assert row["dibao_increments"] == "m2:severe_disability:420.00;m4:elderly_60:140.00"
    assert row["hardship_category"] == "deep" and row["hardship_per_capita_net_income"] == "716.25"
    assert row["engine"] == ENGINE_VERSION


# ---------------------------------------------------------------- bad input: the JSON path's messages


def _bad_cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for name, c in CASES:
        if "expect_error" not in c:
            continue
        h = c["household"]
        try:
            validate_household(h)
        except HouseholdError as e:
            if "未知字段" in e.problem or e.path == "schema":
                continue  # unknown fields are unknown columns in the tables (tested below)
            out.append((name, h))
    return out


BAD = _bad_cases()


@pytest.mark.parametrize("case", [h for _, h in BAD], ids=[n for n, _ in BAD])
def test_bad_value_same_problem_as_json_path_with_table_row_column(case: dict[str, Any]) -> None:
    with pytest.raises(HouseholdError) as je:
        validate_household(case)
    with pytest.raises(TableError) as te:
        tables_to_columns(json_to_tables([case]))
    assert te.value.problem == je.value.problem
    assert te.value.table.endswith(".parquet") and te.value.row == 1 or te.value.row == 2
    leaf = je.value.path.rsplit(".", 1)[-1].split("[")[0]
    expected_column = {"deposits": "amount"}.get(leaf, leaf)
    assert te.value.column == expected_column


def test_bad_row_named_among_many() -> None:
    hs = []
    for k in range(50):
        h = example_household()
        h["id"] = f"h{k}"
        hs.append(h)
    hs[37]["members"][1]["id_number"] = "110113198107220021"  # check digit should be X
    with pytest.raises(TableError) as te:
        tables_to_columns(json_to_tables(hs))
    e = te.value
    assert (e.table, e.column, e.household) == ("members.parquet", "id_number", "h37")
    assert e.row == 37 * 4 + 2  # the members of h0..h36 come first, 4 each; m2 is the second of h37
    assert e.problem == "校验位应为X"
    assert str(e) == "members.parquet: row 150 (household h37), id_number: 校验位应为X"


def test_unknown_column_missing_column_unknown_household_unknown_member() -> None:
    t = json_to_tables([example_household()])
    t2 = dict(t, members=t["members"].append_column("nickname", pa.array(["x"] * t["members"].num_rows)))
    with pytest.raises(TableError, match="未知列") as te:
        tables_to_columns(t2)
    assert te.value.column == "nickname"
    with pytest.raises(TableError, match="缺少必填列"):
        tables_to_columns(dict(t, members=t["members"].drop_columns(["id_number"])))
    inc = t["incomes"]
    bad = inc.set_column(0, "household", pa.array(["nobody"] * inc.num_rows))
    with pytest.raises(TableError, match="不是 households 表中的家庭 id") as te:
        tables_to_columns(dict(t, incomes=bad))
    assert (te.value.table, te.value.row, te.value.column) == ("incomes.parquet", 1, "household")
    bad = inc.set_column(1, "member", pa.array(["m9"] * inc.num_rows))
    with pytest.raises(TableError, match="“m9”不是本户成员的 ref"):
        tables_to_columns(dict(t, incomes=bad))


def test_duplicate_household_id_refused() -> None:
    h = example_household()
    with pytest.raises(TableError, match="重复") as te:
        tables_to_columns(json_to_tables([h, copy.deepcopy(h)]))
    assert (te.value.table, te.value.row, te.value.column) == ("households.parquet", 2, "id")


def test_money_types_decimal_text_and_integer_yuan_give_the_same_decisions() -> None:
    h = example_household()
    t = json_to_tables([h])
    inc = t["incomes"]
    assert pa.types.is_decimal(inc.schema.field("amount").type)
    as_text = inc.set_column(
        3, "amount", pa.array([None if v is None else str(v) for v in inc.column(3).to_pylist()])
    )
    expected = decide_columns(tables_to_columns(t), PARAMS, "2026-07").to_pylist()
    assert (
        decide_columns(tables_to_columns(dict(t, incomes=as_text)), PARAMS, "2026-07").to_pylist() == expected
    )
    # three decimal places are refused with the JSON path's message
    bad = inc.set_column(3, "amount", pa.array(["1800.005"] + ["1.00"] * (inc.num_rows - 1)))
    with pytest.raises(TableError) as te:
        tables_to_columns(dict(t, incomes=bad))
    assert te.value.problem == "金额“1800.005”最多2位小数"


# ---------------------------------------------------------------- the command


def test_batch_command_reads_a_table_folder_parquet_and_arrow(tmp_path: Path) -> None:
    hs = []
    for k in range(3):
        h = example_household()
        h["id"] = f"h{k}"
        hs.append(h)
    for fmt in ("parquet", "arrow"):
        folder = tmp_path / f"in-{fmt}"
        write_tables(json_to_tables(hs), folder, fmt)
        out = tmp_path / f"out-{fmt}.parquet"
        argv = [str(folder), str(out), "--params", PARAMS_FILE, "--at", "2026-07", "--no-progress"]
        assert batch_main(argv) == 0
        rows = pq.read_table(out).to_pylist()
        assert [r["id"] for r in rows] == ["h0", "h1", "h2"]
        assert rows == _json_rows(hs, PARAMS, "2026-07")


def test_batch_command_bad_table_exit_2_names_table_row_column_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hs = [example_household()]
    hs[0]["members"][0]["incomes"][0]["amount"] = "-5.00"
    folder = tmp_path / "in"
    write_tables(json_to_tables(hs), folder)
    out = tmp_path / "out.parquet"
    argv = [str(folder), str(out), "--params", PARAMS_FILE, "--at", "2026-07", "--no-progress"]
    assert batch_main(argv) == 2
    err = capsys.readouterr().err
    assert "incomes.parquet: row 1 (household example-zhang), amount: 金额不能为负数" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]
