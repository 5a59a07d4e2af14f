"""Warnings on every roster (R-PAY-03, R-PAY-04, R-PAY-05), each on a true and a false case: shown before
confirmation and allocation; a blocking one is resolved with a recorded reason or its line is removed."""

from __future__ import annotations

import datetime as dt

import pytest

from jiuzhu.payments import rosters as r
from jiuzhu.payments.models import LineWarning, StaffAccount, StaffRegisterEntry
from jiuzhu.payments.warnings import do_resolve
from tests.factories import new_id
from tests.payments.conftest import set_account

pytestmark = pytest.mark.django_db
AUG = dt.date(2026, 8, 1)


def kinds(roster):
    return {
        (w.line.case_id, w.kind)
        for w in roster.warnings.filter(resolved_at__isnull=True).select_related("line")
    }


def test_r_pay_03_a_line_without_the_payees_own_account(active_case, worker):
    without, with_ = active_case(AUG, account=False), active_case(AUG)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    assert (without.pk, "no_account") in kinds(roster) and (with_.pk, "no_account") not in kinds(roster)


def test_r_pay_03_the_same_account_on_payees_of_different_households(active_case, worker):
    one, two, three = active_case(AUG), active_case(AUG), active_case(AUG)
    set_account(worker, two.household.applicant, one.household.applicant.account.account_number)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    assert {(one.pk, "shared_account"), (two.pk, "shared_account")} <= kinds(roster)
    assert (three.pk, "shared_account") not in kinds(roster)


def test_r_pay_03_an_account_registered_to_a_staff_member_or_village_cadre(active_case, worker):
    cadre_paid, other = active_case(AUG), active_case(AUG)
    entry = StaffRegisterEntry.objects.create(name="刘村委", id_number=new_id(), kind="village_cadre")
    StaffAccount.objects.create(
        entry=entry, account_number=cadre_paid.household.applicant.account.account_number
    )
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    assert (cadre_paid.pk, "staff_account") in kinds(roster) and (other.pk, "staff_account") not in kinds(
        roster
    )
    detail = roster.warnings.get(kind="staff_account").detail
    assert "村（社区）干部刘**" in detail and "刘村委" not in detail  # masked


def test_r_pay_05_a_payee_no_longer_a_member(active_case, worker):
    from jiuzhu.registry.models import Member

    gone, here = active_case(AUG), active_case(AUG)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    Member.objects.filter(pk=gone.household.applicant.pk).update(active=False)  # recorded as deceased
    from jiuzhu.payments.warnings import scan

    scan(roster)
    assert (gone.pk, "payee_gone") in kinds(roster) and (here.pk, "payee_gone") not in kinds(roster)


def test_r_pay_05_a_case_stopped_after_its_line_was_made(active_case, worker, approver):
    from jiuzhu.dibao.actions import do_stop

    stopped, kept = active_case(AUG), active_case(AUG)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    do_stop(approver, stopped, stop_month=AUG, reason="迁出")
    with pytest.raises(r.Refused, match="1条预警尚未处理"):
        r.do_confirm(approver, roster)
    assert (stopped.pk, "not_payable") in kinds(roster) and (kept.pk, "not_payable") not in kinds(roster)
    assert "自2026-08起停发" in roster.warnings.get(kind="not_payable").detail


def test_r_pay_05_an_amount_different_from_the_decision(active_case, worker, approver):
    from jiuzhu.dibao.actions import do_change_benefit

    changed, kept = active_case(AUG), active_case(AUG)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    do_change_benefit(
        approver, changed, household_fen=90000, per_capita_fen=45000, reason="收入变化", effective_month=AUG
    )
    from jiuzhu.payments.warnings import scan

    scan(roster)
    assert (changed.pk, "amount_differs") in kinds(roster) and (kept.pk, "amount_differs") not in kinds(
        roster
    )
    assert roster.warnings.get(kind="amount_differs").detail == "本明细1000.00元，核定金额现为900.00元"


def test_r_pay_05_the_same_person_paid_in_two_rosters_of_the_same_programme_and_period(
    active_case, worker, approver, users
):
    """A payee moves to another township's household (his former household's case is still paid to him):
    he is on two lines for August."""
    from django.contrib.auth import get_user_model

    from jiuzhu.registry.actions import do_update_household
    from jiuzhu.registry.documents import to_document

    gm = get_user_model().objects.create_user(
        "gm_worker",
        role="case_worker",
        region=users["sy_worker"].region.parent.children.get(code="110113002"),
    )
    first = active_case(AUG)
    first_roster = r.do_make(worker, "dibao", "2026-08", "110113001")
    person = first.household.applicant
    doc = to_document(first.household)
    doc["members"] = [m for m in doc["members"] if m["id_number"] != person.id_number]
    doc["members"][0]["relation"] = "applicant"
    do_update_household(worker, first.household, doc)
    from jiuzhu.dibao.actions import do_create_application
    from jiuzhu.registry.actions import do_create_household
    from tests.dibao.helpers import to_status
    from tests.factories import household_doc

    moved = household_doc(region="110113002001")
    moved["members"][0].update(name=person.name, id_number=person.id_number)
    household = do_create_household(None, moved)
    second = to_status(
        do_create_application(gm, household, applied_on=AUG), "active", gm, approver, start=AUG
    )
    set_account(gm, household.applicant)
    other = r.do_make(gm, "dibao", "2026-08", "110113002")
    assert (second.pk, "paid_elsewhere") in kinds(other)
    assert f"花名册{first_roster.pk}" in other.warnings.get(kind="paid_elsewhere").detail


def test_r_pay_04_an_agent_withdrawing_is_watched_but_does_not_block(active_case, worker, approver):
    app = active_case(AUG)
    set_account(worker, app.household.applicant, agent_name="王监护", agent_id_number=new_id())
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    w = roster.warnings.get(kind="agent")
    assert not w.blocking
    r.do_confirm(approver, roster)  # not blocked


def test_a_warning_resolved_with_a_reason_lets_the_roster_go_on(active_case, worker, approver):
    one, two = active_case(AUG), active_case(AUG)
    set_account(worker, two.household.applicant, one.household.applicant.account.account_number)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    with pytest.raises(r.Refused, match="2条预警"):
        r.do_confirm(approver, roster)
    with pytest.raises(r.Refused, match="处理理由"):
        do_resolve(worker, roster.warnings.all(), "  ")
    do_resolve(worker, roster.warnings.all(), "经入户核实为母子两户共用子女账户，已书面说明")
    w = roster.warnings.first()
    assert (w.resolved_by.username, w.resolution) == (
        "sy_worker",
        "经入户核实为母子两户共用子女账户，已书面说明",
    )
    r.do_confirm(approver, roster)
    assert LineWarning.objects.filter(roster=roster, resolved_at__isnull=False).count() == 2


def test_no_account_is_fixed_in_the_data_or_the_line_is_removed(active_case, worker, approver):
    app = active_case(AUG, account=False)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    with pytest.raises(r.Refused, match="不能以说明理由处理"):
        do_resolve(worker, roster.warnings.all(), "下月补录")
    line = roster.lines.get()
    with pytest.raises(r.Refused, match="仍没有代理金融机构账户"):
        r.do_refresh_account(worker, line)
    set_account(worker, app.household.applicant)
    r.do_refresh_account(worker, line)
    assert not kinds(roster)  # the warning closed itself
    r.do_confirm(approver, roster)


def test_a_removed_line_keeps_its_warning_out_of_the_way_and_is_not_paid(active_case, worker, approver):
    active_case(AUG, account=False)
    active_case(AUG)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    bad = roster.lines.get(account_number="")
    r.do_remove_line(worker, bad, "收款人已去世，待核实")
    r.do_confirm(approver, roster)
    assert r.totals(roster)["count"] == 1
    assert r.do_make(worker, "dibao", "2026-08", "110113").lines.filter(case_id=bad.case_id).count() == 1
