"""Dashboard counts: households by programme and region, read from the statistics snapshot (jiuzhu.reports),
which counts the registry once by region and union; the roll-up to townships and counties is done in Python
over the few regions that occur, read from their materialised paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Sum

from jiuzhu.core.models import AuditEvent, Region

CACHE_SECONDS = 300
COLUMNS = (
    "households",
    "urban",
    "rural",
    "workers",
    "deep",
    "relative",
    "accident",
    "uncategorised",
    "members",
)


@dataclass
class Row:
    region: Region | None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))
    children: list[Row] = field(default_factory=list)

    def add(self, counts: dict[str, int]) -> None:
        for k in COLUMNS:
            self.counts[k] += counts.get(k, 0)


@dataclass
class Dashboard:
    total: Row
    counties: list[Row]


def household_counts(user, within: Region | None = None) -> Dashboard:
    """Counts for the dashboard. Every registry change writes an audit event, so the newest event (id and
    time) versions the cached result: a repeated visit costs one indexed lookup, a change shows at once."""
    latest = AuditEvent.objects.order_by("-pk").values_list("pk", "at").first() or (0, None)
    version = f"{latest[0]}:{latest[1].timestamp() if latest[1] else ''}"
    scope = (
        f"{user.pk}:{user.is_superuser}:{user.region_id}:{user.union_org_id}:{within.pk if within else ''}"
    )
    key = f"web:dashboard:{scope}:{version}"
    result = cache.get(key)
    if result is None:
        result = _count(user, within)
        cache.set(key, result, CACHE_SECONDS)
    return result


def _count(user, within: Region | None) -> Dashboard:
    """From the statistics snapshot (jiuzhu.reports: households, worker households and members by region and
    union, counted once), in the scope of accounts.scope.household_scope_q — no registry scan per view."""
    from jiuzhu.reports.cube import current_snapshot, registry_q
    from jiuzhu.reports.models import Figure

    figures = Figure.objects.filter(
        registry_q(user),
        snapshot=current_snapshot(),
        measure__in=("reg.households", "reg.workers", "reg.members"),
    )
    if within is not None:
        figures = figures.filter(region__path__startswith=within.path)
    per_region: dict[int, dict[str, int]] = {}

    def add(region_id: int, key: str, n: int) -> None:
        counts = per_region.setdefault(region_id, {})
        counts[key] = counts.get(key, 0) + n

    rows = figures.order_by().values("region_id", "measure", "programme", "detail").annotate(n=Sum("value"))
    for row in rows:
        if row["region_id"] is None:
            continue
        if row["measure"] == "reg.households":
            add(row["region_id"], "households", row["n"])
            add(row["region_id"], row["programme"], row["n"])
        elif row["measure"] == "reg.workers":
            add(row["region_id"], "workers", row["n"])
            add(row["region_id"], row["detail"], row["n"])
        else:
            add(row["region_id"], "members", row["n"])

    regions = {r.pk: r for r in Region.objects.filter(pk__in=per_region)}
    ancestor_codes = {code for r in regions.values() for code in r.path.strip("/").split("/")}
    by_code = {r.code: r for r in Region.objects.filter(code__in=ancestor_codes)}

    total = Row(None)
    counties: dict[str, Row] = {}
    townships: dict[tuple[str, str], Row] = {}
    for region_id, counts in per_region.items():
        region = regions[region_id]
        chain = [by_code[code] for code in region.path.strip("/").split("/") if code in by_code]
        county = next((r for r in chain if r.level == Region.Level.COUNTY), None)
        township = next((r for r in chain if r.level == Region.Level.TOWNSHIP), None)
        total.add(counts)
        county_key = county.code if county else ""
        county_row = counties.setdefault(county_key, Row(county))
        county_row.add(counts)
        town_key = (county_key, township.code if township else "")
        if town_key not in townships:
            townships[town_key] = Row(township)
            county_row.children.append(townships[town_key])
        townships[town_key].add(counts)
    ordered = sorted(counties.values(), key=lambda r: r.region.path if r.region else "~")
    for county_row in ordered:
        county_row.children.sort(key=lambda r: r.region.path if r.region else "~")
    return Dashboard(total=total, counties=ordered)
