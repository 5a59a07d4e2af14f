"""Actions on API tokens: create (the plain token is returned once, only its hash is kept) and revoke.

Like every action, each runs in one transaction with its audit event.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from jiuzhu.core.audit import record

from .models import ApiToken, hash_token

TOKEN_PREFIX = "jz_"


class TokenPermissionDenied(Exception):
    pass


def _scope_path(user) -> str:
    if getattr(user, "region_id", None):
        return user.region.path
    if getattr(user, "union_org_id", None) and user.union_org.region_id:
        return user.union_org.region.path
    return ""


def do_create_api_token(actor, user, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`. An actor may create tokens for itself; an administrator for anyone."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValueError("令牌名称必填，且不超过100个字符")
    if actor is not None and actor.pk != user.pk and not (actor.is_superuser or actor.role == "admin"):
        raise TokenPermissionDenied("只能为自己创建令牌")
    if not user.is_active:
        raise ValueError("该用户已停用")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, token_hash=hash_token(plain), prefix=plain[:10])
        record(
            actor,
            "api_token.create",
            token,
            after={"user": user.username, "name": name, "prefix": token.prefix},
            scope_path=_scope_path(user),
        )
    return token, plain


def do_revoke_api_token(actor, token: ApiToken) -> ApiToken:
    if actor is not None and actor.pk != token.user_id and not (actor.is_superuser or actor.role == "admin"):
        raise TokenPermissionDenied("只能吊销自己的令牌")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked:
            return token
        token.revoked = True
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked", "revoked_at"])
        record(
            actor,
            "api_token.revoke",
            token,
            before={"revoked": False},
            after={"revoked": True},
            scope_path=_scope_path(token.user),
            note=f"{token.user.username}: {token.name}",
        )
    return token


def user_for_token(plain: str):
    """The active user a token belongs to, or None. Updates last_used at most once a minute."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__region", "user__union_org")
        .filter(token_hash=hash_token(plain), revoked=False)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    token.user.api_token = token
    return token.user
