"""`jiuzhu warnings scan [--region CODE] [--rule KIND ...] --as USER`: run the risk rules and print one JSON
object: the run, the counts per rule and each warning with `kind`, `cite`, `household`, `case`, `detail`.
A refusal (unknown user or region, role, scope) exits 2 with the reason on standard error and changes nothing.
`--dry-run` finds without opening tickets; `--queue` puts the scan on the jobs queue (the worker runs it, the
job's page shows its progress) and prints the job's number."""

from __future__ import annotations

import argparse
import json
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jiuzhu warnings", description="风险自动预警（见 docs/supervision.md）"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("scan", help="运行全部预警规则，命中的生成待处理预警")
    p.add_argument("--region", help="行政区划代码（默认：操作人的辖区）")
    p.add_argument("--rule", action="append", dest="rules", help="只运行该规则（可重复）")
    p.add_argument("--as", dest="username", required=True, help="以该用户身份运行（审批人或管理员）")
    p.add_argument("--dry-run", action="store_true", help="只查找，不生成预警")
    p.add_argument("--summary", action="store_true", help="只输出各规则的数量，不列出每条预警")
    p.add_argument(
        "--queue", action="store_true", help="放入后台任务队列（由 jiuzhu worker 运行），只输出任务编号"
    )
    return parser


def main(argv: list[str] | None = None, *, stdout=None, stderr=None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = _parser().parse_args(argv)

    from jiuzhu.cli import _django

    _django()
    from django.contrib.auth import get_user_model

    from jiuzhu.core.models import Region

    from .scan import RULES, ScanRefused, as_json, run_scan

    user = get_user_model().objects.filter(username=args.username, is_active=True).first()
    if user is None:
        print(f"未找到用户 {args.username}", file=stderr)
        return 2
    region = None
    if args.region:
        region = Region.objects.filter(code=args.region).first()
        if region is None:
            print(f"未找到行政区划 {args.region}", file=stderr)
            return 2
    unknown = [r for r in args.rules or [] if r not in RULES]
    if unknown:
        print(f"未知的预警规则：{', '.join(unknown)}（可用：{', '.join(RULES)}）", file=stderr)
        return 2
    if args.queue:
        from django.db import transaction

        from .jobs import submit_scan

        try:
            with transaction.atomic():
                job = submit_scan(user, region, args.rules)
        except ScanRefused as e:
            print(str(e), file=stderr)
            return 2
        json.dump({"job": job.pk, "status": job.status}, stdout, ensure_ascii=False)
        stdout.write("\n")
        return 0
    try:
        result = run_scan(user, region, args.rules, persist=not args.dry_run)
    except ScanRefused as e:
        print(str(e), file=stderr)
        return 2
    out = {
        "run": result.run.pk if result.run else None,
        "region": region.code if region else (user.region.code if user.region_id else ""),
        "found": len(result.found),
        "opened": sum(1 for f in result.found if f.new),
        "counts": result.counts,
        "seconds": result.run.seconds if result.run else None,
    }
    if not args.summary:
        out["warnings"] = as_json(result)
    json.dump(out, stdout, ensure_ascii=False, indent=1)
    stdout.write("\n")
    return 0
