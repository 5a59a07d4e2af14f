"""R-RPT-06 temporary assistance to registered-poor and returned-to-poverty households, R-RPT-07 elderly,
disabled and children who left 低保 (脱保) and the active-discovery leads for the missed (漏保), R-RPT-08 the
reform-pilot counties. Hand-worked from cases walked through the real procedures."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jiuzhu.core.models import Region
from jiuzhu.dibao import actions as a
from jiuzhu.dibao.models import DibaoApplication
from jiuzhu.registry.actions import do_create_household
from jiuzhu.temporary.actions import do_approve
from tests.dibao.helpers import to_status
from tests.factories import household_doc, new_id, set_param


def _rows(section) -> dict:
    return {r[0]: r[1:] for r in section["rows"]}


def _family_case(worker, approver, month):
    """Applicant (46), his mother born 1950 (elderly) and a son born 2015 with a disability certificate."""
    doc = household_doc(members=1)
    doc["members"] += [
        {
            "ref": "m2",
            "name": "李秀英",
            "id_number": new_id(birth=dt.date(1950, 3, 1), sex="F"),
            "relation": "parent",
            "co_resident": True,
        },
        {
            "ref": "m3",
            "name": "张小明",
            "id_number": new_id(birth=dt.date(2015, 6, 1)),
            "relation": "child",
            "co_resident": True,
            "disability": {"category": "physical", "grade": 2},
        },
    ]
    household = do_create_household(None, doc)
    app = a.do_create_application(worker, household, applied_on=month)
    return to_status(app, "active", worker, approver, start=month)


def test_r_rpt_06_07_08_monitoring_and_pilot(
    active_case, worker, approver, reviewed_case, township_approver, users, as_user
):
    month = timezone.localdate().replace(day=1)
    kept = active_case(month)
    family = _family_case(worker, approver, month)
    a.do_stop(approver, family, stop_month=month, reason="家庭收入超过低保标准")
    do_approve(township_approver, reviewed_case("2000.00", is_registered_poor=True))
    do_approve(township_approver, reviewed_case("1500.00", is_returned_to_poverty=True))
    do_approve(township_approver, reviewed_case("1000.00"))  # neither
    a.do_record_lead(
        worker,
        region=Region.objects.get(code="110113001"),
        source="staff",
        person_name="王大爷",
        description="独居老人",
    )

    data = as_user("sy_approver").get("/api/reports/monitoring").json()
    poverty = _rows(data["sections"][0])
    assert poverty[f"{month:%Y-%m}"] == [1, "2000.00", 1, "1500.00"]
    assert poverty["期间合计"] == [1, "2000.00", 1, "1500.00"]
    assert data["sections"][0]["requirement"] == "R-RPT-06"
    dropped = _rows(data["sections"][1])
    assert dropped == {"老年人": [1], "残疾人": [1], "未成年人": [1]}
    leads = _rows(data["sections"][2])
    assert leads == {"登记线索": [1], "已跟进": [0], "已提出申请": [0]}

    # R-RPT-08: no pilot county, no row; 顺义 marked as a pilot: its figures
    assert as_user("sy_approver").get("/api/reports/pilot").json()["sections"][0]["rows"] == []
    set_param(
        None,
        region_code="110113",
        key="reform_pilot",
        variant="",
        effective_from=dt.date(2026, 1, 1),
        value=True,
    )
    [row] = as_user("sy_approver").get("/api/reports/pilot").json()["sections"][0]["rows"]
    days = [
        (c.approved_on - c.applied_on).days
        for c in DibaoApplication.objects.filter(pk__in=[kept.pk, family.pk])
    ]
    assert row == [
        "顺义区",
        "2026-01-01",
        1,  # receiving this month: the stopped family is not
        2,
        3,  # temporary assistance approved
        "4500.00",  # 2000.00 + 1500.00 + 1000.00 (no roster paid yet)
        2,
        (sum(days) + 1) // 2,
        1,
    ]
    # another district is not a pilot and sees no row of 顺义
    assert as_user("cy_approver").get("/api/reports/pilot").json()["sections"][0]["rows"] == []
