"""The local parameter in force on a day for a household's county (or the nearest ancestor that sets it).

Reads the same dated mapping the policy engine reads (jiuzhu.core.params.params_mapping). A key with a dot
("temporary_assistance.township_approval_limit") names a field inside a structured value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from jiuzhu.core.params import params_mapping


@dataclass(frozen=True)
class InForce:
    value: Any
    effective_from: dt.date
    region_code: str
    key: str

    def cite(self) -> str:
        return f"{self.region_code} {self.key} @{self.effective_from.isoformat()}"


def _regions_up(region) -> list[str]:
    codes = []
    node = region
    while node is not None:
        if node.level <= 3:  # county, prefecture, province hold local parameters
            codes.append(node.code)
        node = node.parent
    return codes


def param_in_force(region, key: str, on: dt.date, mapping: dict | None = None) -> InForce | None:
    mapping = params_mapping() if mapping is None else mapping
    head, _, sub = key.partition(".")
    for code in _regions_up(region):
        series = (mapping.get("regions") or {}).get(code, {}).get(head)
        if not isinstance(series, dict):
            continue
        dated = sorted(
            (d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)), v) for d, v in series.items()
        )
        for day, value in reversed(dated):
            if day <= on:
                if sub:
                    if not isinstance(value, dict) or sub not in value:
                        break
                    value = value[sub]
                return InForce(value, day, code, key)
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later (clamped to the month's last day)."""
    import calendar

    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
