"""Fixtures of the staff-page tests: signed-in clients per demo user, and households in two counties."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 for the nine demo users costs seconds per test; sign-in itself works the same with MD5."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def as_user(users):
    """as_user("sy_worker") -> a test client signed in as that demo user."""

    def login(username: str) -> Client:
        client = Client()
        client.force_login(users[username])
        return client

    return login


@pytest.fixture
def shunyi(make_household):
    """A household of 胜利街道 (110113001, township of the demo case worker sy_worker)."""
    return make_household("110113001001")


@pytest.fixture
def chaoyang(make_household):
    """A household of 建外街道 in another county (110105001): outside sy_worker's scope."""
    return make_household("110105001001")
