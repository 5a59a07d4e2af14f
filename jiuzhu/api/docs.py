"""The API documentation page: Swagger UI served from this server (the copy bundled with django-ninja),
never from a CDN, because government intranets are often offline. The page is for signed-in staff (a browser
session or a Bearer token); API_DOCS_PUBLIC=1 opens it to anyone. The OpenAPI document itself
(/api/openapi.json) needs a login or a token too (issue 10, item 6): `openapi_guard` answers 401 without."""

from __future__ import annotations

import json
from pathlib import Path

import ninja
from django.http import FileResponse, Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from ninja.openapi.docs import DocsBase

ASSET_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.png": "image/png",
}


def refused(request) -> HttpResponse | None:
    """None when the user may read the docs page: staff signed in by session or token (issue 10); anonymous
    users go to the login page, applicants and inactive users get 403."""
    from django.conf import settings
    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    if getattr(settings, "API_DOCS_PUBLIC", False):
        return None
    user = request_user(request)
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (user.is_superuser or user.can_read_registry()):
        raise PermissionDenied("接口文档仅供工作人员使用")
    return None


def request_user(request):
    """The user of a session, else of a Bearer token, else the anonymous user."""
    user = request.user
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not user.is_authenticated and header.lower().startswith("bearer "):
        from .tokens import user_for_token

        user = user_for_token(header[7:].strip()) or user
    return user


def openapi_guard(view):
    """NinjaAPI's docs_decorator (it wraps the docs page and /api/openapi.json): the document is readable
    with a login or a token only — 401 in JSON without (API_DOCS_PUBLIC=1 opens it). The docs page keeps
    its own test (refused: the login page for a browser, 403 for an applicant)."""
    from functools import wraps

    from django.conf import settings
    from django.http import JsonResponse

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.path.endswith("/openapi.json") and not getattr(settings, "API_DOCS_PUBLIC", False):
            if not request_user(request).is_authenticated:
                return JsonResponse(
                    {"detail": "请先登录，或在请求头中携带接口令牌（Authorization: Bearer …）"},
                    status=401,
                    json_dumps_params={"ensure_ascii": False},
                )
        return view(request, *args, **kwargs)

    return wrapper


class LocalSwagger(DocsBase):
    def render_page(self, request, api, **kwargs) -> HttpResponse:
        answer = refused(request)
        if answer is not None:
            return answer
        namespace = api.urls_namespace
        settings = {
            "url": reverse(f"{namespace}:openapi-json", kwargs=kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            "persistAuthorization": False,
        }
        context = {
            "api": api,
            "swagger_settings": json.dumps(settings),
            "asset_base": reverse(f"{namespace}:docs-asset", kwargs={"name": "x"})[:-1],
            "openapi_url": settings["url"],
        }
        return HttpResponse(render_to_string("api/docs.html", context, request=request))


def asset(request, name: str):
    if name not in ASSETS:
        raise Http404("未找到")
    response = FileResponse(open(ASSET_DIR / name, "rb"), content_type=ASSETS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response
