"""Benchmark of payments (issue 9 "Scale"; prints numbers, not a test): a 低保 roster for N active cases with its
warnings, its bank file (generic-csv), and the reconciliation of an N-line bank return.

Set-up (not timed as payments): a fresh database (SQLite in a temporary folder, or a new database on the
PostgreSQL server of DATABASE_URL), the demo regions and users, N demo households (registry.demo), and one active
低保 case per household copied from a demo case made through the real procedure — same decision snapshot shape,
the applicant's own account at the agent bank. Then, timed: `make` (the cases read in chunks, lines and claims
written in bulk, the warnings scanned), confirm + allocate (warnings found again), the bank file, and the
bank's return (every line paid) imported and reconciled. Peak memory is the process's maximum resident size.

    python bench/bench_payments.py [--cases 1000000] [--seed 1] [--keep]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_payments.py --cases 100000

PostgreSQL only: `--setup-only --keep` prepares a database and prints its name; `--template NAME` then times the
payments on a fresh copy of it (CREATE DATABASE … TEMPLATE, dropped afterwards), so that repeated runs skip the
set-up of a million households and each starts from the same state.
Targets (issue 9): each step ≤ 60 s and ≤ 2 GB on the 2-core machine at 1,000,000 cases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import fresh_database, timed  # noqa: E402  (the same fresh-database set-up)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from jiuzhu.cli import bootstrap
    from jiuzhu.demo_cases import make_demo_cases
    from jiuzhu.registry.demo import generate_demo

    call_command("migrate", interactive=False, verbosity=0)
    bootstrap(0, args.seed)
    _, wall, _ = timed(generate_demo, households=args.cases, seed=args.seed, progress=True)
    print(f"set-up: {args.cases:,} demo households in {wall:.1f} s")
    make_demo_cases()
    _, wall, _ = timed(copy_active_cases, args.cases)
    print(f"set-up: active 低保 cases and accounts copied in {wall:.1f} s")
    User = get_user_model()
    users = {}
    for name, role in (
        ("bench_maker", "approver"),
        ("bench_checker", "approver"),
        ("bench_finance", "finance"),
    ):
        users[name] = User.objects.create_user(name, password="x", role=role, is_superuser=True)
    return users


def copy_active_cases(n: int) -> None:
    """One active case per household without one, copied from a demo case (its snapshot too), and the
    applicant's account; written with payments.bulk (COPY on PostgreSQL)."""
    from django.db import connection, transaction

    from jiuzhu.dibao.models import DecisionSnapshot, DibaoApplication
    from jiuzhu.payments import bulk
    from jiuzhu.registry.choices import Relation
    from jiuzhu.registry.models import Member, PayeeAccount

    template = DibaoApplication.objects.filter(status="active").order_by("id").first()
    snap = DecisionSnapshot.objects.filter(application=template, purpose="township_review").latest("id")
    app_fields = [
        f.attname for f in DibaoApplication._meta.concrete_fields if f.name not in ("id", "household")
    ]
    snap_fields = [
        f.attname for f in DecisionSnapshot._meta.concrete_fields if f.name not in ("id", "application")
    ]
    taken = set(DibaoApplication.objects.values_list("household_id", flat=True))
    applicants = Member.objects.filter(relation=Relation.APPLICANT, active=True).exclude(
        household_id__in=taken
    )
    pairs = list(applicants.order_by("household_id").values_list("household_id", "id"))[:n]

    def db_values(obj, names):
        fields = {f.attname: f for f in obj._meta.concrete_fields}
        return [fields[n].get_db_prep_value(getattr(obj, n), connection, prepared=False) for n in names]

    values = db_values(template, app_fields)
    snap_values = db_values(snap, snap_fields)
    with transaction.atomic():
        first = (DibaoApplication.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        bulk.insert(
            DibaoApplication,
            ["id", "household_id", *app_fields],
            ((first + i, hh, *values) for i, (hh, _m) in enumerate(pairs)),
        )
        bulk.insert(
            DecisionSnapshot,
            ["application_id", *snap_fields],
            ((first + i, *snap_values) for i in range(len(pairs))),
        )
        have = set(PayeeAccount.objects.values_list("member_id", flat=True))
        bulk.insert(
            PayeeAccount,
            ["member_id", "bank", "account_number", "agent_name", "agent_id_number"],
            ((m, "北京农商银行", f"6221{m:012d}", "", "") for _hh, m in pairs if m not in have),
        )
    if connection.vendor == "postgresql":  # the ids were given explicitly: move the sequence past them
        with connection.cursor() as cur:
            cur.execute(
                "SELECT setval(pg_get_serial_sequence('dibao_dibaoapplication', 'id'), "
                "(SELECT max(id) FROM dibao_dibaoapplication))"
            )


def run(args, users) -> list[tuple[str, float, float, float]]:
    from jiuzhu.dibao.models import DibaoApplication
    from jiuzhu.payments import rosters as r
    from jiuzhu.payments.bankfiles import do_bank_file
    from jiuzhu.payments.returns import do_bank_return

    # a regular monthly roster: one line a case (the copied cases all start in the template's month, so a
    # later month would add an arrears line for each); --arrears makes that later month's roster instead
    period = DibaoApplication.objects.filter(status="active").order_by("-payment_start")[0].payment_start
    if args.arrears:
        period = (period + dt.timedelta(days=40)).replace(day=1)
    out = []
    if args.profile:  # where make's time goes: the 25 costliest functions, cumulative
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        roster, wall, cpu = timed(
            profiler.runcall, r.do_make, users["bench_maker"], "dibao", f"{period:%Y-%m}", "110000"
        )
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    else:
        roster, wall, cpu = timed(r.do_make, users["bench_maker"], "dibao", f"{period:%Y-%m}", "110000")
    lines = roster.lines.count()
    from django.db.models import Count

    kinds = dict(roster.warnings.values_list("kind").annotate(n=Count("id")))
    out.append((f"make: {lines:,} lines, warnings {kinds}", wall, cpu, peak_mb()))
    _, wall, cpu = timed(
        lambda: r.do_allocate(users["bench_finance"], r.do_confirm(users["bench_checker"], roster))
    )
    out.append(("confirm + allocate (warnings found again twice)", wall, cpu, peak_mb()))
    folder = Path(tempfile.mkdtemp(prefix="jiuzhu-bench-bank-"))
    _, wall, cpu = timed(do_bank_file, users["bench_finance"], roster, folder / "bank.csv")
    out.append((f"bank file ({(folder / 'bank.csv').stat().st_size / 1e6:.0f} MB)", wall, cpu, peak_mb()))
    rows = ["业务参考号,收款账号,收款户名,金额,状态,失败原因,银行流水号"]
    for ref, acct, name, fen in roster.lines.order_by("seq").values_list(
        "ref", "account_number", "payee_name", "amount_fen"
    ):
        rows.append(f"{ref},{acct},{name},{fen // 100}.{fen % 100:02d},成功,,S{ref}")
    data = ("\n".join(rows) + "\n").encode("utf-8")
    del rows
    result, wall, cpu = timed(do_bank_return, users["bench_finance"], roster, data, "return.csv")
    out.append(
        (f"bank return: {lines:,} lines reconciled ({result.get('paid', '?')} paid)", wall, cpu, peak_mb())
    )
    return out


def copy_of(template: str) -> tuple[str, callable]:
    """A new PostgreSQL database copied from a prepared one (the server of DATABASE_URL)."""
    import psycopg

    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith(("postgres://", "postgresql://")):
        raise SystemExit("--template needs DATABASE_URL pointing at PostgreSQL")
    name = f"jiuzhu_bench_{os.getpid()}"
    parts = urlsplit(given)
    admin_url = urlunsplit(parts._replace(scheme="postgresql"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--arrears", action="store_true", help="the month after: an arrears line a case too")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--profile", action="store_true", help="profile make (cProfile, top 25)")
    parser.add_argument("--setup-only", action="store_true", help="prepare the database, time nothing")
    parser.add_argument("--template", help="PostgreSQL: time on a copy of this prepared database")
    args = parser.parse_args(argv)
    url, cleanup = copy_of(args.template) if args.template else fresh_database(args)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiuzhu.settings")
    import django

    django.setup()
    try:
        from django.db import connection

        print(f"数据库：{connection.vendor}")
        if args.template:
            from django.contrib.auth import get_user_model

            users = {u.username: u for u in get_user_model().objects.filter(username__startswith="bench_")}
        else:
            users = setup(args)
        if args.setup_only:
            return 0
        print(f"{'step':<58} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}")
        for what, wall, cpu, mb in run(args, users):
            print(f"{what:<58} {wall:8.1f} {cpu:8.1f} {mb:8.0f}")
        print(f"load average (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
