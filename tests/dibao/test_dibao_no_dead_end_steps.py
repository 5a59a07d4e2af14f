"""Issue 10, item 3, for 低保: the county's 审批同意 and the second review (OP-10) are offered only to a user
the action lets through; otherwise the case page says why in the action's own words (maker-checker,
R-FLOW-08; a near relative's case needs another county reviewer's agreement first, OP-10)."""

from __future__ import annotations

import pytest

from jiuzhu.dibao import actions as a
from tests.dibao.helpers import TODAY, to_status


def _page(client, user, app) -> str:
    client.force_login(user)
    r = client.get(f"/dibao/{app.pk}/")
    assert r.status_code == 200
    return r.content.decode()


def test_the_preparer_of_the_opinion_is_told_he_cannot_approve(client, application, users, approver):
    admin = users["admin"]  # by role he may do both, never on the same case
    to_status(application, "county_approval", admin)
    html = _page(client, admin, application)
    assert 'id="step-approve"' not in html and 'id="not-now"' in html and "经办与审批不能为同一人" in html
    with pytest.raises(a.TransitionRefused, match="经办与审批不能为同一人"):
        a.do_approve(admin, application, payment_start=TODAY())
    html = _page(client, approver, application)
    assert 'id="step-approve"' in html and "经办与审批不能为同一人" not in html


def test_near_relative_case_waits_for_the_second_reviewer(
    client, make_household, worker, approver, approver2
):
    app = a.do_create_application(worker, make_household(near_relative_of_staff=True))
    to_status(app, "county_approval", worker)
    html = _page(client, approver, app)
    assert 'id="step-approve"' not in html and "须另一名县级审核人复核同意后方可审批" in html
    assert 'id="step-second_review"' in html
    a.do_second_review(approver, app, agrees=True)
    html = _page(client, approver, app)  # his own review does not count for his approval
    assert 'id="step-approve"' not in html and 'id="step-second_review"' not in html
    assert "您已复核过该案件" in html and "须另一名县级审核人复核同意后方可审批" in html
    html = _page(client, approver2, app)
    assert 'id="step-approve"' in html
    a.do_approve(approver2, app, payment_start=TODAY())
