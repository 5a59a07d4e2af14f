"""附件5 and 附件8: every household of a township/county on one list, names and ID numbers masked per province."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from jiuzhu.core.models import Region
from jiuzhu.documents.actions import do_set_masking_rule
from jiuzhu.documents.masking import Masker
from jiuzhu.documents.office import render_xlsx
from jiuzhu.documents.procedure import publicity_context
from jiuzhu.documents.render import render_pdf
from tests.documents.cases import make_case
from tests.documents.demo import pdf_text, squash


@pytest.fixture
def township_cases(demo):
    a = make_case(status="review_publicity")
    b = make_case(status="review_publicity", region="110113001002")
    other = make_case(status="review_publicity", region="110113002001")  # another township
    return a, b, other


def test_masker_rules():
    assert Masker("keep_first").name("张建国") == "张**"
    assert Masker("keep_first_last").name("张建国") == "张*国"
    assert Masker("keep_first_last").name("张三") == "张*"
    assert Masker("keep_last").name("欧阳娜娜") == "***娜"
    assert Masker(id_rule="hidden").id_number("110113198005170013") == ""
    assert Masker(id_rule="first6_last4").id_number("110113198005170013") == "110113********0013"
    assert Masker(id_rule="last4").id_number("110113198005170013") == "**************0013"


def test_r_doc_06_review_publicity_fj5_lists_all_new_households_masked(township_cases, tmp_path):
    township = Region.objects.get(code="110113001")
    ctx = publicity_context(township, "fj5")
    rows = ctx["publicity"]["rows"]
    assert len(rows) == 2  # both villages of the township, not the other township
    text = squash(pdf_text(render_pdf("fj5", ctx), tmp_path))
    assert "新增最低生活保障对象审核公示单" in text
    assert "你村（居）下列家庭申请最低生活保障，现将审核等有关情况予以公示，接受社会监督。" in text
    assert "如有异议，请尽可能提供事实依据，可直接向乡镇政府（街道办事处）反映。" in text
    assert "（公示期为7天）" in text and "010-69441001" in text
    assert "张**、李**、张**" in text and "建新社区" in text and "义宾社区" in text
    assert "张建国" not in text and "李秀英" not in text
    for case in township_cases:
        for m in case.household.members.all():
            assert m.id_number not in text and m.id_number[:14] not in text
    assert "本次所有新增最低生活保障对象的信息都要公示" in text


def test_masking_rule_is_per_province_and_audited(township_cases, tmp_path):
    from jiuzhu.core.models import AuditEvent

    do_set_masking_rule(None, province_code="110000", name_rule="keep_first_last", id_rule="first6_last4")
    assert AuditEvent.objects.filter(action="document_masking_rule").count() == 1
    township = Region.objects.get(code="110113001")
    ctx = publicity_context(township, "fj5")
    assert ctx["publicity"]["rows"][0]["applicant"] == "张*国"
    assert ctx["publicity"]["rows"][0]["applicant_id"].startswith("110113********")
    with pytest.raises(ValueError, match="省级区划代码"):
        do_set_masking_rule(None, province_code="110113", name_rule="keep_first", id_rule="hidden")


def test_r_doc_09_approval_publicity_fj8_county_list(demo, tmp_path):
    make_case(status="approval_publicity")
    make_case(status="approval_publicity", region="110113100201")
    county = Region.objects.get(code="110113")
    ctx = publicity_context(county, "fj8")
    assert len(ctx["publicity"]["rows"]) == 2
    text = squash(pdf_text(render_pdf("fj8", ctx), tmp_path))
    assert "经批准以下家庭纳入最低生活保障范围，现进行公示。" in text
    assert "监督电话：010-69443000" in text
    assert "1050.00" in text and "李桥村" in text and "张**" in text and "张建国" not in text


def test_publicity_list_as_xlsx(township_cases):
    township = Region.objects.get(code="110113001")
    data = render_xlsx("fj5", publicity_context(township, "fj5"))
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "新增最低生活保障对象审核公示单"
    assert [c.value for c in ws[3]][:3] == ["序号", "保障对象姓名", "申请人姓名"]
    assert ws["C4"].value == "张**" and ws.max_row == 5


def test_r_doc_06_publicity_period_is_the_one_the_cases_recorded(township_cases, tmp_path):
    """R-FLOW-07: the review publicity the township recorded (7 days, both ends included) is the period
    printed on 附件5, not the day the list happens to be printed."""
    import datetime as dt

    from jiuzhu.dibao.models import Publicity

    a, b, _other = township_cases
    for case in (a, b):
        Publicity.objects.create(
            application=case, kind="review", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 8)
        )
    ctx = publicity_context(Region.objects.get(code="110113001"), "fj5")
    assert (ctx["publicity"]["starts"]["text"], ctx["publicity"]["ends"]["text"]) == (
        "2026年3月2日",
        "2026年3月8日",
    )
    text = squash(pdf_text(render_pdf("fj5", ctx), tmp_path))
    assert "2026年3月2日" in text and "2026年3月8日" in text
