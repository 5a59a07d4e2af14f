"""Working days on the Chinese statutory calendar (OP-16) with a local override table."""

import datetime as dt

from jiuzhu.core.models import CalendarDay
from jiuzhu.core.workdays import add_days, add_working_days, is_known_year, is_workday


def test_op_16_national_day_week_is_not_working_days():
    # 2025-10-01..08 is the National Day and Mid-Autumn holiday; Sunday 2025-09-28 is a make-up working day.
    assert not is_workday(dt.date(2025, 10, 3), {})
    assert is_workday(dt.date(2025, 9, 28), {})
    # From Tuesday 2025-09-30: the next working day is Thursday 2025-10-09 (10-11 is a make-up Saturday).
    assert add_working_days(dt.date(2025, 9, 30), 1, {}) == dt.date(2025, 10, 9)
    assert add_working_days(dt.date(2025, 9, 30), 3, {}) == dt.date(2025, 10, 11)


def test_op_16_unknown_year_uses_weekends_and_local_overrides(db):
    assert not is_known_year(2031)
    CalendarDay.objects.create(day=dt.date(2031, 1, 1), is_workday=False, note="元旦")
    assert is_known_year(2031)
    # Tuesday 2030-12-31 + 1 working day skips the local holiday on Wednesday 2031-01-01.
    assert add_working_days(dt.date(2030, 12, 31), 1) == dt.date(2031, 1, 2)


def test_calendar_days_count_every_day():
    assert add_days(dt.date(2026, 2, 25), 7) == dt.date(2026, 3, 4)
