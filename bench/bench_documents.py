"""Benchmark of document rendering (issue 5; prints numbers, not a test).

Times, on this machine, the step from a filled context to the finished file:
1. a one-page form: 附件1 and 附件3 as PDF (WeasyPrint, embedded CJK font subset) and as DOCX;
2. a 10,000-row publicity list (附件8) as PDF, the way the background job makes it (parts of CHUNK rows,
   merged with pypdf), and as XLSX.
Median (and min/max) over --runs runs after one warm-up run (fonts loaded, templates compiled); the list
over --list-runs runs. Target: a one-page form under 1 s.

The contexts are plain dicts shaped like the builders' output (a three-person household with one support
obligor; masked list rows), so no database is needed: what is timed is the rendering, not the queries.

    python bench/bench_documents.py [--runs 7] [--list-runs 3] [--rows 10000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
TARGET_S = 1.0


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiuzhu.settings")
    import django

    django.setup()


def member(i: int, name: str, relation: str, sex: str, age: int) -> dict:
    return {
        "member_id": i,
        "name": name,
        "age": str(age),
        "sex": sex,
        "ethnicity": "汉族",
        "relation": relation,
        "marital": "已婚",
        "health": "患病",
        "health_plain": "患病",
        "occupation": "在职职工",
        "employer": "顺义区某机械厂",
        "monthly_income": "1800.00",
        "income_text": "1800.00元/月",
        "id_number": f"11011319800517{i:04d}",
        "birth_ym": "1980年5月",
        "phone": "13800138000",
        "signature_capacity": "本人签字",
    }


def case_context() -> dict:
    members = [
        member(1, "张建国", "申请人", "男", 46),
        member(2, "李秀英", "配偶", "女", 46),
        member(3, "张小明", "子女", "男", 22),
    ]
    household = {
        "number": "110113-2026-000001",
        "province": "北京市",
        "county": "顺义区",
        "township": "胜利街道",
        "village": "建新社区",
        "area_type": "urban",
        "area_label": "城市",
        "area_choice": "■城市最低生活保障/□农村最低生活保障",
        "address": "北京市顺义区胜利街道建新社区1号楼2单元301",
        "hukou_address": "北京市顺义区胜利街道建新南区3号",
        "residence_address": "北京市顺义区胜利街道建新社区1号楼2单元301",
        "employer": "顺义区某机械厂",
        "main_expenditure": "医疗费、子女教育",
        "near_relative": "无",
        "deposits": "3200.00",
        "securities": "0.00",
        "receivables": "500.00",
        "per_capita_income": "600.00",
        "income_text": "1800.00元/月",
        "economic_text": "家庭月收入1800.00元（人均600.00元/月）；银行存款3200.00元；房产1处。",
        "size": "3",
        "applicant": members[0],
        "members": members,
        "obligors": [dict(member(4, "张建华", "兄弟", "男", 51), annual_support="1200.00")],
        "houses": [],
        "vehicles": [],
    }
    application = {
        "applied": {"y": "2026", "m": "1", "d": "12", "text": "2026年1月12日"},
        "opinion_village": "建新社区",
        "opinion_persons": "3",
        "opinion_per_capita": "350.00",
        "opinion_household_amount": "1050.00",
        "start": {"y": "2026", "m": "3", "text": "2026年3月"},
        "approved_on": {"y": "", "m": "", "d": "", "text": ""},
    }
    return {"household": household, "application": application}


def list_context(rows: int) -> dict:
    return {
        "publicity": {
            "unit_name": "顺义区民政局",
            "county": "顺义区",
            "starts": {"text": "2026年3月1日"},
            "ends": {"text": "2026年3月7日"},
            "phone": "010-69440000",
            "rows": [
                {
                    "no": str(i),
                    "insured_names": "张**、李**、张**",
                    "applicant": "张**",
                    "applicant_id": "",
                    "village": f"第{i % 300 + 1}村",
                    "size": "3",
                    "insured_count": "3",
                    "per_capita_income": "600.00",
                    "amount": "1050.00",
                }
                for i in range(1, rows + 1)
            ],
        }
    }


def list_pdf_as_the_job_does(ctx: dict) -> bytes:
    from jiuzhu.documents.jobs import CHUNK, _merge
    from jiuzhu.documents.render import render_pdf

    rows = ctx["publicity"]["rows"]
    parts = [
        render_pdf(
            "fj8",
            {
                "publicity": {**ctx["publicity"], "rows": rows[start : start + CHUNK]},
                "continuation": start > 0,
                "more": start + CHUNK < len(rows),
            },
        )
        for start in range(0, len(rows), CHUNK)
    ]
    return _merge(parts)


def timed(label: str, fn, runs: int, warmup: bool = True) -> float:
    """Median wall-clock seconds of fn() over runs; the CPU seconds of this process are printed too, since
    on a shared machine the wall clock also counts waiting for a core."""
    if warmup:
        fn()
    wall, cpu = [], []
    size = 0
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        size = len(fn())
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    median = statistics.median(wall)
    print(
        f"{label:<30} median {median:7.3f} s  (min {min(wall):.3f}, max {max(wall):.3f}; "
        f"CPU {statistics.median(cpu):.3f} s)  {runs} runs, {size / 1024:,.0f} KB"
    )
    return median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--list-runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    setup_django()
    from jiuzhu.documents.office import render_xlsx
    from jiuzhu.documents.render import render_pdf
    from jiuzhu.documents.word import render_docx

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f}; "
        f"target: one-page form < {TARGET_S} s"
    )
    ctx = case_context()
    forms = {}
    for kind, name in (("fj1", "附件1"), ("fj3", "附件3")):
        forms[name] = timed(f"{name} PDF (one page)", lambda kind=kind: render_pdf(kind, ctx), args.runs)
        timed(f"{name} DOCX", lambda kind=kind: render_docx(kind, ctx), args.runs)
    big = list_context(args.rows)
    timed(f"附件8 {args.rows:,} rows PDF (job)", lambda: list_pdf_as_the_job_does(big), args.list_runs, False)
    timed(f"附件8 {args.rows:,} rows XLSX", lambda: render_xlsx("fj8", big), args.list_runs, False)
    slow = [name for name, s in forms.items() if s >= TARGET_S]
    print("one-page forms:", "all under target" if not slow else "OVER target: " + ", ".join(slow))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
