"""The bank's return file (回盘文件) and the reconciliation after payment (对账, R-PAY-05, R-PAY-07).

The file (spec/PAYMENTS.md) is checked whole before anything changes: a file not of the contract's shape is
refused naming the row and column of the first problem. Then each row is matched to the roster's line by its
reference: paid, failed (with the bank's reason), unknown (names no line), mismatched (account, name or amount
differ: nothing changes); the roster's lines the file does not mention are missing. Lines not settled by the
file are queried (待核查). The same file imported again changes nothing and reports what it reported first.
The bank's notification status is kept when the file has the optional column 通知状态 (R-PAY-07).

The statuses are applied in one statement through a temporary table, so a return of a million lines is
reconciled in seconds.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuzhu.core.audit import record
from jiuzhu.core.workflow import close_deadlines, transition
from jiuzhu.registry.money import MoneyError, parse_yuan, yuan

from .models import FINANCE, BankReturn, Roster, RosterLine

HEADER = ("业务参考号", "收款账号", "收款户名", "金额", "状态", "失败原因", "银行流水号")
OPTIONAL = ("通知状态",)
STATES = {"成功": RosterLine.Status.PAID, "失败": RosterLine.Status.FAILED}
AMOUNT = re.compile(r"\d+(\.\d{1,2})?")


class BadReturnFile(ValueError):
    """The file is not a return file of the contract's shape; the message names row and column."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without byte-order mark) or GB18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise BadReturnFile(_("文件编码无法识别：应为UTF-8或GB18030")) from None


def parse(data: bytes) -> list[dict]:
    """The rows of a return file, each {"row": n, "ref", "account", "name", "amount_fen", "state", "reason",
    "serial", "notified"}; raises BadReturnFile at the first problem."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise BadReturnFile(_("文件为空：第1行应为表头“%(h)s”") % {"h": ",".join(HEADER)}) from None
    except csv.Error as e:
        raise BadReturnFile(_("第1行：无法读取（%(e)s）") % {"e": e}) from None
    extra = header[len(HEADER) :]
    if tuple(header[: len(HEADER)]) != HEADER or any(h not in OPTIONAL for h in extra):
        for i, want in enumerate(HEADER):
            got = header[i] if i < len(header) else ""
            if got != want:
                raise BadReturnFile(
                    _("第1行第%(col)s列：表头应为“%(want)s”，实为“%(got)s”")
                    % {"col": i + 1, "want": want, "got": got}
                )
        bad = next(h for h in extra if h not in OPTIONAL)
        raise BadReturnFile(_("第1行：多余的列“%(h)s”") % {"h": bad})
    notified_at = len(HEADER) if extra else None
    rows = []
    try:
        for number, raw in enumerate(reader, start=2):
            if not any(cell.strip() for cell in raw):
                continue  # blank line at the end of a file
            if len(raw) != len(header):
                raise BadReturnFile(
                    _("第%(row)s行：应有%(want)s列，实有%(got)s列")
                    % {"row": number, "want": len(header), "got": len(raw)}
                )
            cells = [c.strip() for c in raw]
            ref, account, name, amount, state, reason, serial = cells[: len(HEADER)]

            def bad(col: str, problem: str, number=number):
                return BadReturnFile(
                    _("第%(row)s行“%(col)s”列：%(problem)s") % {"row": number, "col": col, "problem": problem}
                )

            if not ref:
                raise bad("业务参考号", _("不能为空"))
            if not AMOUNT.fullmatch(amount):
                raise bad("金额", _("“%(v)s”不是金额（元，最多两位小数）") % {"v": amount})
            try:
                fen = parse_yuan(amount)
            except MoneyError as e:
                raise bad("金额", str(e)) from None
            if state not in STATES:
                raise bad("状态", _("应为“成功”或“失败”，实为“%(v)s”") % {"v": state})
            rows.append(
                {
                    "row": number,
                    "ref": ref,
                    "account": account,
                    "name": name,
                    "amount_fen": fen,
                    "state": STATES[state],
                    "reason": reason[:200],
                    "serial": serial[:60],
                    "notified": cells[notified_at][:40] if notified_at is not None else "",
                }
            )
    except csv.Error as e:
        raise BadReturnFile(_("第%(row)s行：无法读取（%(e)s）") % {"row": reader.line_num, "e": e}) from None
    return rows


def reconcile(roster: Roster, rows: list[dict]) -> tuple[dict, list[tuple]]:
    """The report and the (line id, status, serial, reason, notified) changes; nothing is written here."""
    lines = {
        ref: (line_id, account, name, amount, status, serial)
        for line_id, ref, account, name, amount, status, serial in roster.lines.exclude(
            status__in=[RosterLine.Status.REMOVED, RosterLine.Status.CANCELLED]
        ).values_list("id", "ref", "account_number", "payee_name", "amount_fen", "status", "bank_serial")
    }
    report = {
        "paid": 0,
        "failed": 0,
        "unknown": 0,
        "mismatched": 0,
        "missing": 0,
        "paid_total": 0,
        "failed_total": 0,
        "problems": [],
    }
    problems = report["problems"]
    changes, seen = [], set()
    for row in rows:
        ref = row["ref"]
        line = lines.get(ref)
        if line is None:
            report["unknown"] += 1
            problems.append({"ref": ref, "row": row["row"], "problem": _("花名册中没有此业务参考号")})
            continue
        if ref in seen:
            problems.append(
                {"ref": ref, "row": row["row"], "problem": _("同一业务参考号在回盘中重复出现，以第一次为准")}
            )
            continue
        seen.add(ref)
        line_id, account, name, amount, status, serial = line
        differ = [
            label
            for label, ours, theirs in (
                (_("收款账号"), account, row["account"]),
                (_("收款户名"), name, row["name"]),
                (_("金额"), amount, row["amount_fen"]),
            )
            if ours != theirs
        ]
        if differ:
            report["mismatched"] += 1
            problems.append(
                {
                    "ref": ref,
                    "row": row["row"],
                    "problem": _("与花名册不一致：%(what)s") % {"what": "、".join(differ)},
                }
            )
            continue
        new = row["state"]
        if status in (RosterLine.Status.PAID, RosterLine.Status.FAILED):
            if status != new:
                problems.append(
                    {
                        "ref": ref,
                        "row": row["row"],
                        "problem": _("此前已记为“%(old)s”，本次回盘为“%(new)s”，未作更改，请与银行核实")
                        % {"old": RosterLine.Status(status).label, "new": RosterLine.Status(new).label},
                    }
                )
            continue  # already settled: a repeated answer changes nothing
        report[new] += 1
        report[f"{new}_total"] += amount
        changes.append(
            (
                line_id,
                new,
                row["serial"],
                row["reason"] if new == RosterLine.Status.FAILED else "",
                row["notified"],
            )
        )
    for ref, (_id, _a, _n, _amt, status, _s) in lines.items():
        if ref not in seen and status in (RosterLine.Status.PENDING, RosterLine.Status.QUERIED):
            report["missing"] += 1
            problems.append({"ref": ref, "problem": _("回盘文件未提及此明细")})
    report["paid_total"] = yuan(report["paid_total"])
    report["failed_total"] = yuan(report["failed_total"])
    return report, changes


def _apply(changes: list[tuple]) -> None:
    """Set status, serial, reason and notification of many lines in one statement (temporary table)."""
    line = RosterLine._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # dropped at commit; dropped first too, for two imports inside one outer transaction
            cursor.execute("DROP TABLE IF EXISTS payments_settle")
            cursor.execute(
                "CREATE TEMP TABLE payments_settle (line_id bigint PRIMARY KEY, status varchar(10), "
                "serial varchar(60), reason varchar(200), notified varchar(40)) ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY payments_settle FROM STDIN") as copy:
                for row in changes:
                    copy.write_row(row)
            cursor.execute(
                f"UPDATE {line} AS l SET status = s.status, bank_serial = s.serial, failure_reason = s.reason, "
                "notified = s.notified, settled_at = %s FROM payments_settle s WHERE l.id = s.line_id",
                [now],
            )
        else:
            cursor.execute("DROP TABLE IF EXISTS temp.payments_settle")
            cursor.execute(
                "CREATE TEMP TABLE payments_settle (line_id integer PRIMARY KEY, status text, serial text, "
                "reason text, notified text)"
            )
            cursor.executemany("INSERT INTO payments_settle VALUES (%s, %s, %s, %s, %s)", changes)
            cursor.execute(
                f"UPDATE {line} SET status = s.status, bank_serial = s.serial, failure_reason = s.reason, "
                "notified = s.notified, settled_at = %s FROM payments_settle AS s WHERE id = s.line_id",
                [now],
            )
            cursor.execute("DROP TABLE temp.payments_settle")


def do_bank_return(actor, roster: Roster, data: bytes, filename: str = "") -> dict:
    """Finance imports the bank's return for a sent roster (or a later one for a reconciled roster, to settle
    its queried lines). Returns the reconciliation report."""
    from .rosters import Refused, _require
    from .scope import covers

    _require(actor, FINANCE, _("导入银行回盘"))
    if not covers(actor, roster):
        raise Refused(_("该花名册超出您的管辖范围"))
    if roster.status not in (Roster.Status.SENT, Roster.Status.RECONCILED):
        raise Refused(_("花名册当前状态为“%(s)s”，送银行后才能导入回盘") % {"s": roster.get_status_display()})
    try:
        rows = parse(data)
    except BadReturnFile as e:
        raise Refused(_("回盘文件格式不符，未导入：%(e)s") % {"e": e}) from None
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        Roster.objects.select_for_update().get(pk=roster.pk)
        earlier = BankReturn.objects.filter(roster=roster, sha256=digest).first()
        if earlier is not None:
            return dict(earlier.report, repeated=True)
        report, changes = reconcile(roster, rows)
        if changes:
            _apply(changes)
        # what the file did not settle is to be looked into with the bank
        roster.lines.filter(status=RosterLine.Status.PENDING).update(status=RosterLine.Status.QUERIED)
        BankReturn.objects.create(
            roster=roster,
            sha256=digest,
            filename=filename[:255],
            rows=len(rows),
            report=report,
            imported_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            actor,
            "payments.roster.bank_return",
            roster,
            after={k: v for k, v in report.items() if k != "problems"} | {"sha256": digest, "file": filename},
            scope_path=roster.scope_path,
        )
        if roster.status == Roster.Status.SENT:

            def update(fresh):
                close_deadlines(fresh, "roster_return")

            transition(roster, "reconcile", actor, update=update)
    return report
