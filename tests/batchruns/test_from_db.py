"""`jiuzhu batch --from-db` (issue 11, item 2): the registry read in columns gives, household by household, the
decisions of the JSON path on `to_assessment_input`; --region keeps a subtree; --record stores the run."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from jiuzhu.policy import Params, assess_many
from jiuzhu.policy.decisions import flatten

AT = "2026-07"


@pytest.fixture
def registry(demo):
    from jiuzhu.registry.demo import generate_demo

    generate_demo(households=80, seed=11)


def _expected(region_path: str | None = None) -> list[dict]:
    from jiuzhu.core.params import params_mapping
    from jiuzhu.registry.documents import to_assessment_input
    from jiuzhu.registry.models import Household

    qs = Household.objects.filter(active=True).order_by("id")
    if region_path:
        qs = qs.filter(region__path__startswith=region_path)
    hs = [to_assessment_input(h) for h in qs]
    return [flatten(r) for r in assess_many(hs, Params.from_mapping(params_mapping()), AT)]


def test_registry_in_columns_same_decisions_as_the_json_path(registry) -> None:
    from jiuzhu.batchruns.registry import registry_tables
    from jiuzhu.core.params import params_mapping
    from jiuzhu.policy import decide_columns
    from jiuzhu.policy.tables import tables_to_columns

    tables = registry_tables()
    got = decide_columns(tables_to_columns(tables), Params.from_mapping(params_mapping()), AT).to_pylist()
    expected = _expected()
    assert len(got) == len(expected) >= 80
    for g, e in zip(got, expected, strict=True):
        assert g == e, e["id"]
    # the demo has the variety the comparison needs
    assert tables["obligors"].num_rows > 0 and tables["incomes"].num_rows > 0
    assert tables["assets"].num_rows > 0
    assert sum(1 for r in got if r["hardship_status"] != "ineligible") > 0


def test_from_db_command_region_subtree(registry, tmp_path: Path) -> None:
    from jiuzhu.cli import main
    from jiuzhu.core.models import Region
    from jiuzhu.registry.models import Household

    region = Region.objects.get(code="110113")
    out = tmp_path / "d.parquet"
    assert main(["batch", "--from-db", "--region", "110113", str(out), "--at", AT, "--no-progress"]) == 0
    rows = pq.read_table(out).to_pylist()
    in_scope = Household.objects.filter(active=True, region__path__startswith=region.path).count()
    assert len(rows) == in_scope
    assert rows == _expected(region.path)
    assert main(["batch", "--from-db", "--region", "999999", str(out), "--at", AT, "--no-progress"]) == 2


def test_from_db_record_stores_run_decisions_audit_and_reproducible_inputs(
    registry, tmp_path: Path, users
) -> None:
    from jiuzhu.batchruns.models import BatchDecision, BatchRun
    from jiuzhu.cli import main
    from jiuzhu.core.models import AuditEvent
    from jiuzhu.policy import ENGINE_VERSION
    from jiuzhu.policy.cli import batch_main

    out = tmp_path / "d.parquet"
    argv = ["batch", "--from-db", str(out), "--at", AT, "--record", "--as", "sy_approver", "--no-progress"]
    assert main(argv) == 0
    run = BatchRun.objects.get()
    rows = pq.read_table(out).to_pylist()
    assert run.households == len(rows) and run.engine_version == ENGINE_VERSION and run.at == AT
    assert len(run.params_digest) == 64 and run.params["regions"]
    assert run.counts["dibao_status"] == {
        s: sum(1 for r in rows if r["dibao_status"] == s) for s in {r["dibao_status"] for r in rows}
    }
    assert BatchDecision.objects.filter(run=run).count() == len(rows)
    d = BatchDecision.objects.filter(run=run).select_related("household").order_by("household_id").first()
    first = next(r for r in rows if r["id"] == d.household.number)
    assert d.dibao_status == first["dibao_status"] and d.reason_codes == first["reason_codes"]
    benefit = first["dibao_benefit_household"]
    assert d.dibao_benefit_household_fen == (None if benefit is None else round(float(benefit) * 100))
    ev = AuditEvent.objects.get(action="batchrun.record")
    assert ev.actor.username == "sy_approver" and ev.after["params_digest"] == run.params_digest
    # reproduce: the stored input tables with the stored parameters give the same rows
    import yaml

    params_file = tmp_path / "p.yaml"
    params_file.write_text(yaml.safe_dump(run.params, allow_unicode=True), encoding="utf-8")
    again = tmp_path / "again.parquet"
    assert Path(run.inputs).is_dir() and len(run.inputs_digest) == 64
    assert (
        batch_main([run.inputs, str(again), "--params", str(params_file), "--at", AT, "--no-progress"]) == 0
    )
    assert pq.read_table(again).to_pylist() == rows


def test_batch_engine_option_routes_local_and_refuses_others(tmp_path: Path, capsys) -> None:
    import json

    from jiuzhu.cli import main
    from tests.policy.util import example_household

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(example_household(), ensure_ascii=False) + "\n", encoding="utf-8")
    params = str(Path(__file__).parents[1] / "policy" / "data" / "params.yaml")
    out = tmp_path / "out.parquet"
    argv = ["batch", str(src), str(out), "--params", params, "--at", AT, "--no-progress"]
    assert main([*argv, "--engine", "local"]) == 0
    assert pq.read_table(out).column("dibao_benefit_household").to_pylist() == ["2795.00"]
    assert main([*argv, "--engine=gpu"]) == 2
    assert "--engine" in capsys.readouterr().err
