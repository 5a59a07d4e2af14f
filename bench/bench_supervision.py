"""Benchmark of the risk scan (issue 15 "Done means": `jiuzhu warnings scan` over 1,000,000 households with their
cases and payments in ≤ 60 s on this machine). Prints numbers, not a test.

Set-up (not timed as the scan): a fresh database (SQLite in a temporary folder, or a new database on the
PostgreSQL server of DATABASE_URL), the demo regions and users, N demo households (registry.demo), the demo cases,
one active 低保 case per household copied from a demo case with the applicant's account (bench_payments), one
paid roster line per case for one month (written in bulk, as payments' make would leave them), and planted
anomalies so that the rules have work: 1 case in 1,000 stopped from the paid month (paid after a stop), 1 in
2,000 sharing an account with the next household, 1 in 5,000 with a member on the staff register.

Timed: the scan without writing (every rule, the columns read), the scan that opens the tickets and their
to-do deadlines, and the rescan (finds the same, opens nothing).

    python bench/bench_supervision.py [--households 1000000] [--seed 1] [--keep] [--reuse DIR]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_supervision.py --households 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import fresh_database, timed  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup(args) -> None:
    from bench_payments import copy_active_cases
    from django.core.management import call_command

    from jiuzhu.cli import bootstrap, refresh_statistics
    from jiuzhu.demo_cases import make_demo_cases
    from jiuzhu.registry.demo import generate_demo

    call_command("migrate", interactive=False, verbosity=0)
    bootstrap(0, args.seed)
    _, wall, _ = timed(generate_demo, households=args.households, seed=args.seed, progress=True)
    print(f"set-up: {args.households:,} demo households in {wall:.1f} s")
    _, wall, _ = timed(make_demo_cases)
    print(f"set-up: demo cases in {wall:.1f} s")
    _, wall, _ = timed(copy_active_cases, args.households)
    print(f"set-up: active 低保 cases and accounts copied in {wall:.1f} s")
    _, wall, _ = timed(paid_lines_and_anomalies)
    print(f"set-up: roster lines and planted anomalies in {wall:.1f} s")
    refresh_statistics()


def paid_lines_and_anomalies() -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from jiuzhu.core.models import Region
    from jiuzhu.dibao.models import DibaoApplication
    from jiuzhu.payments import bulk
    from jiuzhu.payments.models import MakeRun, Roster, RosterLine, StaffRegisterEntry
    from jiuzhu.registry.models import Member, PayeeAccount

    month = dt.date(2026, 8, 1)
    beijing = Region.objects.get(code="110000")
    cases = list(
        DibaoApplication.objects.filter(status="active")
        .order_by("id")
        .values_list("id", "household_id", "benefit_household_fen")
    )
    applicant = dict(
        Member.objects.filter(relation="applicant", active=True).values_list("household_id", "id")
    )
    with transaction.atomic():
        roster = Roster.objects.create(
            programme="dibao",
            period=month,
            region=beijing,
            scope_code="110000",
            scope_path=beijing.path,
            status=Roster.Status.RECONCILED,
        )
        run = MakeRun.objects.create(roster=roster)
        fields = [
            "roster_id",
            "run_id",
            "seq",
            "ref",
            "kind",
            "programme",
            "case_type",
            "case_id",
            "decision",
            "household_id",
            "member_id",
            "payee_name",
            "id_number",
            "bank",
            "account_number",
            "agent_name",
            "slots",
            "first_month",
            "last_month",
            "amount_fen",
            "fund_source",
            "status",
            "bank_serial",
            "failure_reason",
            "notified",
            "removed_reason",
            "settled_at",
        ]
        now = timezone.now()
        bulk.insert(
            RosterLine,
            fields,
            (
                (
                    roster.pk,
                    run.pk,
                    i + 1,
                    f"B{i + 1:010d}",
                    "regular",
                    "dibao",
                    "dibao.dibaoapplication",
                    cid,
                    f"dibao.decisionsnapshot:{cid}",
                    hh,
                    applicant.get(hh),
                    "张三",
                    "",
                    "北京农商银行",
                    f"6221{i:012d}",
                    "",
                    "2026-08",
                    month,
                    month,
                    fen or 100000,
                    "assistance",
                    "paid",
                    f"S{i}",
                    "",
                    "",
                    "",
                    now,
                )
                for i, (cid, hh, fen) in enumerate(cases)
            ),
        )
        # the copies keep the template's persons counted, not their own household's size: leave it unset
        DibaoApplication.objects.filter(status="active").update(opinion_persons=None)
        stop = [cid for cid, _h, _f in cases[::1000]]
        DibaoApplication.objects.filter(pk__in=stop).update(status="stopped", stopped_from=month)
        accounts = list(PayeeAccount.objects.order_by("member_id").values_list("member_id", "account_number"))
        for (m, _a), (_m2, a2) in list(zip(accounts[::2000], accounts[1::2000], strict=False)):
            PayeeAccount.objects.filter(member_id=m).update(account_number=a2)
        staff = list(
            Member.objects.filter(relation="spouse").order_by("id").values_list("name", "id_number")[::5000]
        )
        StaffRegisterEntry.objects.bulk_create(
            [StaffRegisterEntry(name=n, id_number=idn, kind="village_cadre") for n, idn in staff]
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")


def run(args) -> list[tuple[str, float, float, float]]:
    from django.contrib.auth import get_user_model

    from jiuzhu.supervision.scan import run_scan

    admin = get_user_model().objects.get(username="admin")
    out = []
    result, wall, cpu = timed(run_scan, admin, persist=False)
    out.append((f"scan (find only): {len(result.found):,} hits", wall, cpu, peak_mb()))
    print("hits per rule:", {k: v for k, v in result.counts.items() if v})
    result, wall, cpu = timed(run_scan, admin)
    out.append((f"scan + open tickets: {result.run.opened:,} opened", wall, cpu, peak_mb()))
    result, wall, cpu = timed(run_scan, admin)
    out.append((f"rescan: {result.run.found:,} found, {result.run.opened:,} opened", wall, cpu, peak_mb()))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", help="a SQLite data folder kept by an earlier --keep run: scan it again")
    args = parser.parse_args(argv)
    if args.reuse:
        os.environ["JIUZHU_DATA_DIR"] = args.reuse
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(args.reuse) / 'jiuzhu.sqlite3'}"

        def cleanup():
            return None
    else:
        url, cleanup = fresh_database(args)
        os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiuzhu.settings")
    import django

    django.setup()
    try:
        from django.db import connection

        print(f"数据库：{connection.vendor}")
        if not args.reuse:
            setup(args)
        print(f"{'step':<58} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}")
        for what, wall, cpu, mb in run(args):
            print(f"{what:<58} {wall:8.1f} {cpu:8.1f} {mb:8.0f}")
        print(f"load average (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
