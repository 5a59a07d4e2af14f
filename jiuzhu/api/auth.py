"""Who is calling: a browser session (same origin, CSRF-checked on writes) or a bearer token.

A wrong token counts against the caller's IP address; after too many failures in the window every token
attempt from that address is refused with 429 until the window passes.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from .tokens import user_for_token

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def failure_limit() -> int:
    return int(getattr(settings, "API_TOKEN_FAILURE_LIMIT", 10))


def failure_window() -> int:
    return int(getattr(settings, "API_TOKEN_FAILURE_WINDOW_SECONDS", 15 * 60))


def _failure_key(request) -> str:
    return "jiuzhu-api-token-failures:" + (request.META.get("REMOTE_ADDR") or "unknown")


def failures(request) -> int:
    return int(cache.get(_failure_key(request), 0))


def _count_failure(request) -> None:
    key = _failure_key(request)
    if not cache.add(key, 1, timeout=failure_window()):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=failure_window())


class TokenAuth(HttpBearer):
    """`Authorization: Bearer jz_...` — for other systems."""

    def authenticate(self, request, token: str):
        if failures(request) >= failure_limit():
            raise HttpError(429, "令牌验证失败次数过多，请稍后再试")
        user = user_for_token(token.strip())
        if user is None:
            _count_failure(request)
            # A bad token is an error, not an anonymous request: do not fall back to the session.
            raise HttpError(401, "令牌无效或已吊销")
        request.user = user
        return user


class SessionAuth(NinjaSessionAuth):
    """The logged-in web user. Writes need the CSRF token (X-CSRFToken header), as in the web UI."""

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(403, "CSRF校验失败：请在请求头X-CSRFToken中附上CSRF令牌")
        return user
