"""One per-household form for every dibao case of a township at one step, as one PDF (one household per
page) made by a background job with progress; a case lacking fields is listed, not silently skipped."""

from __future__ import annotations

import pytest
from django.test import Client
from pypdf import PdfReader

from jiuzhu.core.models import Region
from jiuzhu.documents.jobs import do_create_job, result_file, run_job
from jiuzhu.documents.models import DocumentJob
from tests.documents.cases import make_case


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def township_cases(demo, settings, tmp_path):
    """胜利街道: three cases at county approval (one lacking the applicant's ethnicity) and one still at
    the home visit; 仁和镇: one case at county approval."""
    settings.DATA_DIR = tmp_path
    complete = [make_case(status="county_approval"), make_case(status="county_approval")]
    incomplete = make_case(status="county_approval")
    incomplete.household.members.update(ethnicity="")
    make_case(status="visiting")
    make_case(status="county_approval", region="110113100201")
    return complete, incomplete


def test_township_step_batch_one_household_per_page_missing_listed(township_cases, users):
    _, incomplete = township_cases
    township = Region.objects.get(code="110113001")
    job = do_create_job(users["sy_worker"], "fj3", region=township, status="county_approval")
    assert (job.params, job.scope_path) == (
        {"region_id": township.pk, "status": "county_approval"},
        township.path,
    )
    job = run_job(job.pk)
    assert job.status == "done" and (job.done, job.total) == (3, 3)
    assert job.problems == [f"{incomplete.household.number}：缺少申请人民族"]
    reader = PdfReader(str(result_file(job)))
    assert len(reader.pages) == 2  # the two complete cases, one page each
    for page in reader.pages:
        text = page.extract_text()
        assert text.count("最低生活保障审核审批表") == 1 and "胜利街道" in text
    assert "县级审批" in result_file(job).name and "胜利街道" in result_file(job).name


def test_batch_of_a_step_without_complete_cases_fails_with_the_list(township_cases, users):
    complete, incomplete = township_cases
    township = Region.objects.get(code="110113001")
    job = run_job(do_create_job(users["sy_worker"], "fj4", region=township, status="review_publicity").pk)
    assert job.status == "failed" and job.error == "所选范围和环节没有案件"
    for app in complete:
        app.household.hukou_address = ""
        app.household.save(update_fields=["hukou_address"])
    job = run_job(do_create_job(users["sy_worker"], "fj3", region=township, status="county_approval").pk)
    assert job.status == "failed" and job.error.startswith("全部3户缺少必填内容，未生成文书")
    assert sorted(job.problems) == sorted(
        [f"{app.household.number}：缺少户籍地" for app in complete]
        + [f"{incomplete.household.number}：缺少申请人民族"]
    )


def test_batch_started_from_the_page_within_scope(township_cases, users, django_capture_on_commit_callbacks):
    from jiuzhu.jobs.queue import run_pending

    township = Region.objects.get(code="110113001")
    client = login(users["sy_worker"])
    page = client.get("/documents/batch/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="fj4"' in html and f'value="{township.pk}"' in html and 'value="county_approval"' in html
    assert f'value="{Region.objects.get(code="110105001").pk}"' not in html  # 朝阳区: not in scope
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/documents/batch/", {"kind": "fj3", "region": township.pk, "status": "county_approval"}
        )
    assert response.status_code == 302
    job = DocumentJob.objects.get()
    assert response["Location"] == f"/documents/jobs/{job.pk}/page"
    waiting = client.get(response["Location"])
    assert waiting["Refresh"] == "2" and "<script" not in waiting.content.decode()  # reloads, no script
    assert run_pending() == 1  # the page queued it; the worker of the jobs queue runs it
    assert "Refresh" not in client.get(response["Location"])
    job.refresh_from_db()
    assert job.status == "done" and job.total == 3 and len(job.problems) == 1
    status = client.get(f"/documents/jobs/{job.pk}/").json()
    assert status["percent"] == 100 and status["problems"] == job.problems
    job_page = client.get(f"/documents/jobs/{job.pk}/page").content.decode()
    assert "以下案件缺少必填内容，未打印" in job_page and job.problems[0] in job_page
    # another district's worker cannot print 胜利街道's cases; an unknown step is refused
    other = login(users["cy_worker"])
    data = {"kind": "fj4", "region": township.pk, "status": "county_approval"}
    assert other.post("/documents/batch/", data).status_code == 404
    assert client.post("/documents/batch/", {**data, "status": "nonsense"}).status_code == 400
    assert client.post("/documents/batch/", {**data, "kind": "fj6"}).status_code == 404
    assert client.post(f"/documents/fj3/{township.pk}/job", {"status": "county_approval"}).status_code == 302


def test_batch_only_for_per_household_case_forms(demo, users):
    township = Region.objects.get(code="110113001")
    with pytest.raises(ValueError, match="不能按案件批量打印"):
        do_create_job(users["sy_worker"], "fj6", region=township, status="refused")
    with pytest.raises(ValueError, match="未知的办理环节"):
        do_create_job(users["sy_worker"], "fj3", region=township, status="nonsense")


def test_batch_printing_in_the_navigation_for_region_staff_only(demo, users):
    """Region staff reach the batch page from the menu; a union worker (no region) is not shown a link
    to a page that would be 404 for him."""
    assert 'href="/documents/batch/"' in login(users["sy_worker"]).get("/").content.decode()
    assert 'href="/documents/batch/"' not in login(users["union_worker"]).get("/").content.decode()
    assert login(users["union_worker"]).get("/documents/batch/").status_code == 404
