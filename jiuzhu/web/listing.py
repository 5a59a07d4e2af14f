"""The work lists' common parts (issue 10, item 1): the total of the filtered list, keyset pages, and the
region filter inside the user's scope.

The total is a COUNT(*) of exactly the queryset the pages walk through, so "共 N 件" is the number of rows
the user can reach with the 下一页 links, whatever the page.
"""

from __future__ import annotations

from django.db.models import QuerySet

from jiuzhu.core.models import Region

from .access import scope_regions, scope_unions
from .paging import keyset_page

PAGE_SIZE = 50


def region_choices(user) -> list[tuple[str, str]]:
    """The counties, townships and villages of the user's scope, indented by level, for a filter select."""
    regions = scope_regions(user).filter(level__gte=Region.Level.COUNTY).order_by("path")
    return [
        (r.code, "\u3000" * max(0, r.level - Region.Level.COUNTY) + r.name)
        for r in regions.only("code", "name", "level")[:3000]
    ]


def union_choices(user) -> list[tuple[str, str]]:
    """The unions of the user's union subtree (none for a user without a union: the select is not shown)."""
    if not (user.is_superuser or user.union_org_id):
        return []
    unions = scope_unions(user).order_by("path").only("code", "name", "level")[:3000]
    top = min((u.level for u in unions), default=0)
    return [(u.code, "\u3000" * max(0, u.level - top) + u.name) for u in unions]


def filter_union(qs: QuerySet, user, code: str, path_field: str = "union_org__path") -> QuerySet:
    """Rows of the union `code` and the unions under it; a code outside the user's subtree matches nothing."""
    if not code:
        return qs
    union = scope_unions(user).filter(code=code).first()
    return qs.filter(**{f"{path_field}__startswith": union.path}) if union else qs.none()


def filter_region(qs: QuerySet, user, code: str, path_field: str = "household__region__path") -> QuerySet:
    """Rows whose region lies under the region `code`; a code outside the user's scope matches nothing."""
    if not code:
        return qs
    region = scope_regions(user).filter(code=code).first()
    return qs.filter(**{f"{path_field}__startswith": region.path}) if region else qs.none()


def work_list(request, qs: QuerySet, size: int | None = None) -> dict:
    """The page of `qs` asked for, the total of `qs` and the query string for the pager links."""
    page = keyset_page(qs, request.GET, size or PAGE_SIZE)
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    return {"page": page, "total": qs.count(), "query": query.urlencode()}


def choice_value(value: str, choices) -> str:
    """`value` if it is one of the choices, else "" (an unknown filter value filters nothing out)."""
    return value if value in {v for v, _label in choices} else ""
