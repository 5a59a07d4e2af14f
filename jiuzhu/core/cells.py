"""Text written into spreadsheets and CSV files so that a spreadsheet never runs it as a formula.

A cell whose text begins with = + - @ (or a tab or carriage return, which some programs skip before
looking) is read by Excel, WPS and LibreOffice as a formula: `=HYPERLINK("http://x","点击")` in an address
would become a live link in every export (formula or CSV injection). Every writer of XLSX or CSV passes its
text through here: `safe_text` for CSV, `safe_cell` / `safe_row` for openpyxl (which otherwise stores a
string beginning with = as a formula).

A plain number written as text ("-12.50", "+3") is left alone: a spreadsheet reads it as that number, never
as a formula, and a machine reading the CSV must get the number back unchanged. This module imports nothing
but the standard library, so that the policy engine's batch writer may use it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value)


def safe_text(value: Any) -> Any:
    """For CSV: formula-like text gets a leading apostrophe, which spreadsheets show as text and hide.
    Anything else (numbers, dates, ordinary text) is returned unchanged."""
    return "'" + value if is_formula_like(value) else value


def safe_cell(cell, value: Any):
    """For openpyxl: set `value` on `cell` (a Cell or WriteOnlyCell) as plain text when it looks like a
    formula, so the workbook holds a string, not a formula. Returns the cell."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
    return cell


def safe_row(ws, values: Iterable[Any]) -> list[Any]:
    """For openpyxl's `ws.append(...)` (ordinary or write-only sheets): the values, with each formula-like
    text replaced by a cell that holds it as a string. Other values pass through as they are, so that the
    common case costs nothing."""
    from openpyxl.cell import WriteOnlyCell

    return [safe_cell(WriteOnlyCell(ws), v) if is_formula_like(v) else v for v in values]


def safe_csv_row(values: Iterable[Any]) -> list[Any]:
    """For `csv.writer(...).writerow(...)`: every value through `safe_text`."""
    return [safe_text(v) for v in values]
