"""R-FLOW-29 automatic review schedule with the overdue list; R-ELIG-18 / OP-06 脱困, phase-out,
reclassification or removal."""

import datetime as dt

import pytest

from jiuzhu.archives import actions as a
from jiuzhu.core.models import Deadline
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.temporary.localparams import add_months
from tests.factories import set_param


def review_deadline(archive):
    return Deadline.objects.get(
        object_type="archives.archive", object_id=str(archive.pk), kind="archive.review", met_at__isnull=True
    )


def test_r_flow_29_deep_reviewed_yearly_relative_and_accident_every_six_months(archive_at):
    today = dt.date.today()
    assert review_deadline(archive_at("active", "deep")).due == add_months(today, 12)
    assert review_deadline(archive_at("active", "relative")).due == add_months(today, 6)
    assert review_deadline(archive_at("active", "accident")).due == add_months(today, 6)


def test_r_flow_29_overdue_reviews_listed_and_review_reschedules(archive_at, union_users):
    archive = archive_at("active", "relative")
    Deadline.objects.filter(object_id=str(archive.pk), kind="archive.review").update(
        due=dt.date.today() - dt.timedelta(days=1)
    )
    assert list(a.overdue_reviews(union_users["base"])) == [archive]
    assert list(a.overdue_reviews(union_users["other"])) == []
    review = a.do_review(union_users["base"], archive, {"outcome": "unchanged", "note": "情况无变化"})
    assert review.due == dt.date.today() - dt.timedelta(days=1)
    assert list(a.overdue_reviews(union_users["base"])) == []
    assert review_deadline(archive).due == add_months(dt.date.today(), 6)


def record_months(archive, user, above=True, n=6):
    start = add_months(dt.date.today().replace(day=1), -n)
    for k in range(n):
        a.do_record_month(
            user,
            archive,
            {
                "month": add_months(start, k).isoformat(),
                "per_capita_income": "1500.00" if above else "900.00",
                "standard": "1400.00",
            },
        )


def test_r_elig_18_out_of_hardship_after_six_months_above_the_standard(
    archive_at, worker_household, union_users
):
    # The engine's rule (tests/archives/test_out_of_hardship_engine.py): this month as registered (wage
    # 1500.00 > the standard) plus the recorded months before it. This month + 4 = 5: not yet.
    archive = archive_at("active", "deep", household=worker_household("1500.00"))
    record_months(archive, union_users["base"], n=4)
    assert not a.out_of_hardship(archive)
    with pytest.raises(TransitionRefused, match="尚未认定脱困"):
        a.do_start_phase_out(union_users["base"], archive)
    a.do_record_month(
        union_users["base"],
        archive,
        {
            "month": add_months(dt.date.today().replace(day=1), -5).isoformat(),
            "per_capita_income": "1500.00",
            "standard": "1400.00",
        },
    )
    assert a.out_of_hardship(archive)  # this month + 5 = 6


def test_r_elig_18_phase_out_then_reclassified_to_relative(archive_at, worker_household, union_users):
    set_param(
        None,
        region_code="110113",
        key="union_phase_out_months",
        variant="",
        effective_from=dt.date(2026, 1, 1),
        value=3,
    )
    archive = archive_at("active", "deep", household=worker_household())
    record_months(archive, union_users["base"])
    archive = a.do_start_phase_out(union_users["base"], archive)
    assert archive.status == "phase_out" and archive.phase_out_until == add_months(dt.date.today(), 3)
    archive = a.do_end_phase_out(union_users["base"], archive, "relative", "符合相对困难标准")
    assert (archive.status, archive.category) == ("active", "relative")
    assert review_deadline(archive).due == add_months(dt.date.today(), 6)


def test_op_06_phase_out_end_without_new_category_removes_archive(archive_at, union_users):
    set_param(
        None,
        region_code="110113",
        key="union_phase_out_months",
        variant="",
        effective_from=dt.date(2026, 1, 1),
        value=6,
    )
    archive = archive_at("active", "deep")
    a.do_review(union_users["base"], archive, {"outcome": "out_of_hardship"})
    archive = a.do_end_phase_out(
        union_users["base"], a.do_start_phase_out(union_users["base"], archive), None
    )
    assert archive.status == "removed" and archive.retention_until == add_months(dt.date.today(), 120)


def test_r_elig_18_phase_out_length_must_be_configured(archive_at, worker_household, union_users):
    from jiuzhu.core.models import LocalParameter

    # the demo parameters configure it; this county has not (test set-up, not an action)
    LocalParameter.objects.filter(key="union_phase_out_months").delete()
    archive = archive_at("active", "deep", household=worker_household())
    record_months(archive, union_users["base"])
    with pytest.raises(TransitionRefused, match="union_phase_out_months"):
        a.do_start_phase_out(union_users["base"], archive)
