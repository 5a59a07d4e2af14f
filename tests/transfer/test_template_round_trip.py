"""The downloaded templates, filled in, import as they are (issue 2 item 8)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from transfer_helpers import pid

from jiuzhu.core.models import AuditEvent
from jiuzhu.registry.documents import to_document
from jiuzhu.registry.models import Household
from jiuzhu.transfer.actions import do_import_households
from jiuzhu.transfer.reading import decode_csv


@pytest.fixture
def worker_client(client, users):
    client.force_login(users["sy_worker"])
    return client


def test_xlsx_template_has_sheets_drop_downs_instructions_and_example(worker_client):
    response = worker_client.get("/transfer/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["家庭成员", "房屋", "车辆船舶", "赡养人", "填表说明", "代码表"]
    assert wb["代码表"].sheet_state == "hidden"
    ws = wb["家庭成员"]
    headers = [c.value for c in ws[2]]
    assert headers[:4] == ["户编号", "地区代码", "建档工会代码", "申请类别"]
    assert ws["A3"].value == "示例1" and ws["B3"].value == "110113001001"  # the worker's first community
    health = headers.index("健康状况")
    lists = {
        str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1
        for dv in ws.data_validations.dataValidation
    }
    col = openpyxl.utils.get_column_letter(health + 1)
    assert col in lists
    codes = wb["代码表"]
    ref = lists[col].split("!")[1].replace("$", "")
    assert [row[0].value for row in codes[ref]] == ["健康", "一般", "残疾", "患病"]
    notes = [r[0] for r in wb["填表说明"].iter_rows(values_only=True) if r[0]]
    assert any("近亲属包括配偶、父母、子女" in str(n) for n in notes)


def test_r_doc_03_filled_xlsx_template_imports_households_with_assets_and_obligors(worker_client, users):
    wb = openpyxl.load_workbook(io.BytesIO(worker_client.get("/transfer/template.xlsx").content))
    members = wb["家庭成员"]
    headers = [c.value for c in members[2]]
    example = [[c.value for c in row] for row in members.iter_rows(min_row=3, max_row=5)]
    ids = {}
    for key in ("1", "2"):
        for row in example:
            values = dict(zip(headers, row, strict=True))
            values["户编号"] = key
            ids[(key, values["与申请人关系"])] = values["身份证号码"] = pid(
                "M" if values["姓名"] != "李秀英" else "F"
            )
            members.append([values[h] for h in headers])
    wb["房屋"].append(["1", "建新社区1号楼", 56.8, "自有私房", "自购房", "2005-06"])
    wb["车辆船舶"].append(["2", "摩托车", "张建国", "五羊", "京A1", "125cc", "2018-03-01", 6800])
    obligor = pid()
    wb["赡养人"].append(
        [
            "1",
            "张建军",
            obligor,
            "兄弟",
            ids[("1", "申请人")],
            "110105",
            4500,
            "月",
            None,
            2400,
            "已婚",
            "健康",
            "2",
            "否",
        ]
    )
    out = io.BytesIO()
    wb.save(out)

    response = worker_client.post("/transfer/import/", {"file": _upload(out.getvalue(), "家庭.xlsx")})
    assert response.status_code == 200
    result = response.context["result"]
    assert result.ok, result.report()
    assert result.counts == {"households": 2, "members": 6, "houses": 1, "vehicles": 1, "obligors": 1}
    assert result.skipped_example_rows == 6  # 3 members, 1 house, 1 vehicle, 1 obligor of the example
    assert "导入成功" in response.content.decode()

    first = Household.objects.get(members__id_number=ids[("1", "申请人")])
    doc = to_document(first)
    assert doc["region"] == "110113001001" and doc["area_type"] == "urban"
    assert doc["phone"] == "13800138000" and doc["assets"]["deposits"] == "3000.00"
    assert [m["relation"] for m in doc["members"]] == ["applicant", "spouse", "child"]
    applicant, spouse, child = doc["members"]
    assert applicant["occupation"] == "employed"
    assert applicant["incomes"] == [
        {"kind": "wage", "amount": "1800.00", "per": "month", "method": None, "evidence": ""}
    ]
    assert spouse["health"] == "disabled" and spouse["disability"] == {"category": "physical", "grade": 3}
    assert spouse["work_capacity"] == "partial" and spouse["occupation"] == "unregistered_unemployed"
    assert child["occupation"] == "other" and child["marital_status"] == "single"
    assert doc["assets"]["houses"] == [
        {
            "address": "建新社区1号楼",
            "area_m2": "56.80",
            "nature": "self_owned",
            "source": "self_purchased",
            "acquired_on": "2005-06-01",
            "in_large_city": False,
        }
    ]
    assert doc["obligors"][0] | {"id_number": "x"} == {
        "name": "张建军",
        "id_number": "x",
        "relation": "兄弟",
        "supports": "m1",
        "hukou_region": "110105",
        "income": {"amount": "4500.00", "per": "month"},
        "annual_support_paid": "2400.00",
        "low_income_status": None,
        "court_ordered_support": None,
        "marital_status": "married",
        "health": "healthy",
        "occupation": "employed",
        "co_resident": False,
    }
    second = Household.objects.get(members__id_number=ids[("2", "申请人")])
    assert to_document(second)["assets"]["vehicles"][0]["price"] == "6800.00"
    # One event per household and one for the file.
    assert AuditEvent.objects.filter(action="household.create", actor=users["sy_worker"]).count() == 2
    summary = AuditEvent.objects.get(action="import.households")
    assert summary.after["households"] == 2 and summary.after["file"] == "家庭.xlsx"


def test_csv_template_is_utf8_with_bom_and_imports_when_filled(worker_client, users):
    response = worker_client.get("/transfer/template.csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = decode_csv(response.content).splitlines()
    assert lines[0].startswith("户编号,地区代码,建档工会代码,申请类别")
    filled = [line.replace("示例1", "7") for line in lines[1:]]
    for old, new in (
        ("110113198005170017", pid()),
        ("11011319820306002X", pid("F")),
        ("110113201009010015", pid()),
    ):
        filled = [line.replace(old, new) for line in filled]
    data = ("\ufeff" + "\r\n".join(lines + filled) + "\r\n").encode("utf-8")
    result = do_import_households(users["sy_worker"], data, filename="t.csv")
    assert result.ok, result.report()
    assert result.format == "csv"
    assert result.counts["households"] == 1 and result.counts["members"] == 3
    assert result.skipped_example_rows == 3


def _upload(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
