"""R-FLOW-26 creation (investigation → higher-union review → help-centre filing → reported), R-FLOW-28
verification, refusal and fraud, R-REG-11 one archive per household, R-REG-12 category history,
maker-checker, scope and nothing deleted."""

import datetime as dt

import pytest
from django.http import Http404

from jiuzhu.archives import actions as a
from jiuzhu.archives.models import Archive, CategoryChange
from jiuzhu.core.models import StatusChange
from jiuzhu.core.workflow import TransitionRefused


def statuses(archive):
    return [
        s.to_status
        for s in StatusChange.objects.filter(object_type="archives.archive", object_id=str(archive.pk))
    ]


def test_r_flow_26_investigation_review_filing_at_county_help_centre(archive_at, union_users):
    archive = archive_at("active")
    assert statuses(archive) == ["investigating", "higher_review", "centre_review", "filed", "active"]
    assert archive.filed_at.code == "U110113-HC" and archive.filed_on
    assert archive.union_org.code == "U110113-B01"  # R-REG-13 owner


def test_r_flow_26_review_only_by_the_higher_union(archive_at, union_users):
    archive = archive_at("higher_review")
    with pytest.raises(TransitionRefused, match="上级工会"):
        a.do_review_pass(union_users["base2"], archive)


def test_r_flow_26_filing_only_at_a_help_centre_county_level_or_above(archive_at, union_users):
    archive = archive_at("centre_review")
    with pytest.raises(TransitionRefused, match="县级以上困难职工帮扶中心"):
        a.do_file(union_users["higher"], archive)


def test_r_flow_26_non_compliant_archive_returned_to_filing_union(archive_at, union_users):
    archive = archive_at("centre_review")
    archive = a.do_return(union_users["centre"], archive, "缺少收入证明")
    assert archive.status == "returned" and archive.return_reason == "缺少收入证明"
    archive = a.do_submit(union_users["base"], archive)  # corrected and resubmitted
    assert archive.status == "higher_review"


def test_maker_checker_investigator_does_not_review_own_archive(union_household, union_users):
    from django.contrib.auth import get_user_model

    worker = get_user_model().objects.create_user(
        "sy_union_w", role="case_worker", union_org=union_users["higher"].union_org
    )
    archive = a.do_open_archive(
        worker,
        union_household(),
        {"category": "relative", "investigation": "调查", "union_org": "U110113-001"},
    )
    a.do_record_investigation(worker, archive, {"verification": "data_comparison"})
    archive = a.do_submit(worker, archive)
    with pytest.raises(TransitionRefused, match="经办与审批不能为同一人"):
        a.do_review_pass(worker, archive)
    assert a.do_review_pass(union_users["higher"], archive).status == "centre_review"


def test_r_flow_28_verification_needed_before_submission(archive_at, union_users):
    archive = archive_at("investigating")
    with pytest.raises(TransitionRefused, match="R-FLOW-28"):
        a.do_submit(union_users["base"], archive)


def test_r_flow_28_appraisal_and_publicity_where_comparison_unavailable(archive_at, union_users):
    archive = archive_at("investigating")
    today = dt.date.today()
    a.do_record_investigation(
        union_users["base"],
        archive,
        {
            "verification": "appraisal_publicity",
            "publicity_from": today.isoformat(),
            "publicity_to": (today + dt.timedelta(days=6)).isoformat(),
        },
    )
    with pytest.raises(TransitionRefused, match="公示结束后"):
        a.do_submit(union_users["base"], archive)
    a.do_record_investigation(
        union_users["base"],
        archive,
        {
            "verification": "appraisal_publicity",
            "publicity_from": (today - dt.timedelta(days=8)).isoformat(),
            "publicity_to": (today - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert a.do_submit(union_users["base"], archive).status == "higher_review"


def test_r_flow_28_refusing_investigation_not_archived_for_now(archive_at, union_users):
    archive = a.do_refuse(union_users["base"], archive_at("investigating"), "拒绝提供存款信息")
    assert archive.status == "refused" and "拒绝提供存款信息" in archive.refusal_reason
    # not archived for now: a new archive may be opened later
    assert (
        a.do_open_archive(union_users["base"], archive.household, {"category": "deep"}).status
        == "investigating"
    )


def test_r_flow_28_fraud_cancels_archive_recovers_and_recommends_credit_record(archive_at, union_users):
    archive = a.do_cancel_fraud(
        union_users["centre"],
        archive_at("active"),
        {"reason": "隐瞒房产", "recovery": "6000.00", "credit_recommended": True},
    )
    assert (archive.status, archive.recovery_fen, archive.credit_recommended) == ("cancelled", 600000, True)
    assert Archive.objects.filter(pk=archive.pk).exists()


def test_r_reg_11_one_open_archive_per_household(archive_at, union_users):
    archive = archive_at("filed")
    with pytest.raises(TransitionRefused, match="一户一档案"):
        a.do_open_archive(union_users["base"], archive.household, {"category": "relative"})


def test_r_reg_12_category_history_is_kept(archive_at, union_users):
    archive = archive_at("active", category="relative")
    a.do_review(
        union_users["base"], archive, {"outcome": "category_changed", "new_category": "deep", "note": "重病"}
    )
    archive.refresh_from_db()
    assert archive.category == "deep"
    assert [(c.from_category, c.to_category) for c in CategoryChange.objects.filter(archive=archive)] == [
        ("", "relative"),
        ("relative", "deep"),
    ]


def test_archive_outside_the_union_subtree_is_not_found(archive_at, union_users):
    archive = archive_at("filed")
    with pytest.raises(Http404):
        a.get_archive_or_404(union_users["other"], archive.pk)
    with pytest.raises(Http404):
        a.do_activate(union_users["other"], archive)
    assert (
        a.get_archive_or_404(union_users["centre"], archive.pk) == archive
    )  # the centre serves the district


def test_r_arc_01_removal_starts_ten_year_retention_and_nothing_is_deleted(archive_at, union_users):
    archive = a.do_remove(union_users["base"], archive_at("active"), "已脱困", on=dt.date(2026, 3, 31))
    assert archive.status == "removed" and archive.retention_until == dt.date(2036, 3, 31)
    assert statuses(archive)[-1] == "removed"
    from django.db.models.deletion import ProtectedError

    with pytest.raises(ProtectedError):
        archive.household.delete()
