"""Reading the snapshot: the viewer's scope, the filters, and sums by measure, month, detail or region.

Scope is the scope of the list each figure stands for (accounts.scope, archives.actions):
- civil-affairs figures (低保, 临时救助, funds): the households of the viewer's region subtree
  (`civil_households`) — union staff see none;
- union archive figures: `archive_scope_q` — the archive's filing union or the household's union within the
  viewer's union base (a help centre: its parent union's subtree), and for auditors and administrators
  (or when union archives are not internal) the region subtree too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone

from jiuzhu.accounts.models import Role
from jiuzhu.accounts.scope import union_base
from jiuzhu.core.models import Region

from .models import Figure, Snapshot
from .snapshot import build, latest_version

# A page rebuilds the snapshot itself when the data changed and the last build took less than this; larger
# installations refresh it with `jiuzhu reports refresh` (cron) and the pages say how old it is.
LIVE_BUILD_MS = getattr(settings, "REPORTS_LIVE_BUILD_MS", 3000)


def current_snapshot(as_of: dt.date | None = None) -> Snapshot:
    snap = Snapshot.objects.filter(complete=True).order_by("-pk").first()
    today = as_of or timezone.localdate()
    if snap is None:
        return build(today)
    stale = snap.version < latest_version() or snap.as_of != today
    if stale and snap.build_ms <= LIVE_BUILD_MS:
        return build(today)
    return snap


def is_fresh(snap: Snapshot) -> bool:
    return snap.version >= latest_version()


def civil_q(user) -> Q:
    if not user.is_active or not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    if user.region_id and user.role != Role.APPLICANT:
        return Q(region__path__startswith=user.region.path)
    return Q(pk__in=[])


def union_q(user) -> Q:
    """archives.actions.archive_scope_q, on the figure's region, filing union and household union."""
    if not user.is_active or not user.is_authenticated or user.role == Role.APPLICANT:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    q = Q(pk__in=[])
    base = union_base(user)
    if base is not None:
        q |= Q(union_org__path__startswith=base.path) | Q(household_union__path__startswith=base.path)
    if user.region_id and (user.role in (Role.AUDITOR, Role.ADMIN) or not settings.UNION_ARCHIVES_INTERNAL):
        q |= Q(region__path__startswith=user.region.path)
    return q


COUNTY_DEPTH = 2  # in a path "/110000/110100/110113/…" the county is the third code


def registry_q(user) -> Q:
    """accounts.scope.household_scope_q for staff: the region subtree or the household's union subtree."""
    if not user.is_active or not user.is_authenticated or user.role == Role.APPLICANT:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    q = Q(pk__in=[])
    if user.region_id:
        q |= Q(region__path__startswith=user.region.path)
    if user.union_org_id:
        q |= Q(household_union__path__startswith=union_base(user).path)
    return q


@dataclass
class Filters:
    start: dt.date  # first month (first day)
    end: dt.date  # last month (first day), inclusive
    region: Region | None = None
    programme: str = ""


class Cube:
    """The figures of one snapshot seen by one user through the filters."""

    def __init__(self, snap: Snapshot, user, filters: Filters, *, union: bool = False):
        self.snap = snap
        self.filters = filters
        self.home = None if user.is_superuser else getattr(user, "region", None)
        q = union_q(user) if union else civil_q(user)
        qs = Figure.objects.filter(q, snapshot=snap)
        if filters.region is not None:
            qs = qs.filter(region__path__startswith=filters.region.path)
        if filters.programme:
            qs = qs.filter(programme=filters.programme)
        self.qs = qs

    def _period(self, qs, stock: bool):
        if stock:
            return qs.filter(month__isnull=True)
        return qs.filter(month__gte=self.filters.start, month__lte=self.filters.end)

    def total(self, measure: str, *, stock: bool = False, month: dt.date | None = None, **extra) -> int:
        qs = self.qs.filter(measure=measure, **extra)
        qs = qs.filter(month=month) if month is not None else self._period(qs, stock)
        return qs.aggregate(v=Sum("value"))["v"] or 0

    def by(self, measure: str, field: str, *, stock: bool = False, month: dt.date | None = None, **extra):
        """{value of `field` (programme, detail, month): sum}."""
        qs = self.qs.filter(measure=measure, **extra)
        qs = qs.filter(month=month) if month is not None else self._period(qs, stock)
        out: dict = defaultdict(int)
        for row in qs.order_by().values(field).annotate(v=Sum("value")):
            out[row[field]] += row["v"] or 0
        return dict(out)

    def by_two(self, measure: str, a: str, b: str, *, stock: bool = False, **extra):
        qs = self._period(self.qs.filter(measure=measure, **extra), stock)
        out: dict = defaultdict(int)
        for row in qs.order_by().values(a, b).annotate(v=Sum("value")):
            out[(row[a], row[b])] += row["v"] or 0
        return dict(out)

    def by_area(self, measure: str, *, stock: bool = False, month: dt.date | None = None, **extra):
        """[(region, sum)] by the level below the filter region, else below the viewer's region (union staff and
        the superuser: by county)."""
        qs = self.qs.filter(measure=measure, **extra)
        qs = qs.filter(month=month) if month is not None else self._period(qs, stock)
        per_region = {
            row["region_id"]: row["v"] or 0
            for row in qs.order_by().values("region_id").annotate(v=Sum("value"))
            if row["region_id"]
        }
        paths = dict(Region.objects.filter(pk__in=per_region).values_list("pk", "path"))
        base = self.filters.region or self.home
        depth = len(base.path.strip("/").split("/")) if base else COUNTY_DEPTH
        sums: dict[str, int] = defaultdict(int)
        for pk, v in per_region.items():
            chain = paths[pk].strip("/").split("/")
            code = chain[depth] if len(chain) > depth else chain[-1]
            sums[code] += v
        names = {r.code: r for r in Region.objects.filter(code__in=sums)}
        return [(names[c], sums[c]) for c in sorted(sums) if c in names]


def months(start: dt.date, end: dt.date) -> list[dt.date]:
    out, m = [], start
    while m <= end and len(out) < 120:
        out.append(m)
        m = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return out


__all__ = ["Cube", "Filters", "current_snapshot", "months", "models"]
