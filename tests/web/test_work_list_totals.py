"""Issue 10, item 1: every work list shows the total of its filtered list (共 N 户 / 件 / 份 / 条), and the
total is exactly the number of rows the pages walk through. Pages of 2 rows here, so that the totals are
checked across several pages; the expected counts are worked from the cases each test makes."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jiuzhu.web import listing
from jiuzhu.web.views import households as household_views


@pytest.fixture(autouse=True)
def _small_pages(monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    monkeypatch.setattr(household_views, "PAGE_SIZE", 2)


def _walk(client, url, unit, **query):
    """All rows reached through the 下一页 links, and the total the first page states."""
    page = client.get(url, query)
    assert page.status_code == 200
    found = re.search(r'<p id="count">共 (\d+) ' + unit + "</p>", page.content.decode())
    assert found, "no total on the page"
    total = int(found.group(1))
    rows = []
    while True:
        rows += [x.pk for x in page.context["page"].items]
        after = page.context["page"].next_after
        if after is None:
            break
        page = client.get(url, {**query, "after": after})
    assert len(rows) == len(set(rows))
    return total, rows


def test_household_list_total_matches_the_rows_of_every_page(as_user, make_household):
    for region in ("110113001001", "110113001002", "110113002001", "110105001001"):
        make_household(region)
    client = as_user("sy_approver")  # 顺义区: three of the four
    url = reverse("household_list")
    assert _walk(client, url, "户")[0] == 3 and len(_walk(client, url, "户")[1]) == 3
    total, rows = _walk(client, url, "户", region="110113001")
    assert (total, len(rows)) == (2, 2)
    total, rows = _walk(client, url, "户", area_type="rural")
    assert total == len(rows)


def test_dibao_list_total_and_filters(as_user, make_household, users):
    from jiuzhu.dibao.actions import do_create_application

    worker = users["sy_worker"]
    apps = [do_create_application(worker, make_household(r)) for r in ("110113001001", "110113001002")]
    do_create_application(users["cy_worker"], make_household("110105001001"))  # another county
    client = as_user("sy_approver")
    url = reverse("dibao:list")
    total, rows = _walk(client, url, "件")
    assert total == 2 and sorted(rows) == sorted(a.pk for a in apps)
    assert _walk(client, url, "件", region="110113001002") == (1, [apps[1].pk])
    assert _walk(client, url, "件", number=apps[0].household.number) == (1, [apps[0].pk])
    assert _walk(client, url, "件", status="approved") == (0, [])
    assert _walk(client, url, "件", region="110105001")[0] == 0  # outside the scope: nothing
    # a made-up status filters nothing out rather than hiding everything
    assert _walk(client, url, "件", status="nonsense")[0] == 2


def test_temporary_list_total_and_filters(as_user, make_household, users):
    from jiuzhu.temporary.actions import do_create_case

    fields = {"event_kind": "fire", "event_date": "2026-11-01", "severity": "moderate", "loss": "20000.00"}
    worker = users["sy_worker"]
    made = [
        do_create_case(worker, make_household(), {**fields, "case_type": "emergency"}),
        do_create_case(worker, make_household(), {**fields, "case_type": "emergency"}),
        do_create_case(
            worker, make_household(), {**fields, "case_type": "expenditure", "event_kind": "medical_spending"}
        ),
    ]
    client = as_user("sy_worker")
    url = reverse("temporary:list")
    total, rows = _walk(client, url, "件")
    assert total == 3 and sorted(rows) == sorted(c.pk for c in made)
    assert _walk(client, url, "件", case_type="expenditure") == (1, [made[2].pk])
    assert _walk(client, url, "件", number=made[1].number) == (1, [made[1].pk])
    assert _walk(client, url, "件", status="closed") == (0, [])
    assert _walk(client, url, "件", region="110113001")[0] == 3


def test_archive_list_total_and_filters(as_user, make_household, users):
    from jiuzhu.archives.actions import do_open_archive

    centre = users["union_worker"]  # the help centre opens archives of its own union's households here
    made = [
        do_open_archive(
            centre, make_household(union_org="U110113-HC"), {"category": cat, "investigation": "入户调查"}
        )
        for cat in ("deep", "deep", "relative")
    ]
    client = as_user("union_worker")
    url = reverse("archives:list")
    total, rows = _walk(client, url, "份")
    assert total == 3 and sorted(rows) == sorted(x.pk for x in made)
    assert _walk(client, url, "份", category="relative") == (1, [made[2].pk])
    assert _walk(client, url, "份", number=made[0].number) == (1, [made[0].pk])
    assert _walk(client, url, "份", union="U110113-HC")[0] == 3
    assert _walk(client, url, "份", union="U110105")[0] == 0  # another district's union: outside


def test_leads_and_overdue_reviews_show_their_totals(as_user, users):
    from jiuzhu.core.models import Region
    from jiuzhu.dibao.actions import do_record_lead

    for name in ("王一", "王二", "王三"):
        do_record_lead(
            users["sy_worker"],
            region=Region.objects.get(code="110113001"),
            source="staff",
            person_name=name,
            description="独居老人",
            id_number="",
        )
    client = as_user("sy_worker")
    assert _walk(client, reverse("dibao:leads"), "条")[0] == 3
    assert _walk(client, reverse("dibao:leads"), "条", open="1")[0] == 3
    assert _walk(client, reverse("dibao:overdue_reviews"), "户") == (0, [])


def test_a_refused_lead_keeps_what_was_typed(as_user):
    page = as_user("sy_worker").post(
        reverse("dibao:leads"),
        {"region": "999", "source": "staff", "person_name": "王五", "description": "长段说明"},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="王五"' in html and "长段说明</textarea>" in html
