"""Fixtures of the transfer tests; the file builders are in transfer_helpers.py."""

from __future__ import annotations

import contextlib

import pytest


@pytest.fixture
def nothing_written(db):
    """Asserts that the block leaves households, members and audit events as they were."""
    from jiuzhu.core.models import AuditEvent
    from jiuzhu.registry.models import Household, Member

    @contextlib.contextmanager
    def check():
        before = (Household.objects.count(), Member.objects.count(), AuditEvent.objects.count())
        yield
        assert (Household.objects.count(), Member.objects.count(), AuditEvent.objects.count()) == before

    return check
