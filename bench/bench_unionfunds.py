"""Benchmark of the union funds (issue 14 "Done means"; prints numbers, not a test): the balances of every
fund and the year-end check (R-PAY-21) over N ledger entries.

Set-up (not timed): a fresh database (SQLite in a temporary folder, or a new database on the PostgreSQL
server of DATABASE_URL), the demo unions and users, the central aid funds of ACFTU, the province and the
help centres, and N entries written in bulk: allocations into the province and the centres (a tenth) and
payments and expenses out of the centres (the rest), a few of them reversed, spread over one year. Then,
timed: every fund's balance (one grouped sum), one fund's balance, and the year-end check.

    python bench/bench_unionfunds.py [--entries 1000000] [--keep]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_unionfunds.py
Target (issue 14): balances and the year-end check ≤ 10 s at 1,000,000 entries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import fresh_database, timed  # noqa: E402

YEAR = 2026


def setup(args):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from jiuzhu.cli import bootstrap, refresh_statistics
    from jiuzhu.core.models import UnionOrg
    from jiuzhu.unionfunds.models import Fund, LedgerEntry

    call_command("migrate", interactive=False, verbosity=0)
    bootstrap(0, 1)
    admin = get_user_model().objects.get(username="admin")
    orgs = ["ACFTU", "U110000", "U110113-HC", "U110105-HC"]
    funds = [
        Fund.objects.create(
            union_org=UnionOrg.objects.get(code=c),
            programme="aid",
            source="central",
            opened_on=dt.date(YEAR, 1, 1),
        )
        for c in orgs
    ]
    rng = random.Random(1)
    start = dt.date(YEAR, 1, 1)
    batch, made = [], 0
    kinds_out = ("payment", "payment", "payment", "expense")
    while made < args.entries:
        i = made
        on = start + dt.timedelta(days=i % 365)
        if i % 10 == 0:
            fund = funds[1 + i % 3]
            batch.append(
                LedgerEntry(fund=fund, on=on, kind="allocation_in", amount_fen=rng.randint(100_000, 900_000))
            )
        else:
            fund = funds[2 + i % 2]
            batch.append(
                LedgerEntry(
                    fund=fund, on=on, kind=rng.choice(kinds_out), amount_fen=-rng.randint(100, 90_000)
                )
            )
        made += 1
        if len(batch) == 20_000:
            LedgerEntry.objects.bulk_create(batch)
            batch = []
    if batch:
        LedgerEntry.objects.bulk_create(batch)
    refresh_statistics()
    return admin, funds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    url, cleanup = fresh_database(args)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiuzhu.settings")
    import django

    django.setup()
    try:
        from django.db import connection

        from jiuzhu.unionfunds import ledger, yearend

        print(f"数据库：{connection.vendor}")
        (admin, funds), wall, _cpu = timed(setup, args)
        print(f"set-up ({args.entries} entries in bulk): {wall:.1f} s")
        held, wall, cpu = timed(ledger.balances, funds)
        print(f"{'every fund balance (grouped sum)':<44} {wall:8.2f} s  CPU {cpu:.2f} s")
        one, wall, cpu = timed(ledger.balance_fen, funds[2])
        print(f"{'one fund balance':<44} {wall:8.2f} s  CPU {cpu:.2f} s")
        rows, wall, cpu = timed(yearend.central_check, admin, YEAR)
        print(f"{'year-end check R-PAY-21':<44} {wall:8.2f} s  CPU {cpu:.2f} s")
        assert one == held[funds[2].pk]
        for r in rows:
            print(
                f"  {r['fund'].union_org.code:<12} allocated {r['allocated']:>16} spent {r['spent']:>16} ok={r['ok']}"
            )
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
