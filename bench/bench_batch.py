"""Benchmark of batch assessment beyond Parquet (issue 11; prints numbers, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_batch.py --registry 100000
    python bench/bench_batch.py --spark 1000000 [--master local[2]]

--registry N: a fresh database (a new PostgreSQL database on the server of DATABASE_URL, or SQLite in a
temporary folder), the demo regions, N demo households (registry.demo; set-up, not timed), then timed: the
registry read in columns (COPY on PostgreSQL), validated, assessed and written (`jiuzhu batch --from-db`),
beside the hand-written numpy toy rule on the same tables.
--spark N: N synthetic households as Parquet tables (bench_policy.synthetic_tables), assessed with
`jiuzhu batch --engine spark` in Spark local mode, beside the toy rule and the local engine on the same files.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_policy import synthetic_tables, toy_rule  # noqa: E402
from bench_web import fresh_database  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_registry(args) -> None:
    url, cleanup = fresh_database(args)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiuzhu.settings")
    import django

    django.setup()
    try:
        from django.core.management import call_command
        from django.db import connection

        from jiuzhu.batchruns.registry import registry_tables
        from jiuzhu.batchruns.service import run_from_db
        from jiuzhu.cli import bootstrap
        from jiuzhu.registry.demo import generate_demo

        call_command("migrate", interactive=False, verbosity=0)
        bootstrap(0, 1)
        t = time.perf_counter()
        generate_demo(households=args.registry, seed=1, progress=True)
        print(
            f"set-up: {args.registry:,} demo households in {time.perf_counter() - t:.1f} s ({connection.vendor})"
        )
        with connection.cursor() as cur:
            cur.execute("PRAGMA optimize" if connection.vendor == "sqlite" else "ANALYZE")
        out = Path(tempfile.mkdtemp(prefix="jiuzhu-bench-batch-")) / "decisions.parquet"
        t0, c0 = time.perf_counter(), time.process_time()
        table, _ = run_from_db(None, region_code=None, at="2026-07", output=str(out), say=print)
        t1, c1 = time.perf_counter(), time.process_time()
        print(
            f"registry ({connection.vendor}) -> decisions, {table.num_rows:,} households: wall {t1 - t0:.2f} s, "
            f"CPU of this process {c1 - c0:.2f} s, max RSS {peak_mb():.0f} MB (target: 60 s per million)"
        )
        t2, c2 = time.perf_counter(), time.process_time()
        tables = registry_tables(None)
        t3 = time.perf_counter()
        below = toy_rule(tables)
        print(
            f"numpy toy rule on the same registry tables: read {t3 - t2:.2f} s + rule {time.perf_counter() - t3:.2f} s "
            f"(CPU {time.process_time() - c2:.2f} s, {below:,} below)"
        )
    finally:
        cleanup()


def bench_spark(args) -> None:
    import pyarrow.parquet as pq
    import yaml

    from jiuzhu.batchruns.spark import batch_spark_main
    from jiuzhu.policy import Params, decide_columns
    from jiuzhu.policy.tables import read_tables, tables_to_columns, write_tables

    root = Path(tempfile.mkdtemp(prefix="jiuzhu-bench-spark-"))
    folder = root / "in"
    write_tables(synthetic_tables(args.spark), folder)
    params = Path(__file__).resolve().parent.parent / "tests" / "policy" / "data" / "params.yaml"
    out = root / "decisions"
    argv = ["--engine", "spark", str(folder), str(out), "--params", str(params), "--at", "2026-07"]
    argv += ["--master", args.master]
    t0 = time.perf_counter()
    assert batch_spark_main(argv) == 0
    t1 = time.perf_counter()
    n = sum(pq.read_metadata(p).num_rows for p in out.glob("*.parquet"))
    print(f"Spark {args.master} -> decisions, {n:,} households: wall {t1 - t0:.2f} s (JVM start included)")
    t2, c2 = time.perf_counter(), time.process_time()
    tables = read_tables(folder)
    mapping = yaml.safe_load(params.read_text(encoding="utf-8"))
    local = decide_columns(tables_to_columns(tables), Params.from_mapping(mapping), "2026-07")
    print(
        f"local engine on the same files: wall {time.perf_counter() - t2:.2f} s, CPU {time.process_time() - c2:.2f} s"
    )
    t3 = time.perf_counter()
    below = toy_rule(tables)
    print(f"numpy toy rule on the same tables: {time.perf_counter() - t3:.2f} s ({below:,} below)")
    spark_rows = pq.read_table(out).sort_by("id")
    print(f"rows identical to the local engine: {spark_rows.equals(local.sort_by('id'))}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--registry", type=int, default=0)
    ap.add_argument("--spark", type=int, default=0)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if args.registry:
        bench_registry(args)
    if args.spark:
        bench_spark(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
