"""`jiuzhu payments ...`: the command line of spec/PAYMENTS.md.

Each command prints one JSON object on standard output and exits 0; a refusal (bad input, wrong role, wrong
state, out of scope) exits 2 with a message on standard error naming the problem, and changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jiuzhu payments", description="资金发放：花名册、代发文件、回盘对账（见 docs/payments.md）"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def cmd(name, help_, *, roster=True):
        p = sub.add_parser(name, help=help_)
        if roster:
            p.add_argument("roster", type=int, help="花名册编号")
        p.add_argument("--as", dest="username", required=True, help="以该用户身份操作（检查角色和管辖范围）")
        return p

    p = cmd("make", "编制（或补充）发放花名册", roster=False)
    p.add_argument("--programme", required=True, help="dibao、temporary、union_aid、price_subsidy")
    p.add_argument("--period", required=True, help="发放期 YYYY-MM（按季度发放的，为季度首月）")
    p.add_argument("--region", required=True, help="行政区划代码（或工会代码）")
    p = cmd("confirm", "确认花名册（审批人，不能是编制人）")
    p.add_argument("--note", default="")
    p = cmd("allocate", "核拨资金（财务）")
    p.add_argument("--note", default="")
    p = cmd("bank-file", "生成代发文件（财务）")
    p.add_argument("--out", required=True, type=Path, help="输出文件")
    p.add_argument("--layout", default="generic-csv", help="文件格式（默认 generic-csv）")
    p = cmd("bank-return", "导入银行回盘文件并对账（财务）")
    p.add_argument("file", type=Path, help="回盘文件（CSV）")
    cmd("follow-up", "为失败明细编制补发花名册")
    cmd("show", "查看花名册")
    p = cmd("cancel", "作废花名册（编制中或已确认）")
    p.add_argument("--reason", required=True)
    p = cmd("remove-line", "从花名册中移除一条明细", roster=False)
    p.add_argument("ref", help="业务参考号")
    p.add_argument("--reason", required=True)
    p = cmd("resolve", "说明理由处理预警", roster=False)
    p.add_argument("ref", help="业务参考号")
    p.add_argument("--kind", required=True, help="预警类型")
    p.add_argument("--reason", required=True)
    return parser


def main(argv: list[str] | None = None, *, stdout=None, stderr=None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = _parser().parse_args(argv)

    from jiuzhu.cli import _django

    _django()
    from django.contrib.auth import get_user_model

    from . import bankfiles, returns, rosters
    from .models import RosterLine
    from .scope import NotFound, get_roster
    from .serialize import roster_json

    def refuse(message: str) -> int:
        print(message, file=stderr)
        return 2

    user = (
        get_user_model().objects.filter(username=args.username).select_related("region", "union_org").first()
    )
    if user is None or not user.is_active:
        return refuse(f"用户“{args.username}”不存在或已停用")

    def line(ref: str):
        found = RosterLine.objects.filter(ref=ref).select_related("roster").first()
        if found is None:
            raise NotFound(ref)
        get_roster(user, found.roster_id)  # in scope, or not found
        return found

    try:
        c = args.command
        if c == "make":
            from tqdm import tqdm

            # lines added so far, on stderr (stdout stays the contract's JSON); silent when not a terminal
            with tqdm(unit="笔", desc="编制花名册", file=sys.stderr, disable=not sys.stderr.isatty()) as bar:
                roster = rosters.do_make(
                    user, args.programme, args.period, args.region, progress=lambda n: bar.update(n - bar.n)
                )
            out = rosters.summary(roster)
        else:
            roster = get_roster(user, args.roster) if hasattr(args, "roster") else None
            if c == "confirm":
                out = _status(rosters.do_confirm(user, roster, args.note))
            elif c == "allocate":
                out = _status(rosters.do_allocate(user, roster, args.note))
            elif c == "bank-file":
                bf = bankfiles.do_bank_file(user, roster, args.out, args.layout)
                out = {
                    "file": str(args.out),
                    "lines": bf.lines,
                    "total": _yuan(bf.total_fen),
                    "layout": bf.layout,
                    "sha256": bf.sha256,
                }
            elif c == "bank-return":
                try:
                    data = args.file.read_bytes()
                except OSError as e:
                    return refuse(f"无法读取文件{args.file}：{e.strerror or e}")
                out = returns.do_bank_return(user, roster, data, args.file.name)
            elif c == "follow-up":
                out = rosters.summary(rosters.do_follow_up(user, roster))
                out["follows"] = roster.pk
            elif c == "show":
                out = roster_json(roster, user)
            elif c == "cancel":
                out = _status(rosters.do_cancel(user, roster, args.reason))
            elif c == "remove-line":
                found = rosters.do_remove_line(user, line(args.ref), args.reason)
                out = {"ref": found.ref, "status": found.status}
            elif c == "resolve":
                from .warnings import do_resolve

                found = line(args.ref)
                w = found.warnings.filter(kind=args.kind).first()
                if w is None:
                    return refuse(f"明细{args.ref}没有“{args.kind}”预警")
                do_resolve(user, [w], args.reason)
                out = {"ref": found.ref, "kind": args.kind, "resolved": True}
    except NotFound:
        return refuse("未找到该花名册或明细（或不在您的管辖范围内）")
    except rosters.Refused as e:
        return refuse(str(e))
    except rosters.TransitionRefused as e:
        return refuse(str(e))
    print(json.dumps(out, ensure_ascii=False, indent=1), file=stdout)
    return 0


def _yuan(fen: int) -> str:
    from jiuzhu.registry.money import yuan

    return yuan(fen)


def _status(roster) -> dict:
    return {"roster": roster.pk, "status": roster.status}
