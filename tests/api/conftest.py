"""API test helpers: a JSON client logged in as a demo user, or carrying a bearer token."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from tests.api.helpers import ApiClient


@pytest.fixture(autouse=True)
def _clear_cache():
    """The failed-token counter lives in the cache; start every test with a clean one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_as(users):
    """api_as("sy_worker") -> a client with that user's session."""

    def make(username: str) -> ApiClient:
        client = Client()
        client.force_login(users[username])
        return ApiClient(client)

    return make


@pytest.fixture
def token_for(users):
    """token_for("sy_worker") -> a client that authenticates with a fresh bearer token only."""
    from jiuzhu.api.tokens import do_create_api_token

    def make(username: str, name: str = "test") -> ApiClient:
        _token, plain = do_create_api_token(None, users[username], name)
        return ApiClient(Client(), {"Authorization": f"Bearer {plain}"})

    return make
