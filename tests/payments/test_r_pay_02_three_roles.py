"""R-PAY-02, R-SUP-12: civil affairs fixes who gets what (made by a worker, confirmed by an approver who did not
make it), finance allocates, the bank pays; each step a status change naming the user and the role."""

from __future__ import annotations

import datetime as dt

import pytest

from jiuzhu.core.models import AuditEvent, StatusChange
from jiuzhu.payments import rosters as r
from jiuzhu.payments.bankfiles import do_bank_file
from jiuzhu.payments.models import Claim, Roster, RosterLine

pytestmark = pytest.mark.django_db
AUG = dt.date(2026, 8, 1)


@pytest.fixture
def roster(active_case, worker):
    active_case(AUG)
    active_case(AUG)
    return r.do_make(worker, "dibao", "2026-08", "110113")


def test_r_pay_02_the_steps_in_order_each_by_its_role(roster, worker, approver, finance, tmp_path):
    with pytest.raises(r.Refused, match="角色"):
        r.do_confirm(worker, roster)
    with pytest.raises(r.Refused, match="角色"):
        r.do_confirm(finance, roster)
    with pytest.raises(r.TransitionRefused, match="当前状态为“编制中”，不能执行“核拨资金”"):
        r.do_allocate(finance, roster)  # not confirmed yet
    r.do_confirm(approver, roster)
    with pytest.raises(r.Refused, match="角色"):
        r.do_allocate(approver, roster)
    with pytest.raises(r.Refused, match="资金核拨后"):
        do_bank_file(finance, roster, tmp_path / "f.csv")
    r.do_allocate(finance, roster)
    do_bank_file(finance, roster, tmp_path / "f.csv")
    roster.refresh_from_db()
    assert roster.status == Roster.Status.SENT


def test_r_sup_12_every_step_stores_the_user_and_role(roster, approver, finance, tmp_path):
    r.do_confirm(approver, roster)
    r.do_allocate(finance, roster)
    do_bank_file(finance, roster, tmp_path / "f.csv")
    rows = StatusChange.objects.filter(object_type="payments.roster", object_id=str(roster.pk)).order_by("id")
    assert [(s.to_status, s.actor.username, s.actor_role) for s in rows] == [
        ("draft", "sy_worker", "case_worker"),
        ("confirmed", "sy_approver", "approver"),
        ("allocated", "sy_finance", "finance"),
        ("sent", "sy_finance", "finance"),
    ]
    actions = set(
        AuditEvent.objects.filter(object_type="payments.roster").values_list("action", "actor_role")
    )
    assert {("payments.roster.make", "case_worker"), ("payments.roster.bank_file", "finance")} <= actions


def test_r_pay_02_the_maker_does_not_confirm(active_case, approver, users):
    active_case(AUG)
    mine = r.do_make(approver, "dibao", "2026-08", "110113")  # an approver may make a roster...
    with pytest.raises(r.Refused, match="编制与确认不能为同一人"):
        r.do_confirm(approver, mine)  # ...but then another approver confirms it


def test_r_pay_02_a_worker_who_added_lines_is_a_maker_too(active_case, worker, approver):
    active_case(AUG)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    active_case(AUG)
    again = r.do_make(approver, "dibao", "2026-08", "110113")  # adds the new case: the approver made it too
    assert again.pk == roster.pk and again.lines.count() == 2
    with pytest.raises(r.Refused, match="编制与确认不能为同一人"):
        r.do_confirm(approver, roster)


def test_a_roster_outside_the_users_region_is_refused(active_case, users):
    active_case(AUG)
    with pytest.raises(r.Refused, match="管辖范围"):
        r.do_make(users["cy_worker"], "dibao", "2026-08", "110113")


def test_a_township_worker_adds_his_townships_cases_to_the_county_roster(active_case, worker, users):
    from django.contrib.auth import get_user_model

    gm = get_user_model().objects.create_user(
        "gm_worker",
        role="case_worker",
        region=users["sy_worker"].region.parent.children.get(code="110113002"),
    )
    mine = active_case(AUG)
    other = active_case(AUG, region="110113002001", by=gm)  # 光明街道, not sy_worker's
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    assert set(roster.lines.values_list("case_id", flat=True)) == {mine.pk}
    county = r.do_make(users["sy_approver"], "dibao", "2026-08", "110113")
    assert county.pk == roster.pk
    assert set(roster.lines.values_list("case_id", flat=True)) == {mine.pk, other.pk}


def test_cancel_releases_the_claims_and_a_new_roster_pays_the_cases(roster, worker, approver):
    cases = set(roster.lines.values_list("case_id", flat=True))
    r.do_cancel(approver, roster, "名单有误，重新编制")
    roster.refresh_from_db()
    assert roster.status == Roster.Status.CANCELLED
    assert not Claim.objects.filter(line__roster=roster).exists()
    assert set(roster.lines.values_list("status", flat=True)) == {RosterLine.Status.CANCELLED}
    new = r.do_make(worker, "dibao", "2026-08", "110113")
    assert new.pk != roster.pk and set(new.lines.values_list("case_id", flat=True)) == cases


def test_a_confirmed_roster_takes_no_more_lines(roster, active_case, worker, approver):
    r.do_confirm(approver, roster)
    active_case(AUG)
    again = r.do_make(worker, "dibao", "2026-08", "110113")
    assert again.pk == roster.pk and again.status == Roster.Status.CONFIRMED and again.lines.count() == 2


def test_wrong_programme_period_and_region_are_named(worker):
    with pytest.raises(r.Refused, match="未知的发放项目“pension”"):
        r.do_make(worker, "pension", "2026-08", "110113")
    with pytest.raises(r.Refused, match="格式应为YYYY-MM"):
        r.do_make(worker, "dibao", "2026-13", "110113")
    with pytest.raises(r.Refused, match="未找到行政区划“999999”"):
        r.do_make(worker, "dibao", "2026-08", "999999")
