"""Deadlines passed without the step being done: 低保 dynamic reviews (R-FLOW-13), delivery of notices (OP-17),
the next step after publicity (R-FLOW-07), union archive reviews (R-FLOW-29)."""

import datetime as dt

import pytest

from jiuzhu.core.workflow import close_deadlines, open_deadline

from .conftest import TODAY

pytestmark = pytest.mark.django_db
LATE, DUE_TODAY = TODAY - dt.timedelta(days=7), TODAY


def test_r_flow_13_review_overdue(case_row, found):
    app, ontime, met = case_row("active"), case_row("active"), case_row("active")
    d = open_deadline(app, "dynamic_review", "低保动态管理入户复核（每6个月）", LATE)
    open_deadline(ontime, "dynamic_review", "低保动态管理入户复核（每6个月）", DUE_TODAY)  # not yet late
    open_deadline(met, "dynamic_review", "低保动态管理入户复核（每6个月）", LATE)
    close_deadlines(met)
    assert found("review_overdue") == [
        (f"dl:{d.pk}", app.household_id, "“低保动态管理入户复核（每6个月）”期限为2026-11-30，已逾期7天")
    ]


def test_op_17_delivery_and_r_flow_07_publicity_overdue(case_row, found):
    app = case_row("township_opinion")
    dl = open_deadline(app, "delivery:9", "登记送达日期：停发通知书（2026年第3号）", LATE)
    pub = open_deadline(app, "publicity_review", "审核公示期满（附件5）", LATE)
    open_deadline(app, "appeal:9", "申请复查期限：…", LATE)  # another kind: not these rules
    assert [s for s, _h, _d in found("delivery_overdue")] == [f"dl:{dl.pk}"]
    assert [s for s, _h, _d in found("publicity_overdue")] == [f"dl:{pub.pk}"]


def test_r_flow_29_union_archive_review_overdue(archive_at, found):
    archive = archive_at("active")
    # activation opens the review a year ahead: not late
    assert found("archive_review_overdue") == []
    d = open_deadline(archive, "archive.review", "困难职工档案复核（深度困难每年一次）", LATE)
    assert [(s, h) for s, h, _d in found("archive_review_overdue")] == [(f"dl:{d.pk}", archive.household_id)]
