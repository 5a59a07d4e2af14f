"""Dashboard: households by programme and region, for the user's subtree (issue 2 item 10)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiuzhu.registry.actions import do_close_household


def _counts(client, **query):
    return client.get(reverse("dashboard"), query).context["counts"]


def test_counts_by_programme_and_region(as_user, make_household):
    make_household("110113001001", members=3)
    make_household("110113001002", area_type="rural")
    make_household("110113002001", union={"worker": "m1", "hardship_category": "deep"})
    make_household("110113002002", union={"worker": "m1", "hardship_category": "relative"}, members=1)
    make_household("110113100201", area_type="rural", union={"worker": "m1"})
    closed = make_household("110113100202")
    do_close_household(None, closed, "迁出")
    make_household("110105001001")  # another county

    counts = _counts(as_user("sy_approver"))  # 顺义区
    t = counts.total.counts
    assert t["households"] == 5  # the closed one and the other county's are not counted
    assert (t["urban"], t["rural"]) == (3, 2)
    assert (t["workers"], t["deep"], t["relative"], t["accident"], t["uncategorised"]) == (3, 1, 1, 0, 1)
    assert t["members"] == 3 + 2 + 2 + 1 + 2
    [county] = counts.counties
    assert county.region.code == "110113"
    towns = {row.region.code: row.counts for row in county.children}
    assert set(towns) == {"110113001", "110113002", "110113100"}
    assert towns["110113001"]["households"] == 2 and towns["110113001"]["members"] == 5
    assert towns["110113002"]["workers"] == 2
    assert towns["110113100"]["rural"] == 1

    # a township worker sees his township only
    counts = _counts(as_user("sy_worker"))
    assert counts.total.counts["households"] == 2
    assert [row.region.code for row in counts.counties[0].children] == ["110113001"]

    # the city-wide auditor sees both counties, and may narrow to one
    counts = _counts(as_user("auditor"))
    assert [c.region.code for c in counts.counties] == ["110105", "110113"]
    assert counts.total.counts["households"] == 6
    narrowed = _counts(as_user("auditor"), region="110113002")
    assert narrowed.total.counts["households"] == 2


def test_counts_take_a_fixed_number_of_queries(as_user, make_household):
    from jiuzhu.reports.snapshot import build

    client = as_user("sy_approver")
    make_household("110113001001")
    build()  # the statistics snapshot is built apart from the page view (it is timed in bench_reports.py)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("dashboard"))
    for code in ("110113001002", "110113002001", "110113100201", "110113002002"):
        make_household(code)
    build()
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("dashboard"))
    assert len(more) == len(few)


def test_dashboard_page_shows_the_numbers(as_user, make_household):
    make_household("110113001001", union={"worker": "m1", "hardship_category": "accident"})
    body = as_user("sy_approver").get(reverse("dashboard")).content.decode()
    for text in ("分地区统计", "顺义区", "胜利街道", "本月享受低保家庭", "其中城市低保", "在档困难职工家庭"):
        assert text in body
