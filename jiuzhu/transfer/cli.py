"""`jiuzhu import FILE --as USERNAME`: the household import from the command line.

Exit status: 0 imported (or checked, with --check); 2 bad input (the full report on stderr, nothing written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def import_main(argv: list[str] | None = None, *, stdout=None, stderr=None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = argparse.ArgumentParser(
        prog="jiuzhu import",
        description="导入家庭信息（民办发〔2019〕10号附件2格式的 .xlsx 或 .csv，见 docs/import.md）。"
        "整个文件先全部检查，有任何错误就不导入，并逐行列出错误。",
    )
    parser.add_argument("file", type=Path, help=".xlsx 或 .csv 文件")
    parser.add_argument(
        "--as", dest="username", required=True, help="以该用户身份导入（检查其权限和管辖范围）"
    )
    parser.add_argument("--check", action="store_true", help="只检查，不导入")
    args = parser.parse_args(argv)

    from jiuzhu.cli import _django

    _django()
    from django.contrib.auth import get_user_model

    from .actions import do_import_households

    user = get_user_model().objects.filter(username=args.username).select_related("region").first()
    if user is None:
        print(f"用户“{args.username}”不存在", file=stderr)
        return 2
    try:
        data = args.file.read_bytes()
    except OSError as e:
        print(f"无法读取文件{args.file}：{e.strerror or e}", file=stderr)
        return 2
    result = do_import_households(user, data, filename=args.file.name, dry_run=args.check)
    if not result.ok:
        print(result.report(), file=stderr)
        print(f"共{len(result.problems)}处错误，未导入任何数据。", file=stderr)
        return 2
    counts = result.counts
    summary = (
        f"{counts['households']}户，{counts['members']}名家庭成员，{counts['houses']}处房屋，"
        f"{counts['vehicles']}辆车辆船舶，{counts['obligors']}名赡养人"
    )
    if args.check:
        print(f"检查通过（未导入）：{summary}。", file=stdout)
        return 0
    print(f"已导入{summary}。", file=stdout)
    for household in result.households:
        print(household.number, file=stdout)
    return 0
