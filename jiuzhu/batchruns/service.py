"""One batch run over the registry: read in columns, validate, assess (locally or on Spark), write the
decisions, optionally record the run. Used by `jiuzhu batch --from-db` and by the background job."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from typing import Any

STAGES = 5  # read, check, assess, write, record


class RunRefused(ValueError):
    """The run cannot be made (bad region, bad parameters, bad registry data): the message says why."""


def run_from_db(
    actor: Any,
    *,
    region_code: str | None,
    at: str,
    output: str,
    params_mapping: dict[str, Any] | None = None,
    record: bool = False,
    inputs: str | None = None,
    engine: str = "local",
    master: str | None = None,
    progress: Callable[..., None] | None = None,
    say: Callable[[str], None] | None = None,
) -> tuple[Any, Any]:
    """(decisions table, BatchRun or None). Raises RunRefused; nothing is written then."""
    from jiuzhu.core.params import params_mapping as stored_params
    from jiuzhu.policy import ENGINE_VERSION, Params, ParamsError, decide_columns, parse_at
    from jiuzhu.policy.cli import _Usage, _Writer
    from jiuzhu.policy.tables import TableError, tables_to_columns, write_tables

    from .registry import registry_tables

    step = progress or (lambda done, total=None: None)
    tell = say or (lambda m: None)
    try:
        parse_at(at)
    except ValueError as e:
        raise RunRefused(f"评估月份: {e}") from None
    mapping = params_mapping if params_mapping is not None else stored_params()
    try:
        params = Params.from_mapping(mapping)
    except ParamsError as e:
        raise RunRefused(f"参数: {e.path}: {e.problem}") from None
    t0 = time.perf_counter()
    step(0, STAGES)
    try:
        tables = registry_tables(region_code)
    except ValueError as e:
        raise RunRefused(str(e)) from None
    tell(f"从登记库读取 {tables['households'].num_rows} 户，用时 {time.perf_counter() - t0:.1f} 秒")
    step(1, STAGES)
    try:
        cols = tables_to_columns(tables)
    except TableError as e:
        raise RunRefused(f"登记库数据: {e}") from None
    step(2, STAGES)
    if inputs:
        write_tables(tables, inputs)
    try:
        writer = _Writer(output)
    except _Usage as e:
        raise RunRefused(str(e)) from None
    try:
        if engine == "spark":
            from .spark import spark_decide

            folder = inputs or tempfile.mkdtemp(prefix=".jiuzhu-inputs-")
            try:
                if not inputs:
                    write_tables(tables, folder)
                table = spark_decide(folder, mapping, at, master=master)  # sorted by id
            finally:
                if not inputs:
                    shutil.rmtree(folder, ignore_errors=True)
        else:
            table = decide_columns(cols, params, at)
        step(3, STAGES)
        writer.write_table(table)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    tell(f"已写出 {table.num_rows} 行: {output}（共 {time.perf_counter() - t0:.1f} 秒）")
    step(4, STAGES)
    run = None
    if record:
        import numpy as np

        from .actions import record_run

        pks = np.asarray(household_pks(table.column("id").to_pylist()), dtype=np.int64)
        run = record_run(
            actor,
            at=at,
            region_code=region_code or "",
            engine=engine,
            engine_version=ENGINE_VERSION,
            params=mapping,
            table=table,
            household_pks=pks,
            output=output,
            inputs=inputs or "",
        )
    step(STAGES, STAGES)
    return table, run


def household_pks(numbers: list[str]) -> list[int]:
    """The registry ids of the households of the output rows (in their order): looked up by number."""
    from jiuzhu.registry.models import Household

    by_number = dict(Household.objects.filter(active=True).values_list("number", "id"))
    return [by_number[x] for x in numbers]
