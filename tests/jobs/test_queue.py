"""The one queue for long jobs (ARCHITECTURE: never inside a web request, never an ad-hoc thread): a job
runs on the worker, reports progress, is retried after a crash, ends at once on a refusal, and is shown
only to the user who asked for it."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from jiuzhu.core.models import AuditEvent
from jiuzhu.jobs.models import Job
from jiuzhu.jobs.queue import handler, run_job, submit, work

pytestmark = pytest.mark.django_db
CALLS: list[int] = []


@pytest.fixture(autouse=True)
def _fresh_calls():
    CALLS.clear()  # ids restart with each test's database


@handler("test.count")
def count_to(job, progress):
    for i in range(1, job.params["n"] + 1):
        progress(i, job.params["n"])
    return {"counted": job.params["n"]}, "/done/"


@handler("test.crash")
def crash(job, progress):
    CALLS.append(job.pk)
    raise RuntimeError("数据库连接中断")


@handler("test.refuse", permanent=(ValueError,))
def refuse(job, progress):
    CALLS.append(job.pk)
    raise ValueError("发放期格式不对")


def test_a_job_runs_on_the_worker_with_progress_and_result(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = submit(users["sy_worker"], "test.count", "数到五", {"n": 5})
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.task_id  # on the queue once the transaction committed
    work(batch=True)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == (Job.Status.DONE, 5, 5, 100)
    assert job.result == {"counted": 5} and job.result_url == "/done/" and job.attempts == 1
    actions = list(
        AuditEvent.objects.filter(object_type="jobs.job").order_by("id").values_list("action", flat=True)
    )
    assert actions == ["jobs.submit", "jobs.finish"]


def test_a_crash_is_retried_later_then_the_job_fails_with_its_message(users):
    job = submit(users["sy_worker"], "test.crash", "会失败的任务", {}, max_attempts=2)
    run_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (Job.Status.QUEUED, 1, "数据库连接中断")
    retry = DBTaskResult.objects.get(id=job.task_id)
    assert retry.run_after is not None  # later, not at once
    run_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.FAILED, 2)
    run_job.call(job.pk)  # a late duplicate delivery does nothing
    assert CALLS.count(job.pk) == 2


def test_a_refusal_ends_the_job_at_once(users):
    job = submit(users["sy_worker"], "test.refuse", "会被拒绝的任务", {})
    run_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (Job.Status.FAILED, 1, "发放期格式不对")
    assert CALLS.count(job.pk) == 1


def test_an_unknown_kind_is_refused_when_submitted(users):
    with pytest.raises(ValueError, match="unknown job kind"):
        submit(users["sy_worker"], "no.such", "?", {})
    assert not Job.objects.exists()


def test_the_job_page_is_its_owners_and_reloads_while_running(client, users):
    job = submit(users["sy_worker"], "test.count", "数到三", {"n": 3})
    client.force_login(users["sy_approver"])
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert "数到三" not in client.get("/jobs/").content.decode()
    client.force_login(users["sy_worker"])
    page = client.get(f"/jobs/{job.pk}/")
    assert page.status_code == 200 and page["Refresh"] == "2" and "排队中" in page.content.decode()
    assert "数到三" in client.get("/jobs/").content.decode()
    run_job.call(job.pk)
    page = client.get(f"/jobs/{job.pk}/")
    assert "Refresh" not in page and 'href="/done/"' in page.content.decode()
