"""Reading an uploaded file into tables of cell values: XLSX (every sheet) or CSV (UTF-8, UTF-8 with BOM,
GBK/GB18030 as Excel in China saves it, or UTF-16 "Unicode text"). Nothing here knows the layout."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .codes import normalize


class FileUnreadable(ValueError):
    """The message says, in the user's language (Chinese first), why the file cannot be read."""


@dataclass
class Table:
    name: str  # sheet name; "" for CSV
    rows: list[tuple[int, list]] = field(
        default_factory=list
    )  # (row number as the user sees it, cell values)
    header_row: int = 0
    headers: list[str] = field(default_factory=list)

    def find_header(self, marker: str, within: int = 10) -> bool:
        """The header is the first row (among the first `within` non-empty ones) naming `marker`;
        title rows above it are skipped. Data rows follow."""
        for i, (number, values) in enumerate(self.rows[:within]):
            if any(normalize(cell_text(v)).strip("*") == normalize(marker) for v in values):
                self.header_row = number
                self.headers = [cell_text(v) for v in values]
                self.rows = self.rows[i + 1 :]
                return True
        return False


def cell_text(value) -> str:
    """A cell as the text a person sees: 1.0 -> "1", dates as ISO, None -> ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _is_blank(values: list) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def read_file(data: bytes) -> tuple[str, list[Table]]:
    """("xlsx" | "csv", tables). Blank rows are dropped; row numbers stay those of the file."""
    if not data or not data.strip():
        raise FileUnreadable(_("文件是空的"))
    if data[:4] == b"PK\x03\x04":
        return "xlsx", _read_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileUnreadable(_("不支持旧版Excel（.xls）文件，请在Excel中“另存为”.xlsx后再导入"))
    return "csv", [_read_csv(data)]


def _read_xlsx(data: bytes) -> list[Table]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise FileUnreadable(_("无法读取Excel文件：%(error)s") % {"error": e}) from None
    tables = []
    try:
        for ws in wb.worksheets:
            table = Table(ws.title)
            ws.reset_dimensions()  # some tools write a wrong <dimension>; read what is really there
            for cells in ws.iter_rows():
                values = [c.value for c in cells]
                number = next((c.row for c in cells if getattr(c, "row", None)), None)
                if number is None or _is_blank(values):
                    continue
                table.rows.append((number, values))  # cells are padded from column A
            tables.append(table)
    finally:
        wb.close()
    return tables


def decode_csv(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # a superset of GBK and GB2312
    except UnicodeDecodeError:
        raise FileUnreadable(_("无法识别文件编码：CSV文件应为UTF-8或GBK编码")) from None


def _read_csv(data: bytes) -> Table:
    try:
        text = decode_csv(data)
    except UnicodeDecodeError:
        raise FileUnreadable(_("无法识别文件编码：CSV文件应为UTF-8或GBK编码")) from None
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    table = Table("")
    try:
        for number, values in enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1
        ):
            if not _is_blank(values):
                table.rows.append((number, [v.strip() for v in values]))
    except csv.Error as e:
        raise FileUnreadable(_("CSV格式错误：%(error)s") % {"error": e}) from None
    return table
