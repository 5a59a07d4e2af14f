"""Audit-event export for auditors: filters by household, user and period; personal numbers masked."""

from __future__ import annotations

import datetime as dt

import pytest
from transfer_helpers import household_doc, read_xlsx

from jiuzhu.core.models import AuditEvent
from jiuzhu.registry.actions import do_create_household
from jiuzhu.transfer.export import AUDIT_COLUMNS


@pytest.fixture
def events(users):
    a = do_create_household(users["sy_worker"], household_doc("110113001001"))
    b = do_create_household(users["cy_worker"], household_doc("110105001001", name="孙立"))
    return a, b


def _get(client, user, params=None, status=200):
    client.force_login(user)
    response = client.get("/transfer/export/audit.xlsx", params or {})
    assert response.status_code == status
    return read_xlsx(response.content) if status == 200 else response


def test_auditor_exports_events_with_id_numbers_masked(client, users, events):
    a, _b = events
    rows = _get(client, users["auditor"])
    assert rows[0] == [h for h, _w in AUDIT_COLUMNS]
    creates = [r for r in rows[1:] if r[3] == "household.create"]
    assert {r[6] for r in creates} == {e.number for e in events}
    applicant_id = a.members.get(relation="applicant").id_number
    text = "".join(str(r[8]) for r in creates)
    assert applicant_id not in text and applicant_id[:6] + "********" + applicant_id[14:] in text
    assert "13800138000" not in text and "138****8000" in text
    assert isinstance(rows[1][0], dt.datetime)


def test_filters_household_user_and_period(client, users, events):
    a, _b = events
    assert {r[6] for r in _get(client, users["auditor"], {"household": a.number})[1:]} == {a.number}
    assert {r[1] for r in _get(client, users["auditor"], {"user": "cy_worker"})[1:]} == {"cy_worker"}
    assert {r[1] for r in _get(client, users["auditor"], {"actor": "cy_worker"})[1:]} == {"cy_worker"}
    today = dt.date.today()
    assert len(_get(client, users["auditor"], {"start": today.isoformat(), "end": today.isoformat()})) > 2
    assert len(_get(client, users["auditor"], {"end": (today - dt.timedelta(days=2)).isoformat()})) == 1
    assert len(_get(client, users["auditor"], {"date_from": (today + dt.timedelta(days=1)).isoformat()})) == 1
    assert {r[3] for r in _get(client, users["auditor"], {"action": "household"})[1:]} == {"household.create"}


def test_bad_date_is_a_clear_error(client, users, events):
    response = _get(client, users["auditor"], {"start": "2024-13-01"}, status=400)
    assert response.content.decode() == "起始日期“2024-13-01”不是日期（应为YYYY-MM-DD）"


def test_audit_export_is_itself_audited(client, users, events):
    _get(client, users["auditor"], {"user": "sy_worker"})
    event = AuditEvent.objects.get(action="export.audit")
    assert event.after == {"filters": {"actor": "sy_worker"}, "count": 1}


@pytest.mark.parametrize("username", ["sy_worker", "sy_approver", "sy_finance"])
def test_only_auditors_and_admins_export_the_audit_log(client, users, events, username):
    _get(client, users[username], status=403)


def test_admin_sees_full_numbers(client, users, events):
    a, _ = events
    rows = _get(client, users["admin"], {"household": a.number})
    assert a.members.get(relation="applicant").id_number in str(rows[1][8])


def test_auditor_scope_is_his_region(client, users, events, django_user_model):
    from jiuzhu.core.models import Region

    local = django_user_model.objects.create(
        username="sy_auditor", role="auditor", region=Region.objects.get(code="110113")
    )
    numbers = {r[6] for r in _get(client, local)[1:]}
    assert numbers == {events[0].number}
    assert AuditEvent.objects.filter(action="household.create").count() == 2
