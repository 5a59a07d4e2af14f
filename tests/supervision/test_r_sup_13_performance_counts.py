"""R-SUP-13: the counts a performance evaluation needs — dibao documents used and deadlines met — per region
subtree and period (supervision.performance.performance_counts, read by the statistics and the API)."""

import datetime as dt

import pytest
from django.utils import timezone

from jiuzhu.core.models import Deadline
from jiuzhu.supervision.performance import performance_counts

pytestmark = pytest.mark.django_db

SHUNYI = "/110000/110100/110113/"


def _deadline(due, met=None, scope=SHUNYI, kind="dibao.review"):
    d = Deadline.objects.create(
        object_type="dibao.dibaoapplication",
        object_id="1",
        scope_path=scope,
        kind=kind,
        label="复核",
        due=due,
    )
    if met:
        Deadline.objects.filter(pk=d.pk).update(
            met_at=timezone.make_aware(dt.datetime.combine(met, dt.time(10, 0)))
        )
    return d


def test_r_sup_13_deadlines_met_on_time_late_overdue_and_open(demo):
    _deadline(dt.date(2026, 11, 10), met=dt.date(2026, 11, 10))  # met on its day: on time
    _deadline(dt.date(2026, 11, 12), met=dt.date(2026, 11, 20))  # met 8 days late
    _deadline(dt.date(2026, 11, 20))  # open, day passed by 2026-12-07: overdue
    _deadline(dt.date(2026, 12, 20), kind="complaint.reply")  # open, not yet due
    _deadline(dt.date(2026, 11, 15), scope="/110000/110100/110105/")  # 朝阳: not in 顺义's counts
    _deadline(dt.date(2026, 10, 31), met=dt.date(2026, 11, 2))  # due before the period
    c = performance_counts(SHUNYI, dt.date(2026, 11, 1), dt.date(2026, 12, 31), today=dt.date(2026, 12, 7))
    assert c["deadlines"] == {"due": 4, "met_on_time": 1, "met_late": 1, "overdue": 1, "open": 1}
    assert c["deadlines_by_kind"]["dibao.review"] == {
        "due": 3,
        "met_on_time": 1,
        "met_late": 1,
        "overdue": 1,
        "open": 0,
    }
    assert c["deadlines_by_kind"]["complaint.reply"]["open"] == 1
    everywhere = performance_counts(
        "", dt.date(2026, 11, 1), dt.date(2026, 12, 31), today=dt.date(2026, 12, 7)
    )
    assert everywhere["deadlines"]["due"] == 5


def test_r_sup_13_dibao_documents_used_in_scope_and_period(active_case):
    shunyi = active_case(dt.date(2026, 8, 1))
    today = timezone.localdate()
    c = performance_counts(SHUNYI, dt.date(2000, 1, 1), today + dt.timedelta(days=400))
    assert c["documents"]["signature"] == shunyi.signatures.count() >= 2  # both adults signed 附件1
    assert c["documents"]["home_visit"] == shunyi.visits.count() >= 1
    assert c["documents"]["publicity"] == shunyi.publicities.count() >= 1
    assert c["documents_total"] == sum(c["documents"].values())
    chaoyang = performance_counts(
        "/110000/110100/110105/", dt.date(2000, 1, 1), today + dt.timedelta(days=400)
    )
    assert chaoyang["documents_total"] == 0  # another district: none of 顺义's documents
    before = performance_counts(SHUNYI, dt.date(2000, 1, 1), dt.date(2000, 12, 31))
    assert before["documents_total"] == 0
