"""Audit pages for auditors and administrators: per household, per user, per period, paginated."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from jiuzhu.core.models import AuditEvent
from jiuzhu.registry.actions import do_update_household
from jiuzhu.registry.documents import to_document


def _items(client, **query):
    page = client.get(reverse("audit_list"), query)
    assert page.status_code == 200
    return page.context["page"].items


def test_events_filtered_by_household_user_action_and_period(as_user, users, make_household):
    a = make_household()
    b = make_household("110113002001")
    doc = to_document(a)
    doc["address"] = "新地址"
    do_update_household(users["sy_worker"], a, doc, note="搬家")
    old = AuditEvent.objects.get(household=b)
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=40))

    client = as_user("auditor")
    assert {e.household_id for e in _items(client)} == {a.pk, b.pk}
    assert [e.action for e in _items(client, household=a.number)] == ["household.update", "household.create"]
    assert [e.household_id for e in _items(client, actor="sy_worker")] == [a.pk]
    assert [e.household_id for e in _items(client, action="household.update")] == [a.pk]
    today = timezone.localdate()
    recent = _items(client, date_from=(today - dt.timedelta(days=7)).isoformat(), date_to=today.isoformat())
    assert b.pk not in {e.household_id for e in recent}
    past = _items(client, date_to=(today - dt.timedelta(days=30)).isoformat())
    assert [e.household_id for e in past] == [b.pk]


def test_event_page_shows_old_and_new_values(as_user, users, make_household):
    household = make_household()
    doc = to_document(household)
    doc["phone"] = "13911112222"
    do_update_household(users["sy_worker"], household, doc, note="电话变更")
    event = AuditEvent.objects.get(household=household, action="household.update")
    body = as_user("auditor").get(reverse("audit_event", args=[event.pk])).content.decode()
    assert "联系电话" in body and "电话变更" in body and "更正家庭信息" in body
    assert "139****2222" in body and "13911112222" not in body  # auditors see phone numbers masked
    body = as_user("admin").get(reverse("audit_event", args=[event.pk])).content.decode()
    assert "13911112222" in body and "13800138000" in body


def test_audit_list_is_paginated(as_user, make_household, monkeypatch):
    from jiuzhu.web.views import audit

    monkeypatch.setattr(audit, "PAGE_SIZE", 2)
    for _ in range(3):
        make_household()
    client = as_user("auditor")
    first = client.get(reverse("audit_list")).context["page"]
    assert len(first.items) == 2 and first.next_after
    second = client.get(reverse("audit_list"), {"after": first.next_after}).context["page"]
    assert len(second.items) >= 1
    assert not {e.pk for e in first.items} & {e.pk for e in second.items}


def test_nav_shows_audit_only_to_auditors(as_user, demo):
    assert "审计日志" in as_user("auditor").get(reverse("dashboard")).content.decode()
    assert "审计日志" not in as_user("sy_worker").get(reverse("dashboard")).content.decode()
