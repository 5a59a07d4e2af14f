"""附件1 签署方式 (R-DOC-02, R-FLOW-02): filled from the dibao signature records; without one, an adult (on the
application date) is printed 未签字, and a household without an application is blank."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from jiuzhu.dibao import actions as d
from jiuzhu.documents.context import load_household
from jiuzhu.documents.procedure import application_form_context
from jiuzhu.documents.render import render_pdf
from jiuzhu.registry.actions import do_create_household
from tests.documents.demo import full_household_doc, pdf_text, squash


@pytest.fixture
def household(demo):
    return load_household(do_create_household(None, full_household_doc()).pk)


def member(household, name):
    return next(m for m in household.members.all() if m.name == name)


def test_r_doc_02_signing_method_from_signature_records(household, users, tmp_path):
    worker = users["sy_worker"]
    app = d.do_create_application(worker, household, applied_on=dt.date(2026, 1, 12), area_type="rural")
    d.do_record_signature(
        worker, app, member=member(household, "张建国"), capacity="self", method="signature"
    )
    d.do_record_signature(
        worker,
        app,
        member=member(household, "李秀英"),
        capacity="self",
        method="fingerprint",
        cannot_write=True,
    )
    d.do_record_signature(
        worker,
        app,
        member=member(household, "张小明"),
        capacity="guardian",
        method="signature",
        guardian_name="张建国",
    )
    ctx = application_form_context(load_household(household.pk))
    assert [(m["name"], m["signature_capacity"]) for m in ctx["household"]["members"]] == [
        ("张建国", "本人签字"),
        ("李秀英", "本人按捺指纹（无书写能力）"),
        ("张小明", "监护人张建国签字"),
    ]
    # the form as printed from the household page: the application's programme and date as well
    client = Client()
    client.force_login(worker)
    response = client.get(f"/documents/fj1/{household.pk}.pdf")
    text = squash(pdf_text(response.content, tmp_path))
    assert "1张建国申请人本人签字" in text
    assert "2李秀英配偶本人按捺指纹（无书写能力）" in text
    assert "3张小明子女监护人张建国签字" in text
    assert "现申请（□城市最低生活保障/■农村最低生活保障）" in text
    assert "申请日期：2026年1月12日" in text


def test_r_flow_02_an_adult_without_a_record_is_printed_not_signed(household, users):
    worker = users["sy_worker"]
    app = d.do_create_application(worker, household, applied_on=dt.date(2026, 1, 12))
    d.do_record_signature(
        worker, app, member=member(household, "张建国"), capacity="self", method="signature"
    )
    rows = application_form_context(load_household(household.pk))["household"]["members"]
    # 李秀英 (spouse) and 张小明 (born 2004-09-01: 21 on 2026-01-12) are adults and have not signed
    assert [m["signature_capacity"] for m in rows] == ["本人签字", "未签字", "未签字"]


def test_r_flow_02_a_minor_on_the_application_date_is_left_blank(household, users):
    """张小明 (born 2004-09-01) was 17 on 2022-01-12: his guardian signs at the township, not shown 未签字."""
    worker = users["sy_worker"]
    app = d.do_create_application(worker, household, applied_on=dt.date(2022, 1, 12))
    d.do_record_signature(
        worker, app, member=member(household, "张建国"), capacity="self", method="signature"
    )
    rows = application_form_context(load_household(household.pk))["household"]["members"]
    assert [m["signature_capacity"] for m in rows] == ["本人签字", "未签字", ""]


def test_r_doc_02_household_without_application_has_blank_signing_column(household, tmp_path):
    ctx = application_form_context(household)
    assert [m["signature_capacity"] for m in ctx["household"]["members"]] == ["", "", ""]
    assert "application" not in ctx
    text = squash(pdf_text(render_pdf("fj1", ctx), tmp_path))
    assert "1张建国申请人2李秀英配偶3张小明子女" in text  # no signing method between the rows
    assert "申请日期：年月日" in text  # left to be written by hand
