"""Working days (工作日) on the Chinese statutory calendar, with make-up working days (OP-16).

The chinese-calendar package knows the years the State Council has announced; a local override table
(CalendarDay) adds later years or corrections. For a year neither knows, weekends alone decide and
`is_known_year` says so, so that a deadline shown to users can carry a warning.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar


def _overrides() -> dict[dt.date, bool]:
    from .models import CalendarDay

    return dict(CalendarDay.objects.values_list("day", "is_workday"))


@lru_cache(maxsize=4096)
def _statutory(day: dt.date) -> bool | None:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


def is_known_year(year: int, overrides: dict[dt.date, bool] | None = None) -> bool:
    if _statutory(dt.date(year, 1, 1)) is not None:
        return True
    overrides = _overrides() if overrides is None else overrides
    return any(d.year == year for d in overrides)


def is_workday(day: dt.date, overrides: dict[dt.date, bool] | None = None) -> bool:
    overrides = _overrides() if overrides is None else overrides
    if day in overrides:
        return overrides[day]
    statutory = _statutory(day)
    return statutory if statutory is not None else day.weekday() < 5


def add_working_days(start: dt.date, n: int, overrides: dict[dt.date, bool] | None = None) -> dt.date:
    """The n-th working day after `start` ("within 30 working days after the expenditure", R-PAY-17)."""
    overrides = _overrides() if overrides is None else overrides
    day, left = start, n
    while left > 0:
        day += dt.timedelta(days=1)
        if is_workday(day, overrides):
            left -= 1
    return day


def add_days(start: dt.date, n: int) -> dt.date:
    """Calendar days ("days", 日/天): the default wherever the text does not say 工作日."""
    return start + dt.timedelta(days=n)
