"""R-REG-09: a temporary-assistance case records the applicant (household or individual), the type, the event
class, the event's date and place, the applicant's hukou place and the six statuses
[民发〔2018〕23号 二(一); 民发〔2019〕87号 二、四]."""

import datetime as dt

import pytest

from jiuzhu.core.models import AuditEvent
from jiuzhu.temporary.actions import Invalid, do_create_case
from jiuzhu.temporary.models import TemporaryCase

STATUSES = (
    "is_dibao",
    "is_tekun",
    "is_registered_poor",
    "is_disaster_affected",
    "is_returned_to_poverty",
    "is_hrss_subsidy",
)


def _data(**extra):
    data = {
        "case_type": "emergency",
        "event_kind": "traffic_accident",
        "event_date": "2026-10-03",
        "event_place": "顺义区府前街",
        "hukou_place": "河北省三河市",
        "severity": "severe",
        "loss": "8000.00",
    }
    data.update(extra)
    return data


def test_r_reg_09_every_part_of_the_record_is_kept(make_household, users):
    household = make_household()
    case = do_create_case(
        users["sy_worker"], household, _data(applicant_is_individual=True, **{s: True for s in STATUSES})
    )
    case = TemporaryCase.objects.get(pk=case.pk)
    assert case.household == household
    assert case.applicant_is_individual is True
    assert case.case_type == "emergency"
    assert case.event_kind == "traffic_accident"
    assert case.event_date == dt.date(2026, 10, 3)
    assert case.event_place == "顺义区府前街"
    assert case.hukou_place == "河北省三河市"
    for status in STATUSES:
        assert getattr(case, status) is True, status
    assert AuditEvent.objects.filter(action="temporarycase.create", object_id=str(case.pk)).count() == 1


def test_r_reg_09_household_applicant_and_statuses_default_to_no(make_household, users):
    case = do_create_case(
        users["sy_worker"],
        make_household(),
        _data(case_type="expenditure", event_kind="education_spending", is_tekun=True),
    )
    case.refresh_from_db()
    assert case.applicant_is_individual is False
    assert case.case_type == "expenditure" and case.event_kind == "education_spending"
    assert [s for s in STATUSES if getattr(case, s)] == ["is_tekun"]


@pytest.mark.parametrize(
    "field,value",
    [
        ("case_type", "urgent"),
        ("event_kind", "flood_of_paper"),
        ("event_date", "2026-13-01"),
        ("event_date", ""),
    ],
)
def test_r_reg_09_bad_type_event_class_or_date_is_refused_naming_the_field(
    make_household, users, field, value
):
    household = make_household()
    with pytest.raises(Invalid) as e:
        do_create_case(users["sy_worker"], household, _data(**{field: value}))
    assert e.value.field == field
    assert TemporaryCase.objects.count() == 0


def test_r_reg_09_registered_poor_household_is_recorded_as_such(make_household, users):
    household = make_household(flags={"registered_poor": True})
    case = do_create_case(users["sy_worker"], household, _data())
    case.refresh_from_db()
    assert case.is_registered_poor is True
