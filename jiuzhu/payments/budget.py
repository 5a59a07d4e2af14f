"""The funding-need estimate for the budget (R-PAY-01, 民发〔2019〕139号 二(一)): civil affairs estimates, finance
budgets from it. DEFAULT method: recipients × standards, by programme and county —

- 低保, urban and rural: the persons covered by the cases in payment in the month × the county's 低保 standard in
  force (dibao_standard), a month and a year (× 12); beside it what the stored decisions pay that month (the
  gap actually paid is below the standard × persons, so both are shown);
- 临时救助: what was approved in the twelve months before the month (spending on temporary assistance in
  principle only grows, 民发〔2018〕23号 三(三): the next year's need is at least that).
Money in fen; nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from jiuzhu.core.models import LocalParameter, Region
from jiuzhu.dibao.amounts import histories, in_force
from jiuzhu.dibao.models import DibaoApplication
from jiuzhu.dibao.payables import FIELDS, PAYABLE, _county, not_payable
from jiuzhu.registry.money import parse_yuan
from jiuzhu.temporary.models import TemporaryCase

from .programmes import add_months


@dataclass
class Need:
    county: Region
    programme: str  # dibao_urban, dibao_rural, temporary
    households: int = 0
    persons: int = 0
    standard_fen: int | None = None  # per person per month (低保)
    paid_month_fen: int = (
        0  # what the decisions pay in the month (低保); approved in the last 12 months (临时救助)
    )

    @property
    def month_fen(self) -> int:
        if self.programme == "temporary":
            return self.paid_month_fen // 12
        return self.persons * (self.standard_fen or 0)

    @property
    def year_fen(self) -> int:
        return self.paid_month_fen if self.programme == "temporary" else self.month_fen * 12


def standard_fen(county: str, area: str, month: dt.date) -> int | None:
    row = (
        LocalParameter.objects.filter(
            region_code=county, key="dibao_standard", variant=area, effective_from__lte=month
        )
        .order_by("-effective_from")
        .first()
    )
    return parse_yuan(row.value) if row is not None else None


def estimate(region: Region, month: dt.date) -> list[Need]:
    """One Need per county of `region`'s subtree and programme, in county-code order."""
    month = month.replace(day=1)
    counties = {
        c.code: c for c in Region.objects.filter(path__startswith=region.path, level=Region.Level.COUNTY)
    }
    if region.level == Region.Level.COUNTY:
        counties[region.code] = region
    needs: dict[tuple[str, str], Need] = {}

    def need(code: str, programme: str) -> Need:
        key = (code, programme)
        if key not in needs:
            needs[key] = Need(counties[code], programme)
        return needs[key]

    cases = DibaoApplication.objects.filter(
        status__in=PAYABLE, payment_start__isnull=False, household__region__path__startswith=region.path
    )
    last = 0
    while True:
        rows = list(cases.filter(pk__gt=last).order_by("pk").values(*FIELDS)[:5000])
        if not rows:
            break
        last = rows[-1]["id"]
        hist = histories(DibaoApplication.objects.filter(pk__in=[r["id"] for r in rows]))
        for row in rows:
            code = _county(row["household__region__path"])
            if code not in counties or not_payable(row, month) is not None:
                continue
            n = need(code, f"dibao_{row['area_type']}")
            n.households += 1
            n.persons += row["opinion_persons"] or 0
            period = in_force(hist.get(row["id"], []), month)
            n.paid_month_fen += period.household_fen if period else 0
    for (code, programme), n in needs.items():
        n.standard_fen = standard_fen(code, programme.split("_", 1)[1], month)

    since = add_months(month, -12)
    approved = TemporaryCase.objects.filter(
        approved_on__gte=since,
        approved_on__lt=month,
        amount_fen__isnull=False,
        household__region__path__startswith=region.path,
    ).values("household__region__path", "household_id", "amount_fen")
    seen: dict[str, set] = defaultdict(set)
    for row in approved:
        code = _county(row["household__region__path"])
        if code not in counties:
            continue
        n = need(code, "temporary")
        n.paid_month_fen += row["amount_fen"]
        if row["household_id"] not in seen[code]:
            seen[code].add(row["household_id"])
            n.households += 1
    order = {"dibao_urban": 0, "dibao_rural": 1, "temporary": 2}
    return sorted(needs.values(), key=lambda n: (n.county.code, order[n.programme]))
