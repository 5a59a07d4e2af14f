"""Text written into spreadsheets and CSV files so that a spreadsheet never runs it as a formula.

A cell whose text begins with = + - @ (or a tab or carriage return, which some programs skip before
looking) is read by Excel, WPS and LibreOffice as a formula: `=HYPERLINK("http://x","点击")` in an address
would become a live link in every export (formula or CSV injection). Every writer of XLSX or CSV passes its
text through here: `safe_text` for CSV, `safe_cell` for openpyxl (which otherwise stores such a string as a
formula).
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


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
