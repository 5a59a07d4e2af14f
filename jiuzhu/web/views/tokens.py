"""My API tokens (issue 10, item 6): a signed-in user makes and revokes his own tokens for the REST API.

The token is shown once, on the page that answers the creation post (only its hash is stored); the list
shows each token by name and prefix. Both go through jiuzhu.api.tokens (audited, one transaction)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuzhu.api.models import ApiToken
from jiuzhu.api.tokens import do_create_api_token, do_revoke_api_token


def _render(request, *, plain: str = "", name: str = "", error: str = "", status: int = 200):
    tokens = ApiToken.objects.filter(user=request.user).order_by("revoked", "-created", "-id")
    return render(
        request,
        "web/tokens.html",
        {"tokens": tokens, "plain": plain, "name": name, "error": error},
        status=status,
    )


@login_required
def my_tokens(request):
    if request.method != "POST":
        return _render(request)
    name = request.POST.get("name", "")
    try:
        token, plain = do_create_api_token(request.user, request.user, name)
    except ValueError as e:
        return _render(request, name=name, error=_("令牌名称：%(p)s") % {"p": e}, status=422)
    # the one and only time the token is shown: not in a redirect, not in a message stored in the session
    response = _render(request, plain=plain, name="")
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke_token(request, pk: int):
    token = ApiToken.objects.filter(user=request.user, pk=pk).first()
    if token is None:  # another user's token is not there for him
        raise Http404(_("未找到该令牌"))
    do_revoke_api_token(request.user, token)
    messages.success(request, _("已吊销令牌：%(n)s") % {"n": token.name})
    return redirect("my_tokens")
