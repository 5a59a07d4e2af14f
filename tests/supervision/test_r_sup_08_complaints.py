"""R-SUP-08: complaints and reports received by hotline, letter, visit or online, about a household, a case, a
staff member or a fund; assigned, investigated, answered within 20 working days (DEFAULT), closed with the
complainant's feedback; anonymous reports allowed and the reporter's identity protected."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from jiuzhu.core.models import AuditEvent, Deadline
from jiuzhu.core.todo import worker_list
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.supervision import complaints as cp
from jiuzhu.supervision.models import Complaint

pytestmark = pytest.mark.django_db
NOV2 = dt.date(2026, 11, 2)  # a Monday; no holiday until 2026-11-30


def named(**extra):
    return {
        "kind": "report",
        "channel": "hotline",
        "about": "household",
        "region": "110113001",
        "content": "某户家中有小轿车仍领低保",
        "reporter_name": "李秀英",
        "reporter_phone": "13912345678",
        "received_on": NOV2.isoformat(),
        **extra,
    }


def test_r_sup_08_receipt_deadline_in_working_days_and_to_do(worker):
    c = cp.do_receive(worker, named(), today=dt.date(2026, 12, 7))
    # 2026-11-02 + 20 working days: Nov 3–6 (4), 9–13 (9), 16–20 (14), 23–27 (19), 30 (20)
    assert c.reply_due == dt.date(2026, 11, 30)
    assert (
        c.number == f"TS2026-{c.pk:06d}" and c.status == "received" and c.scope_path.endswith("/110113001/")
    )
    d = Deadline.objects.get(object_type="supervision.complaint", object_id=str(c.pk))
    assert (d.kind, d.due, d.working_days, d.cite) == ("complaint.reply", c.reply_due, True, "R-SUP-08")
    assert d in list(worker_list(worker))


def test_r_sup_08_reporter_identity_is_protected(worker, users, client):
    c = cp.do_receive(worker, named(), today=dt.date(2026, 12, 7))
    event = AuditEvent.objects.get(action="supervision.complaint.receive", object_id=str(c.pk))
    text = str(event.after)
    assert "李秀英" not in text and "13912345678" not in text and "某户家中" in text
    client.force_login(users["sy_approver"])  # not the handler: masked
    page = client.get(reverse("supervision:complaint", args=[c.pk])).content.decode()
    assert "李秀英" not in page and "李**" in page and "139****5678" in page
    cp.do_assign(users["sy_approver"], c, worker)
    client.force_login(worker)  # the handler sees the contact to answer
    assert "13912345678" in client.get(reverse("supervision:complaint", args=[c.pk])).content.decode()


def test_r_sup_08_anonymous_reports(worker):
    c = cp.do_receive(worker, named(anonymous="on", reporter_name="王五"), today=dt.date(2026, 12, 7))
    assert c.anonymous and c.reporter_name == "" and c.reporter_masked == "匿名"
    with pytest.raises(IntegrityError), transaction.atomic():  # the database keeps no identity for anonymous
        Complaint.objects.filter(pk=c.pk).update(reporter_phone="13900000000")
    with pytest.raises(TransitionRefused, match="实名反映请填写姓名"):
        cp.do_receive(worker, named(reporter_name=""))


def test_r_sup_08_from_receipt_to_feedback(worker, approver, users):
    c = cp.do_receive(worker, named(), today=dt.date(2026, 12, 7))
    cp.do_assign(approver, c, users["sy_worker2"])
    with pytest.raises(TransitionRefused, match="只有承办人"):
        cp.do_investigate(worker, c)
    handler = users["sy_worker2"]
    cp.do_investigate(handler, c)
    with pytest.raises(TransitionRefused, match="反映是否属实"):
        cp.do_answer(handler, c, findings="入户核实", substantiated=None, reply="已核实")
    cp.do_answer(
        handler,
        c,
        findings="入户核实：车辆为残疾人代步车",
        substantiated=False,
        reply="经核实，该车为残疾人功能性代步工具，不影响低保",
        replied_on=dt.date(2026, 11, 27),
    )
    c.refresh_from_db()
    assert c.status == "answered" and cp.on_time(c) is True
    assert Deadline.objects.get(object_type="supervision.complaint", object_id=str(c.pk)).met_at is not None
    with pytest.raises(TransitionRefused, match="反馈"):
        cp.do_close(handler, c, feedback="")
    cp.do_close(handler, c, feedback="satisfied", note="电话回访")
    c.refresh_from_db()
    assert (c.status, c.feedback) == ("closed", "satisfied")
    steps = list(
        AuditEvent.objects.filter(object_type="supervision.complaint", object_id=str(c.pk))
        .order_by("id")
        .values_list("action", "actor__username")
    )
    assert steps == [
        ("supervision.complaint.receive", "sy_worker"),
        ("complaint.assign", "sy_approver"),
        ("complaint.investigate", "sy_worker2"),
        ("complaint.answer", "sy_worker2"),
        ("complaint.close", "sy_worker2"),
    ]


def test_r_sup_08_anonymous_closed_without_feedback_and_late_answer(worker, approver):
    c = cp.do_receive(worker, named(anonymous="1"), today=dt.date(2026, 12, 7))
    cp.do_assign(approver, c, worker)
    cp.do_investigate(worker, c)
    cp.do_answer(
        worker,
        c,
        findings="核实属实",
        substantiated=True,
        reply="已停发并追回",
        replied_on=dt.date(2026, 12, 1),
    )
    c.refresh_from_db()
    assert cp.on_time(c) is False  # due 2026-11-30
    cp.do_close(worker, c, feedback="satisfied")
    c.refresh_from_db()
    assert c.feedback == "anonymous"


def test_r_sup_08_scope_and_intake_refusals(worker, users):
    with pytest.raises(TransitionRefused, match="管辖范围"):
        cp.do_receive(worker, named(region="110105001"))
    with pytest.raises(TransitionRefused, match="角色"):
        cp.do_receive(users["auditor"], named())
    c = cp.do_receive(worker, named(), today=dt.date(2026, 12, 7))
    assert not cp.visible_complaints(users["cy_worker"]).filter(pk=c.pk).exists()
    with pytest.raises(TransitionRefused, match="辖区"):
        cp.do_assign(users["sy_approver"], c, users["cy_worker"])


def test_r_sup_08_public_pages_without_login(client, demo):
    from jiuzhu.core.models import Region
    from jiuzhu.supervision.models import Hotline

    Hotline.objects.create(
        region=Region.objects.get(code="110113"), kind="supervision", number="010-69440000"
    )
    page = client.get(reverse("supervision:hotlines")).content.decode()
    assert "010-69440000" in page and "监督电话" in page
    r = client.post(
        reverse("supervision:public_report"),
        {
            "region": "110113001",
            "kind": "complaint",
            "about": "staff",
            "staff_name": "某经办人",
            "content": "办理拖延",
            "anonymous": "1",
        },
    )
    assert r.status_code == 200
    c = Complaint.objects.get()
    assert (c.channel, c.anonymous, c.received_by) == (
        "online",
        True,
        None,
    ) and c.number in r.content.decode()


def test_r_flow_07_objections_appear_in_the_same_list(client, users, make_household, worker):
    from jiuzhu.dibao.actions import do_create_application, do_record_objection
    from tests.dibao.helpers import to_status

    app = do_create_application(worker, make_household(), applied_on=dt.date(2026, 6, 1))
    app = to_status(app, "review_publicity", worker, start=dt.date(2026, 6, 1))
    do_record_objection(worker, app, received_on=dt.date(2026, 6, 3), content="邻居反映其子女有稳定收入")
    client.force_login(users["sy_approver"])
    page = client.get(reverse("supervision:complaints")).content.decode()
    assert "邻居反映其子女有稳定收入" in page
