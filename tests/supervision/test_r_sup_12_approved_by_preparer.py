"""R-SUP-12 / R-FLOW-08 (maker-checker): a case approved by the person who prepared it or who made one of the
township's steps; R-SUP-01 / R-SUP-10: approved by a member (or supporter) of the household."""

import datetime as dt

import pytest

from jiuzhu.core.models import StatusChange
from tests.dibao.helpers import to_status

pytestmark = pytest.mark.django_db


def test_r_sup_12_preparer_approves(case_row, approver, found):
    app = case_row("active", created_by=approver, approver=approver)
    assert found("approved_by_preparer") == [
        (f"dibao:{app.pk}", app.household_id, "低保案件的审批人也是该案的经办人")
    ]


def test_r_sup_12_approver_made_the_township_review(case_row, worker, approver, found):
    app = case_row("active", created_by=worker, approver=approver)
    for status, who in (("review_publicity", approver), ("approved", approver)):
        StatusChange.objects.create(
            object_type="dibao.dibaoapplication", object_id=str(app.pk), to_status=status, actor=who
        )
    assert [s for s, _h, _d in found("approved_by_preparer")] == [f"dibao:{app.pk}"]


def test_r_sup_12_the_real_procedure_keeps_them_apart(make_household, worker, approver, found):
    from jiuzhu.dibao.actions import do_create_application

    app = do_create_application(worker, make_household(), applied_on=dt.date(2026, 6, 1))
    to_status(app, "active", worker, approver, start=dt.date(2026, 6, 1))
    assert found("approved_by_preparer") == []


def test_r_sup_01_approver_is_in_the_household(make_household, case_row, approver, found):
    h = make_household()
    approver.id_number = h.members.get(relation="spouse").id_number
    approver.save()
    app = case_row("active", household=h, approver=approver)
    other = case_row("active", approver=approver)
    hits = found("approved_by_relative")
    assert [s for s, _h, _d in hits] == [f"dibao:{app.pk}"] and other.pk != app.pk
