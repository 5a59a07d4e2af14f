"""Issue 10, item 1: the to-do list per role and person. Each user sees first what he can act on now (the
county approval for the approver, the township steps of his own cases for the worker, the rosters for
finance), then his team's work with who holds it; households by masked name; steps in words; requirement IDs
only in the title tooltip; each list with its total and a programme/overdue filter."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from jiuzhu.core import todo
from jiuzhu.dibao import actions as a
from jiuzhu.registry.models import mask_name
from tests.dibao.helpers import to_status

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def section(page: str, anchor: str) -> str:
    """The HTML of one list of the page: from its heading to the next heading."""
    start = page.index(f'id="{anchor}"')
    nxt = page.find("<h2", start + 1)
    return page[start : nxt if nxt > 0 else len(page)]


def visible(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def cases(make_household, users):
    """A case held by sy_worker waiting for county approval, and one of his at the home visit."""
    worker = users["sy_worker"]
    at_county = a.do_create_application(worker, make_household())
    to_status(at_county, "county_approval", worker)
    visiting = a.do_create_application(worker, make_household())
    to_status(visiting, "visiting", worker)
    return at_county, visiting


def test_approver_is_shown_the_case_waiting_for_county_approval(cases, users):
    at_county, visiting = cases
    page = client_for(users["sy_approver"]).get("/todo/").content.decode()
    mine, team = section(page, "mine"), section(page, "team")
    assert f'href="/dibao/{at_county.pk}/"' in mine and "审批同意" in mine
    assert mask_name(at_county.household.applicant.name) in visible(mine)
    assert at_county.household.applicant.name not in page  # never the full name
    # the township step of the other case is his team's, held by the worker who opened it
    assert f'href="/dibao/{visiting.pk}/"' in team and f'href="/dibao/{visiting.pk}/"' not in mine
    assert "胜利街道经办人" in visible(team)


def test_worker_has_his_township_steps_and_sees_the_approval_as_the_teams(cases, users):
    at_county, visiting = cases
    page = client_for(users["sy_worker"]).get("/todo/").content.decode()
    mine, team = section(page, "mine"), section(page, "team")
    assert f'href="/dibao/{visiting.pk}/"' in mine and "入户调查完成，转民主评议" in mine
    assert f'href="/dibao/{at_county.pk}/"' in team and "县级审批人" in visible(team)
    # his colleague of the same township: the cases are not his to act on, but his team's
    page2 = client_for(users["sy_worker2"]).get("/todo/").content.decode()
    assert f'href="/dibao/{visiting.pk}/"' not in section(page2, "mine")
    assert f'href="/dibao/{visiting.pk}/"' in section(page2, "team")


def test_finance_is_not_given_township_tasks(cases, users, make_household):
    app = a.do_create_application(users["sy_worker"], make_household())
    to_status(app, "review_publicity", users["sy_worker"])
    a.do_record_objection(users["sy_worker"], app, received_on=timezone.localdate(), content="收入不实")
    assert any(d.kind.startswith("objection:") for d in todo.worker_list(users["sy_worker"]))
    finance = users["sy_finance"]
    assert todo.worker_list(finance) == []
    page = client_for(finance).get("/todo/").content.decode()
    assert "处理公示异议" not in page and f"/dibao/{app.pk}/" not in page
    assert "我的待办" in page and "暂无事项" in section(page, "mine")


def test_no_requirement_id_in_visible_text_only_in_tooltips(cases, users):
    page = client_for(users["sy_worker"]).get("/todo/").content.decode()
    body = page[page.index("<main>") :]
    assert not re.search(r"R-[A-Z]+-\d+|OP-\d+", visible(body))
    assert re.search(r'title="[^"]*R-FLOW-\d+', body)  # the citation is still there, on hover


def test_lists_show_their_total_and_filter_by_programme_and_overdue(cases, users):
    at_county, visiting = cases
    approver = users["sy_approver"]
    c = client_for(approver)
    page = c.get("/todo/").content.decode()
    # hand count: the approver's own list is the one county approval
    assert "共 1 项" in section(page, "mine")
    assert f"/dibao/{at_county.pk}/" not in section(
        c.get("/todo/?programme=temporary").content.decode(), "mine"
    )
    assert "暂无事项" in section(c.get("/todo/?overdue=1").content.decode(), "mine")  # nothing overdue yet


def test_dibao_deadlines_of_county_decisions_go_to_the_approver(cases, users):
    """The end of a phase-out is decided by the county (R-FLOW-14): its deadline is the approver's."""
    at_county, _visiting = cases
    from jiuzhu.core.models import Deadline

    d = Deadline.objects.create(
        object_type="dibao.dibaoapplication",
        object_id=str(at_county.pk),
        household=at_county.household,
        scope_path=at_county.household.region.path,
        kind="phase_out_end",
        label="渐退期届满（3个月），届时停发或重新评估",
        due=timezone.localdate() + dt.timedelta(days=30),
    )
    assert d in todo.worker_list(users["sy_approver"])
    assert d not in todo.worker_list(users["sy_worker"])
