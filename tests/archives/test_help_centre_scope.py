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


def test_union_work_on_union_lists_civil_affairs_work_on_region_lists(archive_at, union_users, users):
    """The archive's household lives in 胜利街道 (sy_worker's region) and belongs to a union below 顺义: its
    archive review is union work, on the union staff's list, not on the township case worker's; a 低保 case of
    the same household is civil-affairs work, on the township's list, not on the union's."""
    from jiuzhu.core.workflow import open_deadline
    from jiuzhu.dibao.actions import do_create_application

    archive = archive_at("active")
    union_ids = {d.pk for d in todo.worker_list(union_users["base"])}
    assert union_ids and all(
        d.object_type.startswith("archives.") for d in todo.worker_list(union_users["base"])
    )
    assert not {d.pk for d in todo.worker_list(users["sy_worker"])} & union_ids

    app = do_create_application(users["sy_worker"], archive.household)
    civil = open_deadline(app, "test", "测试期限", archive.activated_on)
    assert civil in todo.worker_list(users["sy_worker"])
    assert civil not in todo.worker_list(union_users["base"]) and civil not in todo.worker_list(
        union_users["centre"]
    )


def test_payment_entry_deadline_links_to_its_archive(archive_at, union_users):
    from jiuzhu.archives import actions as a

    archive = archive_at("active")
    a.do_pay(
        union_users["base"],
        archive.household,
        {"project": "living", "amount": "100.00", "fund_source": "central", "method": "bank"},
    )
    (entry,) = [
        d for d in todo.worker_list(union_users["base"]) if d.object_type == "archives.unionaidpayment"
    ]
    assert todo.link_for(entry) == f"/archives/{archive.pk}/"
