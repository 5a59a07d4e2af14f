"""R-DOC-17 工会帮扶资金发放告知书: the written notice to a union aid recipient of what was paid in a year or a
month. DEFAULT (R-DOC-17): project, amount, number of payments and the exact time of each; the total; the
recipient; the issuing union and its seal area."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jiuzhu.documents.links import documents_for
from tests.documents.demo import pdf_text, squash
from tests.documents.records import (
    active_archive,
    assert_cjk_embedded,
    docx_text,
    login,
    missing_items,
    pay,
    union_users,
)


@pytest.fixture
def u(users):
    return union_users(users)


@pytest.fixture
def archive(u):
    """张建国's archive, opened by 顺义某汽车零部件公司工会, filed by 顺义区困难职工帮扶中心."""
    return active_archive(u)


@pytest.fixture
def paid(archive, u):
    """Three payments in 2026 (two 生活救助, one 医疗救助) and one in December 2025."""
    hh = archive.household
    pay(u["base"], hh, "2000.00", "2026-01-20")
    pay(u["centre"], hh, "800.50", "2026-02-03", project="medical", fund_source="union_funds")
    pay(u["base"], hh, "1500.00", "2026-04-20", method="cash")
    pay(u["base"], hh, "777.00", "2025-12-30")
    return archive


def url(archive, period: str, fmt: str = "pdf") -> str:
    return f"/documents/union_notice/archive/{archive.pk}/{period}.{fmt}"


def test_r_doc_17_notice_of_a_year_gives_project_amount_count_and_dates(paid, u, tmp_path):
    response = login(u["base"]).get(url(paid, "2026"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert_cjk_embedded(response.content, tmp_path)
    text = squash(pdf_text(response.content, tmp_path))
    for value in (
        "工会帮扶资金发放告知书",
        paid.number,
        "张建国同志",  # the hardship worker of the archive
        "2026年",
        "生活救助",
        "2次",  # 生活救助 paid twice in 2026
        "2026年1月20日2000.00元（银行转账）",
        "2026年4月20日1500.00元（现金）",
        "3500.00",  # 2000.00 + 1500.00
        "医疗救助",
        "1次",
        "2026年2月3日800.50元（银行转账）",
        "3次",  # three payments in all
        "4300.50",  # 3500.00 + 800.50
        "顺义区困难职工帮扶中心",  # the help centre that filed the archive and pays the aid
        "（盖章）",
        "特此告知",
    ):
        assert value in text, value
    assert "777.00" not in text and "2025年12月30日" not in text  # paid in another year
    assert paid.household.worker.worker.id_number not in text  # sent to the person: no ID number


def test_r_doc_17_notice_of_one_month_and_as_docx(paid, u):
    response = login(u["centre"]).get(url(paid, "2026-02", "docx"))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    text = docx_text(response.content)
    for value in (
        "工会帮扶资金发放告知书",
        "张建国",
        "2026年2月",
        "医疗救助",
        "1次",
        "2026年2月3日",
        "800.50",
    ):
        assert value in text, value
    assert "生活救助" not in text and "2000.00" not in text  # January and April are other months


def test_r_doc_17_period_without_payments_lists_what_is_missing(paid, u):
    response = login(u["base"]).get(url(paid, "2026-03"))
    assert response.status_code == 422
    assert missing_items(response) == [f"档案{paid.number}2026年3月的帮扶资金发放记录（本期没有发放）"]


def test_r_doc_17_outside_the_archive_scope_or_bad_period_is_404(paid, u, users):
    assert login(u["other"]).get(url(paid, "2026")).status_code == 404  # 朝阳区总工会
    assert login(u["street"]).get(url(paid, "2026")).status_code == 404  # a sibling base union
    assert login(users["cy_worker"]).get(url(paid, "2026")).status_code == 404
    assert login(u["higher"]).get(url(paid, "2026")).status_code == 200  # the filing union's parent
    for bad in ("2026-13", "26", "2026-1"):
        assert login(u["base"]).get(url(paid, bad)).status_code == 404
    assert login(u["base"]).get(f"/documents/union_notice/{paid.pk}.pdf").status_code == 404
    assert login(u["base"]).get(f"/documents/union_notice/{paid.pk}.docx").status_code == 404


def test_r_doc_17_linked_from_the_archive_page_for_this_year(archive, u):
    year = timezone.localdate().year
    links = [
        (d["kind"], d["format"], d["url"]) for d in documents_for(archive) if d["kind"] == "union_notice"
    ]
    assert links == [
        ("union_notice", "PDF", f"/documents/union_notice/archive/{archive.pk}/{year}.pdf"),
        ("union_notice", "DOCX", f"/documents/union_notice/archive/{archive.pk}/{year}.docx"),
    ]
    page = login(u["base"]).get(f"/archives/{archive.pk}/").content.decode()
    assert f'href="/documents/union_notice/archive/{archive.pk}/{year}.pdf"' in page
