"""Editable formats: XLSX (openpyxl) for the tables — publicity lists and union payment tables."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from jiuzhu.core.cells import safe_row

from .kinds import get_kind
from .render import check_missing

# kind -> (context key holding "rows", title line builder, [(row key, column header, width)])
COLUMNS = {
    "fj5": (
        "publicity",
        [
            ("no", "序号", 6),
            ("insured_names", "保障对象姓名", 28),
            ("applicant", "申请人姓名", 12),
            ("village", "家庭所在村（居）", 18),
            ("size", "家庭人口数", 10),
            ("insured_count", "拟保障人口数", 12),
            ("per_capita_income", "家庭成员月人均收入（元）", 20),
        ],
    ),
    "fj8": (
        "publicity",
        [
            ("no", "序号", 6),
            ("applicant", "申请人姓名", 12),
            ("insured_count", "保障人口数", 10),
            ("size", "家庭人口数", 10),
            ("amount", "拟保障金额（元/月）", 16),
            ("village", "家庭所在村（居）", 18),
        ],
    ),
    "union_payment": (
        "table",
        [
            ("name", "领取人姓名", 12),
            ("id_number", "身份证号码", 22),
            ("project", "帮扶项目", 14),
            ("amount", "金额（元）", 12),
            ("date", "发放日期", 12),
            ("handler", "经办人", 10),
            ("signature", "领取人签字（盖章）", 18),
        ],
    ),
    "warmth": (
        "table",
        [
            ("name", "姓名", 10),
            ("work_unit", "工作单位", 20),
            ("situation", "基本情况", 28),
            ("contact", "联系方式", 14),
            ("id_number", "身份证号码", 22),
            ("amount", "金额（元）", 12),
            ("signature", "经办人签字", 14),
        ],
    ),
    "central_summary": (
        "table",
        [
            ("no", "序号", 6),
            ("name", "姓名", 12),
            ("id_number", "身份证号码", 22),
            ("projects", "帮扶项目", 24),
            ("count", "发放次数", 10),
            ("amount", "金额合计（元）", 14),
        ],
    ),
}


def render_xlsx(kind_code: str, ctx: dict) -> bytes:
    kind = get_kind(kind_code)
    if kind_code not in COLUMNS:
        raise KeyError(f"{kind.title}没有表格格式")
    check_missing(kind, [ctx])
    key, columns = COLUMNS[kind_code]
    data = ctx[key]
    wb = Workbook()
    ws = wb.active
    ws.title = kind.title[:31]
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append([kind.title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    ws["A1"].font = Font(size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    info = [data.get("unit_name", "")]
    if data.get("period"):
        info.append(f"年度：{data['period']}" if kind_code == "central_summary" else data["period"])
    if data.get("fund_source"):  # the R-DOC-14 summary is of one fund source
        info.append(f"资金来源：{data['fund_source']}")
    if data.get("starts"):
        info.append(f"公示时间：{data['starts']['text']}至{data['ends']['text']}（公示期为 7 天）")
    if data.get("phone"):
        info.append(("举报电话：" if kind_code == "fj5" else "监督电话：") + data["phone"])
    ws.append(safe_row(ws, ["　".join(i for i in info if i)]))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(columns))
    ws.append([header for _, header, _ in columns])
    for row in data.get("rows", []):
        ws.append(safe_row(ws, [row.get(k, "") for k, _, _ in columns]))
    if data.get("total"):
        # the total under the amount column (and, for the R-DOC-14 summary, the number of payments)
        totals = {"amount": data["total"], "count": data.get("count", "")}
        ws.append(["合计"] + [totals.get(key, "") for key, _, _ in columns[1:]])
    for r in ws.iter_rows(min_row=3, max_row=ws.max_row):
        for cell in r:
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, (_, _, width) in enumerate(columns, 1):
        ws.column_dimensions[ws.cell(row=3, column=i).column_letter].width = width
    ws.print_title_rows = "3:3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.freeze_panes = "A4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
