"""附件3, 附件4, 附件6, 附件7 and the verification report filled from a demo dibao case."""

from __future__ import annotations

import pytest

from jiuzhu.documents.procedure import case_context, notice_context
from jiuzhu.documents.render import render_pdf
from tests.documents.cases import make_case, make_notice
from tests.documents.demo import pdf_text, squash


@pytest.fixture
def case(demo):
    return make_case()


def test_r_doc_04_review_and_approval_form_fj3(case, tmp_path):
    ctx = case_context(case)
    text = squash(pdf_text(render_pdf("fj3", ctx), tmp_path))
    assert "最低生活保障审核审批表" in text
    for value in (
        "张建国",
        "男",
        "汉族",
        "北京市顺义区胜利街道建新南区3号",
        "建新社区1号楼2单元301",
        "顺义区某机械厂",
        "李秀英",
        "张小明",
        "张建华",
        "1200.00",
        "350.00",
        "1050.00",
    ):
        assert value in text, value
    for m in ctx["household"]["members"] + ctx["household"]["obligors"]:
        assert m["id_number"] in text
    assert "经审核、评议、公示无异议" in text and "拟同意纳入最低生活保障范围" in text
    assert "经审核，同意你乡镇（街道）对" in text and "2026年3月起执行上述救助标准" in text
    assert "城市低保■" in text and "农村低保□" in text
    assert "（7）其他人员（18周岁以下）" in text


def test_r_doc_05_home_visit_form_fj4(case, tmp_path):
    text = squash(pdf_text(render_pdf("fj4", case_context(case)), tmp_path))
    for value in (
        "胜利街道",
        "建新社区",
        "2026年1月20日",
        "张建国",
        "户主患病，配偶肢体残疾",
        "与申报一致",
        "入户调查人员签字（两人以上）",
        "被调查家庭成员代表签字",
        "法定赡（抚、扶）养义务人信息",
    ):
        assert value in text, value
    assert "是否与申请材料一致：是■" in text and "否□" in text


def test_r_doc_07_refusal_notice_fj6_statutory_text(case, tmp_path):
    notice = make_notice(case, "refusal")
    text = squash(pdf_text(render_pdf("fj6", notice_context(notice)), tmp_path))
    assert "申请最低生活保障不予批准告知书" in text
    assert "（2026年第1号）" in text
    for value in (
        "胜利街道",
        "建新社区",
        "张建国",
        "2026年1月12日",
        "1600.00",
        "1320.00",
        "拥有机动车两辆",
        "王明",
    ):
        assert value in text, value
    assert "若不服本告知书，可自收到本告知书之日起15日内向本单位提出复查申请。" in text
    assert "不符合最低生活保障条件，不予批准。" in text
    assert "（本决定书一式三份，县民政局、乡镇政府/街道办事处各留存一份，送达人留存一份）" in text


def test_r_doc_08_change_notice_fj7(case, tmp_path):
    notice = make_notice(case, "change")
    text = squash(pdf_text(render_pdf("fj7", notice_context(notice)), tmp_path))
    assert "最低生活保障金调整（停发）告知书" in text
    assert "因家庭成员张小明就业，您家庭人均月收入发生变化" in text
    assert "最低生活保障金额由原1050.00元/月调整为600.00元/月" in text
    assert "月人均保障金额由350.00元/月调整为200.00元/月" in text
    assert "若不服上述决定，可自收到本告知书之日起60日内申请行政复议。" in text


def test_r_doc_08_stop_notice_fj7(case, tmp_path):
    notice = make_notice(case, "stop")
    text = squash(pdf_text(render_pdf("fj7", notice_context(notice)), tmp_path))
    assert "■停发：从2026年5月起，对您家庭领取的最低生活保障金予以停发。" in text
    assert "停发原因：家庭人均收入超过低保标准" in text


def test_r_doc_11_verification_report(case, tmp_path):
    text = squash(pdf_text(render_pdf("verification", case_context(case)), tmp_path))
    for value in (
        "家庭经济状况核对报告",
        "公安",
        "户籍人口3人",
        "银行",
        "存款合计3200.00元",
        "2026年1月18日",
        "家庭经济状况与申报一致",
    ):
        assert value in text, value
