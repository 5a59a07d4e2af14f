"""A help centre (帮扶中心) serves its union's whole subtree (R-FLOW-26: the county centre files the archives
of the unions below the county federation): the same scope on the archive pages, the household pages and
the to-do list."""

from jiuzhu.accounts.scope import union_base, visible_households
from jiuzhu.core import todo


def test_help_centre_sees_the_households_and_deadlines_of_its_unions_subtree(archive_at, union_users):
    archive = archive_at("active")  # filed by U110113-B01, a union below the 顺义 federation
    centre, other = union_users["centre"], union_users["other"]
    assert union_base(centre).code == "U110113"
    assert visible_households(centre).filter(pk=archive.household_id).exists()
    deadlines = {d.pk for d in todo.worker_list(centre)}
    own = {d.pk for d in todo.worker_list(union_users["base"])}
    assert own and own <= deadlines  # the filing union's deadlines are on the centre's list too
    assert not visible_households(other).filter(pk=archive.household_id).exists()
    assert not {d.pk for d in todo.worker_list(other)} & own


def test_a_plain_union_sees_only_its_own_subtree(archive_at, union_users):
    archive = archive_at("active")
    base = union_users["base"]
    assert union_base(base).code == "U110113-B01"
    assert visible_households(base).filter(pk=archive.household_id).exists()
