"""The supervision API (/api/supervision/): warnings listed, decided and a scan queued; a complaint from receipt
to closing with the reporter's identity only to the handler; inspections; the evaluation counts. Refusals are
409 with the reason, out of scope is 404 — the same actions as the pages."""

import pytest

from jiuzhu.registry.models import Member
from jiuzhu.supervision.models import RiskWarning
from jiuzhu.supervision.scan import run_scan
from tests.api.conftest import api_as, token_for  # noqa: F401

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(make_household, case_row, approver):
    h = make_household(members=2)
    case_row("active", household=h, opinion_persons=2)
    Member.objects.filter(household=h, relation="spouse").update(active=False)
    run_scan(approver, rules=["departed_still_paid"], today=TODAY)
    return RiskWarning.objects.get()


def test_r_share_12_api_warnings_list_decide_and_scope(ticket, token_for):  # noqa: F811
    api = token_for("sy_worker")
    listed = api.get("/api/supervision/warnings", {"status": "open"}).json()
    assert listed["count"] == 1
    w = listed["warnings"][0]
    assert (w["warning"], w["kind"], w["cite"]) == (ticket.pk, "departed_still_paid", "R-PAY-05, R-FLOW-10")
    assert w["case"].startswith("dibao:") and w["household"] == ticket.household.number
    r = api.post(
        f"/api/supervision/warnings/{ticket.pk}/confirm", {"action": "recovery", "reason": "多发两个月"}
    )
    assert r.status_code == 409 and "追回金额" in r.json()["detail"]
    assert RiskWarning.objects.get().status == "open"  # nothing written
    r = api.post(
        f"/api/supervision/warnings/{ticket.pk}/confirm",
        {"action": "recovery", "reason": "多发两个月", "amount": "1400.00"},
    )
    assert r.status_code == 200 and (r.json()["status"], r.json()["amount"]) == ("confirmed", "1400.00")
    other = token_for("cy_worker")  # another district: not found
    assert other.get(f"/api/supervision/warnings/{ticket.pk}").status_code == 404
    assert other.get("/api/supervision/warnings").json()["count"] == 0


def test_r_share_12_api_scan_is_queued(token_for, django_capture_on_commit_callbacks):  # noqa: F811
    from jiuzhu.jobs.models import Job

    with django_capture_on_commit_callbacks(execute=True):
        r = token_for("sy_approver").post("/api/supervision/scan", {"rules": ["departed_still_paid"]})
    assert r.status_code == 201  # the job is created
    job = Job.objects.get(pk=r.json()["job"])
    assert job.kind == "supervision.scan" and job.params["rules"] == ["departed_still_paid"]
    r = token_for("auditor").post("/api/supervision/scan", {})
    assert r.status_code == 409 and "审计人员" in r.json()["detail"]


def test_r_sup_08_api_complaint_from_receipt_to_closing(token_for, users):  # noqa: F811
    worker, approver, handler = token_for("sy_worker"), token_for("sy_approver"), token_for("sy_worker2")
    body = {
        "kind": "report",
        "channel": "hotline",
        "about": "household",
        "region": "110113001",
        "content": "某户家中有小轿车仍领低保",
        "reporter_name": "李秀英",
        "reporter_phone": "13912345678",
        "received_on": "2026-11-02",
    }
    r = worker.post("/api/supervision/complaints", body)
    assert r.status_code == 201, r.content
    c = r.json()
    # received 2026-11-02 (Monday), answer due 20 working days later: 2026-11-30 (no holiday in November)
    assert c["reply_due"] == "2026-11-30" and c["status"] == "received"
    assert "李秀英" not in str(c["reporter"]) and "13912345678" not in str(c["reporter"])  # masked
    pk = c["complaint"]
    assert (
        approver.post(f"/api/supervision/complaints/{pk}/assign", {"assignee": "sy_worker2"}).status_code
        == 200
    )
    assert (
        approver.post(f"/api/supervision/complaints/{pk}/investigate").status_code == 409
    )  # not the handler
    assert handler.post(f"/api/supervision/complaints/{pk}/investigate").status_code == 200
    mine = handler.get(f"/api/supervision/complaints/{pk}").json()
    assert mine["reporter"]["name"] == "李秀英"  # the handler needs the contact to answer
    r = handler.post(
        f"/api/supervision/complaints/{pk}/answer",
        {"findings": "核实有车，已停保", "substantiated": True, "reply": "经核实属实，已依法停发"},
    )
    assert r.status_code == 200 and r.json()["status"] == "answered"
    r = handler.post(f"/api/supervision/complaints/{pk}/close", {"feedback": "satisfied"})
    assert r.status_code == 200 and r.json()["status"] == "closed" and r.json()["feedback"] == "satisfied"
    assert token_for("cy_worker").get(f"/api/supervision/complaints/{pk}").status_code == 404


def test_r_sup_06_api_inspections_and_r_sup_13_counts(token_for, users):  # noqa: F811
    from jiuzhu.supervision.inspections import do_open_inspection

    i = do_open_inspection(
        users["sy_approver"],
        {
            "title": "2026年低保资金专项检查",
            "kind": "special",
            "region": "110113",
            "programme": "最低生活保障",
            "period_from": "2026-01-01",
            "period_to": "2026-06-30",
            "lead_unit": "区民政局、区财政局",
        },
    )
    api = token_for("auditor")
    listed = api.get("/api/supervision/inspections").json()
    assert [x["inspection"] for x in listed["inspections"]] == [i.pk]
    one = api.get(f"/api/supervision/inspections/{i.pk}").json()
    assert one["title"] == "2026年低保资金专项检查" and one["findings"] == []
    assert token_for("cy_worker").get(f"/api/supervision/inspections/{i.pk}").status_code == 404
    counts = api.get("/api/supervision/performance", {"start": "2026-01-01", "end": "2026-12-31"})
    assert counts.status_code == 200 and set(counts.json()["deadlines"]) >= {"due", "met_on_time", "met_late"}
    assert api.get("/api/supervision/performance", {"start": "x", "end": "2026-12-31"}).status_code == 422
