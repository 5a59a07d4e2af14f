"""`jiuzhu exchange ...`: the command line of docs/sharing.md.

Each command prints one JSON object on standard output and exits 0; a refusal (a bad, tampered, replayed or
wrongly keyed file, no right, no consent, wrong purpose) exits 2 with the message on standard error and
changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jiuzhu exchange", description="与民政部门（或工会、核对机构）交换数据（见 docs/sharing.md）"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def cmd(name, help_, who=True):
        p = sub.add_parser(name, help=help_)
        if who:
            p.add_argument(
                "--as", dest="username", required=True, help="以该用户身份操作（检查角色、范围和保密协议）"
            )
        return p

    cmd("keys", "生成本单位的一对新密钥（私钥放入环境变量，公钥交给对接单位）", who=False)
    cmd("identity", "显示本单位的名称和公钥", who=False)
    p = cmd("counterpart", "登记对接单位（系统管理员）")
    p.add_argument("--name", required=True)
    p.add_argument("--side", required=True, help="civil_affairs、union、verification_centre")
    p.add_argument("--region", required=True, help="同级地区代码")
    p.add_argument("--address", default="", help="对方接口地址 https://…/sharing/exchange/")
    p.add_argument("--signing-key", required=True)
    p.add_argument("--encryption-key", required=True)
    p = cmd("agreement", "登记保密协议（系统管理员）；不填 --user 为单位间协议")
    p.add_argument("--with", dest="counterpart", required=True, help="对接单位名称")
    p.add_argument("--user", default="", help="签订协议的工作人员用户名")
    p.add_argument("--reference", required=True)
    p.add_argument("--signed-on", required=True, type=dt.date.fromisoformat)
    p.add_argument("--valid-until", type=dt.date.fromisoformat)
    p.add_argument("--filed-on", type=dt.date.fromisoformat)
    p = cmd("query", "查询家庭成员的救助情况：--network 经网络接口，否则写出加密批次文件")
    p.add_argument("--to", required=True, help="民政部门名称")
    p.add_argument("--households", required=True, help="家庭编号，逗号分隔")
    p.add_argument("--purpose", required=True, help="hardship_identification")
    p.add_argument(
        "--hashed", action="store_true", help="只发送证件号码的密钥散列值（民政部门只得知比中的人）"
    )
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--out", type=Path, help="批次文件")
    g.add_argument("--network", action="store_true")
    p = cmd("push", "推送困难职工帮扶数据（每月）")
    p.add_argument("--to", required=True)
    p.add_argument("--year", type=int)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--out", type=Path)
    g.add_argument("--network", action="store_true")
    p = cmd("verification-request", "为一件低保申请生成经济状况核对请求（11个来源）")
    p.add_argument("application", type=int, help="低保申请编号")
    p.add_argument("--to", required=True, help="核对机构名称")
    p.add_argument("--out", required=True, type=Path)
    p = cmd("import", "导入发给本单位的批次文件（答复、查询、帮扶数据、核对结果）")
    p.add_argument("file", type=Path)
    p.add_argument("--answer-out", type=Path, help="导入查询文件时：答复文件写到这里")
    cmd("purge", "删除档案保管期满的共享比对结果", who=False)
    return parser


def _user(username):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise LookupError(f"用户“{username}”不存在或已停用")
    return user


def _counterpart(name):
    from .models import Counterpart

    cp = Counterpart.objects.filter(name=name, active=True).first()
    if cp is None:
        raise LookupError(f"对接单位“{name}”未登记")
    return cp


def _households(user, numbers: str):
    from jiuzhu.accounts.scope import household_by_number

    out = []
    for n in [x.strip() for x in numbers.split(",") if x.strip()]:
        h = household_by_number(user, n)
        if h is None:
            raise LookupError(f"未找到家庭{n}")
        out.append(h)
    return out


def run(args) -> dict:
    from . import files, network, register, union, verification
    from .keys import Identity, local_identity

    if args.command == "keys":
        me = Identity.generate(local_identity().name)
        sign, enc = me.private_seeds()
        return {"SHARING_SIGNING_KEY": sign, "SHARING_ENCRYPTION_KEY": enc,
                "signing_public_key": me.signing_public, "encryption_public_key": me.encryption_public}  # fmt: skip
    if args.command == "identity":
        me = local_identity()
        return {
            "name": me.name,
            "signing_public_key": me.signing_public,
            "encryption_public_key": me.encryption_public,
        }
    if args.command == "purge":
        return {"deleted": union.purge_expired()}
    user = _user(args.username)
    if args.command == "counterpart":
        cp = register.do_add_counterpart(user, name=args.name, side=args.side, region=args.region,
                                         address=args.address, signing_key=args.signing_key,
                                         encryption_key=args.encryption_key)  # fmt: skip
        return {"counterpart": cp.name, "side": cp.side, "region": cp.region.code}
    if args.command == "agreement":
        a = register.do_record_agreement(user, _counterpart(args.counterpart), reference=args.reference,
                                         signed_on=args.signed_on, user=_user(args.user) if args.user else None,
                                         valid_until=args.valid_until, filed_on=args.filed_on)  # fmt: skip
        return {"agreement": a.pk, "reference": a.reference}
    if args.command == "query":
        cp, households = _counterpart(args.to), _households(user, args.households)
        if args.network:
            b = network.do_query_over_network(user, cp, households, args.purpose, hashed=args.hashed)
            return {"answer_batch": b.batch_id, "in_reply_to": b.in_reply_to, "record_count": b.record_count}
        if args.hashed:
            from .hashed import do_send_hashed_query

            b, data = do_send_hashed_query(user, cp, households, args.purpose)
        else:
            b, data = union.do_send_query(user, cp, households, args.purpose)
        args.out.write_bytes(data)
        return {"batch_id": b.batch_id, "record_count": b.record_count, "file": str(args.out)}
    if args.command == "push":
        cp = _counterpart(args.to)
        if args.network:
            return network.do_push_over_network(user, cp, year=args.year)
        b, data = union.do_push_aid(user, cp, year=args.year)
        args.out.write_bytes(data)
        return {"batch_id": b.batch_id, "record_count": b.record_count, "file": str(args.out)}
    if args.command == "verification-request":
        from jiuzhu.dibao.models import DibaoApplication

        app = DibaoApplication.objects.filter(pk=args.application).first()
        if app is None:
            raise LookupError("未找到该低保申请")
        b, data = verification.do_send_verification_request(user, app, _counterpart(args.to))
        args.out.write_bytes(data)
        return {"batch_id": b.batch_id, "record_count": b.record_count, "file": str(args.out)}
    if args.command == "import":
        result = files.import_file(user, args.file.read_bytes())
        if "answer_file" in result:
            if not args.answer_out:
                raise LookupError("这是查询文件：请用 --answer-out 指定答复文件")
            args.answer_out.write_bytes(result.pop("answer_file"))
            result["answer_file"] = str(args.answer_out)
        return result
    raise LookupError(args.command)


def main(argv: list[str] | None = None, *, stdout=None, stderr=None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = _parser().parse_args(argv)

    from jiuzhu.cli import _django

    _django()
    from django.http import Http404

    from jiuzhu.core.workflow import TransitionRefused

    if args.command == "import" and args.answer_out is None and _is_query(args.file):
        print("这是查询文件：请用 --answer-out 指定答复文件（未导入）", file=stderr)
        return 2
    try:
        result = run(args)
    except (TransitionRefused, ValueError, LookupError, Http404, OSError) as exc:
        print(str(exc), file=stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False), file=stdout)
    return 0


def _is_query(path: Path) -> bool:
    from . import envelope

    try:
        return envelope.peek(path.read_bytes())["kind"] == "query"
    except (envelope.EnvelopeError, OSError):
        return False
