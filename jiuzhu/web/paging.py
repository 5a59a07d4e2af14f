"""Keyset pagination: pages by primary key, so page 2,000 costs what page 1 costs and no COUNT(*) is needed.

`?after=<id>` shows the rows below that id (newest first), `?before=<id>` the rows above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet


@dataclass
class KeysetPage:
    items: list = field(default_factory=list)
    next_after: int | None = None  # link to the older rows
    prev_before: int | None = None  # link to the newer rows

    @property
    def has_other_pages(self) -> bool:
        return self.next_after is not None or self.prev_before is not None


def _int(value) -> int | None:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if n > 0 else None


def keyset_page(qs: QuerySet, params, size: int = 50) -> KeysetPage:
    """One page of `qs` in descending id order, positioned by the `after` / `before` parameters."""
    after, before = _int(params.get("after")), _int(params.get("before"))
    if before is not None:
        rows = list(qs.filter(pk__gt=before).order_by("pk")[: size + 1])
        more = len(rows) > size
        rows = rows[:size][::-1]
        return KeysetPage(rows, rows[-1].pk if rows else None, rows[0].pk if more and rows else None)
    if after is not None:
        qs = qs.filter(pk__lt=after)
    rows = list(qs.order_by("-pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        rows, rows[-1].pk if more and rows else None, rows[0].pk if after is not None and rows else None
    )
