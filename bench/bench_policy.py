"""Benchmark of the policy engine (prints numbers; not a timed test).

1. 1,000,000 households of 3-4 members with about two income items each, built directly as columns with
   numpy, assessed for 低保 and 困难职工 (and 临时救助) in one vectorized pass. Reports the time to build the
   columns, the compute time and the peak memory (max RSS) of the process.
2. One household with full explanation (--explain), in process: median over 1000 runs.

    python bench/bench_policy.py [--n 1000000] [--runs 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import yaml

from jiuzhu.policy import Columns, Params, assess, assess_columns
from jiuzhu.policy.household import EXPENSE_KINDS, INCOME_KINDS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "policy" / "data"


def synthetic_columns(n: int, seed: int = 7) -> Columns:
    rng = np.random.default_rng(seed)
    i64, i32 = np.int64, np.int32
    sizes = rng.integers(3, 5, size=n)  # 3 or 4 members
    m = int(sizes.sum())
    m_hh = np.repeat(np.arange(n, dtype=i32), sizes)
    years = rng.integers(1940, 2020, size=m)
    m_birth = (years * 10000 + rng.integers(1, 13, size=m) * 100 + rng.integers(1, 29, size=m)).astype(i32)
    # about two income items per household, on random members
    k = 2 * n
    i_hh = np.sort(rng.integers(0, n, size=k)).astype(i32)
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    i_mem = (first[i_hh] + rng.integers(0, 3, size=k)).astype(i32)
    order = np.lexsort((i_mem, i_hh))
    i_hh, i_mem = i_hh[order], i_mem[order]
    kinds = np.array(
        [
            INCOME_KINDS.index(x)
            for x in ("wage", "wage", "pension", "flexible_wage_unknown", "scholarship", "transfer_out")
        ],
        dtype=np.int8,
    )
    i_kind = kinds[rng.integers(0, kinds.size, size=k)]
    i_amount = rng.integers(0, 500_000, size=k).astype(i64)
    e = n // 2
    e_hh = np.sort(rng.integers(0, n, size=e)).astype(i32)
    e_mem = first[e_hh].astype(i32)
    e_kind = np.full(e, EXPENSE_KINDS.index("medical"), dtype=np.int8)
    zeros_n = np.zeros(n, dtype=i64)
    false_n = np.zeros(n, dtype=bool)
    has_union = rng.random(n) < 0.5
    empty_i32 = np.zeros(0, dtype=i32)
    empty_i64 = np.zeros(0, dtype=i64)
    return Columns(
        n=n,
        ids=list(range(n)),
        groups=[("110113", "urban"), ("110113", "rural")],
        group=(rng.random(n) < 0.3).astype(i32),
        m_hh=m_hh,
        m_ref=[],  # refs are only needed to render output objects
        m_birth=m_birth,
        m_co=rng.random(m) < 0.95,
        m_grade=np.where(rng.random(m) < 0.05, 2, 0).astype(np.int8),
        m_serious=rng.random(m) < 0.03,
        m_work=rng.integers(0, 3, size=m).astype(np.int8),
        m_occ=rng.integers(0, 7, size=m).astype(np.int8),
        i_hh=i_hh,
        i_mem=i_mem,
        i_kind=i_kind,
        i_amount=i_amount,
        i_yearly=rng.random(k) < 0.2,
        e_hh=e_hh,
        e_mem=e_mem,
        e_kind=e_kind,
        e_amount=rng.integers(0, 100_000, size=e).astype(i64),
        e_yearly=rng.random(e) < 0.5,
        o_hh=empty_i32,
        o_mem=empty_i32,
        o_group=empty_i32,
        o_income=empty_i64,
        o_yearly=np.zeros(0, dtype=bool),
        o_low=np.zeros(0, dtype=bool),
        o_court=empty_i64,
        o_court_yearly=np.zeros(0, dtype=bool),
        fin_assets=rng.integers(0, 5_000_000, size=n).astype(i64),
        houses_owned=rng.integers(0, 3, size=n).astype(i64),
        houses_owned_large=zeros_n,
        owned_area=rng.integers(3000, 12000, size=n).astype(i64),
        rented_area=np.full(n, -1, dtype=i64),
        vehicles_nonaid=(rng.random(n) < 0.1).astype(i64),
        businesses=zeros_n,
        f_private_school=false_n,
        f_controlling=false_n,
        f_high_consumption=false_n,
        f_refuses_verification=false_n,
        f_relative_of_staff=false_n,
        f_registered_poor=rng.random(n) < 0.05,
        f_refused_jobs=np.zeros(n, dtype=i32),
        has_union=has_union,
        u_member=has_union,
        u_migrant=false_n,
        u_retiree=false_n,
        u_since=np.full(n, 20160401, dtype=i64),
        has_event=false_n,
        ev_index=np.full(n, -1, dtype=i64),
        ev_kind=np.zeros(n, dtype=np.int8),
        ev_sev=np.zeros(n, dtype=np.int8),
        ev_loss=zeros_n,
        ev_comp=zeros_n,
        ev_still=false_n,
        h_dibao_since=np.full(n, -1, dtype=i64),
        h_reemployed=np.full(n, -1, dtype=i64),
        h_last_benefit=np.full(n, -1, dtype=i64),
        h_cat=np.zeros(n, dtype=np.int8),
        hm_hh=empty_i32,
        hm_month=empty_i32,
        hm_pc=empty_i64,
        has_aid=false_n,
        aid_project=np.zeros(n, dtype=np.int8),
        aid_amount=zeros_n,
        aid_paid=zeros_n,
        aid_share=np.full(n, -1, dtype=i64),
    )


# ---------------------------------------------------------------- the columnar household format


def synthetic_tables(n: int, seed: int = 7) -> dict:
    """n households as the tables of docs/policy.md (3-4 members, ~2 income items, half with an expense,
    half with a union section, a deposit and 0-2 dwellings each), built with numpy, no Python loop."""
    import pyarrow as pa

    rng = np.random.default_rng(seed)
    sizes = rng.integers(3, 5, size=n)
    m = int(sizes.sum())
    ids = pc_str_ids(n)
    m_hh = np.repeat(np.arange(n), sizes)
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    pos = np.arange(m) - first[m_hh]
    refs_tab = pa.array(["m1", "m2", "m3", "m4"])
    rel_tab = pa.array(["applicant", "spouse", "child", "parent"])
    ymd = (
        rng.integers(1940, 2020, size=m) * 10000
        + rng.integers(1, 13, size=m) * 100
        + rng.integers(1, 29, size=m)
    )
    idn = id_numbers(np.full(m, 110113), ymd, rng.integers(0, 1000, size=m))
    union = rng.random(n) < 0.5
    households = pa.table(
        {
            "id": ids,
            "region": pa.repeat(pa.scalar("110113"), n),
            "area_type": pa.array(np.array(["urban", "rural"])[(rng.random(n) < 0.3).astype(int)]),
            "registered_poor": pa.array(rng.random(n) < 0.05),
            "worker_ref": pa.array(np.full(n, "m1"), mask=~union),
            "union_member": pa.array(np.ones(n, bool)),
            "labour_relation_since": pa.array(np.full(n, np.datetime64("2016-04-01"))).cast(pa.date32()),
        }
    )
    disabled = rng.random(m) < 0.05
    occupations = np.array(
        ["elderly", "employed", "flexible", "registered_unemployed", "unregistered_unemployed",
         "adult_dependent_student", "other"]
    )  # fmt: skip
    members = pa.table(
        {
            "household": ids.take(pa.array(m_hh)),
            "ref": refs_tab.take(pa.array(pos)),
            "name": pa.repeat(pa.scalar("某某"), m),
            "id_number": idn,
            "relation": rel_tab.take(pa.array(pos)),
            "co_resident": pa.array((rng.random(m) < 0.95) | (pos == 0)),
            "disability_grade": pa.array(np.full(m, 2, np.int8), mask=~disabled),
            "serious_illness": pa.array(rng.random(m) < 0.03),
            "work_capacity": pa.array(np.array(["full", "partial", "none"])[rng.integers(0, 3, size=m)]),
            "occupation": pa.array(occupations[rng.integers(0, 7, size=m)]),
        }
    )
    k = 2 * n
    i_hh = np.sort(rng.integers(0, n, size=k))
    kinds = np.array(["wage", "wage", "pension", "flexible_wage_unknown", "scholarship", "transfer_out"])
    incomes = pa.table(
        {
            "household": ids.take(pa.array(i_hh)),
            "member": refs_tab.take(pa.array(rng.integers(0, 3, size=k))),
            "kind": pa.array(kinds[rng.integers(0, 6, size=k)]),
            "amount": fen_decimal(rng.integers(0, 500_000, size=k)),
            "per": pa.array(np.where(rng.random(k) < 0.2, "year", "month")),
        }
    )
    e = n // 2
    e_hh = np.sort(rng.integers(0, n, size=e))
    expenses = pa.table(
        {
            "household": ids.take(pa.array(e_hh)),
            "member": pa.repeat(pa.scalar("m1"), e),
            "kind": pa.repeat(pa.scalar("medical"), e),
            "amount": fen_decimal(rng.integers(0, 100_000, size=e)),
            "per": pa.array(np.where(rng.random(e) < 0.5, "year", "month")),
        }
    )
    nh = rng.integers(0, 3, size=n)
    a_hh = np.sort(np.concatenate([np.arange(n), np.repeat(np.arange(n), nh)]), kind="stable")
    na = a_hh.size
    is_dep = np.concatenate([[True], a_hh[1:] != a_hh[:-1]])  # the first asset row of a household: deposits
    assets = pa.table(
        {
            "household": ids.take(pa.array(a_hh)),
            "asset": pa.array(np.where(is_dep, "deposits", "house")),
            "amount": fen_decimal(rng.integers(0, 5_000_000, size=na), is_dep),
            "area_m2": fen_decimal(rng.integers(3000, 12000, size=na), ~is_dep),
            "nature": pa.array(np.full(na, "self_owned"), mask=is_dep),
        }
    )
    return {
        "households": households,
        "members": members,
        "incomes": incomes,
        "expenses": expenses,
        "assets": assets,
    }


def pc_str_ids(n: int):  # noqa: ANN201
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.binary_join_element_wise(
        pa.repeat(pa.scalar("H"), n), pc.cast(pa.array(np.arange(n)), pa.string()), ""
    )


def fen_decimal(fen, valid=None):  # noqa: ANN001, ANN201
    from jiuzhu.policy.tables import fen_to_decimal

    return fen_to_decimal(fen, valid)


def id_numbers(region, ymd, seq):  # noqa: ANN001, ANN201
    """Valid GB 11643 numbers, vectorised (check digit included)."""
    import pyarrow as pa

    m = region.size
    digits = np.zeros((m, 18), dtype=np.int64)
    for k, (val, width) in enumerate(((region, 6), (ymd, 8), (seq, 3))):
        start = [0, 6, 14][k]
        for j in range(width):
            digits[:, start + width - 1 - j] = (val // 10**j) % 10
    w = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
    chk = np.frombuffer(b"10X98765432", dtype=np.uint8)[(digits[:, :17] * w).sum(axis=1) % 11]
    b = np.empty((m, 18), dtype=np.uint8)
    b[:, :17] = digits[:, :17] + 48
    b[:, 17] = chk
    offsets = np.arange(0, 18 * m + 1, 18, dtype=np.int32)
    return pa.Array.from_buffers(
        pa.string(), m, [None, pa.py_buffer(offsets.tobytes()), pa.py_buffer(b.tobytes())]
    )


def toy_rule(tables: dict) -> int:
    import pyarrow as pa

    """The hand-written numpy toy rule on the same tables: monthly counted wage+pension per co-resident
    person below 1400.00 (no validation, no other rule): the floor any engine is measured against."""
    import pyarrow.compute as pc

    hh = tables["households"].column("id").combine_chunks()
    inc = tables["incomes"]
    idx = pc.index_in(inc.column("household"), value_set=hh).to_numpy(zero_copy_only=False)
    amt = pc.cast(inc.column("amount"), pa.float64()).to_numpy(zero_copy_only=False)  # toy: floats
    yearly = pc.equal(inc.column("per"), "year").to_numpy(zero_copy_only=False)
    kind = inc.column("kind").to_numpy(zero_copy_only=False)
    counted = (kind == "wage") | (kind == "pension")
    monthly = np.where(yearly, amt / 12, amt) * counted
    total = np.bincount(idx, weights=monthly, minlength=len(hh))
    mem = tables["members"]
    midx = pc.index_in(mem.column("household"), value_set=hh).to_numpy(zero_copy_only=False)
    size = np.bincount(midx[mem.column("co_resident").to_numpy(zero_copy_only=False)], minlength=len(hh))
    return int(np.sum(total < 1400.0 * np.maximum(size, 1)))


def bench_tables(n: int, folder: Path, params: Params) -> None:
    """Parquet tables -> decisions.parquet end to end (read, vectorised validation, rules, rows, write)."""
    import pyarrow.parquet as pq

    from jiuzhu.policy import decide_columns
    from jiuzhu.policy.tables import read_tables, tables_to_columns, write_tables

    marker = folder / f".n{n}"
    if not marker.exists():
        t = time.perf_counter()
        write_tables(synthetic_tables(n), folder)
        marker.touch()
        print(f"wrote {n:,} synthetic households as tables in {time.perf_counter() - t:.1f} s ({folder})")
    rss0 = max_rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    tables = read_tables(folder)
    t1 = time.perf_counter()
    cols = tables_to_columns(tables)
    t2 = time.perf_counter()
    table = decide_columns(cols, params, "2026-07")
    t3 = time.perf_counter()
    pq.write_table(table, folder / "decisions.parquet")
    t4, c4 = time.perf_counter(), time.process_time()
    print(
        f"Parquet -> decisions, {n:,} households: wall {t4 - t0:.2f} s (read {t1 - t0:.2f}, validate+columns "
        f"{t2 - t1:.2f}, rules+rows {t3 - t2:.2f}, write {t4 - t3:.2f}), CPU {c4 - c0:.2f} s; "
        f"max RSS {max_rss_mb():.0f} MB (before {rss0:.0f}) (targets: 10 s and 3 GB per million)"
    )
    del cols, table
    t5, c5 = time.perf_counter(), time.process_time()
    below = toy_rule(read_tables(folder))
    print(
        f"numpy toy rule on the same tables (read included): wall {time.perf_counter() - t5:.2f} s, "
        f"CPU {time.process_time() - c5:.2f} s ({below:,} below)"
    )


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument(
        "--tables",
        type=int,
        nargs="*",
        default=None,
        help="also run Parquet tables -> decisions for these household counts (e.g. 1000000 3000000)",
    )
    ap.add_argument("--folder", default="/tmp/jiuzhu-bench-tables", help="where the synthetic tables go")
    ap.add_argument("--only-tables", action="store_true")
    args = ap.parse_args()
    params = Params.from_mapping(yaml.safe_load((DATA / "params.yaml").read_text(encoding="utf-8")))
    household = json.loads((DATA / "household-zhang.json").read_text(encoding="utf-8"))

    if args.tables:
        for n in args.tables:
            bench_tables(n, Path(args.folder) / str(n), params)
        if args.only_tables:
            return 0

    # --- single household with full explanation ---
    print(
        f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times need an idle machine)"
    )
    assess(household, params, "2026-07", explain=True)  # warm-up
    for explain in (True, False):
        wall, cpu = [], []
        for _ in range(args.runs):
            t, c = time.perf_counter(), time.process_time()
            assess(household, params, "2026-07", explain=explain)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        label = "--explain" if explain else "no trace "
        print(
            f"single household, {label}: median wall {statistics.median(wall) * 1000:.3f} ms, "
            f"min wall {min(wall) * 1000:.3f} ms, median CPU {statistics.median(cpu) * 1000:.3f} ms "
            f"over {args.runs} runs (limit 2 ms)"
        )

    # --- 1M households ---
    rss0 = max_rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    cols = synthetic_columns(args.n)
    cols.check()
    t1, c1 = time.perf_counter(), time.process_time()
    result = assess_columns(cols, params, "2026-07")
    t2, c2 = time.perf_counter(), time.process_time()
    d = result["d_status"]
    h = result["h_status"]
    print(f"households: {args.n:,}  members: {cols.m_hh.size:,}  income items: {cols.i_hh.size:,}")
    print(f"build columns (numpy): wall {t1 - t0:.2f} s, CPU {c1 - c0:.2f} s")
    print(
        f"compute (dibao + hardship worker + temporary, vectorized): wall {t2 - t1:.2f} s, CPU {c2 - c1:.2f} s (limit 5 s)"
    )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print(f"peak memory (max RSS): {max_rss_mb():.0f} MB (before building: {rss0:.0f} MB; limit 3 GB)")
    print(f"dibao eligible: {int(np.sum(d == 0)):,}  hardship eligible: {int(np.sum(h == 0)):,}")
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, {dt.date.today()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
