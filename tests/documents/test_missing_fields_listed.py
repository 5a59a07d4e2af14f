"""A bad or incomplete case gives the list of what is missing, in Chinese, not an empty document."""

from __future__ import annotations

import pytest

from jiuzhu.documents.context import household_context, load_household
from jiuzhu.documents.fields import MissingFields
from jiuzhu.documents.render import render_pdf
from jiuzhu.registry.actions import do_create_household
from tests.factories import household_doc


def test_incomplete_case_lists_missing_chinese_fields(demo):
    hh = do_create_household(None, household_doc())  # no ethnicity, no hukou address
    ctx = {"household": household_context(load_household(hh.pk))}
    with pytest.raises(MissingFields) as exc:
        render_pdf("fj3", ctx)
    assert "申请人民族" in exc.value.fields
    assert "户籍地" in exc.value.fields
    assert "《最低生活保障审核审批表》" in str(exc.value)


def test_missing_row_values_are_numbered():
    ctx = {
        "household": {
            "applicant": {"name": "张三"},
            "area_choice": "■城市最低生活保障/□农村最低生活保障",
            "members": [{"name": "张三"}, {"name": ""}],
        }
    }
    with pytest.raises(MissingFields) as exc:
        render_pdf("fj1", ctx)
    assert exc.value.fields == ["共同生活家庭成员姓名（第2行）"]


def test_refusal_without_reason_is_refused():
    ctx = {
        "notice": {
            "number_text": "（2026年第1号）",
            "township": "胜利街道",
            "village": "建新社区",
            "name": "张三",
            "applied": {"text": "2026年1月1日"},
            "reason_text": "",
        }
    }
    with pytest.raises(MissingFields, match="不予批准理由"):
        render_pdf("fj6", ctx)
