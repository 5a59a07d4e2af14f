"""Shared fixtures: the demo regions, unions, parameters and users, and a household factory.

The database is real (SQLite by default, PostgreSQL when DATABASE_URL is set); nothing is mocked.
"""

from __future__ import annotations

import pytest

from tests.factories import household_doc, new_id

__all__ = ["household_doc", "new_id"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 (the production hasher, see test_passwords.py) costs seconds per demo user on this machine;
    tests that do not check hashing use a fast one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    """Regions, unions, parameters and the demo users of `jiuzhu serve`, without demo households."""
    from jiuzhu.cli import bootstrap

    bootstrap(0, 1)


@pytest.fixture
def users(demo):
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.all()}


@pytest.fixture
def make_household(demo):
    from jiuzhu.registry.actions import do_create_household

    def make(region: str = "110113001001", **extra):
        return do_create_household(None, household_doc(region=region, **extra))

    return make
