"""Yearly document numbers (R-DOC-12): one sequence per issuing unit and kind, reset each year."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from .models import DocumentNumber


def allocate_number(unit, kind: str, year: int) -> int:
    """The next number "（year年第n号）" of unit's series. Safe under concurrent callers on both databases."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                row, _ = DocumentNumber.objects.select_for_update().get_or_create(
                    unit=unit, kind=kind, year=year
                )
                row.last += 1
                row.save(update_fields=["last"])
                return row.last
        except IntegrityError:  # two first numbers of a year created at once: retry, the row exists now
            continue
    raise RuntimeError("无法分配文书编号，请重试")


def format_number(year: int | None, number: int | None) -> str:
    if not year or not number:
        return ""
    return f"（{year}年第{number}号）"
