"""The REST API (django-ninja), mounted at /api/. See docs/api.md."""

from django.http import JsonResponse
from django.urls import path, re_path
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from . import audit, docs, errors, households, reference, tokens_api
from .auth import SessionAuth, TokenAuth
from .schemas import HouseholdDocument


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Chinese stays readable in the answers


def not_found(request, rest: str = ""):
    return JsonResponse({"detail": "未找到该接口"}, status=404, json_dumps_params={"ensure_ascii": False})


class JiuzhuAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Add the household document (the POST/PUT body, read by clean_household) to the components."""
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        document = HouseholdDocument.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, definition in document.pop("$defs", {}).items():
            components.setdefault(name, definition)
        components.setdefault("HouseholdDocument", document)
        return schema

    def _get_urls(self):
        urls = super()._get_urls()
        urls.append(path("docs/assets/<str:name>", docs.asset, name="docs-asset"))
        urls.append(re_path(r"^(?P<rest>.*)$", not_found))  # anything else under /api/: JSON, not a web page
        return urls


api = JiuzhuAPI(
    title="jiuzhu API",
    version="1",
    description="救助 (jiuzhu) REST API: the household registry, its history and assessment, regions, unions "
    "and the audit log. Authentication: a browser session (writes need the X-CSRFToken header) or "
    '`Authorization: Bearer <token>`. Errors: {"detail": "message"}, or for invalid data (422) '
    '{"detail": [{"field": "members[1].id_number", "problem": "校验位应为X"}]}. See docs/api.md.',
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs=docs.LocalSwagger(),
    docs_decorator=docs.openapi_guard,
    renderer=Renderer(),
)
errors.install(api)
api.add_router("", households.router)
api.add_router("", reference.router)
api.add_router("", audit.router)
api.add_router("", tokens_api.router)
api.add_router("/dibao/", "jiuzhu.dibao.api.router")
api.add_router("/temporary/", "jiuzhu.temporary.api.router")
api.add_router("/archives/", "jiuzhu.archives.api.router")
api.add_router("/payments/", "jiuzhu.payments.api.router")
api.add_router("/reports/", "jiuzhu.reports.api.router")
api.add_router("/sharing/", "jiuzhu.sharing.api.router")
api.add_router("/unionfunds/", "jiuzhu.unionfunds.api.router")
api.add_router("/supervision/", "jiuzhu.supervision.api.router")
