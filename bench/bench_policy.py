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


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=1000)
    args = ap.parse_args()
    params = Params.from_mapping(yaml.safe_load((DATA / "params.yaml").read_text(encoding="utf-8")))
    household = json.loads((DATA / "household-zhang.json").read_text(encoding="utf-8"))

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
