"""The batch run from the pages (issue 11, item 2): an approver starts a run over a region of their scope; it
runs as a background job (jiuzhu.jobs) with progress and is recorded; other regions and roles are refused."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest


@pytest.fixture
def registry(demo, settings, tmp_path: Path):
    from jiuzhu.registry.demo import generate_demo

    settings.DATA_DIR = tmp_path
    generate_demo(households=30, seed=12)


def test_approver_starts_a_run_of_their_county_as_a_job_with_progress(
    registry, client, users, django_capture_on_commit_callbacks, tmp_path: Path
) -> None:
    from jiuzhu.batchruns.models import BatchDecision, BatchRun
    from jiuzhu.core.models import AuditEvent, Region
    from jiuzhu.jobs.models import Job
    from jiuzhu.jobs.queue import work
    from jiuzhu.registry.models import Household

    client.force_login(users["sy_approver"])
    page = client.get("/batch/")
    assert page.status_code == 200 and "批量评估" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/batch/", {"region": "110113", "at": "2026-07"})
    job = Job.objects.get(kind="batchruns.run")
    assert r.status_code == 302 and r.url == f"/jobs/{job.pk}/"
    assert job.created_by.username == "sy_approver" and job.status == Job.Status.QUEUED
    work(batch=True)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert (job.done, job.total) == (5, 5)
    run = BatchRun.objects.get(pk=job.result["run"])
    path = Region.objects.get(code="110113").path
    expected = Household.objects.filter(active=True, region__path__startswith=path).count()
    assert run.households == expected == job.result["households"] > 0
    assert run.region_code == "110113" and run.created_by.username == "sy_approver"
    assert BatchDecision.objects.filter(run=run).count() == expected
    rows = pq.read_table(run.output).to_pylist()
    assert len(rows) == expected and Path(run.output).parent == tmp_path / "batch"
    assert AuditEvent.objects.filter(action="batchrun.record", object_id=str(run.pk)).exists()
    # the run is listed on the page
    assert f"<td>{run.pk}</td>" in client.get("/batch/").content.decode()


def test_region_outside_scope_refused_and_case_worker_has_no_page(
    registry, client, users, django_capture_on_commit_callbacks
) -> None:
    from jiuzhu.jobs.models import Job

    client.force_login(users["sy_approver"])
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/batch/", {"region": "110105", "at": "2026-07"})
    assert r.status_code == 200 and "不在您的管辖范围内" in r.content.decode()
    assert not Job.objects.exists()
    r = client.post("/batch/", {"region": "110113", "at": "2026-13"})
    assert "评估月份应为 YYYY-MM" in r.content.decode() and not Job.objects.exists()
    client.force_login(users["sy_worker"])
    assert client.get("/batch/").status_code == 403
