"""GET /api/audit-events: filters by household, user and time; newest first, paged by cursor."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jiuzhu.core.models import AuditEvent
from tests.api.helpers import problems
from tests.factories import household_doc


def test_filters_by_household_user_and_action(api_as, make_household):
    writer = api_as("sy_worker")
    other = make_household()
    hid = writer.post("/api/households", household_doc()).json()["id"]
    writer.post(f"/api/households/{hid}/close", {"reason": "迁出"})
    auditor = api_as("auditor")

    items = auditor.get("/api/audit-events", {"household": hid}).json()["items"]
    assert [e["action"] for e in items] == ["household.close", "household.create"]
    assert all(e["actor"] == "sy_worker" and e["actor_role"] == "case_worker" for e in items)
    assert items[0]["note"] == "迁出"
    by_user = auditor.get("/api/audit-events", {"user": "sy_worker"}).json()["items"]
    assert {e["household"] for e in by_user} == {hid}
    assert other.pk not in {e["household"] for e in by_user}
    closes = auditor.get("/api/audit-events", {"action": "household.close"}).json()["items"]
    assert [e["household"] for e in closes] == [hid]


def test_filters_by_time(api_as, make_household):
    h = make_household()
    AuditEvent.objects.filter(household=h).update(at=timezone.make_aware(dt.datetime(2026, 3, 15, 10, 0)))
    auditor = api_as("auditor")

    def count(**params):
        return len(auditor.get("/api/audit-events", {"household": h.pk, **params}).json()["items"])

    assert count(since="2026-03-15", until="2026-03-15") == 1  # a date means the whole day
    assert count(since="2026-03-16") == 0
    assert count(until="2026-03-14") == 0
    assert count(since="2026-03-15T09:00", until="2026-03-15T11:00") == 1
    assert count(since="2026-03-15T10:30") == 0
    r = auditor.get("/api/audit-events", {"until": "15/03/2026"})
    assert r.status_code == 422 and "until" in problems(r)


def test_cursor_paging(api_as, make_household):
    for _ in range(5):
        make_household()
    auditor = api_as("auditor")
    all_ids = [e["id"] for e in auditor.get("/api/audit-events", {"limit": 500}).json()["items"]]
    seen, cursor = [], None
    while True:
        body = auditor.get("/api/audit-events", {"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [e["id"] for e in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == all_ids == sorted(all_ids, reverse=True)


def test_token_creation_is_in_the_audit_log(api_as):
    api_as("sy_worker").post("/api/tokens", {"name": "脚本"})
    items = api_as("auditor").get("/api/audit-events", {"action": "api_token."}).json()["items"]
    assert items[0]["action"] == "api_token.create"
    assert items[0]["actor"] == "sy_worker"
    assert items[0]["after"]["name"] == "脚本"
