"""One click from a case page: /documents/<kind>/<id>.pdf (or .xlsx), scope-checked (404 outside it)."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from .fields import MissingFields
from .fonts import FontMissing
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
    except FontMissing as exc:  # the set-up did not install a CJK font: say so instead of printing boxes
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
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


@login_required
@require_POST
def start_job(request, kind: str, pk: int):
    """Start a background job for a large list (a county's publicity list) and show its progress page."""
    from jiuzhu.core.models import Region

    from .jobs import do_create_job, start_in_thread

    k = KINDS.get(kind)
    if k is None or k.source != "region" or not request.user.can_read_registry():
        raise Http404
    build(kind, pk, request.user)  # scope check: 404 outside the user's subtree
    fmt = "xlsx" if request.POST.get("format") == "xlsx" else "pdf"
    job = do_create_job(request.user, kind, region=Region.objects.get(pk=pk), fmt=fmt)
    if not getattr(settings, "DOCUMENT_JOBS_EXTERNAL", False):
        start_in_thread(job)
    return redirect("documents:job_page", pk=job.pk)


@login_required
def job_page(request, pk: int):
    from .jobs import visible_jobs

    job = visible_jobs(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return render(request, "documents/job.html", {"job": job, "kind": KINDS.get(job.kind)})
