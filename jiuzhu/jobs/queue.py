"""Long jobs on one queue: `submit` a job of a registered kind, a worker runs it.

The queue is django-tasks with its database backend (django_tasks_db: the tasks API Django 6 adopts, on
SQLite and PostgreSQL alike). A worker is `jiuzhu worker` (production) or a thread inside `jiuzhu serve`
(the embedded default, JOBS_IN_PROCESS). A handler gets the Job and a `progress(done, total=None)`
callable and returns (result dict, result URL). A failure is retried up to job.max_attempts with a
growing delay, except the handler's `permanent` errors (a refusal: retrying cannot help), which end the job
at once with their message. Nothing long runs inside a web request.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import close_old_connections, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from jiuzhu.core.audit import record

from .models import Job

Progress = Callable[..., None]


@dataclass(frozen=True)
class Handler:
    run: Callable[[Job, Progress], tuple[dict, str]]
    permanent: tuple[type[BaseException], ...]


HANDLERS: dict[str, Handler] = {}
RETRY_DELAY = dt.timedelta(seconds=30)  # doubled at each new attempt
PROGRESS_EVERY = 0.5  # seconds between progress writes


def handler(kind: str, *, permanent: tuple[type[BaseException], ...] = (ValueError,)):
    """Register the function that runs jobs of `kind`."""

    def register(fn):
        HANDLERS[kind] = Handler(fn, permanent)
        return fn

    return register


def submit(
    actor,
    kind: str,
    title: str,
    params: dict,
    *,
    scope_path: str = "",
    unit: str = "",
    max_attempts: int = 3,
) -> Job:
    """Queue a job; it is handed to the queue when the caller's transaction commits."""
    if kind not in HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            title=title,
            params=params,
            unit=unit,
            max_attempts=max_attempts,
            created_by=actor if getattr(actor, "pk", None) else None,
            scope_path=scope_path,
        )
        record(actor, "jobs.submit", job, after={"kind": kind, "params": params}, scope_path=scope_path)
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int, delay: dt.timedelta | None = None) -> None:
    t = run_job if delay is None else run_job.using(run_after=timezone.now() + delay)
    result = t.enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_id=str(result.id))


def _progress_writer(job: Job) -> Progress:
    last = [0.0]

    def progress(done: int, total: int | None = None) -> None:
        now = time.monotonic()
        job.done = done if total is None or done <= total else total
        if total is not None:
            job.total = total
        if now - last[0] >= PROGRESS_EVERY or (job.total is not None and job.done >= job.total):
            last[0] = now
            Job.objects.filter(pk=job.pk).update(done=job.done, total=job.total)

    return progress


def _finish(job: Job, status: str, **fields) -> None:
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(status=status, finished_at=timezone.now(), **fields)
        job.refresh_from_db()
        record(
            None,
            "jobs.finish",
            job,
            after={"status": status, "error": job.error, "result": job.result},
            scope_path=job.scope_path,
        )


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return  # gone, or already run by an earlier delivery of the same task
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, attempts=F("attempts") + 1, started_at=timezone.now()
    )
    job.refresh_from_db()
    entry = HANDLERS.get(job.kind)
    if entry is None:
        _finish(job, Job.Status.FAILED, error=f"unknown job kind {job.kind!r}")
        return
    try:
        result, url = entry.run(job, _progress_writer(job))
    except entry.permanent as exc:
        _finish(job, Job.Status.FAILED, error=str(exc))
    except Exception as exc:  # a crash or a lost connection: try again later, then give up and say why
        if job.attempts < job.max_attempts:
            Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, error=str(exc))
            _enqueue(job.pk, RETRY_DELAY * 2 ** (job.attempts - 1))
        else:
            _finish(job, Job.Status.FAILED, error=str(exc))
    else:
        done = job.total if job.total is not None else job.done
        _finish(job, Job.Status.DONE, result=result, result_url=url, done=done, error="")


def _worker(interval: float = 1.0, batch: bool = False):
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"jiuzhu-{threading.get_ident()}",
        excluded_queue_names=[],
    )


def run_pending() -> int:
    """Run the jobs that are due now, one after the other, and return how many ran. Unlike the forever
    loop it leaves the database connection open (the caller's, e.g. a test's transaction)."""
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    worker, ran = _worker(batch=True), 0
    while True:
        with exclusive_transaction():
            result = DBTaskResult.objects.ready().get_locked()
            if result is None:
                return ran
            result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1


def work(*, batch: bool = False, interval: float = 1.0) -> None:
    """Run queued jobs: those due now and return (batch=True), or forever."""
    if batch:
        run_pending()
    else:
        _worker(interval).run()


def start_in_process_worker() -> threading.Thread:
    """The embedded default: one worker thread inside `jiuzhu serve`, so jobs run with no second process."""

    def target():
        try:
            work()
        finally:
            close_old_connections()

    thread = threading.Thread(target=target, name="jiuzhu-worker", daemon=True)
    thread.start()
    return thread
