"""One click from a case page: /documents/<kind>/<id>.pdf (or .xlsx), scope-checked (404 outside it)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .fields import MissingFields
from .kinds import KINDS, get_kind
from .render import render_pdf
from .sources import build


def _attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
@require_GET
def document_pdf(request, kind: str, pk: int):
    if not request.user.can_read_registry() and request.user.role != "applicant":
        raise Http404
    built = build(kind, pk, request.user)
    try:
        pdf = render_pdf(kind, built.context, province_code=built.province_code)
    except MissingFields as exc:
        return render(request, "documents/missing.html", {"error": exc, "kind": get_kind(kind)}, status=422)
    return _attachment(pdf, built.filename + ".pdf", "application/pdf")


@login_required
@require_GET
def document_xlsx(request, kind: str, pk: int):
    from .office import render_xlsx

    k = KINDS.get(kind)
    if k is None or not k.xlsx or not request.user.can_read_registry():
        raise Http404
    built = build(kind, pk, request.user)
    try:
        data = render_xlsx(kind, built.context)
    except MissingFields as exc:
        return render(request, "documents/missing.html", {"error": exc, "kind": k}, status=422)
    return _attachment(
        data, built.filename + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@login_required
def job_status(request, pk: int):
    from .jobs import visible_jobs

    job = visible_jobs(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return JsonResponse(
        {
            "status": job.status,
            "percent": job.percent,
            "done": job.done,
            "total": job.total,
            "error": job.error,
            "ready": job.status == "done",
        }
    )


@login_required
def job_result(request, pk: int):
    from .jobs import result_file, visible_jobs

    job = visible_jobs(request.user).filter(pk=pk, status="done").first()
    if job is None:
        raise Http404
    path = result_file(job)
    return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)
