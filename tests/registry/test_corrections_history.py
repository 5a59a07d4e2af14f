"""Corrections keep their history: who changed what, when, old and new value (issue 2 items 5 and 7)."""

from jiuzhu.core.models import AuditEvent
from jiuzhu.registry.actions import do_update_household
from jiuzhu.registry.documents import to_document


def test_create_writes_one_audit_event_with_the_document(make_household):
    household = make_household()
    event = AuditEvent.objects.get(household=household)
    assert event.action == "household.create"
    assert event.after["members[0].name"] == "张建国"


def test_correction_records_actor_old_and_new_value(make_household, users):
    household = make_household()
    worker = users["sy_worker"]
    doc = to_document(household)
    doc["members"][0]["incomes"][0]["amount"] = "2100.00"
    do_update_household(worker, household, doc, note="工资证明更新")
    event = AuditEvent.objects.filter(household=household, action="household.update").get()
    assert event.actor == worker
    assert event.actor_role == "case_worker"
    assert event.before == {"members[0].incomes[0].amount": "1800.00"}
    assert event.after == {"members[0].incomes[0].amount": "2100.00"}
    assert event.note == "工资证明更新"


def test_unchanged_save_writes_no_event(make_household):
    household = make_household()
    do_update_household(None, household, to_document(household))
    assert not AuditEvent.objects.filter(household=household, action="household.update").exists()


def test_worker_outside_scope_cannot_write(make_household, users):
    import pytest

    from jiuzhu.registry.documents import ValidationFailed

    household = make_household()
    doc = to_document(household)
    doc["address"] = "x"
    with pytest.raises(ValidationFailed) as e:
        do_update_household(users["cy_worker"], household, doc)
    assert e.value.problems.items == [("region", "不在您的管辖范围内")]
