"""Managing one's API tokens. Creating a token needs a logged-in session: a token cannot mint tokens."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from ninja import Router, Status
from ninja.errors import HttpError

from . import schemas as s
from .auth import SessionAuth
from .errors import Unprocessable
from .models import ApiToken
from .tokens import do_create_api_token, do_revoke_api_token

router = Router(tags=["tokens"])


def _is_admin(user) -> bool:
    return user.is_superuser or user.role == "admin"


def _out(token: ApiToken) -> dict:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created": token.created,
        "last_used": token.last_used,
        "revoked": token.revoked,
    }


@router.get("/tokens", response={200: list[s.TokenOut], 401: s.ErrorOut}, summary="My API tokens")
def list_tokens(request):
    return [_out(t) for t in ApiToken.objects.filter(user=request.auth)]


class TokenCreate(s.TokenIn):
    user: str | None = s.Field(None, max_length=150, description="Administrators only: create for this user.")


@router.post(
    "/tokens",
    auth=SessionAuth(),
    response={201: s.TokenCreated, 401: s.ErrorOut, 403: s.ErrorOut, 422: s.ValidationErrorOut},
    summary="Create an API token",
)
def create_token(request, body: TokenCreate):
    """Create a token (for yourself; administrators may name another user). The token is in the answer
    and never again: only its hash is stored. Needs a session login with the CSRF token."""
    actor = request.auth
    owner = actor
    if body.user and body.user != actor.username:
        if not _is_admin(actor):
            raise HttpError(403, "只能为自己创建令牌")
        owner = get_user_model().objects.filter(username=body.user).first()
        if owner is None:
            raise Unprocessable([("user", f"用户“{body.user}”不存在")])
    try:
        token, plain = do_create_api_token(actor, owner, body.name)
    except ValueError as e:
        raise Unprocessable([("name", str(e))]) from None
    return Status(201, {**_out(token), "token": plain})


@router.post(
    "/tokens/{int:token_id}/revoke",
    response={200: s.TokenOut, 401: s.ErrorOut, 404: s.ErrorOut},
    summary="Revoke an API token",
)
def revoke_token(request, token_id: int):
    """Revoke one of your tokens (administrators: anyone's). It stops working at once."""
    actor = request.auth
    qs = ApiToken.objects.select_related("user")
    if not _is_admin(actor):
        qs = qs.filter(user=actor)
    token = qs.filter(pk=token_id).first()
    if token is None:
        raise HttpError(404, "未找到该令牌")
    return _out(do_revoke_api_token(actor, token))
