"""R-SHARE-12 / R-RPT-05: each hit of a scan becomes a ticket with an owner, a deadline on the to-do list and a
decision (confirmed with its action, or a false alarm with its reason); a rescan opens no second ticket."""

import datetime as dt
import io
import json

import pytest
from django.db import IntegrityError, transaction

from jiuzhu.core.models import AuditEvent, Deadline, StatusChange
from jiuzhu.core.todo import worker_list
from jiuzhu.core.workdays import add_working_days
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.registry.models import Member
from jiuzhu.supervision.actions import do_assign, do_confirm, do_dismiss
from jiuzhu.supervision.models import RiskWarning
from jiuzhu.supervision.scan import ScanRefused, run_scan

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_hits(make_household, case_row):
    """Two 低保 cases counting more persons than live in the household (departed_still_paid)."""
    out = []
    for _ in range(2):
        h = make_household(members=2)
        case_row("active", household=h, opinion_persons=2)
        Member.objects.filter(household=h, relation="spouse").update(active=False)
        out.append(h)
    return out


def test_r_share_12_a_rescan_opens_no_second_ticket(two_hits, approver):
    first = run_scan(approver, rules=["departed_still_paid"], today=TODAY)
    assert first.run.opened == 2 and all(f.new for f in first.found)
    again = run_scan(approver, rules=["departed_still_paid"], today=TODAY)
    assert again.run.found == 2 and again.run.opened == 0
    assert {f.warning.pk for f in again.found} == {f.warning.pk for f in first.found}
    assert RiskWarning.objects.count() == 2
    assert Deadline.objects.filter(kind="supervision.warning").count() == 2
    w = RiskWarning.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():  # the database itself refuses a duplicate
        RiskWarning.objects.create(
            rule=w.rule,
            subject=w.subject,
            severity=w.severity,
            cite=w.cite,
            detail="x",
            scope_path=w.scope_path,
            due=w.due,
            run=w.run,
        )


def test_r_share_12_ticket_deadline_in_working_days_on_the_to_do_list(two_hits, approver, worker):
    run_scan(approver, rules=["departed_still_paid"], today=TODAY)
    w = RiskWarning.objects.first()
    assert w.severity == "high" and w.due == add_working_days(TODAY, 5)  # 2026-12-07 (Mon) → 12-14 (Mon)
    assert w.due == dt.date(2026, 12, 14)
    assert w.scope_path == "/110000/110100/110113/110113001/110113001001/" and not w.union_work
    todo = list(worker_list(worker))
    assert sorted(d.object_id for d in todo if d.kind == "supervision.warning") == sorted(
        str(x.pk) for x in RiskWarning.objects.all()
    )
    do_assign(approver, w, worker)
    assert Deadline.objects.get(object_id=str(w.pk), kind="supervision.warning").assignee == worker


def test_r_share_12_confirm_needs_an_action_and_recovery_an_amount(two_hits, approver, worker):
    run_scan(approver, rules=["departed_still_paid"], today=TODAY)
    w, v = RiskWarning.objects.all()[:2]
    with pytest.raises(TransitionRefused, match="请填写处理说明"):
        do_confirm(worker, w, action="stop", reason=" ")
    with pytest.raises(TransitionRefused, match="追回金额"):
        do_confirm(worker, w, action="recovery", reason="配偶已于10月去世")
    do_confirm(worker, w, action="recovery", reason="配偶已于10月去世，多发两个月", amount_fen=140000)
    w.refresh_from_db()
    assert (w.status, w.action, w.amount_fen, w.resolved_by) == ("confirmed", "recovery", 140000, worker)
    assert Deadline.objects.get(object_id=str(w.pk), kind="supervision.warning").met_at is not None
    ch = StatusChange.objects.get(object_type="supervision.riskwarning", object_id=str(w.pk))
    assert (ch.from_status, ch.to_status, ch.actor, ch.actor_role) == (
        "open",
        "confirmed",
        worker,
        "case_worker",
    )
    assert AuditEvent.objects.filter(action="riskwarning.confirm", object_id=str(w.pk), actor=worker).exists()
    with pytest.raises(TransitionRefused):
        do_dismiss(worker, w, reason="重复处理")  # decided once
    do_dismiss(worker, v, reason="配偶户口迁出但仍共同生活，经入户核实")
    v.refresh_from_db()
    assert v.status == "dismissed" and v.resolution.startswith("配偶户口迁出")


def test_r_share_12_a_false_alarm_is_not_reopened_by_the_next_scan(two_hits, approver, worker):
    run_scan(approver, rules=["departed_still_paid"], today=TODAY)
    w = RiskWarning.objects.first()
    do_dismiss(worker, w, reason="经核实为误报")
    again = run_scan(approver, rules=["departed_still_paid"], today=TODAY)
    assert again.run.opened == 0
    assert RiskWarning.objects.filter(status="open").count() == 1


def test_r_share_12_who_may_scan_and_where(two_hits, users):
    from jiuzhu.core.models import Region

    with pytest.raises(ScanRefused, match="审计人员只能查看"):
        run_scan(users["auditor"], today=TODAY)
    with pytest.raises(ScanRefused, match="角色"):
        run_scan(users["union_worker"], today=TODAY)
    with pytest.raises(ScanRefused, match="管辖范围"):
        run_scan(users["cy_approver"], Region.objects.get(code="110113"), today=TODAY)
    # 朝阳's approver scans 朝阳: the 顺义 hits are not found there
    assert run_scan(users["cy_approver"], rules=["departed_still_paid"], today=TODAY).found == []


def test_r_share_12_cli_prints_each_warning_as_json(two_hits):
    from jiuzhu.supervision.cli import main

    out, err = io.StringIO(), io.StringIO()
    assert main(["scan", "--as", "sy_approver", "--rule", "departed_still_paid"], stdout=out, stderr=err) == 0
    data = json.loads(out.getvalue())
    assert data["found"] == 2 and data["opened"] == 2 and data["counts"] == {"departed_still_paid": 2}
    w = data["warnings"][0]
    assert set(w) >= {"kind", "cite", "household", "case", "detail"}
    assert w["kind"] == "departed_still_paid" and w["cite"] == "R-PAY-05, R-FLOW-10"
    assert w["household"] in {h.number for h in two_hits} and w["case"].startswith("dibao:")
    assert main(["scan", "--as", "auditor"], stdout=io.StringIO(), stderr=err) == 2
    assert "审计人员" in err.getvalue()


def test_r_share_12_cli_queue_puts_the_nightly_scan_on_the_jobs_queue(
    two_hits, django_capture_on_commit_callbacks
):
    """The nightly cron line `jiuzhu warnings scan --queue --as admin` only queues; the worker scans."""
    from jiuzhu.jobs.models import Job
    from jiuzhu.jobs.queue import work
    from jiuzhu.supervision.cli import main
    from jiuzhu.supervision.models import RiskWarning

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        assert main(["scan", "--queue", "--as", "admin", "--rule", "departed_still_paid"], stdout=out) == 0
    job = Job.objects.get(pk=json.loads(out.getvalue())["job"])
    assert job.status == "queued" and not RiskWarning.objects.exists()
    work(batch=True)
    job.refresh_from_db()
    assert job.status == "done" and job.result["opened"] == 2 and RiskWarning.objects.count() == 2
    err = io.StringIO()
    assert main(["scan", "--queue", "--as", "auditor"], stdout=io.StringIO(), stderr=err) == 2
    assert "审计人员" in err.getvalue() and Job.objects.count() == 1
