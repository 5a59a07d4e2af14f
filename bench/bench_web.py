"""Benchmark of the registry pages on 100,000 demo households (issue 2 "Done means"; prints numbers, not a test).

1. Makes a fresh database: SQLite in a temporary directory, or, when DATABASE_URL points at PostgreSQL, a new
   database `jiuzhu_bench_<pid>` on that server (dropped afterwards unless --keep). Migrates, loads the demo
   regions and users, and times `generate_demo(households, seed)`.
2. Times the SERVER side of the pages with Django's test client (in process: no network, no browser), logged
   in as a county approver (sy_approver, 顺义区), a township worker (sy_worker, 胜利街道) and the union help
   centre (union_worker): the household list (first page and a deep page), search by name, by full ID number
   and by its last four digits, the household detail page, the dashboard, the to-do list, the 低保 list and
   the case pages of the demo cases (低保, 临时救助, archive). Median and p95 over --requests requests each, after two warm-up
   requests. Target: under 300 ms each. A page whose URL does not exist (yet) is skipped with a message.
3. --explain prints the slowest SQL statement of each page with the database's query plan.

    python bench/bench_web.py [--households 100000] [--seed 1] [--requests 20] [--explain] [--keep]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_web.py
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

TARGET_MS = 300.0
USERS = ("sy_approver", "sy_worker", "union_worker")


def fresh_database(args) -> tuple[str, callable]:
    """Point DATABASE_URL at an empty database; return its URL and a clean-up function."""
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        import psycopg

        name = f"jiuzhu_bench_{os.getpid()}"
        parts = urlsplit(given)
        admin_url = urlunsplit(parts._replace(scheme="postgresql"))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = urlunsplit(parts._replace(path=f"/{name}"))

        def drop() -> None:
            if args.keep:
                print(f"保留数据库 {url}")
                return
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return url, drop
    tmp = tempfile.mkdtemp(prefix="jiuzhu-bench-")
    os.environ["JIUZHU_DATA_DIR"] = tmp
    url = f"sqlite:///{Path(tmp) / 'jiuzhu.sqlite3'}"

    def remove() -> None:
        if args.keep:
            print(f"保留数据库 {url}")
            return
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)

    return url, remove


def timed(fn, *a, **kw):
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*a, **kw)
    return out, time.perf_counter() - wall, time.process_time() - cpu


def load(args) -> None:
    from django.core.management import call_command

    from jiuzhu.cli import bootstrap
    from jiuzhu.registry.demo import generate_demo

    _, wall, _cpu = timed(call_command, "migrate", interactive=False, verbosity=0)
    print(f"migrate: {wall:.1f} s")
    _, wall, _cpu = timed(bootstrap, 0, args.seed)
    print(f"bootstrap (regions, unions, parameters, users): {wall:.1f} s")
    n, wall, cpu = timed(generate_demo, households=args.households, seed=args.seed, progress=True)
    print(
        f"generate_demo({n:,} households, seed={args.seed}): {wall:.1f} s wall, {cpu:.1f} s CPU in this process"
        f" ({n / wall:,.0f} households/s)"
    )
    from jiuzhu.demo_cases import make_demo_cases, summary

    made, wall, _cpu = timed(make_demo_cases)
    print(f"{summary(made)} ({wall:.1f} s)")
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average (1 min) now: {load_avg:.1f} on {os.cpu_count()} CPUs")


def counts() -> None:
    from jiuzhu.registry import models as m

    parts = []
    for model in (
        m.Household,
        m.Member,
        m.IncomeItem,
        m.Expense,
        m.Obligor,
        m.House,
        m.Vehicle,
        m.WorkerInfo,
    ):
        parts.append(f"{model.__name__} {model.objects.count():,}")
    print("rows: " + ", ".join(parts))


def resolve(*names: str, **kwargs) -> str | None:
    from django.urls import NoReverseMatch, reverse

    for name in names:
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            continue
    return None


def cases_for(user, rng: random.Random, n: int) -> list[tuple[str, list[str]]]:
    """(label, urls) for one user: n URLs each, drawn from the households this user may see."""
    from jiuzhu.accounts.scope import visible_households
    from jiuzhu.registry.models import Member

    visible = visible_households(user).filter(active=True)
    pks = list(visible.order_by("-pk").values_list("pk", flat=True))
    sample = [pks[int(rng.random() * len(pks))] for _ in range(n)]
    members = {
        m.household_id: m
        for m in Member.objects.filter(household_id__in=sample, relation="applicant", active=True).only(
            "household_id", "name", "id_number"
        )
    }
    out: list[tuple[str, list[str]]] = []
    listing = resolve("household_list", "households")
    if listing is None:
        print("跳过：未找到家庭列表页面（URL名 household_list / households）")
    else:
        out.append(("家庭列表 第一页", [listing] * n))
        # Deep page: keyset pagination (?after=<id>) and, for a numbered paginator, ?page=.
        deep = pks[int(len(pks) * 0.8)] if pks else 0
        out.append(
            (
                f"家庭列表 深页（第{int(len(pks) * 0.8) // 50 + 1}页）",
                [f"{listing}?{urlencode({'after': deep, 'page': int(len(pks) * 0.8) // 50 + 1})}"] * n,
            )
        )
        names = [members[pk].name for pk in sample if pk in members]
        ids = [members[pk].id_number for pk in sample if pk in members]
        out.append(("按姓名查询", [f"{listing}?{urlencode({'name': x, 'q': x})}" for x in names]))
        out.append(("按身份证号查询", [f"{listing}?{urlencode({'id_number': x, 'q': x})}" for x in ids]))
        out.append(("按身份证后4位查询", [f"{listing}?{urlencode({'id_number': x[-4:]})}" for x in ids]))
    if resolve("household_detail", pk=1) is None:
        print("跳过：未找到家庭详情页面（URL名 household_detail）")
    else:
        out.append(("家庭详情", [resolve("household_detail", pk=pk) for pk in sample]))
    dashboard = resolve("dashboard")
    if dashboard is None:
        print("跳过：未找到首页（URL名 dashboard）")
    else:
        out.append(("首页（统计）", [dashboard] * n))
    out += procedure_pages(user, n)
    return out


def procedure_pages(user, n: int) -> list[tuple[str, list[str]]]:
    """The case pages of the procedures (the demo cases) and the to-do list, as this user sees them."""
    from django.urls import reverse

    from jiuzhu.archives.actions import archives_for
    from jiuzhu.dibao.views import applications_for
    from jiuzhu.temporary.actions import cases_for as temporary_cases

    out = [("待办事项", [reverse("todo")] * n), ("低保案件列表", [reverse("dibao:list")] * n)]
    for label, qs, name in (
        ("低保案件页", applications_for(user), "dibao:case"),
        ("临时救助案件页", temporary_cases(user), "temporary:case"),
        ("困难职工档案页", archives_for(user), "archives:archive"),
    ):
        pks = list(qs.values_list("pk", flat=True)[:n])
        if pks:
            out.append((label, [reverse(name, args=[pks[i % len(pks)]]) for i in range(n)]))
    return out


def explain(sql: str, params) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join("      " + " ".join(str(x) for x in row) for row in cursor.fetchall())


def bench_pages(args) -> list[tuple[str, str, float, float, float, str]]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rng = random.Random(args.seed)
    rows = []
    for username in USERS:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            print(f"跳过：演示用户 {username} 不存在")
            continue
        client = Client()
        client.force_login(user)
        for label, urls in cases_for(user, rng, args.requests):
            if not urls:
                print(f"跳过：{label}（{username} 无可用数据）")
                continue
            statuses = set()
            for url in urls[:2]:  # warm-up: templates, caches, connection
                client.get(url)
            times, cpu = [], []
            for url in urls:
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                statuses.add(response.status_code)
            times.sort()
            p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
            rows.append(
                (
                    label,
                    username,
                    statistics.median(times),
                    p95,
                    statistics.median(cpu),
                    ",".join(map(str, sorted(statuses))),
                )
            )
            if args.explain:
                with CaptureQueriesContext(connection) as ctx:
                    client.get(urls[0])
                slow = max(ctx.captured_queries, key=lambda q: float(q["time"]), default=None)
                if slow:
                    print(
                        f"\n[{username}] {label}: {len(ctx.captured_queries)} queries, slowest {slow['time']} s:"
                    )
                    print("    " + slow["sql"][:600])
                    try:
                        print(explain(slow["sql"], None))
                    except Exception as e:  # a statement the plan cannot be shown for
                        print(f"      (no plan: {e})")
    return rows


def report(rows) -> None:
    from django.db import connection

    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n服务器端耗时（{connection.vendor}，毫秒；目标 < {TARGET_MS:.0f} ms；负载 {load_avg:.1f}）")
    print("CPU = 本进程CPU时间中位数（不含PostgreSQL服务器进程），机器繁忙时比墙钟时间更能说明页面本身的开销")
    print(f"{'页面':<22}{'用户':<14}{'中位数':>10}{'p95':>10}{'CPU':>10}  状态")
    for label, username, median, p95, cpu, statuses in rows:
        flag = "" if p95 < TARGET_MS else "  ← 超过目标"
        print(f"{label:<22}{username:<14}{median:>10.1f}{p95:>10.1f}{cpu:>10.1f}  {statuses}{flag}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--explain", action="store_true", help="print the slowest query of each page and its plan"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)

    url, cleanup = fresh_database(args)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiuzhu.settings")
    import django

    django.setup()
    try:
        from django.db import connection

        print(f"数据库：{connection.vendor} {url}")
        load(args)
        counts()
        report(bench_pages(args))
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
