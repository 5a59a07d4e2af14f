"""R-DOC-13/15/16: the hardship-worker archive form, the real-name payout sheet and the 送温暖 table."""

from __future__ import annotations

import datetime as dt

from jiuzhu.documents.context import household_context, load_household, worker_context
from jiuzhu.documents.render import render_pdf
from jiuzhu.documents.union import table_context
from jiuzhu.registry.actions import do_create_household
from tests.documents.demo import full_household_doc, pdf_text, squash
from tests.factories import new_id


def test_r_doc_13_union_archive_form(demo, tmp_path):
    doc = full_household_doc(
        union_org="U110113-HC",
        union={
            "worker": "m1",
            "employer": "顺义区某机械厂",
            "labour_relation_since": "2010-03-01",
            "hardship_category": "deep",
        },
        plan={
            "causes": "本人患重病，配偶残疾",
            "measures": "医疗救助、子女助学",
            "helping_unit": "区总工会",
            "responsible_person": "赵强",
        },
    )
    hh = load_household(do_create_household(None, doc).pk)
    ctx = {"household": household_context(hh), "worker": worker_context(hh)}
    text = squash(pdf_text(render_pdf("union_archive", ctx), tmp_path))
    for value in (
        "困难职工家庭档案表",
        "张建国",
        "顺义区某机械厂",
        "深度困难",
        "本人患重病，配偶残疾",
        "医疗救助、子女助学",
        "区总工会",
        "赵强",
        hh.number,
        ctx["worker"]["id_number"],
    ):
        assert value in text, value


def test_r_doc_15_real_name_payout_sheet(tmp_path):
    ids = [new_id(), new_id(sex="F")]
    ctx = table_context(
        "顺义区总工会帮扶中心",
        [
            {
                "name": "张建国",
                "id_number": ids[0],
                "project": "生活救助",
                "amount_fen": 200000,
                "date": "2026-01-20",
                "handler": "王明",
            },
            {
                "name": "李秀英",
                "id_number": ids[1],
                "project": "医疗救助",
                "amount_fen": 150050,
                "date": "2026-01-20",
                "handler": "王明",
            },
        ],
        period="2026年1月",
    )
    text = squash(pdf_text(render_pdf("union_payment", ctx), tmp_path))
    for value in (
        "工会帮扶资金实名制发放表",
        "张建国",
        "李秀英",
        ids[0],
        ids[1],
        "2000.00",
        "1500.50",
        "3500.50",
        "领取人签字（盖章）",
        "经办人",
    ):
        assert value in text, value


def test_r_doc_16_warmth_real_name_table(tmp_path):
    number = new_id(birth=dt.date(1970, 1, 1))
    ctx = table_context(
        "顺义区总工会",
        [
            {
                "name": "张建国",
                "work_unit": "顺义区某机械厂",
                "situation": "本人重病，家庭困难",
                "contact": "13800138000",
                "id_number": number,
                "amount_fen": 100000,
            },
        ],
        period="2026年春节送温暖",
    )
    text = squash(pdf_text(render_pdf("warmth", ctx), tmp_path))
    for value in (
        "送温暖资金实名制发放表",
        "顺义区某机械厂",
        "本人重病，家庭困难",
        "13800138000",
        number,
        "1000.00",
        "经办人签字",
    ):
        assert value in text, value
