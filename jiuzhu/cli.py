"""The `jiuzhu` command: serve, demo, assess, batch, and Django's management commands."""

from __future__ import annotations

import argparse
import os
import sys

DEMO_PASSWORD = "jiuzhu-demo-2026"
# username, role, region code, union code, display name
DEMO_USERS = [
    ("admin", "admin", "110000", "ACFTU", "系统管理员"),
    ("sy_worker", "case_worker", "110113001", None, "胜利街道经办人"),
    ("sy_worker2", "case_worker", "110113001", None, "胜利街道经办人（二）"),
    ("sy_approver", "approver", "110113", None, "顺义区民政局审批人"),
    ("sy_finance", "finance", "110113", None, "顺义区财务人员"),
    ("cy_worker", "case_worker", "110105001", None, "建外街道经办人"),
    ("cy_approver", "approver", "110105", None, "朝阳区民政局审批人"),
    ("auditor", "auditor", "110000", None, "审计人员"),
    ("union_worker", "case_worker", None, "U110113-HC", "顺义区帮扶中心经办人"),
]


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiuzhu.settings")
    from django.conf import settings

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
    import django

    django.setup()


def refresh_statistics() -> None:
    """Let the query planner know the table sizes (a fresh region table otherwise looks empty to it)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA optimize" if connection.vendor == "sqlite" else "ANALYZE")


def bootstrap(households: int, seed: int) -> bool:
    """First run: regions, unions, local parameters, demo users and demo households. Idempotent."""
    from django.contrib.auth import get_user_model

    from jiuzhu.core.loaders import DATA, do_load_regions, do_load_unions
    from jiuzhu.core.models import Region, UnionOrg
    from jiuzhu.core.params import do_load_params_file

    if Region.objects.exists():
        return False
    do_load_regions(None)
    do_load_unions(None)
    do_load_params_file(None, DATA / "params_demo.yaml")
    from jiuzhu.core.rulesets import do_load_demo_rule_sets

    do_load_demo_rule_sets(
        None
    )  # the demo's implementing rule sets, linked to the demo parameters (R-SUP-14)
    User = get_user_model()
    for username, role, region, union, name in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(
            username=username,
            role=role,
            first_name=name,
            region=Region.objects.filter(code=region).first() if region else None,
            union_org=UnionOrg.objects.filter(code=union).first() if union else None,
            is_staff=role == "admin",
            is_superuser=role == "admin",
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    if households:
        from jiuzhu.demo_cases import make_demo_cases, summary
        from jiuzhu.registry.demo import generate_demo

        generate_demo(households=households, seed=seed)
        print(f"已创建演示数据：{households} 户。")
        # 低保, 临时救助 and 困难职工 cases at different steps, made through the real actions (idempotent)
        print(summary(make_demo_cases()))
    return True


def _supervision_demo() -> None:
    """Supervision's demo: a true case of each risk rule, complaints, an inspection (jiuzhu/supervision/demo.py)."""
    from jiuzhu.supervision.demo import make_supervision_demo

    made = make_supervision_demo()
    if made:
        print(
            f"已创建监督演示数据：风险预警 {made.get('warnings', 0)} 条，投诉举报 {made.get('complaints', 0)} 件。"
        )


def _unionfunds_demo() -> None:
    """Union funds' demo: funds, a year's allocations, payments, the cash book (jiuzhu/unionfunds/demo.py)."""
    from jiuzhu.unionfunds.demo import make_demo

    made = make_demo()
    if made.get("made"):
        print(
            f"已创建工会帮扶资金演示数据：资金台账、年度分配方案、现金日记账，帮扶 {made['paid_households']} 户。"
        )


def first_run_demos() -> None:
    """The demos made after the demo households and cases: the union funds' first, because supervision's
    demo removes (撤档) an archive to show its disposal date, and the funds' allocation needs archived
    households."""
    _unionfunds_demo()
    _supervision_demo()


def cmd_serve(args: argparse.Namespace) -> int:
    _django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if bootstrap(args.demo_households, args.seed) and args.demo_households:
        first_run_demos()
    refresh_statistics()
    print(f"jiuzhu 已启动: http://{args.host}:{args.port}/")
    print(f"演示账号（密码均为 {DEMO_PASSWORD}）:")
    from django.contrib.auth import get_user_model

    from jiuzhu.demo_cases import UNION_STAFF

    extra = [(u, n) for u, _r, _o, n in UNION_STAFF if get_user_model().objects.filter(username=u).exists()]
    for username, name in [(u, n) for u, _r, _g, _o, n in DEMO_USERS] + extra:
        print(f"  {username:<14} {name}")
    from jiuzhu.portal.demo import DEMO_LABEL, DEMO_PHONE

    if get_user_model().objects.filter(phone=DEMO_PHONE, role="applicant").exists():
        print(f"  {'m' + DEMO_PHONE:<14} {DEMO_LABEL}")
    from django.conf import settings

    if settings.JOBS_IN_PROCESS:
        from jiuzhu.jobs.queue import start_in_process_worker

        start_in_process_worker()
    sys.stdout.flush()
    from waitress import serve

    from jiuzhu.wsgi import application

    serve(application, host=args.host, port=args.port, threads=8, _quiet=True)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """Run the queued long jobs (rosters, document batches...): forever, or with --batch until none is left."""
    _django()
    from jiuzhu.jobs.queue import work

    work(batch=args.batch, interval=args.interval)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    bootstrap(0, args.seed)
    from jiuzhu.registry.demo import generate_demo

    n = generate_demo(households=args.households, seed=args.seed, progress=True)
    if n == 0 and args.households > 0:
        from jiuzhu.registry.demo import demo_number
        from jiuzhu.registry.models import Household

        have = Household.objects.filter(number__startswith=demo_number(args.seed, 0)[:-7]).count()
        print(
            f"未新增演示家庭：seed={args.seed} 的 {have} 户演示家庭此前已生成（同一 seed 总是生成同样的家庭，"
            f"不会重复写入）。如需更多演示家庭，请换一个 seed，例如 --seed {args.seed + 1}。"
        )
    else:
        print(f"已生成 {n} 户演示家庭（seed={args.seed}）。")
    if args.cases:
        from jiuzhu.demo_cases import make_demo_cases, summary

        print(summary(make_demo_cases()))
        first_run_demos()
    return 0


def cmd_daily() -> int:
    """Jobs that follow the calendar, for cron or a scheduler: end phase-outs whose period is over (R-FLOW-14)."""
    _django()
    from django.utils import timezone

    from jiuzhu.dibao.actions import process_phase_outs

    result = process_phase_outs(timezone.localdate())
    print(f"渐退期届满、已发停发通知: {result} 户")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """jiuzhu audit seal | verify [--expect SEQ:HASH]: the tamper-evident audit chain (docs/security.md)."""
    _django()
    from jiuzhu.core.audit_chain import seal, verify

    if args.audit_command == "seal":
        print(f"入链事件: {seal()}")
        return 0
    expect = None
    if args.expect:
        seq, _, digest = args.expect.partition(":")
        if not seq.isdigit() or len(digest) != 64:
            print("--expect 应为 位置:哈希（如 120:3fa4…，64 位十六进制）", file=sys.stderr)
            return 2
        expect = (int(seq), digest.lower())
    report = verify(expect)
    print(f"事件 {report.events}，已入链 {report.sealed}，未入链 {report.unsealed}")
    print(f"链头: {report.head_seq}:{report.head_hash}")
    if report.ok:
        print("审计链完整")
        return 0
    first = report.first
    where = f"事件 #{first.event_id}" if first.event_id else "事件"
    print(f"审计链被破坏，第一处: {where}，位置 {first.seq}: {first.detail}")
    for p in report.problems[1:]:
        print(f"  另有: 事件 #{p.event_id or '-'}，位置 {p.seq}: {p.detail}")
    return 1


def _params_from_db() -> dict:
    _django()
    from jiuzhu.core.params import params_mapping

    return params_mapping()


def _engine(argv: list[str]) -> str | None:
    """The value of --engine (`--engine spark` or `--engine=spark`), or None."""
    for k, a in enumerate(argv):
        if a == "--engine":
            return argv[k + 1] if k + 1 < len(argv) else ""
        if a.startswith("--engine="):
            return a.split("=", 1)[1]
    return None


def _without_engine(argv: list[str]) -> list[str]:
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == "--engine":
            skip = True
        elif not a.startswith("--engine="):
            out.append(a)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The engine's commands parse their own arguments (contract: shared/spec/ASSESSMENT.md).
    if argv and argv[0] == "assess":
        from jiuzhu.policy.cli import assess_main

        return assess_main(argv[1:], params_loader=_params_from_db)
    if argv and argv[0] == "batch" and "--from-db" in argv:
        from jiuzhu.batchruns.cli import batch_from_db_main

        return batch_from_db_main(argv[1:])
    if argv and argv[0] == "batch" and _engine(argv) == "spark":
        from jiuzhu.batchruns.spark import batch_spark_main

        return batch_spark_main(argv[1:], params_loader=_params_from_db)
    if argv and argv[0] == "batch" and _engine(argv) not in (None, "local"):
        print("jiuzhu batch: --engine 应为 local 或 spark", file=sys.stderr)
        return 2
    if argv and argv[0] == "batch" and _engine(argv) == "local":
        argv = _without_engine(argv)
    if argv and argv[0] == "batch":
        from jiuzhu.policy.cli import batch_main

        return batch_main(argv[1:], params_loader=_params_from_db)
    if argv and argv[0] == "simulate":
        from jiuzhu.batchruns.simulate import simulate_main

        return simulate_main(argv[1:])
    if argv and argv[0] == "import":
        from jiuzhu.transfer.cli import import_main

        return import_main(argv[1:])
    if argv and argv[0] == "payments":
        from jiuzhu.payments.cli import main as payments_main

        return payments_main(argv[1:])
    if argv and argv[0] == "warnings":
        from jiuzhu.supervision.cli import main as warnings_main

        return warnings_main(argv[1:])
    if argv and argv[0] == "exchange":
        from jiuzhu.sharing.cli import main as exchange_main

        return exchange_main(argv[1:])
    if argv and argv[0] == "daily":
        return cmd_daily()
    if argv and argv[0] == "manage":
        _django()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["jiuzhu manage", *argv[1:]])
        return 0

    parser = argparse.ArgumentParser(prog="jiuzhu", description="救助: 社会救助与困难职工帮扶管理系统")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="迁移数据库、首次运行时载入演示数据并启动服务")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--demo-households", type=int, default=500, help="首次运行时生成的演示家庭数")
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("demo", help="生成演示家庭（同一seed生成相同数据）")
    p.add_argument("--households", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--cases", action="store_true", help="同时生成演示案件（低保、临时救助、困难职工档案，只生成一次）"
    )
    p.set_defaults(func=cmd_demo)
    sub.add_parser("assess", help="评估一户（见 docs/policy.md）")
    sub.add_parser("batch", help="批量评估（见 docs/policy.md）")
    sub.add_parser("simulate", help="政策测算：低保标准调整的影响（见 docs/policy.md）")
    sub.add_parser("import", help="导入附件2格式的家庭信息（见 docs/import.md）")
    sub.add_parser("payments", help="资金发放：花名册、代发文件、回盘对账（见 docs/payments.md）")
    sub.add_parser("exchange", help="与民政部门、工会、核对机构交换数据（见 docs/sharing.md）")
    p = sub.add_parser("audit", help="审计链：入链（seal）与校验（verify），发现被修改、插入或删除的事件")
    audit_sub = p.add_subparsers(dest="audit_command", required=True)
    audit_sub.add_parser("seal", help="把已提交但尚未入链的事件接入审计链")
    v = audit_sub.add_parser("verify", help="逐个校验审计事件，报告第一个被修改、插入或删除的事件")
    v.add_argument("--expect", help="此前记下的链头（位置:哈希），用来发现最新事件被删除")
    p.set_defaults(func=cmd_audit)
    p = sub.add_parser("worker", help="运行后台任务队列（花名册编制、批量文书等）")
    p.add_argument("--batch", action="store_true", help="队列中的任务全部完成后退出")
    p.add_argument("--interval", type=float, default=1.0, help="队列空闲时每隔几秒查看一次")
    p.set_defaults(func=cmd_worker)
    sub.add_parser(
        "warnings", help="风险预警：扫描（scan）全部规则，命中的生成待处理预警（见 docs/supervision.md）"
    )
    sub.add_parser("daily", help="每日任务：渐退期届满发出停发通知等")
    sub.add_parser("manage", help="Django 管理命令")
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
