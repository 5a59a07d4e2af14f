"""Fixtures for the payment tests: active 低保 cases with the payee's own account, walked through the real
procedure (tests/dibao/helpers.py), and the demo users (sy_worker makes, sy_approver confirms, sy_finance
allocates and pays)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

_accounts = itertools.count(6216610000000001)


@pytest.fixture
def worker(users):
    return users["sy_worker"]


@pytest.fixture
def approver(users):
    return users["sy_approver"]


@pytest.fixture
def finance(users):
    return users["sy_finance"]


def set_account(worker, member, number: str | None = None, **extra):
    from jiuzhu.registry.actions import do_set_payee_account

    data = {"bank": "北京农商银行顺义支行", "account_number": number or str(next(_accounts)), **extra}
    return do_set_payee_account(worker, member, data)


@pytest.fixture
def active_case(make_household, worker, approver):
    """An active 低保 case whose payment starts in `start`'s month; the applicant has an account unless
    account=False. Household of the factory: 2 persons, the applicant's wage 1800.00 a month, urban 胜利街道:
    2 × 1400.00 (the 2026 standard of 110113) − 1800.00 = 1000.00 a month."""
    from jiuzhu.dibao.actions import do_create_application
    from tests.dibao.helpers import to_status

    def make(start: dt.date, *, account: bool = True, region: str = "110113001001", by=None, **doc):
        household = make_household(region=region, **doc)
        by = by or worker
        app = do_create_application(by, household, applied_on=start)
        app = to_status(app, "active", by, approver, start=start)
        if account:
            set_account(by, household.applicant)
        return app

    return make
