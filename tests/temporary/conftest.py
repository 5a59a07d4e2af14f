"""Fixtures of the 临时救助 tests: a township approver (acting on the county's delegation) and cases."""

from __future__ import annotations

import pytest


@pytest.fixture
def township_approver(demo):
    from django.contrib.auth import get_user_model

    from jiuzhu.core.models import Region

    return get_user_model().objects.create_user(
        "sl_approver",
        password="x",
        role="approver",
        first_name="胜利街道审批人",
        region=Region.objects.get(code="110113001"),
    )


@pytest.fixture
def new_case(make_household, users):
    from jiuzhu.temporary.actions import do_create_case

    def make(household=None, **data):
        fields = {
            "case_type": "emergency",
            "event_kind": "fire",
            "event_date": "2026-11-01",
            "severity": "moderate",
            "loss": "20000.00",
        }
        fields.update(data)
        return do_create_case(users["sy_worker"], household or make_household(), fields)

    return make


@pytest.fixture
def reviewed_case(new_case, users):
    """An expenditure case accepted and reviewed by sy_worker, amount given (yuan string)."""
    from jiuzhu.temporary.actions import do_accept, do_review

    def make(amount="3000.00", **data):
        case = new_case(case_type="expenditure", event_kind="medical_spending", **data)
        do_accept(users["sy_worker"], case)
        return do_review(
            users["sy_worker"],
            case,
            {
                "expenditure_check": "医疗票据已核",
                "amount": amount,
                "income_property_check": "" if case.necessary_expenditure_only else "收入财产已调查",
            },
        )

    return make


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives headless Chromium through the pages (skipped without it)"
    )
