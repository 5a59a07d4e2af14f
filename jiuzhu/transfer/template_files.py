"""The downloadable import templates: an XLSX workbook (one sheet per table of layout.py, drop-down lists for
coded columns, an example household, a 填表说明 sheet) and a CSV of the members sheet."""

from __future__ import annotations

import csv
import io

from django.utils import translation

from jiuzhu.core.cells import safe_csv_row, safe_row
from jiuzhu.registry import choices as c

from .codes import labels
from .layout import (
    CODES_SHEET,
    EXAMPLE_PREFIX,
    INSTRUCTIONS_SHEET,
    MEMBERS,
    SHEETS,
    Column,
    Sheet,
)

TEMPLATE_ROWS = 2000  # rows that get the drop-down lists and the text format
TEXT_KINDS = {"key", "id", "member_id", "text"}
FORM_NOTES = (
    "本模板按民办发〔2019〕10号附件2《申请家庭经济状况信息表》设计：“家庭成员”表每人一行，同一户编号的各行为一户；"
    "户的信息（地区代码、申请类别、住址、电话、存款等）填在申请人所在行，其他成员行可空着或填相同内容。",
    "“房屋”“车辆船舶”“赡养人”表每项一行，用户编号与“家庭成员”表对应；没有的可空着，也可删除这些工作表。",
    "红色列名为必填列。以“示例”开头的行是填写示例，不会导入，可删除。",
    "导入时先检查整个文件：只要有一处错误，就一户也不导入，并列出每个错误所在的工作表、行和列；改正后重新导入即可。",
    "身份证号码、地区代码、电话等列已设为文本格式，请勿改成数字格式（Excel会把18位号码改成科学计数法）。",
    "附件2填表说明：（1）房屋性质：自有私房、租用公房、租用私房、临时搭建房、借住房等。"
    "（2）近亲属包括配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女。"
    "（3）有价证券：包括股票、债券及基金证券、可转换证券等衍生品种。"
    "（3）房屋来源：自购房、自建房、回迁房、承租公房（本家庭无产权房及承租公房的不填此项）。"
    "（4）建筑面积：按房屋产权证填报。",
)
INLINE_LISTS = {"bool": ["是", "否"], "grade": ["1", "2", "3", "4"]}


def _allowed(col: Column) -> list[str]:
    if col.kind == "code":
        if col.choices is c.AreaType:
            return ["城市", "农村"]
        if col.choices is c.Period:
            return ["月", "年"]
        return list(labels(col.choices).values())
    return INLINE_LISTS.get(col.kind, [])


def _example(col: Column, n: int, example_region: str) -> str:
    if col.field == "region" and n == 0:
        return example_region
    return col.example[n] if n < len(col.example) else ""


def template_xlsx(example_region: str = "110113001001") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    with translation.override("zh-hans"):
        wb = Workbook()
        wb.remove(wb.active)
        codes = wb.create_sheet(CODES_SHEET)
        lists: dict[tuple, str] = {}
        header_font = Font(bold=True)
        required_font = Font(bold=True, color="C00000")
        header_fill = PatternFill("solid", fgColor="DDEBF7")
        example_font = Font(italic=True, color="808080")
        for sheet in SHEETS:
            ws = wb.create_sheet(sheet.name)
            last = get_column_letter(len(sheet.columns))
            ws.append([f"{sheet.title}（红色列名为必填；以“{EXAMPLE_PREFIX}”开头的行不导入）"])
            ws.merge_cells(f"A1:{last}1")
            ws["A1"].font = Font(bold=True, size=12)
            ws.append([col.header for col in sheet.columns])
            for i, col in enumerate(sheet.columns, start=1):
                letter = get_column_letter(i)
                cell = ws.cell(row=2, column=i)
                cell.font = required_font if col.required else header_font
                cell.fill = header_fill
                cell.alignment = Alignment(wrap_text=True, vertical="center")
                ws.column_dimensions[letter].width = max(col.width, len(col.header) * 2 + 2)
                if col.kind in TEXT_KINDS:
                    ws.column_dimensions[letter].number_format = "@"
                allowed = _allowed(col)
                if not allowed:
                    continue
                key = tuple(allowed)
                if key not in lists:
                    n = len(lists) + 1
                    lists[key] = (
                        f"'{CODES_SHEET}'!${get_column_letter(n)}$2:${get_column_letter(n)}${len(allowed) + 1}"
                    )
                    codes.cell(row=1, column=n, value=col.header)
                    for r, value in enumerate(allowed, start=2):
                        codes.cell(row=r, column=n, value=value)
                dv = DataValidation(
                    type="list",
                    formula1=lists[key],
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="warning",
                    error=f"请从列表中选择（也可填写{col.header}的常见写法）",
                    errorTitle=col.header,
                )
                dv.add(f"{letter}3:{letter}{TEMPLATE_ROWS}")
                ws.add_data_validation(dv)
            rows = max((len(col.example) for col in sheet.columns), default=0)
            for n in range(rows):
                values = [_example(col, n, example_region) for col in sheet.columns]
                ws.append(safe_row(ws, [v if v != "" else None for v in values]))
                for cell in ws[ws.max_row]:
                    cell.font = example_font
                    if isinstance(cell.value, str):
                        cell.number_format = "@"
            ws.freeze_panes = "B3"
        _instructions(wb.create_sheet(INSTRUCTIONS_SHEET))
        codes.sheet_state = "hidden"
        wb.move_sheet(codes, offset=len(wb.sheetnames))
        wb.active = 0
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


def _instructions(ws) -> None:
    from openpyxl.styles import Alignment, Font

    ws.append(["填表说明"])
    ws["A1"].font = Font(bold=True, size=14)
    for n, note in enumerate(FORM_NOTES, start=1):
        ws.append([f"{n}. {note}"])
    ws.append([])
    ws.append(["工作表", "列名", "必填", "说明", "可填的值"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for sheet in SHEETS:
        for col in sheet.columns:
            allowed = "、".join(_allowed(col))
            ws.append(
                [sheet.name, col.header, "是" if col.required else "", col.help, allowed or _kind_hint(col)]
            )
    for letter, width in zip("ABCDE", (10, 30, 6, 60, 60), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _kind_hint(col: Column) -> str:
    return {
        "money": "金额（元），最多两位小数，不能为负数",
        "date": "日期，如2015-06-01，或年月2015-06",
        "id": "18位身份证号码",
        "member_id": "本户成员的18位身份证号码",
        "key": "1、2、3……",
    }.get(col.kind, "")


def template_csv(sheet: Sheet = MEMBERS, example_region: str = "110113001001") -> bytes:
    """The members sheet as CSV, UTF-8 with BOM so that Excel opens it with the right encoding."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([col.header for col in sheet.columns])
    rows = max((len(col.example) for col in sheet.columns), default=0)
    for n in range(rows):
        writer.writerow(safe_csv_row(_example(col, n, example_region) for col in sheet.columns))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
