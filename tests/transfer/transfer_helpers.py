"""Building import files in memory (XLSX with openpyxl, CSV in any encoding) for the transfer tests."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools

from jiuzhu.idnumber import make_id_number

_seq = itertools.count(1)

HEADERS = [
    "户编号",
    "地区代码",
    "申请类别",
    "现住址",
    "联系电话",
    "银行存款(元)",
    "姓名",
    "身份证号码",
    "与申请人关系",
    "婚姻状况",
    "健康状况",
    "职业状况",
    "月收入(元)",
]


def pid(sex: str = "M") -> str:
    """A fresh valid ID number, distinct from those of tests/conftest.py."""
    n = next(_seq)
    return make_id_number("110114", dt.date(1975, 3, 1) + dt.timedelta(days=n // 500), n % 500, sex)


def household_rows(key: str = "1", region: str = "110113001001", members: int = 2, **applicant) -> list[dict]:
    rows = [
        {
            "户编号": key,
            "地区代码": region,
            "申请类别": "城市",
            "现住址": "建新社区3号楼",
            "联系电话": "13800138000",
            "银行存款(元)": "2000",
            "姓名": "王建华",
            "身份证号码": pid(),
            "与申请人关系": "申请人",
            "婚姻状况": "已婚",
            "健康状况": "健康",
            "职业状况": "2 在职职工",
            "月收入(元)": "1500",
            **applicant,
        }
    ]
    for i in range(1, members):
        rows.append(
            {
                "户编号": key,
                "姓名": f"刘{'一二三四五六'[i % 6]}",
                "身份证号码": pid("F"),
                "与申请人关系": "配偶" if i == 1 else "子女",
                "健康状况": "一般",
                "职业状况": "5",
            }
        )
    return rows


def table(rows: list[dict], headers: list[str] = HEADERS) -> list[list]:
    return [list(headers)] + [[r.get(h, "") for h in headers] for r in rows]


def to_xlsx(sheets: dict[str, list[list]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append([None if v == "" else v for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_csv(rows: list[list], encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def household_doc(region: str = "110113001001", name: str = "王建华", **extra) -> dict:
    """A household document (jiuzhu/registry/documents.py): applicant and spouse."""
    return {
        "region": region,
        "area_type": "urban",
        "address": "建新社区3号楼",
        "phone": "13800138000",
        "members": [
            {
                "ref": "m1",
                "name": name,
                "id_number": pid(),
                "relation": "applicant",
                "occupation": "employed",
                "incomes": [
                    {"kind": "wage", "amount": "1500.00", "per": "month"},
                    {"kind": "pension", "amount": "12000.00", "per": "year"},
                    {"kind": "scholarship", "amount": "999.00", "per": "month"},
                ],
            },
            {"ref": "m2", "name": "刘芳", "id_number": pid("F"), "relation": "spouse"},
        ],
        **extra,
    }


def read_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True)
    return [list(row) for row in wb.worksheets[0].iter_rows(values_only=True)]
