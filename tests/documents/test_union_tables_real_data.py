"""R-DOC-15 / R-DOC-16 printed from the stored union records: UnionAidPayment and WarmthVisit.

A union (and the unions below it) and a year or month; PDF and XLSX; 404 outside the user's union subtree.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from jiuzhu.archives import actions as a
from jiuzhu.core.models import UnionOrg
from jiuzhu.documents.links import documents_for
from jiuzhu.registry.actions import do_create_household
from tests.documents.demo import full_household_doc, pdf_text, squash
from tests.factories import new_id


@pytest.fixture
def union_users(users):
    from django.contrib.auth import get_user_model

    User = get_user_model()

    def make(username, role, code):
        return User.objects.create_user(
            username, role=role, union_org=UnionOrg.objects.get(code=code), first_name=username
        )

    return {
        "base": make("b01_worker", "case_worker", "U110113-B01"),
        "higher": make("sy_union", "approver", "U110113"),
        "centre": users["union_worker"],  # 顺义区困难职工帮扶中心: serves 顺义区总工会's subtree
        "other": make("cy_union", "case_worker", "U110105"),
    }


@pytest.fixture
def archive(demo, union_users):
    """An active archive filed by 顺义某汽车零部件公司工会 for 张建国 (the hardship worker)."""
    u = union_users
    doc = full_household_doc(
        union_org="U110113-B01",
        union={"worker": "m1", "employer": "顺义某汽车零部件公司", "hardship_category": "deep"},
    )
    household = do_create_household(None, doc)
    archive = a.do_open_archive(u["base"], household, {"category": "deep", "investigation": "丈夫重病"})
    a.do_record_investigation(
        u["base"], archive, {"verification": "data_comparison", "verification_note": "比对一致"}
    )
    archive = a.do_submit(u["base"], archive)
    archive = a.do_review_pass(u["higher"], archive, "复核通过")
    archive = a.do_file(u["centre"], archive)
    return a.do_activate(u["centre"], archive)


def pay(user, household, amount, paid_on, project="living"):
    data = {
        "project": project,
        "amount": amount,
        "fund_source": "central",
        "method": "cash",
        "cash_reason": "one_off",
        "paid_on": paid_on,
    }
    if project == "medical":
        data["self_paid_share"] = amount
    return a.do_pay(user, household, data)


def warmth(user, household, amount, visited_on, recipient="张建国", id_number=None):
    return a.do_warmth_visit(
        user,
        household,
        {
            "visited_on": visited_on,
            "visitors": "王主席、李干事",
            "occasion": "spring_festival",
            "condolence": amount,
            "recipient": recipient,
            "work_unit": "顺义某汽车零部件公司",
            "basic_situation": "本人重病，配偶残疾",
            "contact": "13800138000",
            "id_number": id_number or new_id(),
            "handler": "李干事",
        },
    )


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def org(code: str) -> UnionOrg:
    return UnionOrg.objects.get(code=code)


def test_r_doc_15_payout_sheet_of_a_union_year_from_payments(archive, union_users, tmp_path):
    hh = archive.household
    worker = hh.worker.worker
    pay(union_users["base"], hh, "2000.00", "2026-01-20")
    pay(union_users["base"], hh, "1500.50", "2026-02-03", project="medical")
    pay(union_users["base"], hh, "777.00", "2025-12-30")  # another year: not on the 2026 sheet
    url = f"/documents/union_payment/union/{org('U110113').pk}/2026.pdf"
    response = login(union_users["centre"]).get(url)  # the help centre prints its union's subtree
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = squash(pdf_text(response.content, tmp_path))
    for value in (
        "工会帮扶资金实名制发放表",
        "顺义区总工会",
        "2026年",
        worker.name,
        worker.id_number,
        "生活救助",
        "医疗救助",
        "2000.00",
        "1500.50",
        "3500.50",  # 2000.00 + 1500.50
        "2026-01-20",
        "2026-02-03",
        "b01_worker",  # the handler who entered the payment
        "领取人签字（盖章）",
    ):
        assert value in text, value
    assert "777.00" not in text


def test_r_doc_15_payout_sheet_of_one_month_as_xlsx(archive, union_users):
    hh = archive.household
    pay(union_users["base"], hh, "2000.00", "2026-01-20")
    pay(union_users["base"], hh, "300.00", "2026-02-03")
    url = f"/documents/union_payment/union/{org('U110113-B01').pk}/2026-01.xlsx"
    response = login(union_users["base"]).get(url)
    assert response.status_code == 200 and response.content[:2] == b"PK"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c for c in row] for row in sheet.iter_rows(min_row=4, values_only=True)]
    worker = hh.worker.worker
    assert rows[0] == [worker.name, worker.id_number, "生活救助", "2000.00", "2026-01-20", "b01_worker", None]
    assert len(rows) == 2 and rows[1][0] == "合计"  # February's 300.00 is not in January


def test_r_doc_16_warmth_table_from_visits(archive, union_users, tmp_path):
    hh = archive.household
    number = new_id(birth=dt.date(1970, 1, 1))
    warmth(union_users["base"], hh, "1000.00", "2026-01-25", id_number=number)
    warmth(union_users["base"], hh, "0", "2026-01-26", recipient="李秀英")  # a visit without money
    url = f"/documents/warmth/union/{org('U110113').pk}/2026-01.pdf"
    text = squash(pdf_text(login(union_users["higher"]).get(url).content, tmp_path))
    for value in (
        "送温暖资金实名制发放表",
        "2026年1月",
        "张建国",
        "顺义某汽车零部件公司",
        "本人重病，配偶残疾",
        "13800138000",
        number,
        "1000.00",
        "经办人签字",
    ):
        assert value in text, value
    assert "李秀英" not in text  # not a payout: left off the real-name payout table
    xlsx = login(union_users["higher"]).get(url.replace(".pdf", ".xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    header = [c.value for c in sheet[3]]
    assert header == ["姓名", "工作单位", "基本情况", "联系方式", "身份证号码", "金额（元）", "经办人签字"]
    assert [c.value for c in sheet[4]][:6] == [
        "张建国",
        "顺义某汽车零部件公司",
        "本人重病，配偶残疾",
        "13800138000",
        number,
        "1000.00",
    ]


def test_union_tables_outside_the_union_subtree_are_404(archive, union_users):
    pay(union_users["base"], archive.household, "2000.00", "2026-01-20")
    url = f"/documents/union_payment/union/{org('U110113').pk}/2026.pdf"
    assert login(union_users["other"]).get(url).status_code == 404  # 朝阳区总工会
    assert login(union_users["base"]).get(url).status_code == 404  # a base union: not its parent
    from django.contrib.auth import get_user_model

    sy_worker = get_user_model().objects.get(username="sy_worker")  # a region user, no union
    assert login(sy_worker).get(url).status_code == 404
    for bad in ("2026-13", "26", "2026-1"):
        bad_url = f"/documents/union_payment/union/{org('U110113').pk}/{bad}.pdf"
        assert login(union_users["higher"]).get(bad_url).status_code == 404
    assert login(union_users["higher"]).get(url.replace("union_payment", "fj3")).status_code == 404


def test_union_table_of_an_empty_period_says_so(archive, union_users):
    response = login(union_users["higher"]).get(f"/documents/warmth/union/{org('U110113').pk}/2025.pdf")
    assert response.status_code == 422
    assert "顺义区总工会2025年的发放记录（本期没有记录）" in response.content.decode()


def test_archive_links_offer_the_archive_form_and_union_tables(archive, union_users):
    from django.utils import timezone

    year = timezone.localdate().year
    links = [(d["kind"], d["format"], d["url"]) for d in documents_for(archive)]
    filing = org("U110113-B01").pk
    assert links == [
        ("union_archive", "PDF", f"/documents/union_archive/{archive.household_id}.pdf"),
        ("union_archive", "DOCX", f"/documents/union_archive/{archive.household_id}.docx"),
        ("union_notice", "PDF", f"/documents/union_notice/archive/{archive.pk}/{year}.pdf"),  # R-DOC-17
        ("union_notice", "DOCX", f"/documents/union_notice/archive/{archive.pk}/{year}.docx"),
        ("union_payment", "PDF", f"/documents/union_payment/union/{filing}/{year}.pdf"),
        ("union_payment", "XLSX", f"/documents/union_payment/union/{filing}/{year}.xlsx"),
        ("warmth", "PDF", f"/documents/warmth/union/{filing}/{year}.pdf"),
        ("warmth", "XLSX", f"/documents/warmth/union/{filing}/{year}.xlsx"),
        ("central_summary", "PDF", f"/documents/central_summary/union/{filing}/{year}.pdf"),  # R-DOC-14
        ("central_summary", "XLSX", f"/documents/central_summary/union/{filing}/{year}.xlsx"),
    ]
    # the help centre opens the archive form of a household filed by a union below its parent
    response = login(union_users["centre"]).get(links[0][2])
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert login(union_users["other"]).get(links[0][2]).status_code == 404
    assert [d["kind"] for d in documents_for(org("U110113"))] == [
        "union_payment",
        "union_payment",
        "warmth",
        "warmth",
        "central_summary",
        "central_summary",
    ]


def test_r_doc_13_archive_form_carries_the_archives_number_union_and_category(archive, union_users, tmp_path):
    """Once the union has opened the household's archive, the form shows the archive's number (not the
    household's), the filing union and the archive's current category."""
    from jiuzhu.archives.models import Archive
    from jiuzhu.documents.context import household_context, load_household, worker_context
    from jiuzhu.documents.render import render_pdf
    from tests.documents.demo import pdf_text, squash

    Archive.objects.filter(pk=archive.pk).update(category="relative")  # as after a reclassification
    hh = load_household(archive.household_id)
    ctx = {"household": household_context(hh), "worker": worker_context(hh)}
    assert ctx["worker"]["archive_number"] == archive.number
    text = squash(pdf_text(render_pdf("union_archive", ctx), tmp_path))
    assert archive.number in text and "顺义某汽车零部件公司工会" in text and "相对困难" in text
