"""Large batches in the background (a county's publicity list, every household of a township).

A DocumentJob is created by `do_create_job`, then run by `run_job` — in a thread started by the page
(`start_in_thread`) or by `jiuzhu manage documents_jobs` (a worker process). The list is rendered in chunks
of CHUNK rows, merged into one PDF, and `done`/`total` are saved after every chunk so the page can poll.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from jiuzhu.core.audit import record

from .kinds import get_kind
from .models import DocumentJob

CHUNK = 400  # list rows per rendered part
HOUSEHOLD_CHUNK = 40  # households (pages) per rendered part


def jobs_dir() -> Path:
    path = Path(settings.DATA_DIR) / "documents"
    path.mkdir(parents=True, exist_ok=True)
    return path


def result_file(job: DocumentJob) -> Path:
    return jobs_dir() / Path(job.result_path).name


def visible_jobs(user):
    qs = DocumentJob.objects.all()
    if user.is_superuser:
        return qs
    return qs.filter(created_by=user)


def do_create_job(actor, kind: str, *, region=None, household_ids=None, fmt: str = "pdf") -> DocumentJob:
    get_kind(kind)
    params = {"region_id": region.pk} if region is not None else {"household_ids": list(household_ids or [])}
    with transaction.atomic():
        job = DocumentJob.objects.create(
            kind=kind,
            fmt=fmt,
            params=params,
            created_by=actor if getattr(actor, "pk", None) else None,
            scope_path=region.path if region is not None else "",
        )
        record(
            actor,
            "document_job_create",
            job,
            after={"kind": kind, "fmt": fmt, **params},
            scope_path=job.scope_path,
        )
    return job


def _merge(parts: list[bytes]) -> bytes:
    if len(parts) == 1:
        return parts[0]
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _progress(job: DocumentJob, done: int) -> None:
    job.done = done
    DocumentJob.objects.filter(pk=job.pk).update(done=done)


def run_job(job_id: int) -> DocumentJob:
    from .render import render_pdf
    from .sources import province_of

    job = DocumentJob.objects.get(pk=job_id)
    DocumentJob.objects.filter(pk=job.pk).update(status=DocumentJob.Status.RUNNING)
    kind = get_kind(job.kind)
    try:
        parts: list[bytes] = []
        if kind.source == "region":
            from jiuzhu.core.models import Region

            from .procedure import publicity_context

            region = Region.objects.get(pk=job.params["region_id"])
            ctx = publicity_context(region, kind.code)
            rows = ctx["publicity"]["rows"]
            job.total = len(rows)
            DocumentJob.objects.filter(pk=job.pk).update(total=job.total)
            province = province_of(region)
            name = f"{kind.title}-{region.name}"
            if job.fmt == "xlsx":
                from .office import render_xlsx

                data = render_xlsx(kind.code, ctx)
                _progress(job, len(rows))
            else:
                for start in range(0, max(1, len(rows)), CHUNK):
                    part = {
                        "publicity": {**ctx["publicity"], "rows": rows[start : start + CHUNK]},
                        "continuation": start > 0,
                        "more": start + CHUNK < len(rows),
                    }
                    parts.append(render_pdf(kind.code, part, province_code=province))
                    _progress(job, min(len(rows), start + CHUNK))
                data = _merge(parts)
        else:
            from .context import household_context, load_household

            ids = job.params.get("household_ids", [])
            job.total = len(ids)
            DocumentJob.objects.filter(pk=job.pk).update(total=job.total)
            province = ""
            for start in range(0, len(ids), HOUSEHOLD_CHUNK):
                contexts = []
                for pk in ids[start : start + HOUSEHOLD_CHUNK]:
                    hh = load_household(pk)
                    province = province or province_of(hh.region)
                    contexts.append({"household": household_context(hh)})
                parts.append(render_pdf(kind.code, contexts, province_code=province))
                _progress(job, min(len(ids), start + HOUSEHOLD_CHUNK))
            data = _merge(parts)
            name = f"{kind.title}-{len(ids)}户"
        path = jobs_dir() / f"job{job.pk}-{name}.{job.fmt}"
        path.write_bytes(data)
        DocumentJob.objects.filter(pk=job.pk).update(
            status=DocumentJob.Status.DONE, result_path=path.name, finished_at=timezone.now()
        )
    except Exception as exc:  # reported on the page; the job is not retried silently
        DocumentJob.objects.filter(pk=job.pk).update(
            status=DocumentJob.Status.FAILED, error=str(exc), finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job


def start_in_thread(job: DocumentJob) -> threading.Thread:
    def target():
        try:
            run_job(job.pk)
        finally:
            close_old_connections()

    thread = threading.Thread(target=target, name=f"document-job-{job.pk}", daemon=True)
    thread.start()
    return thread
