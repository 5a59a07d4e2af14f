"""Scope (404 outside the subtree), the to-do list, and nothing ever deleted."""

import datetime as dt

import pytest
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from jiuzhu.core import todo
from jiuzhu.core.models import AuditEvent, Deadline, StatusChange
from jiuzhu.dibao import actions as a
from jiuzhu.dibao.models import DibaoApplication
from tests.dibao.helpers import to_status

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_case_outside_subtree_is_not_found_for_actions(application, users):
    other = users["cy_worker"]  # 朝阳区 worker, the case is in 顺义区
    with pytest.raises(a.NotInScope):
        a.do_submit(other, application)
    with pytest.raises(a.NotInScope):
        a.do_create_application(users["cy_worker"], application.household)


def test_case_outside_subtree_is_404_on_pages(client, application, users):
    client.force_login(users["cy_worker"])
    assert client.get(f"/dibao/{application.pk}/").status_code == 404
    assert client.post(f"/dibao/{application.pk}/steps/withdraw/", {"reason": "x"}).status_code == 404
    assert str(application.pk) not in client.get("/dibao/").content.decode().split("#")[-1][:5]
    client.force_login(users["sy_worker"])
    assert client.get(f"/dibao/{application.pk}/").status_code == 200


def test_withdrawn_case_stays_with_its_history(application, worker):
    to_status(application, "visiting", worker)
    a.do_withdraw(worker, application, reason="申请人外出务工，主动撤回")
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert application.signatures.count() == 2 and application.verifications.count() == 11
    changes = StatusChange.objects.filter(object_type="dibao.dibaoapplication", object_id=str(application.pk))
    assert list(changes.values_list("to_status", flat=True))[-1] == "withdrawn"
    assert AuditEvent.objects.filter(
        action="dibaoapplication.withdraw", object_id=str(application.pk)
    ).exists()
    with pytest.raises(a.TransitionRefused):
        a.do_submit(worker, application)
    # a new application may follow, the old one stays
    again = a.do_create_application(worker, application.household)
    assert DibaoApplication.objects.filter(household=application.household).count() == 2
    assert again.pk != application.pk


def test_nothing_is_deleted_records_are_protected(application, worker):
    to_status(application, "verifying", worker)
    with pytest.raises(ProtectedError):
        application.household.delete()
    with pytest.raises(ProtectedError):
        application.delete()  # its signatures protect it


def test_todo_worker_list_shows_open_deadlines_in_scope(application, worker, users):
    to_status(application, "review_publicity", worker)
    mine = list(todo.worker_list(worker))
    assert [d.kind for d in mine] == ["publicity_review"]
    assert todo.link_for(mine[0]) == f"/dibao/{application.pk}/"
    assert list(todo.worker_list(users["cy_worker"])) == []  # outside his subtree
    # an unassigned deadline of any procedure appears too (generic over object_type)
    Deadline.objects.create(
        object_type="temporary.case",
        object_id="7",
        household=application.household,
        scope_path=application.household.region.path,
        kind="x",
        label="其他程序",
        due=TODAY(),
    )
    assert {d.kind for d in todo.worker_list(worker)} == {"publicity_review", "x"}
    # assigned to another worker: not on his list
    other = users["sy_worker2"]
    assert {d.kind for d in todo.worker_list(other)} == {"x"}


def test_todo_supervisor_list_shows_overdue_in_subtree(application, worker, approver, users):
    to_status(application, "review_publicity", worker)
    due = Deadline.objects.get(kind="publicity_review")
    assert list(todo.supervisor_list(approver, today=due.due)) == []
    assert [d.pk for d in todo.supervisor_list(approver, today=due.due + dt.timedelta(days=1))] == [due.pk]
    assert list(todo.supervisor_list(worker, today=due.due + dt.timedelta(days=1))) == []  # not a supervisor
    assert list(todo.supervisor_list(users["cy_approver"], today=due.due + dt.timedelta(days=1))) == []


def test_todo_page_links_rows_to_case(client, application, worker):
    to_status(application, "review_publicity", worker)
    client.force_login(worker)
    page = client.get("/todo/").content.decode()
    assert f'href="/dibao/{application.pk}/"' in page and "审核公示期满" in page


def test_case_page_names_every_logged_action_and_status(client, application, worker, approver):
    """The case page's history and log are for people: each audit action of a case walked to payment is
    shown by its step's name, each status by its name, not by its code."""
    from jiuzhu.dibao.views import audit_label

    to_status(application, "active", worker, approver)
    actions = set(AuditEvent.objects.filter(household=application.household).values_list("action", flat=True))
    # and the records of later steps, named as the actions write them
    actions |= {
        "dibao.delivery",
        "dibao.change_reported",
        "dibao.appeal",
        "dibao.appeal_decided",
        "dibao.lead",
    }
    actions |= {"dibao.dynamic_visit", "dibao.job_offer", "dibao.job_refusal_decision", "dibao.notice"}
    unnamed = {x for x in actions if x.startswith(("dibao.", "dibaoapplication.")) and audit_label(x) == x}
    assert not unnamed
    client.force_login(worker)
    page = client.get(f"/dibao/{application.pk}/").content.decode()
    history = page[page.index('id="history"') :]
    assert "审批同意" in page and "<td>county_approval</td>" not in history and "县级审批" in history
