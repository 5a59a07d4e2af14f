"""Fixtures of the supervision tests: the demo users, households of the factory (tests/factories.py) and cases
written as plain rows where a rule only reads columns (the procedures' own tests walk the real steps; here the
real walk is used where the rule reads what the procedure leaves behind: deadlines, status history, rosters)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.archives.conftest import archive_at, union_household, union_users  # noqa: F401
from tests.payments.conftest import active_case, finance  # noqa: F401

TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def worker(users):
    return users["sy_worker"]


@pytest.fixture
def approver(users):
    return users["sy_approver"]


@pytest.fixture
def admin(users):
    return users["admin"]


@pytest.fixture
def case_row(make_household, worker, approver):
    """A 低保 case row in `status` (no procedure steps): for rules that read only the case's columns."""
    from jiuzhu.dibao.models import DibaoApplication

    def make(status="active", household=None, **fields):
        household = household or make_household()
        defaults = {"created_by": worker, "approver": approver if status in ("approved", "active") else None}
        defaults.update(fields)
        return DibaoApplication.objects.create(
            household=household, area_type="urban", applied_on=dt.date(2026, 6, 1), status=status, **defaults
        )

    return make


@pytest.fixture
def found(admin):
    """The hits of one rule over the whole registry (nothing written), as (subject, household id, detail)."""
    from jiuzhu.supervision.scan import run_scan

    def scan(rule, today=TODAY):
        result = run_scan(admin, rules=[rule], today=today, persist=False)
        return [(f.subject, f.household_id, f.detail) for f in result.found]

    return scan
