"""附件1, 附件2, 附件9 filled from the registry: every value and the statutory text are real PDF text."""

from __future__ import annotations

import pytest

from jiuzhu.documents.context import household_context, load_household
from jiuzhu.documents.render import render_pdf
from jiuzhu.registry.actions import do_create_household
from tests.documents.demo import full_household_doc, pdf_text, squash


@pytest.fixture
def household(demo):
    hh = do_create_household(None, full_household_doc())
    return load_household(hh.pk)


def test_r_doc_02_application_and_authorisation_fj1(household, tmp_path):
    ctx = {"household": household_context(household)}
    text = squash(pdf_text(render_pdf("fj1", ctx), tmp_path))
    assert "最低生活保障申请及授权书" in text
    assert "本人姓名张建国，现申请（■城市最低生活保障/□农村最低生活保障）" in text
    for name in ("张建国", "李秀英", "张小明"):
        assert name in text
    # statutory sentences, word for word (民办发〔2019〕10号 附件1)
    assert (
        squash(
            "授权有效期从本人提出申请之日起至终止社会救助之日止。"
            "本人及其他共同生活家庭成员保证，所提供的全部信息真实、完整，愿意接受有关部门调查"
        )
        in text
    )
    assert "30天内未向乡镇政府（街道办事处）主动报告" in text
    assert "愿意接受所领取金额1—3倍以内的罚款" in text
    assert "公安、人社、住建、交通、市场监管、税务、自然资源、公积金中心、银行、保险、证券等部门" in text
    assert "无书写能力的家庭成员应当采取按捺指纹的方式" in text


def test_r_doc_03_household_economic_information_fj2(household, tmp_path):
    h = household_context(household)
    text = squash(pdf_text(render_pdf("fj2", {"household": h}), tmp_path))
    assert "申请家庭经济状况信息表" in text
    for value in (
        "张建国",
        "3人",
        "医疗费、子女教育",
        "3200.00",
        "500.00",
        "56.30",
        "自有私房",
        "回迁房",
        "2008年6月",
        "京B12345",
        "五羊WY125",
        "125ml",
        "6800.00",
        "电动自行车一辆",
        "张建华",
        "1200.00",
        "兄弟",
        "肢体残疾2级",
        "登记失业人员",
    ):
        assert value in text, value
    for m in h["members"] + h["obligors"]:
        assert m["id_number"] in text
    assert "近亲属包括配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女" in text


def test_r_doc_10_dynamic_management_record_fj9_blank_blocks(household, tmp_path):
    text = squash(pdf_text(render_pdf("fj9", {"household": household_context(household)}), tmp_path))
    assert "城乡居民最低生活保障对象动态管理记录" in text
    assert text.count("入户时间") == 2 and text.count("调查单位（盖章）") == 2
    assert household.number in text


def test_pdf_embeds_cjk_font(household, tmp_path):
    import shutil
    import subprocess

    pdf = render_pdf("fj1", {"household": household_context(household)})
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdffonts"):
        path = tmp_path / "f.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = [line for line in out.splitlines()[2:] if line.strip()]
        assert rows and all(" yes yes yes " in line for line in rows), out
        assert any("CJK" in line or "Hei" in line for line in rows)
