"""`jiuzhu batch --engine spark`: the same jiuzhu.policy code on Apache Spark, per partition (mapInArrow).

    jiuzhu batch --engine spark households/ decisions.parquet --params P.yaml --at 2026-07 [--master URL]

Spark reads the tables of the columnar household format (docs/policy.md) from Parquet, groups each child
table's rows by household (in their file order) and joins them to the households, so that a partition holds
whole households. Each partition is an Arrow batch of households with their members, incomes, ... as nested
lists; the function unnests them into the tables again and runs `tables_to_columns` and `decide_columns`
(the code of the local engine, unchanged) and returns the decision rows. Spark writes them as a Parquet
dataset (a folder of part files) at the output path; nothing is left there when a partition fails.

Spark local mode (`local[*]`) is the default; a cluster is a master URL (`--master spark://host:7077`,
`yarn`, `k8s://...`) or the environment of `spark-submit`; see docs/policy.md.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ERROR_TAG = "JIUZHU-TABLE-ERROR"
CHILD_TABLES = ("members", "incomes", "expenses", "assets", "obligors", "events", "history_months")


def spark_session(master: str | None = None, app: str = "jiuzhu-batch") -> Any:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    b = SparkSession.builder.appName(app)
    if master or not os.environ.get("SPARK_MASTER"):
        b = b.master(master or os.environ.get("SPARK_MASTER") or "local[*]")
    b = (
        b.config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", os.environ.get("JIUZHU_SPARK_PARTITIONS", "8"))
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "200000")
        .config("spark.sql.session.timeZone", "UTC")
    )
    s = b.getOrCreate()
    s.sparkContext.setLogLevel("ERROR")
    return s


def _spark_schema() -> str:
    import pyarrow as pa

    from jiuzhu.policy.decisions import FLAT_COLUMNS, flat_schema

    schema = flat_schema()

    def t(k: str) -> str:
        f = schema.field(k).type
        return "boolean" if f == pa.bool_() else "int" if f == pa.int32() else "string"

    return ", ".join(f"{k} {t(k)}" for k in FLAT_COLUMNS)


def _partition_fn(
    params_mapping: dict[str, Any], at: str, children: list[str]
) -> Callable[[Any], Iterator[Any]]:
    """The function each partition runs: nested Arrow batches of households -> decision batches."""

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa
        import pyarrow.compute as pc

        from jiuzhu.policy import Params, decide_columns
        from jiuzhu.policy.tables import TableError, tables_to_columns

        params = Params.from_mapping(params_mapping)
        for batch in batches:
            t = pa.Table.from_batches([batch])
            hh_cols = [c for c in t.column_names if not c.startswith("__")]
            tables = {"households": t.select(hh_cols)}
            ids = t.column("id").combine_chunks()
            for name in children:
                lst = t.column(f"__{name}").combine_chunks()
                lst = pc.if_else(pc.is_null(lst), pa.scalar([], lst.type), lst) if lst.null_count else lst
                parents = pc.list_parent_indices(lst)
                flat = pc.list_flatten(lst)
                fields = [flat.type.field(i).name for i in range(flat.type.num_fields)]
                arrays = {"household": ids.take(parents)}
                for i, f in enumerate(fields):
                    if f not in ("__row", "household"):
                        arrays[f] = flat.field(i)
                tables[name] = pa.table(arrays)
            try:
                table = decide_columns(tables_to_columns(tables), params, at)
            except TableError as e:
                raise RuntimeError(f"{ERROR_TAG}|{e.table}|{e.household}|{e.column}|{e.problem}") from None
            yield from table.to_batches()

    return run


def spark_decide(
    folder: str | Path,
    params_mapping: dict[str, Any],
    at: str,
    *,
    master: str | None = None,
    out: str | None = None,
) -> Any:
    """Assess the table folder on Spark. With `out`, Spark writes the decisions there (a Parquet dataset)
    and None is returned; otherwise the decisions come back as one pyarrow Table (sorted by id)."""
    from pyspark.sql import functions as F

    from jiuzhu.policy.tables import find_tables

    spark = spark_session(master)
    files = find_tables(folder)
    if any(p.suffix != ".parquet" for p in files.values()):
        raise ValueError("Spark 读取 Parquet 表（NAME.parquet）")
    df = spark.read.parquet(str(files["households"]))
    children = [c for c in CHILD_TABLES if c in files]
    for name in children:
        child = spark.read.parquet(str(files[name])).withColumn("__row", F.monotonically_increasing_id())
        cols = ["__row"] + [c for c in child.columns if c not in ("__row", "household")]
        grouped = child.groupBy("household").agg(
            F.sort_array(F.collect_list(F.struct(*cols))).alias(f"__{name}")
        )
        df = df.join(
            grouped.withColumnRenamed("household", "__key"), df["id"] == F.col("__key"), "left"
        ).drop("__key")
    result = df.mapInArrow(_partition_fn(params_mapping, at, children), _spark_schema())
    if out is not None:
        result.write.mode("error").parquet(out)
        return None
    return result.toArrow().sort_by("id")


def _table_error(exc: BaseException) -> str | None:
    text = str(exc)
    k = text.find(ERROR_TAG + "|")
    if k < 0:
        return None
    line = text[k:].splitlines()[0]
    _, table, household, column, problem = line.split("|", 4)
    return f"{table} (household {household}), {column}: {problem}"


def batch_spark_main(argv: list[str], params_loader: Any = None) -> int:
    """jiuzhu batch --engine spark IN_FOLDER OUT [--params P] [--at M] [--master URL]."""
    import datetime as dt

    import yaml

    from jiuzhu.policy import Params, ParamsError, parse_at
    from jiuzhu.policy.cli import _err, _Parser, _Usage
    from jiuzhu.policy.tables import is_table_folder

    p = _Parser(prog="jiuzhu batch --engine spark", description="在 Spark 上批量评估（按列的家庭表）")
    p.add_argument("input", help="a folder of Parquet tables (docs/policy.md)")
    p.add_argument("output", help="decisions: a Parquet dataset folder written by Spark")
    p.add_argument("--engine", choices=("spark",), required=True)
    p.add_argument("--params", help="parameter file (YAML); default: the parameters in the database")
    p.add_argument("--at", default=None)
    p.add_argument("--master", default=None, help="Spark master URL (default local[*])")
    p.add_argument("--no-progress", action="store_true")
    tmp = None
    try:
        args = p.parse_args(argv)
        at = args.at or dt.date.today().strftime("%Y-%m")
        try:
            parse_at(at)
        except ValueError as e:
            raise _Usage(f"--at: {e}") from None
        if not is_table_folder(args.input):
            raise _Usage(f"{args.input}: 不是家庭表文件夹（应有 households.parquet）")
        if os.path.exists(args.output):
            raise _Usage(f"{args.output}: 已存在")
        try:
            if args.params:
                with open(args.params, encoding="utf-8") as fh:
                    mapping = yaml.safe_load(fh)
            elif params_loader is not None:
                mapping = params_loader()
            else:
                raise _Usage("没有 --params，也没有可用的数据库参数")
            Params.from_mapping(mapping)  # bad parameters are reported here, not in a partition
        except ParamsError as e:
            raise _Usage(f"{args.params or '数据库参数'}: {e.path}: {e.problem}") from None
        except OSError as e:
            raise _Usage(f"{args.params}: 无法读取: {e.strerror or e}") from None
        parent = os.path.dirname(os.path.abspath(args.output))
        tmp = tempfile.mkdtemp(prefix=".jiuzhu-spark-", dir=parent)
        target = os.path.join(tmp, "out")
        try:
            spark_decide(args.input, mapping, at, master=args.master, out=target)
        except Exception as e:  # a partition's TableError comes back inside Spark's exception
            msg = _table_error(e)
            if msg is None:
                raise
            raise _Usage(f"{args.input.rstrip('/')}/{msg}") from None
        os.replace(target, args.output)
        return 0
    except _Usage as e:
        _err(str(e))
        return 2
    except SystemExit as e:
        return int(e.code or 0) if isinstance(e.code, int) else 0
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
