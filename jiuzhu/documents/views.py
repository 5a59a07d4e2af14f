"""One click from a case page: /documents/<kind>/<id>.pdf (or .docx, .xlsx), scope-checked (404 outside it).

The union tables (R-DOC-15/16, and R-DOC-14 by year): /documents/<kind>/union/<union id>/<2026 or
2026-01>.pdf (or .xlsx). The payment notice of an archive (R-DOC-17):
/documents/union_notice/archive/<archive id>/<2026 or 2026-01>.pdf (or .docx).
Batches: /documents/batch/ (one form for every case of a township at a step) and the job pages.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .fields import MissingFields
from .fonts import FontMissing
from .kinds import KINDS, get_kind
from .sources import build, build_archive_notice, build_union_table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response


def _respond(request, kind, make, filename_ext: str, content_type: str):
    """Run `make()` -> (bytes, filename); a case lacking fields gets the list of them (HTTP 422)."""
    try:
        data, filename = make()
    except MissingFields as exc:
        # "Back" is the page that linked here when it is on this site, else the dashboard (no javascript: link,
        # which the Content-Security-Policy forbids).
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("dashboard")
        return render(
            request, "documents/missing.html", {"error": exc, "kind": kind, "back": back}, status=422
        )
    except FontMissing as exc:  # the set-up did not install a CJK font: say so instead of printing boxes
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    return _attachment(data, filename + filename_ext, content_type)


def _reader(request) -> None:
    if not request.user.can_read_registry() and request.user.role != "applicant":
        raise Http404


@login_required
@require_GET
def document_pdf(request, kind: str, pk: int):
    from .render import render_pdf

    _reader(request)
    built = build(kind, pk, request.user)
    return _respond(
        request,
        get_kind(kind),
        lambda: (render_pdf(kind, built.context, province_code=built.province_code), built.filename),
        ".pdf",
        "application/pdf",
    )


@login_required
@require_GET
def document_docx(request, kind: str, pk: int):
    """The per-household forms for editing: same fields, same statutory text and same scope as the PDF."""
    from .word import DOCX_TYPE, render_docx

    k = KINDS.get(kind)
    if k is None or not k.docx:
        raise Http404
    _reader(request)
    built = build(kind, pk, request.user)
    return _respond(
        request,
        k,
        lambda: (render_docx(kind, built.context, province_code=built.province_code), built.filename),
        ".docx",
        DOCX_TYPE,
    )


@login_required
@require_GET
def document_xlsx(request, kind: str, pk: int):
    from .office import render_xlsx

    k = KINDS.get(kind)
    if k is None or not k.xlsx or not request.user.can_read_registry():
        raise Http404
    built = build(kind, pk, request.user)
    return _respond(
        request, k, lambda: (render_xlsx(kind, built.context), built.filename), ".xlsx", XLSX_TYPE
    )


@login_required
@require_GET
def union_table(request, kind: str, org: int, period: str, fmt: str):
    """R-DOC-15 real-name payout sheet / R-DOC-16 送温暖 table of a union subtree for a year or month;
    R-DOC-14 central-fund real-name summary for a year."""
    from .office import render_xlsx
    from .render import render_pdf

    k = KINDS.get(kind)
    if k is None or k.source != "table" or not request.user.is_active:
        raise Http404

    def make():
        built = build_union_table(kind, org, period, request.user)
        if fmt == "xlsx":
            return render_xlsx(kind, built.context), built.filename
        return render_pdf(kind, built.context, province_code=built.province_code), built.filename

    if fmt == "xlsx":
        return _respond(request, k, make, ".xlsx", XLSX_TYPE)
    return _respond(request, k, make, ".pdf", "application/pdf")


@login_required
@require_GET
def archive_document(request, kind: str, pk: int, period: str, fmt: str):
    """R-DOC-17 payment notice of a union archive for a year or month, as PDF or (to edit) DOCX."""
    from .render import render_pdf
    from .word import DOCX_TYPE, render_docx

    k = KINDS.get(kind)
    if k is None or k.source != "archive" or not request.user.is_active:
        raise Http404

    def make():
        built = build_archive_notice(kind, pk, period, request.user)
        render = render_docx if fmt == "docx" else render_pdf
        return render(kind, built.context, province_code=built.province_code), built.filename

    if fmt == "docx":
        return _respond(request, k, make, ".docx", DOCX_TYPE)
    return _respond(request, k, make, ".pdf", "application/pdf")


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
            "problems": job.problems,
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


def _run(job):
    from .jobs import enqueue

    enqueue(job)
    return redirect("documents:job_page", pk=job.pk)


def _start_batch(request, kind: str, region_pk, status: str):
    """One per-household form for every dibao case of a region (in the user's scope) at a step."""
    from jiuzhu.accounts.scope import region_within_scope
    from jiuzhu.core.models import Region
    from jiuzhu.dibao.models import Status

    from .jobs import BATCH_KINDS, do_create_job

    region = Region.objects.filter(pk=region_pk).first() if str(region_pk).isdigit() else None
    if kind not in BATCH_KINDS or region is None or not region_within_scope(request.user, region):
        raise Http404("未找到该地区")
    if status not in Status.values:
        return HttpResponse(_("请选择办理环节"), status=400, content_type="text/plain; charset=utf-8")
    return _run(do_create_job(request.user, kind, region=region, status=status))


@login_required
@require_POST
def start_job(request, kind: str, pk: int):
    """Start a background job and show its progress page: a region's publicity list (附件5/8), or, with
    `status`, one per-household form for every dibao case of the region at that step."""
    from jiuzhu.core.models import Region

    from .jobs import do_create_job

    k = KINDS.get(kind)
    if k is None or not request.user.can_read_registry():
        raise Http404
    if k.source != "region":
        return _start_batch(request, kind, pk, request.POST.get("status", ""))
    build(kind, pk, request.user)  # scope check: 404 outside the user's subtree
    fmt = "xlsx" if request.POST.get("format") == "xlsx" else "pdf"
    return _run(do_create_job(request.user, kind, region=Region.objects.get(pk=pk), fmt=fmt))


@login_required
def batch_page(request):
    """Batch printing (GET: the form; POST: start the job): a form, a township (or the county) in the
    user's scope, and a step of the dibao procedure."""
    from jiuzhu.core.models import Region
    from jiuzhu.dibao.models import Status

    from .jobs import BATCH_KINDS

    user = request.user
    if not user.can_read_registry() or not (user.region_id or user.is_superuser):
        raise Http404
    if request.method == "POST":
        post = request.POST
        return _start_batch(request, post.get("kind", ""), post.get("region", ""), post.get("status", ""))
    regions = Region.objects.filter(level__in=(3, 4)).order_by("path")
    if not user.is_superuser:
        regions = regions.filter(path__startswith=user.region.path)
    return render(
        request,
        "documents/batch.html",
        {"kinds": [KINDS[k] for k in BATCH_KINDS], "regions": regions, "steps": Status.choices},
    )


@login_required
def job_page(request, pk: int):
    from .jobs import visible_jobs

    job = visible_jobs(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404
    response = render(request, "documents/job.html", {"job": job, "kind": KINDS.get(job.kind)})
    if job.status not in ("done", "failed"):
        response["Refresh"] = "2"  # the browser reloads the page while the job runs: no script (CSP)
    return response
