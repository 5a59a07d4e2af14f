"""R-DOC-01: a province replaces a form by a template file; it is checked, audited, and used for that province."""

from __future__ import annotations

import pytest

from jiuzhu.core.models import AuditEvent
from jiuzhu.documents.actions import TemplateRejected, do_deactivate_template, do_upload_template
from jiuzhu.documents.models import TemplateOverride
from jiuzhu.documents.procedure import notice_context
from jiuzhu.documents.render import render_html
from tests.documents.cases import make_case, make_notice

GOOD = """{% load documents %}<h1>北京市最低生活保障不予批准决定书</h1>
<p>{{ notice.number_text }}</p><p>{{ notice.township }}{{ notice.village }}{{ notice.name }}：</p>
<p>您于{{ notice.applied.text }}提交的申请，经审核不予批准。若不服本告知书，可自收到本告知书之日起 15 日内向本单位提出复查申请。</p>"""
MISSING_NAME = GOOD.replace("{{ notice.name }}", "")


def test_r_doc_01_incomplete_template_is_refused_with_missing_fields(demo):
    with pytest.raises(TemplateRejected) as exc:
        do_upload_template(None, province_code="110000", kind="fj6", source=MISSING_NAME.encode())
    assert exc.value.problems == ["模板缺少字段：申请人姓名"]
    assert not TemplateOverride.objects.exists()


def test_r_doc_01_syntax_error_is_refused(demo):
    with pytest.raises(TemplateRejected, match="模板语法错误"):
        do_upload_template(None, province_code="110000", kind="fj6", source="{% if %}")


def test_r_doc_01_province_template_used_and_audited(demo, users):
    admin = users["admin"]
    override = do_upload_template(admin, province_code="110000", kind="fj6", source=GOOD, filename="fj6.html")
    assert override.active
    events = AuditEvent.objects.filter(object_type="documents.templateoverride").values_list(
        "action", flat=True
    )
    assert set(events) == {"document_template_upload", "document_template_activate"}
    notice = make_notice(make_case(), "refusal")
    html = render_html("fj6", notice_context(notice), province_code="110000")
    assert "北京市最低生活保障不予批准决定书" in html
    # another province still prints the national template
    assert "申请最低生活保障不予批准告知书" in render_html(
        "fj6", notice_context(notice), province_code="130000"
    )
    # a second upload replaces the first; deactivating returns to the national template
    second = do_upload_template(
        admin, province_code="110000", kind="fj6", source=GOOD.replace("北京市", "京")
    )
    override.refresh_from_db()
    assert not override.active and second.active
    do_deactivate_template(admin, second)
    assert "申请最低生活保障不予批准告知书" in render_html(
        "fj6", notice_context(notice), province_code="110000"
    )


def test_every_builtin_template_passes_its_own_check():
    from pathlib import Path

    from jiuzhu.documents.kinds import KINDS
    from jiuzhu.documents.render import check_template

    base = Path(__file__).resolve().parents[2] / "jiuzhu" / "documents" / "templates" / "documents"
    for code in KINDS:
        assert check_template(code, (base / f"{code}.html").read_text(encoding="utf-8")) == [], code
