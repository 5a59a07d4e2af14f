"""The API documentation page: Swagger UI served from this server (the copy bundled with django-ninja),
never from a CDN, because government intranets are often offline."""

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


class LocalSwagger(DocsBase):
    def render_page(self, request, api, **kwargs) -> HttpResponse:
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
