"""Large batches in the background: a county's publicity list, or one per-household form (附件3, 附件4...)
for every dibao case of a township at one step.

A DocumentJob is created by `do_create_job`, then run by `run_job` — on the jobs queue (`enqueue`, run by
the worker of jiuzhu.jobs) or by `jiuzhu manage documents_jobs`; whichever takes it first runs it. A list is rendered in chunks
of CHUNK rows, households in chunks of HOUSEHOLD_CHUNK (one per page), merged into one PDF, and
`done`/`total` are saved after every chunk so the page can poll.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

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


# Per-household forms printed in a batch for the dibao cases of a township at one step (issue 5, item 4).
BATCH_KINDS = ("fj1", "fj2", "fj3", "fj4", "fj9", "verification")


def do_create_job(
    actor, kind: str, *, region=None, household_ids=None, status: str = "", fmt: str = "pdf"
) -> DocumentJob:
    """A queued job: a region's publicity list (`region`), one form for every dibao case of `region` at
    `status` (`region` and `status`), or one form for the given households (`household_ids`)."""
    k = get_kind(kind)
    if status:
        from jiuzhu.dibao.models import Status

        if kind not in BATCH_KINDS or region is None:
            raise ValueError(f"《{k.title}》不能按案件批量打印")
        if status not in Status.values:
            raise ValueError(f"未知的办理环节：{status}")
        params = {"region_id": region.pk, "status": status}
    elif region is not None:
        if k.source != "region":
            raise ValueError(f"《{k.title}》按案件批量打印时须选择办理环节")
        params = {"region_id": region.pk}
    else:
        if k.source not in ("household", "application"):
            raise ValueError(f"《{k.title}》不能按家庭批量打印")
        params = {"household_ids": list(household_ids or [])}
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


class _Skip(Exception):
    """A household of a batch that has nothing to print (listed in job.problems)."""


def _set_total(job: DocumentJob, total: int) -> None:
    job.total = total
    DocumentJob.objects.filter(pk=job.pk).update(total=total)


def _publicity(job: DocumentJob, kind) -> tuple[bytes, str]:
    from jiuzhu.core.models import Region

    from .procedure import publicity_context
    from .render import render_pdf
    from .sources import province_of

    region = Region.objects.get(pk=job.params["region_id"])
    ctx = publicity_context(region, kind.code)
    rows = ctx["publicity"]["rows"]
    _set_total(job, len(rows))
    province = province_of(region)
    name = f"{kind.title}-{region.name}"
    if job.fmt == "xlsx":
        from .office import render_xlsx

        data = render_xlsx(kind.code, ctx)
        _progress(job, len(rows))
        return data, name
    parts = []
    for start in range(0, max(1, len(rows)), CHUNK):
        part = {
            "publicity": {**ctx["publicity"], "rows": rows[start : start + CHUNK]},
            "continuation": start > 0,
            "more": start + CHUNK < len(rows),
        }
        parts.append(render_pdf(kind.code, part, province_code=province))
        _progress(job, min(len(rows), start + CHUNK))
    return _merge(parts), name


def _case_items(job: DocumentJob) -> tuple[list, str, str]:
    """[(label, make_context)] of a per-household batch, the province code and the file name."""
    from .context import load_household
    from .procedure import case_context, household_form_context, latest_application
    from .sources import province_of

    kind = get_kind(job.kind)
    if "status" in job.params:
        from jiuzhu.accounts.scope import household_scope_q
        from jiuzhu.core.models import Region
        from jiuzhu.dibao.models import DibaoApplication, Status

        region = Region.objects.get(pk=job.params["region_id"])
        apps = DibaoApplication.objects.filter(
            household__region__path__startswith=region.path, status=job.params["status"]
        )
        if job.created_by_id:  # the creator's scope, checked again when the job runs
            apps = apps.filter(household_scope_q(job.created_by, "household__"))
        apps = list(
            apps.select_related("household__region").order_by(
                "household__region__code", "household__number", "id"
            )
        )

        def make(app):
            if kind.source == "application":
                return case_context(app)
            return household_form_context(kind.code, load_household(app.household_id), app)

        items = [(app.household.number, lambda app=app: make(app)) for app in apps]
        step = Status(job.params["status"]).label
        return items, province_of(region), f"{kind.title}-{region.name}-{step}-{len(apps)}户"
    from jiuzhu.registry.models import Household

    households = Household.objects.filter(pk__in=job.params.get("household_ids", [])).select_related("region")
    by_pk = {hh.pk: hh for hh in households}
    ordered = [by_pk[pk] for pk in job.params.get("household_ids", []) if pk in by_pk]

    def make_for(hh):
        if kind.source == "application":  # the household's latest dibao application
            app = latest_application(hh)
            if app is None:
                raise _Skip("没有低保申请")
            return case_context(app)
        return household_form_context(kind.code, load_household(hh.pk))

    items = [(hh.number, lambda hh=hh: make_for(hh)) for hh in ordered]
    province = province_of(ordered[0].region) if ordered else ""
    return items, province, f"{kind.title}-{len(ordered)}户"


def _per_household(job: DocumentJob, kind) -> tuple[bytes, str]:
    """One household per page. A case whose form lacks required fields is left out and listed in
    `job.problems` ("110113-2026-000001：缺少申请人民族、户籍地"), never skipped silently."""
    from .fields import missing
    from .render import render_pdf

    items, province, name = _case_items(job)
    _set_total(job, len(items))
    if not items:
        raise ValueError("所选范围和环节没有案件")
    parts, problems, printed = [], [], 0
    for start in range(0, len(items), HOUSEHOLD_CHUNK):
        contexts = []
        for label, make in items[start : start + HOUSEHOLD_CHUNK]:
            try:
                ctx = make()
            except _Skip as skip:
                problems.append(f"{label}：{skip}")
                continue
            found = missing(ctx, kind.required)
            if found:
                problems.append(f"{label}：缺少" + "、".join(found))
            else:
                contexts.append(ctx)
        if contexts:
            parts.append(render_pdf(kind.code, contexts, province_code=province))
            printed += len(contexts)
        job.problems = problems
        DocumentJob.objects.filter(pk=job.pk).update(problems=problems)
        _progress(job, min(len(items), start + HOUSEHOLD_CHUNK))
    if not printed:
        raise ValueError(f"全部{len(items)}户缺少必填内容，未生成文书：" + "；".join(problems))
    return _merge(parts), name


def run_job(job_id: int) -> DocumentJob:
    job = DocumentJob.objects.get(pk=job_id)
    taken = DocumentJob.objects.filter(pk=job.pk, status=DocumentJob.Status.QUEUED).update(
        status=DocumentJob.Status.RUNNING
    )
    if not taken:
        return job  # already run (or running) elsewhere
    kind = get_kind(job.kind)
    try:
        if kind.source == "region":
            data, name = _publicity(job, kind)
        else:
            data, name = _per_household(job, kind)
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


@task()
def run_queued(job_id: int) -> None:
    run_job(job_id)


def enqueue(job: DocumentJob) -> None:
    """Hand the job to the queue once the transaction that created it has committed."""
    transaction.on_commit(lambda: run_queued.enqueue(job.pk))
