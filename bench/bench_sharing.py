"""Benchmark of hashed matching (issue 12 item 3; prints numbers, not a test): Q queried persons against a
civil-affairs registry of R persons, matched (a) plain — the ID numbers themselves, a hash-set lookup — and
(b) hashed — the union's HMAC-SHA256 of each normalised number with a per-exchange key, civil affairs hashing
its whole registry with that key and answering only the matches (jiuzhu.sharing.hashed.match_hashes, the
code the system runs); and, in the same run, a plain pyarrow (Acero) hash join of the same columns for scale
(polars and DuckDB are not dependencies of the project; pyarrow is). No database: the registry numbers are
generated in memory, as the civil-affairs side streams them from its member table.

    python bench/bench_sharing.py [--queried 1000000] [--registry 10000000] [--seed 1]
Target (issue 12): hashed ≤ 60 s at 1,000,000 queried against 10,000,000 on this machine.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def ids(n: int, start: int) -> list[str]:
    """n distinct 18-character numbers (region, birth date, sequence; check digit not computed)."""
    return [
        f"110113{19500101 + (i // 1000) % 500000:08d}{i % 1000:03d}{i % 10}" for i in range(start, start + n)
    ]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--queried", type=int, default=1_000_000)
    p.add_argument("--registry", type=int, default=10_000_000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiuzhu.settings")
    import django

    django.setup()  # the module imports the models; no database is touched
    from jiuzhu.sharing.hashed import keyed_hash, match_hashes

    t = time.perf_counter()
    registry = ids(a.registry, 0)
    rng = random.Random(a.seed)
    half = a.queried // 2
    queried = rng.sample(registry, half) + ids(a.queried - half, a.registry)  # half are in the registry
    print(
        f"data: registry {a.registry:,}, queried {a.queried:,} (half in the registry) in {time.perf_counter() - t:.1f} s"
    )

    t = time.perf_counter()
    reg = set(registry)
    plain = sum(1 for x in queried if x in reg)
    t_plain = time.perf_counter() - t
    print(f"plain set lookup: {plain:,} matches in {t_plain:.2f} s")

    import pyarrow as pa

    t = time.perf_counter()
    joined = pa.table({"id": queried}).join(pa.table({"id": registry}), "id", join_type="inner")
    t_arrow = time.perf_counter() - t
    print(f"pyarrow hash join: {joined.num_rows:,} matches in {t_arrow:.2f} s")

    key = os.urandom(32)
    t = time.perf_counter()
    wanted = [keyed_hash(key, x) for x in queried]  # the union side
    t_union = time.perf_counter() - t
    t = time.perf_counter()
    found = match_hashes(key, wanted, registry)  # the civil-affairs side
    t_civil = time.perf_counter() - t
    assert len(found) == plain == joined.num_rows
    total = t_union + t_civil
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"hashed: union hashes {a.queried:,} in {t_union:.1f} s, civil affairs hashes {a.registry:,} and matches in "
        f"{t_civil:.1f} s: {len(found):,} matches, {total:.1f} s in all (target 60 s)"
    )
    print(
        f"ratio hashed / pyarrow join: {total / t_arrow:.1f}x; hashed / plain set: {total / t_plain:.1f}x; peak {peak:,.0f} MB"
    )


if __name__ == "__main__":
    main()
