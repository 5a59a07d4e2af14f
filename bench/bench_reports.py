"""Benchmark of the statistics (issue 16 item 5; prints numbers, not a test): the snapshot build, then the server
time of every report page, its XLSX and API, the dashboard and the monitoring screen at N households.

Set-up (not timed): a fresh database (SQLite in a temporary folder, or a new database on the PostgreSQL server
of DATABASE_URL), the demo regions and users, N demo households (registry.demo) and one active 低保 case for
`--cases` of them (bench_payments.copy_active_cases: a demo case copied, with its decision snapshot). Then
timed: `snapshot.build()` (what `jiuzhu reports refresh` runs from cron), and each page requested through
Django's test client as the county approver (sy_approver) and as the superuser (admin), three times each —
the best and the worst of the three are printed. The pages read the snapshot only, so their time does not
grow with the registry; the build does.

    python bench/bench_reports.py [--households 1000000] [--cases 300000] [--seed 1] [--keep]
    python bench/bench_reports.py --reuse sqlite:////tmp/jiuzhu-bench-…/jiuzhu.sqlite3   # a kept database

`--keep` keeps the database; `--reuse URL` times a kept one again (migrate, new snapshot, pages) without the
set-up, so the pages of newer code can be timed on the same registry (when the kept database has no 低保 case
yet, the `--cases` are made first). Each page prints its best and worst
server time (wall) and the CPU seconds of the worst one: the machine is shared, the CPU time is the part that
does not depend on the other jobs. The load average is printed before and after.
Targets (issue 16): every report page ≤ 500 ms server time, the monitoring screen ≤ 1 s at 1,000,000 households.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import fresh_database, timed  # noqa: E402


def setup(args) -> None:
    from bench_payments import copy_active_cases
    from django.core.management import call_command

    from jiuzhu.cli import bootstrap
    from jiuzhu.demo_cases import make_demo_cases
    from jiuzhu.registry.demo import generate_demo

    call_command("migrate", interactive=False, verbosity=0)
    bootstrap(0, args.seed)
    _, wall, _ = timed(generate_demo, households=args.households, seed=args.seed, progress=True)
    print(f"set-up: {args.households:,} demo households in {wall:.1f} s")
    make_demo_cases()
    _, wall, _ = timed(copy_active_cases, args.cases)
    print(f"set-up: {args.cases:,} active 低保 cases copied in {wall:.1f} s")
    from jiuzhu.cli import refresh_statistics

    refresh_statistics()


def pages() -> list[tuple[str, str]]:
    from jiuzhu.reports.reports import REPORTS

    out = [("dashboard", "/"), ("monitoring screen", "/reports/monitor/")]
    for slug in REPORTS:
        out.append((f"report {slug}", f"/reports/{slug}/"))
    out.append(("report dibao XLSX", "/reports/dibao.xlsx"))
    out.append(("API dibao", "/api/reports/dibao"))
    out.append(("report dibao, one township", "/reports/dibao/?region=110113001"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", default="", help="database URL of a kept bench database: no set-up")
    args = parser.parse_args(argv)
    if args.reuse:
        url, cleanup = args.reuse, lambda: None
        if url.startswith("sqlite:///"):
            os.environ["JIUZHU_DATA_DIR"] = str(Path(url[len("sqlite:///") :]).parent)
    else:
        url, cleanup = fresh_database(args)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiuzhu.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    try:
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client

        from jiuzhu.reports.models import Figure
        from jiuzhu.reports.snapshot import build

        settings.ALLOWED_HOSTS = ["*"]
        print(f"数据库：{connection.vendor}")
        print(f"load average (1/5/15 min) before: {'/'.join(f'{x:.1f}' for x in os.getloadavg())}")
        if args.reuse:
            from django.core.management import call_command

            call_command("migrate", interactive=False, verbosity=0)
            from jiuzhu.registry.models import Household

            print(f"reused database: {Household.objects.count():,} households")
            from jiuzhu.dibao.models import DibaoApplication

            if not DibaoApplication.objects.exists():  # kept before its cases were made
                from bench_payments import copy_active_cases

                from jiuzhu.demo_cases import make_demo_cases

                make_demo_cases()
                _, wall, _ = timed(copy_active_cases, args.cases)
                print(f"set-up: {args.cases:,} active 低保 cases copied in {wall:.1f} s")
        else:
            setup(args)
        snap, wall, cpu = timed(build)
        print(
            f"snapshot build: {wall:.1f} s wall, {cpu:.1f} s CPU; {Figure.objects.filter(snapshot=snap).count():,} "
            f"figure rows"
        )
        User = get_user_model()
        print(f"{'page':<36} {'user':<12} {'best ms':>8} {'worst ms':>9} {'worst CPU ms':>12} {'target':>7}")
        worst = {}
        for username in ("sy_approver", "admin"):
            client = Client()
            client.force_login(User.objects.get(username=username))
            for name, path in pages():
                times, cpus = [], []
                for _ in range(3):
                    started, cpu = time.perf_counter(), time.process_time()
                    response = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    cpus.append((time.process_time() - cpu) * 1000)
                    assert response.status_code == 200, (path, response.status_code)
                target = 1000 if name == "monitoring screen" else 500
                worst[(name, username)] = max(times)
                worst_cpu = cpus[times.index(max(times))]
                print(
                    f"{name:<36} {username:<12} {min(times):8.0f} {max(times):9.0f} {worst_cpu:12.0f} {target:7d}"
                )
        over = [k for k, v in worst.items() if v > (1000 if k[0] == "monitoring screen" else 500)]
        print("all within target" if not over else f"over target: {over}")
        print(
            f"load average (1/5/15 min) after: {'/'.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"
        )
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
