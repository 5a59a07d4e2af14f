"""Helpers for the API tests."""

from __future__ import annotations

import json

from django.test import Client


class ApiClient:
    """Thin wrapper over Django's test client that speaks JSON."""

    def __init__(self, client: Client, headers: dict | None = None):
        self.client = client
        self.headers = headers or {}

    def get(self, url: str, params: dict | None = None):
        return self.client.get(url, params or {}, headers=self.headers)

    def send(
        self,
        method: str,
        url: str,
        body=None,
        raw: bytes | str | None = None,
        content_type="application/json",
    ):
        data = raw if raw is not None else ("" if body is None else json.dumps(body, ensure_ascii=False))
        return getattr(self.client, method)(url, data=data, content_type=content_type, headers=self.headers)

    def post(self, url: str, body=None, **kw):
        return self.send("post", url, body, **kw)

    def put(self, url: str, body=None, **kw):
        return self.send("put", url, body, **kw)


def problems(response) -> dict[str, str]:
    """{"members[1].id_number": "校验位应为X", ...} from a 422 answer."""
    body = response.json()
    assert isinstance(body["detail"], list), body
    return {p["field"]: p["problem"] for p in body["detail"]}
