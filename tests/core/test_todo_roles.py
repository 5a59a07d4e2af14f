"""Who may see the to-do list (/todo/): staff only. Roles with case work (case worker, approver, finance,
administrator) get their list; auditors do no case work and see only the overdue list they supervise;
applicants get 403; anonymous users go to the login page."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from jiuzhu.core import todo
from jiuzhu.core.models import Deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(make_household):
    """An unassigned deadline in 顺义区, due yesterday."""
    household = make_household()
    return Deadline.objects.create(
        object_type="dibao.dibaoapplication",
        object_id="1",
        household=household,
        scope_path=household.region.path,
        kind="x",
        label="逾期待办样例",
        due=timezone.localdate() - dt.timedelta(days=1),
    )


def test_todo_applicant_is_refused(client, make_household):
    household = make_household()
    applicant = get_user_model().objects.create(
        username="zhang", role="applicant", id_number=household.members.first().id_number
    )
    client.force_login(applicant)
    assert client.get("/todo/").status_code == 403
    assert list(todo.worker_list(applicant)) == [] and list(todo.supervisor_list(applicant)) == []


def test_todo_anonymous_goes_to_login(client):
    response = client.get("/todo/")
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("username", ["sy_worker", "sy_approver", "sy_finance", "admin"])
def test_todo_roles_with_case_work_get_their_list(client, users, overdue, username):
    """Each role with case work has its own list; the township's unassigned deadline is the worker's (and
    the administrator's) to act on, the approver sees it as his team's and among the overdue items he
    supervises, finance staff (payments only) do not see it (issue 10)."""
    user = users[username]
    client.force_login(user)
    response = client.get("/todo/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "我的待办" in page and "团队待办" in page
    assert (overdue in todo.worker_list(user)) == (username in ("sy_worker", "admin"))
    assert ("逾期待办样例" in page) == (username != "sy_finance")


def test_todo_auditor_sees_only_the_overdue_list(client, users, overdue):
    auditor = users["auditor"]
    assert list(todo.worker_list(auditor)) == []  # no case work: nothing is his to do
    assert overdue in todo.supervisor_list(auditor)
    client.force_login(auditor)
    response = client.get("/todo/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "我的待办" not in page and "您的角色不办理案件" in page
    assert "辖区内逾期事项" in page and "逾期待办样例" in page


def test_todo_inactive_staff_account_has_no_list(users, overdue):
    worker = users["sy_worker"]
    worker.is_active = False
    assert list(todo.worker_list(worker)) == []
