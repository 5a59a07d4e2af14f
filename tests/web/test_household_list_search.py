"""Household list: search by name, ID number (full or last digits), number, region; masking; paging."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiuzhu.registry.actions import do_close_household
from jiuzhu.registry.documents import to_document


def _numbers(client, **query):
    page = client.get(reverse("household_list"), query)
    assert page.status_code == 200
    return [h.number for h in page.context["page"].items]


def test_search_by_name_id_number_household_number_and_region(as_user, make_household):
    a = make_household("110113001001")
    b = make_household("110113001002", members=3)
    c = make_household("110113002001", area_type="rural")
    id_b2 = to_document(b)["members"][1]["id_number"]
    client = as_user("sy_approver")
    assert _numbers(client) == [c.number, b.number, a.number]  # newest first
    assert _numbers(client, name="张三") == [b.number]  # any member's name
    assert _numbers(client, id_number=id_b2) == [b.number]  # full ID number
    assert _numbers(client, id_number=id_b2[-6:]) == [b.number]  # last digits
    assert _numbers(client, id_number=id_b2.lower()[-4:]) == [b.number]
    assert _numbers(client, id_number="abc") == []
    assert _numbers(client, number=a.number) == [a.number]
    assert _numbers(client, number=a.number[-6:]) == [a.number]
    assert _numbers(client, region="110113001") == [b.number, a.number]
    assert _numbers(client, region="110113001002") == [b.number]
    assert _numbers(client, area_type="rural") == [c.number]
    assert _numbers(client, name="张建国", region="110113002") == [c.number]


def test_closed_households_are_listed_on_request(as_user, make_household):
    a = make_household()
    b = make_household()
    do_close_household(None, a, "迁出")
    client = as_user("sy_worker")
    assert _numbers(client) == [b.number]
    assert _numbers(client, status="closed") == [a.number]
    assert _numbers(client, status="all") == [b.number, a.number]


def test_hardship_filter(as_user, make_household):
    make_household()
    deep = make_household(union={"worker": "m1", "hardship_category": "deep"})
    client = as_user("sy_worker")
    assert _numbers(client, hardship="any") == [deep.number]
    assert _numbers(client, hardship="deep") == [deep.number]
    assert _numbers(client, hardship="relative") == []


def test_list_masks_id_numbers_and_phone_numbers(as_user, make_household):
    household = make_household(phone="13800138000")
    applicant_id = to_document(household)["members"][0]["id_number"]
    for username in ("sy_worker", "sy_approver", "auditor"):
        body = as_user(username).get(reverse("household_list")).content.decode()
        assert applicant_id not in body
        assert applicant_id[:6] + "********" + applicant_id[-4:] in body
        assert "13800138000" not in body and "138****8000" in body
        assert "张建国" in body  # names in full for staff


def test_keyset_pages_walk_forward_and_back(as_user, make_household, monkeypatch):
    from jiuzhu.web.views import households

    monkeypatch.setattr(households, "PAGE_SIZE", 2)
    made = [make_household().number for _ in range(5)][::-1]  # newest first
    client = as_user("sy_worker")
    first = client.get(reverse("household_list")).context["page"]
    assert [h.number for h in first.items] == made[:2] and first.prev_before is None
    second = client.get(reverse("household_list"), {"after": first.next_after}).context["page"]
    assert [h.number for h in second.items] == made[2:4]
    third = client.get(reverse("household_list"), {"after": second.next_after}).context["page"]
    assert [h.number for h in third.items] == made[4:] and third.next_after is None
    back = client.get(reverse("household_list"), {"before": third.prev_before}).context["page"]
    assert [h.number for h in back.items] == made[2:4]
    back = client.get(reverse("household_list"), {"before": back.prev_before}).context["page"]
    assert [h.number for h in back.items] == made[:2] and back.prev_before is None
    # the search is kept in the page links
    body = client.get(reverse("household_list"), {"name": "张"}).content.decode()
    assert f"name=%E5%BC%A0&amp;after={first.next_after}" in body


def test_list_takes_a_fixed_number_of_queries(as_user, make_household):
    client = as_user("sy_worker")
    make_household()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("household_list"))
    for _ in range(4):
        make_household(union={"worker": "m1", "hardship_category": "deep"})
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("household_list"))
    assert len(more) == len(few)
    # one COUNT: the total of the filtered list (共 N 户, issue 10), none per row
    assert sum("COUNT(" in q["sql"].upper() for q in more.captured_queries) == 1
