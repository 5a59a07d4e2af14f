"""Dashboard counts: households by programme and region, in two grouped queries whatever the size.

Both queries group by the household's region id only; the roll-up to townships and counties is done in
Python over the few regions that occur, read from their materialised paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from jiuzhu.accounts.scope import household_scope_q
from jiuzhu.core.models import Region
from jiuzhu.registry import choices as c
from jiuzhu.registry.models import Household, Member

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
    scope = household_scope_q(user)
    households = Household.objects.filter(scope, active=True)
    members = Member.objects.filter(
        household_scope_q(user, prefix="household__"), active=True, household__active=True
    )
    if within is not None:
        households = households.filter(region__path__startswith=within.path)
        members = members.filter(household__region__path__startswith=within.path)
    per_region: dict[int, dict[str, int]] = {}
    rows = (
        households.order_by()
        .values("region_id")
        .annotate(
            households=Count("id"),
            urban=Count("id", filter=Q(area_type=c.AreaType.URBAN)),
            rural=Count("id", filter=Q(area_type=c.AreaType.RURAL)),
            workers=Count("worker"),
            deep=Count("worker", filter=Q(worker__hardship_category=c.HardshipCategory.DEEP)),
            relative=Count("worker", filter=Q(worker__hardship_category=c.HardshipCategory.RELATIVE)),
            accident=Count("worker", filter=Q(worker__hardship_category=c.HardshipCategory.ACCIDENT)),
            uncategorised=Count("worker", filter=Q(worker__hardship_category="")),
        )
    )
    for row in rows:
        per_region[row.pop("region_id")] = row
    for row in members.order_by().values("household__region_id").annotate(members=Count("id")):
        per_region.setdefault(row["household__region_id"], {})["members"] = row["members"]

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
