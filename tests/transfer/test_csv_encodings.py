"""CSV as Excel in China saves it: GBK; also UTF-8 with or without BOM and UTF-16 "Unicode text"."""

from __future__ import annotations

import pytest
from transfer_helpers import household_rows, table, to_csv

from jiuzhu.registry.models import Member
from jiuzhu.transfer.actions import do_import_households


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-8", ","), ("gbk", ","), ("gb18030", ","), ("utf-16", "\t")],
)
def test_csv_is_decoded_whatever_excel_saved(encoding, delimiter, users):
    rows = household_rows("1", 姓名="欧阳建华")
    data = to_csv(table(rows), encoding=encoding, delimiter=delimiter)
    result = do_import_households(users["sy_worker"], data)
    assert result.ok, result.report()
    assert result.format == "csv"
    applicant = Member.objects.get(id_number=rows[0]["身份证号码"])
    assert applicant.name == "欧阳建华" and applicant.household.address == "建新社区3号楼"


def test_gbk_csv_with_a_bad_row_reports_it_in_chinese(users, nothing_written):
    rows = household_rows("1")
    rows[1]["健康状况"] = "欠佳"
    with nothing_written():
        result = do_import_households(users["sy_worker"], to_csv(table(rows), encoding="gbk"))
    assert [str(p) for p in result.problems] == [
        "第3行 健康状况: “欠佳”不是有效值，可选：健康、一般、残疾、患病"
    ]


def test_undecodable_csv_is_refused(users, nothing_written):
    with nothing_written():
        result = do_import_households(users["sy_worker"], b"\x81\x30\xff\xfe\x00abc\xff\xff")
    assert [str(p) for p in result.problems] == ["无法识别文件编码：CSV文件应为UTF-8或GBK编码"]


def test_csv_title_row_above_header_is_skipped_and_rows_keep_file_numbers(users):
    rows = household_rows("1")
    rows[1]["婚姻状况"] = "x"
    data = to_csv([["申请家庭经济状况信息表"], *table(rows)])
    result = do_import_households(users["sy_worker"], data)
    assert [str(p) for p in result.problems] == [
        "第4行 婚姻状况: “x”不是有效值，可选：未婚、已婚、离异、丧偶"
    ]
