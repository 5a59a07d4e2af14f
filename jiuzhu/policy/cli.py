"""Command-line entry points: `jiuzhu assess` and `jiuzhu batch` (wired into the `jiuzhu` command elsewhere).

    python -m jiuzhu.policy.cli assess HOUSEHOLD.json --params PARAMS.yaml --at 2026-07 [--explain]
    python -m jiuzhu.policy.cli batch IN OUT [--params PARAMS.yaml] [--at 2026-07]

Bad input gives exit code 2 and one message on standard error naming the file, the JSON path and the problem;
nothing is written. No traceback is ever shown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from . import (
    ENGINE_VERSION,
    HouseholdError,
    Params,
    ParamsError,
    _validate_all,
    assess_many,
    build_columns,
    decide_columns,
    load_params,
    parse_at,
)
from .decisions import FLAT_COLUMNS, flat_schema, flatten

ParamsLoader = Callable[[], Any]
# the flat output columns and the per-household flattening live in decisions.py (importable from here too)
_REEXPORTED = (FLAT_COLUMNS, flatten)


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Usage(f"{self.prog}: {message}")


def _err(msg: str) -> None:
    sys.stderr.write(msg.rstrip("\n") + "\n")


def _this_month() -> str:
    return dt.date.today().strftime("%Y-%m")


def _params(path: str | None, loader: ParamsLoader | None) -> Params:
    if path:
        return load_params(path)
    if loader is None:
        raise _Usage(
            "没有 --params，也没有可用的数据库参数（no --params given and no database parameters available）"
        )
    try:
        mapping = loader()
    except ParamsError:
        raise
    except Exception as e:  # the Django side may fail in many ways; report, never a traceback
        raise _Usage(f"无法读取数据库中的参数: {e}") from None
    return Params.from_mapping(mapping)


def _read_json(name: str) -> Any:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except OSError as e:
        raise _Usage(f"{name}: 无法读取: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise _Usage(f"{name}: 不是 UTF-8 编码的文本") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        shown = "<stdin>" if name == "-" else name
        raise _Usage(f"{shown}: 第{e.lineno}行第{e.colno}列: JSON 格式错误: {e.msg}") from None


def assess_main(argv: list[str], params_loader: ParamsLoader | None = None) -> int:
    p = _Parser(prog="jiuzhu assess", description="按政策规则评估一户（低保、临时救助、困难职工）")
    p.add_argument("household", help="household JSON file, or - for standard input")
    p.add_argument("--params", help="local parameter file (YAML); default: the parameters in the database")
    p.add_argument("--at", default=None, help="assessed month YYYY-MM (default: this month)")
    p.add_argument("--explain", action="store_true", help="add the trace of every step")
    try:
        args = p.parse_args(argv)
        at = args.at or _this_month()
        try:
            parse_at(at)
        except ValueError as e:
            raise _Usage(f"--at: {e}") from None
        try:
            params = _params(args.params, params_loader)
        except ParamsError as e:
            src = args.params or "数据库参数"
            raise _Usage(f"{src}: {e.path}: {e.problem}") from None
        data = _read_json(args.household)
        name = "<stdin>" if args.household == "-" else args.household
        many = isinstance(data, list)
        try:
            results = assess_many(data if many else [data], params, at, explain=args.explain)
        except HouseholdError as e:
            raise _Usage(f"{name}: {e.path or '(top)'}: {e.problem}") from None
        sys.stdout.write(json.dumps(results if many else results[0], ensure_ascii=False, indent=2) + "\n")
        sys.stdout.flush()
        return 0
    except _Usage as e:
        _err(str(e))
        return 2
    except SystemExit as e:  # --help
        return int(e.code or 0) if isinstance(e.code, int) else 0
    except Exception as e:  # an engine fault: say so, exit 1, no traceback
        _err(f"jiuzhu assess: 内部错误（internal error）: {type(e).__name__}: {e}")
        return 1


# ---------------------------------------------------------------- batch


def _read_rows(path: str) -> tuple[int | None, Iterator[tuple[str, Any]]]:
    """(count if known, iterator of (location, household object or JSON text))."""
    low = path.lower()
    if low.endswith(".parquet"):
        import pyarrow.parquet as pq

        try:
            pf = pq.ParquetFile(path)
        except Exception as e:
            raise _Usage(f"{path}: 无法读取 Parquet 文件: {e}") from None
        if "household" not in pf.schema_arrow.names:
            raise _Usage(f"{path}: 缺少 household 列（每行一户的 JSON 文本）")

        def gen_pq() -> Iterator[tuple[str, Any]]:
            row = 0
            for batch in pf.iter_batches(columns=["household"], batch_size=10_000):
                for v in batch.column(0).to_pylist():
                    row += 1
                    yield f"row {row}", v

        return pf.metadata.num_rows, gen_pq()
    if low.endswith(".csv"):
        import csv

        csv.field_size_limit(1 << 30)
        try:
            fh = open(path, encoding="utf-8", newline="")
        except OSError as e:
            raise _Usage(f"{path}: 无法读取: {e.strerror or e}") from None
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "household" not in reader.fieldnames:
            fh.close()
            raise _Usage(f"{path}: 缺少 household 列（每行一户的 JSON 文本）")

        def gen_csv() -> Iterator[tuple[str, Any]]:
            with fh:
                for k, rec in enumerate(reader, start=2):
                    yield f"line {k}", rec["household"]

        return None, gen_csv()
    # JSON Lines (.jsonl, .ndjson, or anything else)
    try:
        fh2 = open(path, encoding="utf-8")
    except OSError as e:
        raise _Usage(f"{path}: 无法读取: {e.strerror or e}") from None

    def gen_jl() -> Iterator[tuple[str, Any]]:
        with fh2:
            for k, line in enumerate(fh2, start=1):
                if line.strip():
                    yield f"line {k}", line

    return None, gen_jl()


class _Writer:
    def __init__(self, out: str) -> None:
        self.out = out
        low = out.lower()
        if low.endswith(".parquet"):
            self.kind = "parquet"
        elif low.endswith(".csv"):
            self.kind = "csv"
        else:
            raise _Usage(f"{out}: 输出文件扩展名应为 .parquet 或 .csv")
        d = os.path.dirname(os.path.abspath(out))
        if not os.path.isdir(d):
            raise _Usage(f"{out}: 目录不存在")
        fd, self.tmp = tempfile.mkstemp(prefix=".jiuzhu-batch-", suffix="." + self.kind, dir=d)
        os.close(fd)
        self.writer: Any = None

    def write(self, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa

        self.write_table(pa.Table.from_pylist(rows, schema=flat_schema()))

    def write_table(self, table: Any) -> None:
        import pyarrow as pa

        if self.kind == "csv":
            # a spreadsheet may open the CSV: the household ids come from the input file (jiuzhu.core.cells
            # is plain Python, no Django)
            from jiuzhu.core.cells import safe_text

            ids = pa.array([safe_text(v) for v in table.column("id").to_pylist()], pa.string())
            table = table.set_column(0, "id", ids)
        if self.writer is None:
            if self.kind == "parquet":
                import pyarrow.parquet as pq

                self.writer = pq.ParquetWriter(self.tmp, table.schema)
            else:
                import pyarrow.csv as pcsv

                self.writer = pcsv.CSVWriter(self.tmp, table.schema)
        self.writer.write_table(table)

    def commit(self) -> None:
        if self.writer is None:
            self.write([])
        self.writer.close()
        os.replace(self.tmp, self.out)

    def abort(self) -> None:
        try:
            if self.writer is not None:
                self.writer.close()
        except Exception:
            pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def batch_main(argv: list[str], params_loader: ParamsLoader | None = None, chunk: int = 20_000) -> int:
    p = _Parser(prog="jiuzhu batch", description="批量评估（Parquet、CSV 或 JSON Lines 输入）")
    p.add_argument(
        "input",
        help="households: a folder of tables (households.parquet, members.parquet, ...: docs/policy.md), "
        ".parquet or .csv with a `household` JSON column, or JSON Lines",
    )
    p.add_argument("output", help="decisions: .parquet or .csv (one row per household)")
    p.add_argument("--params", help="local parameter file (YAML); default: the parameters in the database")
    p.add_argument("--at", default=None, help="assessed month YYYY-MM (default: this month)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    writer: _Writer | None = None
    try:
        args = p.parse_args(argv)
        at = args.at or _this_month()
        try:
            parse_at(at)
        except ValueError as e:
            raise _Usage(f"--at: {e}") from None
        try:
            params = _params(args.params, params_loader)
        except ParamsError as e:
            raise _Usage(f"{args.params or '数据库参数'}: {e.path}: {e.problem}") from None
        from .tables import TableError, is_table_folder, read_tables, tables_to_columns

        if is_table_folder(args.input):
            # the columnar household format (docs/policy.md): validated column-wise, nothing per household
            say = (lambda m: None) if args.no_progress else (lambda m: _err(f"jiuzhu batch: {m}"))
            try:
                tables = read_tables(args.input)
                say(f"读取 {tables['households'].num_rows} 户")
                cols = tables_to_columns(tables)
            except TableError as e:
                raise _Usage(f"{args.input.rstrip('/')}/{e}") from None
            say("校验通过，评估中")
            table = decide_columns(cols, params, at)
            writer = _Writer(args.output)
            writer.write_table(table)
            writer.commit()
            writer = None
            say(f"已写出 {table.num_rows} 行: {args.output}")
            return 0
        total, rows = _read_rows(args.input)
        writer = _Writer(args.output)
        from tqdm import tqdm

        bar = tqdm(total=total, unit="户", file=sys.stderr, disable=args.no_progress, desc="jiuzhu batch")
        buf: list[Any] = []
        locs: list[str] = []

        def flush() -> None:
            try:
                cols = build_columns(_validate_all(buf))
            except HouseholdError as e:
                # assess_many prefixes the index in the chunk: [k].path
                k, _, rest = e.path.partition("]")
                idx = int(k.lstrip("[")) if len(buf) > 1 else 0
                path = rest.lstrip(".") if len(buf) > 1 else e.path
                raise _Usage(f"{args.input}: {locs[idx]}: {path or '(top)'}: {e.problem}") from None
            assert writer is not None
            writer.write_table(decide_columns(cols, params, at))
            bar.update(len(buf))
            buf.clear()
            locs.clear()

        for loc, v in rows:
            if isinstance(v, str):
                try:
                    v = json.loads(v)
                except json.JSONDecodeError as e:
                    raise _Usage(f"{args.input}: {loc}: JSON 格式错误: {e.msg}") from None
            if v is None:
                raise _Usage(f"{args.input}: {loc}: household 为空")
            buf.append(v)
            locs.append(loc)
            if len(buf) >= chunk:
                flush()
        if buf:
            flush()
        bar.close()
        writer.commit()
        writer = None
        return 0
    except _Usage as e:
        if writer is not None:
            writer.abort()
        _err(str(e))
        return 2
    except SystemExit as e:
        if writer is not None:
            writer.abort()
        return int(e.code or 0) if isinstance(e.code, int) else 0
    except Exception as e:
        if writer is not None:
            writer.abort()
        _err(f"jiuzhu batch: 内部错误（internal error）: {type(e).__name__}: {e}")
        return 1


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("assess", "batch"):
        _err("usage: python -m jiuzhu.policy.cli {assess|batch} ...")
        return 2
    if argv[0] == "assess":
        return assess_main(argv[1:])
    return batch_main(argv[1:])


_ = ENGINE_VERSION

if __name__ == "__main__":
    sys.exit(main())
