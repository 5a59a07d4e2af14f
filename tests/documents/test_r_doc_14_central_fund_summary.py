"""R-DOC-14 中央财政专项帮扶资金实名制汇总表 (superseded list, kept as good practice): for a union and a year,
the payments from the central special fund in the union's subtree, one row per household: name, ID number,
projects, number of payments, total. PDF and XLSX, next to the union real-name tables."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from jiuzhu.documents.links import documents_for
from tests.documents.demo import pdf_text, squash
from tests.documents.records import (
    active_archive,
    assert_cjk_embedded,
    login,
    missing_items,
    org,
    pay,
    union_users,
)


@pytest.fixture
def u(users):
    return union_users(users)


@pytest.fixture
def paid(u):
    """Two archives in 顺义区总工会's subtree and one in 朝阳区's, with central and other payments."""
    first = active_archive(u)  # 张建国, 顺义某汽车零部件公司工会
    second = active_archive(u, opener="street", worker="m2", region="110113001002")  # 李秀英, 胜利街道总工会
    a, b = first.household, second.household
    pay(u["base"], a, "2000.00", "2026-01-20")
    pay(u["base"], a, "500.00", "2026-03-01", project="medical")
    pay(u["base"], a, "999.00", "2026-03-02", fund_source="union_funds")  # not the central fund
    pay(u["base"], a, "333.00", "2025-12-30")  # another year
    pay(u["street"], b, "1200.00", "2026-02-10", project="education")
    return {"first": first, "second": second}


def summary_url(code: str, period: str = "2026", fmt: str = "pdf") -> str:
    return f"/documents/central_summary/union/{org(code).pk}/{period}.{fmt}"


def test_r_doc_14_one_row_per_household_of_the_central_fund(paid, u, tmp_path):
    worker_a = paid["first"].household.worker.worker
    worker_b = paid["second"].household.worker.worker
    response = login(u["higher"]).get(summary_url("U110113"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert_cjk_embedded(response.content, tmp_path)
    text = squash(pdf_text(response.content, tmp_path))
    for value in (
        "中央财政专项帮扶资金实名制汇总表",
        "顺义区总工会",
        "2026年",
        "中央财政专项帮扶资金",
        worker_a.name,  # 张建国: 生活救助 2000.00 + 医疗救助 500.00
        worker_a.id_number,  # in full: an internal finance record
        "生活救助、医疗救助",
        "2500.00",
        worker_b.name,  # 李秀英: 助学 1200.00
        worker_b.id_number,
        "助学",
        "1200.00",
        "2户",
        "3700.00",  # 2500.00 + 1200.00
        "制表人",
    ):
        assert value in text, value
    for absent in ("999.00", "333.00", "3699.00"):
        assert absent not in text, absent


def test_r_doc_14_xlsx_rows_and_total(paid, u):
    response = login(u["centre"]).get(summary_url("U110113", fmt="xlsx"))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "中央财政专项帮扶资金实名制汇总表"
    assert sheet["A2"].value == "顺义区总工会　年度：2026年　资金来源：中央财政专项帮扶资金"
    rows = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    a = paid["first"].household.worker.worker
    b = paid["second"].household.worker.worker
    assert rows == [
        ["序号", "姓名", "身份证号码", "帮扶项目", "发放次数", "金额合计（元）"],
        ["1", a.name, a.id_number, "生活救助、医疗救助", "2", "2500.00"],
        ["2", b.name, b.id_number, "助学", "1", "1200.00"],
        ["合计", None, None, None, "3", "3700.00"],
    ]


def test_r_doc_14_a_base_union_sees_its_own_households_only(paid, u, tmp_path):
    response = login(u["street"]).get(summary_url("U110113-001"))
    text = squash(pdf_text(response.content, tmp_path))
    assert paid["second"].household.worker.worker.id_number in text
    assert paid["first"].household.worker.worker.id_number not in text  # filed by another base union
    assert "1户" in text and "1200.00" in text


def test_r_doc_14_scope_period_and_empty_year(paid, u, users):
    assert login(u["other"]).get(summary_url("U110113")).status_code == 404  # 朝阳区总工会
    assert login(u["base"]).get(summary_url("U110113")).status_code == 404  # not its parent's table
    assert login(users["sy_worker"]).get(summary_url("U110113")).status_code == 404  # a region user
    assert login(u["higher"]).get(summary_url("U110113", "2026-01")).status_code == 404  # yearly only
    assert login(u["higher"]).get(summary_url("U110113", "2026-01", "xlsx")).status_code == 404
    response = login(u["higher"]).get(summary_url("U110113", "2024"))
    assert response.status_code == 422
    assert missing_items(response) == ["顺义区总工会2024年的中央财政专项帮扶资金发放记录（本期没有记录）"]
    # a year with payments, none of them from the central fund: the same list, not an empty table
    pay(u["street"], paid["second"].household, "100.00", "2025-06-01", fund_source="union_funds")
    response = login(u["street"]).get(summary_url("U110113-001", "2025"))
    assert response.status_code == 422
    assert missing_items(response) == ["胜利街道总工会2025年的中央财政专项帮扶资金发放记录（本期没有记录）"]


def test_r_doc_14_linked_next_to_the_union_tables(paid, u):
    from django.utils import timezone

    year = timezone.localdate().year
    filing = org("U110113-B01").pk
    links = [(d["kind"], d["format"], d["url"]) for d in documents_for(org("U110113-B01"))]
    assert links[-2:] == [
        ("central_summary", "PDF", f"/documents/central_summary/union/{filing}/{year}.pdf"),
        ("central_summary", "XLSX", f"/documents/central_summary/union/{filing}/{year}.xlsx"),
    ]
    assert [d["kind"] for d in documents_for(paid["first"])][-2:] == ["central_summary", "central_summary"]
