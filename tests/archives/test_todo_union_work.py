"""Issue 10, item 1, union side: union staff see the deadlines without a household in their union subtree (a
union aid roster), and an archive's review or filing is on the to-do list of exactly the users the action
lets through (R-FLOW-26: the next-higher union reviews, a county help centre files, never the preparer)."""

from __future__ import annotations

import pytest

from jiuzhu.archives import actions as a
from jiuzhu.core import todo
from jiuzhu.payments import rosters as r
from jiuzhu.web.worklist import archive_may
from tests.payments.conftest import set_account

pytestmark = pytest.mark.django_db


def mine(user):
    return [w for w in todo.work_items(user) if w.mine]


def team(user):
    return [w for w in todo.work_items(user) if not w.mine]


def test_union_roster_deadline_is_on_the_union_lists_not_civil_affairs(archive_at, union_users, users):
    archive = archive_at()
    h = archive.household
    set_account(union_users["base"], h.applicant)
    paid = a.do_pay(
        union_users["base"],
        h,
        {"project": "living", "amount": "1200.00", "fund_source": "central", "method": "bank"},
    )
    roster = r.do_make(union_users["base"], "union_aid", f"{paid.paid_on:%Y-%m}", "U110113")
    assert roster.union_org.code == "U110113"

    def confirm(items):
        return [w for w in items if w.key == ("payments.roster", str(roster.pk))]

    # a union approver of the union subtree confirms it: his; the help centre's worker sees it as the team's
    assert len(confirm(mine(union_users["higher"]))) == 1
    assert confirm(mine(union_users["centre"])) == [] and len(confirm(team(union_users["centre"]))) == 1
    # civil-affairs staff of the same district and another district's union do not see it at all
    for user in (users["sy_approver"], users["sy_finance"], union_users["other"]):
        assert confirm(todo.work_items(user)) == []


def test_archive_review_and_filing_offered_only_to_who_may_take_them(archive_at, union_users):
    u = union_users
    archive = archive_at("higher_review")
    key = ("archives.archive", str(archive.pk))
    assert [w.label for w in mine(u["higher"]) if w.key == key] == ["上级工会复核通过"]
    for user in (u["base"], u["base2"], u["centre"]):  # the filing union and the help centre do not review
        assert not archive_may(user, archive, "review_pass")
        assert [w for w in mine(user) if w.key == key] == []
    archive = a.do_review_pass(u["higher"], archive, "复核通过")
    assert [w.label for w in mine(u["centre"]) if w.key == key] == ["帮扶中心备案"]
    assert not archive_may(u["higher"], archive, "file")  # the reviewer is no help centre


def test_an_archive_prepared_by_the_help_centre_is_not_filed_by_the_same_person(union_household, union_users):
    """The help centre's own worker opened it: the maker-checker rule refuses him the filing, so his list
    does not offer it (the dead end of issue 10)."""
    centre = union_users["centre"]
    archive = a.do_open_archive(
        centre, union_household(), {"category": "deep", "investigation": "入户调查：夫妻二人，丈夫重病"}
    )
    a.do_record_investigation(
        centre, archive, {"verification": "data_comparison", "verification_note": "与民政数据比对一致"}
    )
    archive = a.do_submit(centre, archive)
    archive = a.do_review_pass(union_users["higher"], archive, "复核通过")
    assert archive.status == "centre_review"
    assert not archive_may(centre, archive, "file")
    with pytest.raises(a.TransitionRefused):
        a.do_file(centre, archive)
