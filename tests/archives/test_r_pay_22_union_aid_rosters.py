"""Union aid through the payment rosters (issue 9): each aid payment an archive records to be paid by bank
transfer (R-PAY-12) becomes one line of the union subtree's roster for the month it is spent, tagged with its
fund source (R-PAY-22) and paid to the worker's own account (R-PAY-03); cash is not put on a roster; the union
makes, a union approver confirms, union finance allocates (R-PAY-02)."""

from __future__ import annotations

import datetime as dt

import pytest

from jiuzhu.archives import actions as a
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.payments import rosters as r
from tests.payments.conftest import set_account

pytestmark = pytest.mark.django_db


def test_r_pay_22_bank_aid_is_a_roster_line_with_its_fund_source(archive_at, union_users):
    archive = archive_at()
    h = archive.household
    set_account(union_users["base"], h.applicant)
    bank = a.do_pay(
        union_users["base"],
        h,
        {"project": "living", "amount": "1200.00", "fund_source": "central", "method": "bank"},
    )
    a.do_pay(
        union_users["base"],
        h,
        {"project": "education", "amount": "800.00", "fund_source": "donations", "method": "bank"},
    )
    month = f"{bank.paid_on:%Y-%m}"
    roster = r.do_make(union_users["base"], "union_aid", month, "U110113")
    assert roster.union_org.code == "U110113" and roster.region is None
    got = sorted((ln.amount_fen, ln.fund_source, ln.household_id) for ln in roster.lines.all())
    assert got == [(80000, "donations", h.pk), (120000, "central", h.pk)]
    # made again: nothing new; a union approver who did not make it confirms, union finance allocates
    assert r.do_make(union_users["base"], "union_aid", month, "U110113").lines.count() == 2
    with pytest.raises(TransitionRefused, match="编制中"):
        r.do_allocate(union_users["finance"], roster)  # not confirmed yet
    r.do_confirm(union_users["higher"], roster)
    assert r.do_allocate(union_users["finance"], roster).status == "allocated"


def test_r_pay_22_a_civil_affairs_user_cannot_make_a_union_roster(archive_at, users, union_users):
    archive = archive_at()
    set_account(union_users["base"], archive.household.applicant)
    a.do_pay(
        union_users["base"],
        archive.household,
        {"project": "living", "amount": "1200.00", "fund_source": "central", "method": "bank"},
    )
    with pytest.raises(r.Refused):
        r.do_make(users["sy_worker"], "union_aid", f"{dt.date.today():%Y-%m}", "U110113")


def test_r_pay_02_a_union_roster_waits_on_the_union_staffs_todo_list_not_civil_affairs(
    archive_at, users, union_users
):
    from jiuzhu.core.todo import open_deadlines

    archive = archive_at()
    set_account(union_users["base"], archive.household.applicant)
    aid = a.do_pay(
        union_users["base"],
        archive.household,
        {"project": "living", "amount": "1200.00", "fund_source": "central", "method": "bank"},
    )
    roster = r.do_make(union_users["base"], "union_aid", f"{aid.paid_on:%Y-%m}", "U110113")

    def entries(user, kind):
        return [d for d in open_deadlines(user) if d.object_id == str(roster.pk) and d.kind == kind]

    assert len(entries(union_users["higher"], "roster_confirm")) == 1  # the union approver who confirms it
    assert (
        entries(users["sy_approver"], "roster_confirm") == []
    )  # civil affairs of the same county: not theirs
    r.do_confirm(union_users["higher"], roster)
    assert len(entries(union_users["finance"], "roster_allocate")) == 1  # then union finance allocates
    assert entries(users["sy_finance"], "roster_allocate") == []
