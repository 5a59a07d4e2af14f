"""The reports as JSON (mounted at /api/reports/): the same tables as the pages and the XLSX exports.

GET /api/reports/ lists them; GET /api/reports/{slug}?from=YYYY-MM&to=YYYY-MM&region=CODE&programme=P gives
one report: its sections, each with header, rows (money as 元 strings) and chart data, and the snapshot's
time (`as_of`) and whether later changes are not yet counted (`fresh`). A region outside the caller's scope
is 404.
"""

from __future__ import annotations

from django.http import Http404
from ninja import Router
from ninja.errors import HttpError

from jiuzhu.web.access import is_reader

from .reports import REPORTS, run_report

router = Router(tags=["reports"])


def _reader(request):
    if not is_reader(request.user):
        raise HttpError(403, "无权查看统计报表")


@router.get("/", summary="The reports")
def report_list(request):
    _reader(request)
    return [{"slug": r.slug, "title": str(r.title), "requirement": r.rid} for r in REPORTS.values()]


@router.get("/{slug}", summary="One report with the filters")
def report_get(request, slug: str):
    from .views import filters_from

    _reader(request)
    definition = REPORTS.get(slug)
    if definition is None:
        raise HttpError(404, "未找到该报表")
    try:
        filters = filters_from(request)
    except Http404 as e:
        raise HttpError(404, "未找到该地区") from e
    return run_report(definition, request.user, filters).as_json()
