"""DOCX for editing (issue 5 "Formats"): the per-household forms from the same contexts as the PDFs.

Each form is opened with python-docx; every required field's value must be in it, the statutory sentences
word for word, the signature and seal areas blank; the URL has the PDF's scope rules and 422 list.
"""

from __future__ import annotations

import io

import pytest
from django.test import Client
from docx import Document
from docx.oxml.ns import qn

from jiuzhu.documents.context import household_context, load_household, worker_context
from jiuzhu.documents.fields import MissingFields, values_at
from jiuzhu.documents.kinds import KINDS
from jiuzhu.documents.procedure import case_context, dynamic_context, notice_context
from jiuzhu.documents.word import DOCX_TYPE, render_docx
from jiuzhu.registry.actions import do_create_household
from tests.documents.cases import make_case, make_notice
from tests.documents.demo import full_household_doc, squash


def docx_text(data: bytes) -> str:
    """All the text of the document body (paragraphs and every table cell once), without spaces."""
    doc = Document(io.BytesIO(data))
    return squash("".join(t.text or "" for t in doc.element.body.iter(qn("w:t"))))


def cells(data: bytes) -> list[list[str]]:
    """Rows of every table as lists of distinct cells' text (a merged cell counted once)."""
    out = []
    for table in Document(io.BytesIO(data)).tables:
        for row in table.rows:
            seen, texts = set(), []
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    texts.append(squash(cell.text))
            out.append(texts)
    return out


def login(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def case(demo):
    return make_case()


def union_household():
    doc = full_household_doc(
        union_org="U110113-HC",
        union={
            "worker": "m1",
            "employer": "顺义区某机械厂",
            "labour_relation_since": "2010-03-01",
            "hardship_category": "deep",
        },
        plan={"causes": "本人患重病，配偶残疾", "measures": "医疗救助、子女助学"},
    )
    return load_household(do_create_household(None, doc).pk)


def context_for(kind: str, case) -> dict:
    hh = load_household(case.household_id)
    if kind in ("fj3", "fj4", "verification"):
        return case_context(case)
    if kind in ("fj6", "fj7"):
        return notice_context(make_notice(case, "refusal" if kind == "fj6" else "change"))
    if kind == "fj9":
        return dynamic_context(hh)
    if kind == "union_archive":
        hh = union_household()
        return {"household": household_context(hh), "worker": worker_context(hh)}
    return {"household": household_context(hh)}


# Values and sentences each form must show besides its required fields, worked from the demo case
# (tests/documents/cases.py, demo.py) and the templates of 民办发〔2019〕10号.
EXPECTED = {
    "fj1": [
        "最低生活保障申请及授权书",
        "授权有效期从本人提出申请之日起至终止社会救助之日止。",
        "30天内未向乡镇政府（街道办事处）主动报告",
        "愿意接受所领取金额1—3倍以内的罚款",
        "无书写能力的家庭成员应当采取按捺指纹的方式",
        "李秀英",
        "张小明",
    ],
    "fj2": ["医疗费、子女教育", "3200.00", "56.30", "回迁房", "京B12345", "6800.00", "张建华", "肢体残疾2级"],
    "fj3": [
        "经审核、评议、公示无异议",
        "拟同意纳入最低生活保障范围",
        "2026年3月起执行上述救助标准",
        "城市低保■",
        "农村低保□",
        "1050.00",
        "350.00",
        "张建华",
        "1200.00元",
        "（7）其他人员（18周岁以下）",
    ],
    "fj4": [
        "2026年1月20日",
        "户主患病，配偶肢体残疾",
        "是否与申请材料一致：是■",
        "入户调查人员签字（两人以上）",
    ],
    "fj6": [
        "（2026年第1号）",
        "1600.00",
        "1320.00",
        "拥有机动车两辆",
        "不符合最低生活保障条件，不予批准。",
        "若不服本告知书，可自收到本告知书之日起15日内向本单位提出复查申请。",
        "（本决定书一式三份，县民政局、乡镇政府/街道办事处各留存一份，送达人留存一份）",
    ],
    "fj7": [
        "因家庭成员张小明就业，您家庭人均月收入发生变化",
        "最低生活保障金额由原1050.00元/月调整为600.00元/月",
        "月人均保障金额由350.00元/月调整为200.00元/月",
        "若不服上述决定，可自收到本告知书之日起60日内申请行政复议。",
    ],
    "fj9": ["城乡居民最低生活保障对象动态管理记录"],
    "verification": ["户籍人口3人，与申报一致", "存款合计3200.00元", "2026年1月18日", "核对机构（盖章）"],
    "union_archive": ["深度困难", "本人患重病，配偶残疾", "医疗救助、子女助学"],
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_docx_every_field_value_and_statutory_text(case, kind):
    ctx = context_for(kind, case)
    text = docx_text(render_docx(kind, ctx))
    assert squash(KINDS[kind].title) in text
    for path, label in KINDS[kind].required:
        if path in KINDS[kind].data_only:  # checked in the data, printed as a tick or a sentence
            continue
        for row, value in values_at(ctx, path):
            assert squash(str(value)) in text, (label, row, value)
    for expected in EXPECTED[kind]:
        assert squash(expected) in text, expected


def test_docx_only_for_per_household_forms():
    assert {k for k, kind in KINDS.items() if kind.docx} == {
        "fj1",
        "fj2",
        "fj3",
        "fj4",
        "fj6",
        "fj7",
        "fj9",
        "verification",
        "union_archive",
        "union_notice",  # R-DOC-17
        "assist_first",  # R-DOC-18
    }


def test_r_doc_04_signature_and_seal_areas_left_blank(case):
    rows = cells(render_docx("fj3", case_context(case)))
    signing = next(r for r in rows if "经办人签名" in r)
    # (township opinion, merged) | 经办人签名 | blank | 民政办负责人签名 | blank | 领导签名 | blank
    assert signing[1:] == ["经办人签名", "", "民政办负责人签名", "", "领导签名", ""]
    approval = next(r for r in rows if "审核人签名" in r)
    assert approval[1:5] == ["审核人签名", "", "领导签名", ""]
    assert approval[5] == "盖章年月日"  # the seal and a blank date: the county has not approved yet


def test_r_doc_05_home_visit_two_investigators_sign_by_hand(case):
    rows = cells(render_docx("fj4", case_context(case)))
    assert ["入户调查人员签字（两人以上）："] in rows  # the row holds only the label: room to sign
    assert ["以上入户调查填写情况属实：被调查家庭成员代表签字："] in rows


def test_r_doc_02_fj1_signing_table_has_empty_signature_cells(case):
    ctx = {"household": household_context(load_household(case.household_id))}
    rows = cells(render_docx("fj1", ctx))
    members = [r for r in rows if r[0] in ("1", "2", "3")]
    assert [r[1] for r in members] == ["张建国", "李秀英", "张小明"]
    assert all(r[4] == "" for r in members)  # 签字（按捺指纹） is written by hand


def test_docx_is_a4_with_one_household_per_page(case):
    ctx = case_context(case)
    doc = Document(io.BytesIO(render_docx("fj3", [ctx, ctx])))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    breaks = [br for br in doc.element.body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    assert len(breaks) == 1


def test_docx_incomplete_case_raises_the_same_missing_list(demo):
    from tests.factories import household_doc

    hh = load_household(do_create_household(None, household_doc()).pk)
    with pytest.raises(MissingFields) as exc:
        render_docx("fj3", {"household": household_context(hh)})
    assert "申请人民族" in exc.value.fields and "户籍地" in exc.value.fields


def test_docx_url_scope_and_missing_fields(case):
    url = f"/documents/fj3/{case.pk}.docx"
    response = login("sy_worker").get(url)
    assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
    assert "张建国" in docx_text(response.content)
    assert login("cy_worker").get(url).status_code == 404  # another district's worker
    assert login("cy_worker").get(f"/documents/fj1/{case.household_id}.docx").status_code == 404
    assert Client().get(url).status_code == 302  # anonymous: to the login page
    assert login("sy_worker").get(f"/documents/fj5/{case.pk}.docx").status_code == 404  # a list: XLSX
    case.household.members.update(ethnicity="")
    response = login("sy_worker").get(url)
    assert response.status_code == 422 and "申请人民族" in response.content.decode()


def test_r_doc_01_provincial_template_is_used_for_the_docx_too(case, users):
    from jiuzhu.documents.actions import do_upload_template
    from jiuzhu.documents.render import check_template

    source = (
        "{% load documents %}<h1>北京市 申请最低生活保障不予批准告知书</h1><p>{{ notice.number_text }}</p>"
        "<p>{{ notice.township }}{{ notice.village }}{{ notice.name }}：您于{{ notice.applied.text }}提交申请。</p>"
        "<p>若不服本告知书，可自收到本告知书之日起 15 日内向本单位提出复查申请。</p>"
    )
    assert check_template("fj6", source) == []
    do_upload_template(users["admin"], province_code="110000", kind="fj6", source=source)
    notice = make_notice(case, "refusal")
    response = login("sy_approver").get(f"/documents/fj6/{notice.pk}.docx")
    text = docx_text(response.content)
    assert "北京市申请最低生活保障不予批准告知书" in text and "胜利街道建新社区张建国" in text


def test_docx_writer_places_spanned_cells_and_skips_style():
    """The generic writer on a small fragment: a rowspan/colspan grid lands where the HTML puts it."""
    import lxml.html

    from jiuzhu.documents.word import _new_document, _Writer

    fragment = (
        "<style>td { color: red }</style><h1>标题</h1><p class='indent'>正文<span class='filled'>值</span></p>"
        "<table><tr><td rowspan='2'>甲</td><td colspan='2'>乙</td></tr><tr><td>丙</td><td>丁</td></tr>"
        "<tr><td>戊</td><td class='sign'></td><td>己</td></tr></table>"
    )
    doc = _new_document("测试")
    _Writer(doc).blocks(lxml.html.fragment_fromstring(fragment, create_parent="div"))
    out = io.BytesIO()
    doc.save(out)
    data = out.getvalue()
    assert cells(data) == [["甲", "乙"], ["甲", "丙", "丁"], ["戊", "", "己"]]
    text = docx_text(data)
    assert "color" not in text and text.startswith("标题正文值")
    table = Document(io.BytesIO(data)).tables[0]
    assert round(table.rows[2].height.mm) == 12  # a signature row keeps its height
