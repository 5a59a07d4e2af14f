"""Bank payment files (代发文件): the `generic-csv` layout of spec/PAYMENTS.md, and banks' own templates kept as
data (payments.BankLayout: a county adds its bank's columns in the administration pages, no code).

Before release the file is reconciled with the roster (R-PAY-05): the warnings are found again (each line
against the approved amount), and the count and sum written must equal the roster's pending lines, or nothing
is sent. Rows stream from the database to the file; formula-like text is neutralised (core.cells). Card PINs
are never asked for or stored (R-PAY-03): no layout has such a field.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path
from typing import NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _

from jiuzhu.core.audit import record
from jiuzhu.core.cells import safe_cell, safe_text
from jiuzhu.core.workflow import close_deadlines, open_deadline, transition
from jiuzhu.registry.money import yuan

from . import programmes
from .models import FINANCE, BankFile, BankLayout, Roster, RosterLine

GENERIC = "generic-csv"
GENERIC_HEADER = ("序号", "业务参考号", "收款账号", "收款户名", "证件号码", "金额", "用途")
# The fields a layout's columns may name (BankLayout.columns[i]["field"]).
FIELDS = {
    "seq": _("序号"),
    "ref": _("业务参考号"),
    "account_number": _("收款账号"),
    "payee_name": _("收款户名"),
    "id_type": _("证件类型（身份证）"),
    "id_number": _("证件号码"),
    "amount": _("金额（元，两位小数）"),
    "purpose": _("用途"),
    "bank": _("代理金融机构"),
    "agent_name": _("代领人"),
    "period": _("发放期（YYYY-MM）"),
}
TEXT_FIELDS = {"ref", "account_number", "payee_name", "id_number", "purpose", "bank", "agent_name", "id_type"}


def purpose(roster: Roster, line) -> str:
    """用途: what is paid and for which months, e.g. 2026年08月低保金 (line: a RosterLine or a _Row)."""
    prog = programmes.get(roster.programme)
    label = str(prog.label) if prog else roster.programme
    return _purpose(label, line.first_month, line.last_month, line.kind)


def _purpose(label: str, first, last, kind: str) -> str:
    if first == last:
        months = f"{first:%Y年%m月}"
    elif first.year == last.year:
        months = f"{first:%Y年%m月}至{last:%m月}"
    else:
        months = f"{first:%Y年%m月}至{last:%Y年%m月}"
    suffix = {"arrears": "（补发）", "follow_up": "（重发）"}.get(kind, "")
    return f"{months}{label}{suffix}"


# What a file row is made of: read as plain tuples, not model instances (a province's file is a million rows).
ROW_FIELDS = (
    "ref",
    "account_number",
    "payee_name",
    "id_number",
    "amount_fen",
    "bank",
    "agent_name",
    "first_month",
    "last_month",
    "kind",
)


class _Row(NamedTuple):
    ref: str
    account_number: str
    payee_name: str
    id_number: str
    amount_fen: int
    bank: str
    agent_name: str
    first_month: dt.date
    last_month: dt.date
    kind: str


def _value(field: str, roster: Roster, line: _Row, index: int, purposes: dict):
    if field == "seq":
        return index
    if field == "amount":
        return yuan(line.amount_fen)
    if field == "purpose":
        key = (line.first_month, line.last_month, line.kind)
        if key not in purposes:  # a roster's lines share a few periods: each text made once
            purposes[key] = purpose(roster, line)
        return purposes[key]
    if field == "id_type":
        return "身份证"
    if field == "period":
        return roster.period_label
    return getattr(line, field)


def layouts() -> list[tuple[str, str]]:
    """(code, name) of every layout: the contract's, then the banks' kept as data."""
    return [(GENERIC, _("通用CSV格式（接口规范）"))] + list(BankLayout.objects.values_list("code", "name"))


def _columns(layout: str) -> tuple[BankLayout | None, list[tuple[str, str]]]:
    if layout == GENERIC:
        fields = ("seq", "ref", "account_number", "payee_name", "id_number", "amount", "purpose")
        return None, list(zip(GENERIC_HEADER, fields, strict=True))
    row = BankLayout.objects.filter(code=layout).first()
    if row is None:
        from .rosters import Refused

        known = "、".join(code for code, _n in layouts())
        raise Refused(
            _("未知的代发文件格式“%(layout)s”（可选：%(known)s）") % {"layout": layout, "known": known}
        )
    return row, [(c["header"], c["field"]) for c in row.columns]


def _rows(roster: Roster, columns):
    lines = roster.lines.filter(status=RosterLine.Status.PENDING).order_by("seq").values_list(*ROW_FIELDS)
    purposes: dict = {}
    for index, values in enumerate(lines.iterator(chunk_size=5000), start=1):
        line = _Row(*values)
        yield line, [_value(field, roster, line, index, purposes) for _h, field in columns]


def write(roster: Roster, layout: str, out: Path) -> tuple[int, int, str]:
    """Write the file; returns (lines, total fen, sha256)."""
    spec, columns = _columns(layout)
    count = total = 0
    fmt = "csv" if spec is None else spec.format
    if fmt == "csv":
        encoding = "utf-8-sig" if spec is None else (spec.encoding or "utf-8-sig")
        with out.open("w", encoding=encoding, newline="") as f:
            writer = csv.writer(f, lineterminator="\r\n")
            for title in [] if spec is None else spec.title_rows:
                writer.writerow([safe_text(t) for t in title])
            writer.writerow([h for h, _f in columns])
            for line, values in _rows(roster, columns):
                writer.writerow([safe_text(v) for v in values])
                count, total = count + 1, total + line.amount_fen
    else:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(spec.sheet or "代发明细")
        for title in spec.title_rows:
            ws.append([safe_cell(WriteOnlyCell(ws), t) for t in title])
        ws.append([h for h, _f in columns])
        for line, values in _rows(roster, columns):
            cells = []
            for (_h, field), v in zip(columns, values, strict=True):
                # text columns stay text (an account number must not become 6.2e18)
                cells.append(safe_cell(WriteOnlyCell(ws), str(v)) if field in TEXT_FIELDS else v)
            ws.append(cells)
            count, total = count + 1, total + line.amount_fen
        wb.save(out)
    digest = hashlib.sha256()
    with out.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return count, total, digest.hexdigest()


def do_bank_file(actor, roster: Roster, out: Path, layout: str = GENERIC) -> BankFile:
    """Finance writes the bank file of an allocated roster; the roster is then sent (送银行). Written again
    for a sent roster (a lost file), it holds the same lines."""
    from .rosters import Refused, _check_warnings, _require, rescan, totals
    from .scope import covers

    _require(actor, FINANCE, _("生成代发文件"))
    if not covers(actor, roster):
        raise Refused(_("该花名册超出您的管辖范围"))
    if roster.status not in (Roster.Status.ALLOCATED, Roster.Status.SENT):
        raise Refused(
            _("花名册当前状态为“%(s)s”，资金核拨后才能生成代发文件") % {"s": roster.get_status_display()}
        )
    _columns(layout)  # unknown layout: refused before anything is written
    if roster.status == Roster.Status.ALLOCATED:
        rescan(roster)
        _check_warnings(roster, _("生成代发文件"))
    expected = totals(roster)["pending"]
    out = Path(out)
    if out.parent and not out.parent.exists():
        raise Refused(_("输出目录不存在：%(dir)s") % {"dir": out.parent})
    tmp = out.with_name(out.name + ".part")
    count, total, digest = write(roster, layout, tmp)
    # R-PAY-05 before release: the file's count and sum against the roster
    if count != expected["count"] or total != expected["total_fen"]:
        tmp.unlink(missing_ok=True)
        raise Refused(
            _("代发文件与花名册不符：文件%(n)s笔%(t)s元，花名册待发%(en)s笔%(et)s元；未生成文件")
            % {"n": count, "t": yuan(total), "en": expected["count"], "et": yuan(expected["total_fen"])}
        )
    if count == 0:
        tmp.unlink(missing_ok=True)
        raise Refused(_("花名册没有待发放的明细"))
    with transaction.atomic():
        bf = BankFile.objects.create(
            roster=roster,
            layout=layout,
            lines=count,
            total_fen=total,
            sha256=digest,
            path=str(out),
            made_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            actor,
            "payments.roster.bank_file",
            roster,
            after={"layout": layout, "lines": count, "total": yuan(total), "sha256": digest},
            scope_path=roster.scope_path,
        )
        if roster.status == Roster.Status.ALLOCATED:

            def update(fresh):
                close_deadlines(fresh, "roster_bank_file")
                from django.utils import timezone

                from jiuzhu.core.workdays import add_working_days

                open_deadline(
                    fresh,
                    "roster_return",
                    f"导入{fresh.period:%Y年%m月}银行回盘并对账",
                    add_working_days(timezone.localdate(), 10),
                    working_days=True,
                    cite="R-PAY-05",
                )

            transition(roster, "send", actor, update=update)
        tmp.replace(out)
    return bf


def default_name(roster: Roster, layout: str) -> str:
    ext = (
        "csv"
        if layout == GENERIC
        else (BankLayout.objects.filter(code=layout).values_list("format", flat=True).first() or "xlsx")
    )
    return f"代发-{roster.programme}-{roster.period:%Y%m}-{roster.scope_code}-{roster.pk}.{ext}"


__all__ = ["do_bank_file", "write", "layouts", "purpose", "FIELDS", "GENERIC", "default_name", "dt"]
