"""The reform pilot's mid-term evaluation report and final report (R-RPT-08), as Word documents.

民办函〔2018〕111号 三(一): a pilot runs for one year per county; 三(四) 评估总结: during the pilot the county monitors
试点进展、受益人群、资金投入、救助效率、救助效果 and submits a 中期评估报告 in time; after it, the county sums up the pilot
against its plan, explaining each main practice item by item, in a 试点工作报告. The system writes what it
knows — the figures of those five headings, from the statistics snapshot for the pilot county — and leaves, under
the five pilot tasks of 二(一)–(五), the space where the county explains its practices (the system does not know
them). **DEFAULT** for "in time": the mid-term report covers the first six months of the pilot year; the final
report the whole year (both end at the snapshot's month when that is earlier, and say so).

A pilot county is one with the local parameter `reform_pilot` (its start date is the parameter's effective
date); the pilot plan's filing with MCA is not recorded in the system.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuzhu.payments.programmes import add_months
from jiuzhu.registry.money import yuan

from .cube import Cube, Filters, current_snapshot, months

KINDS = {
    "midterm": gettext_lazy("中期评估报告"),
    "final": gettext_lazy("试点工作报告"),
}
TASKS = [
    gettext_lazy("（一）完善社会救助制度"),
    gettext_lazy("（二）强化社会救助资源统筹"),
    gettext_lazy("（三）优化社会救助流程"),
    gettext_lazy("（四）加强社会救助能力建设"),
    gettext_lazy("（五）创新社会救助监督检查机制"),
]
PILOT_MONTHS = 12  # 三(一): 试点时间为期一年
MIDTERM_MONTHS = 6  # DEFAULT


def pilot_counties():
    """[(county Region, pilot start date)] of the counties marked `reform_pilot` (the newest marking each)."""
    from jiuzhu.core.models import LocalParameter, Region

    seen, out = set(), []
    for p in LocalParameter.objects.filter(key="reform_pilot").order_by("region_code", "-effective_from"):
        if p.region_code in seen:
            continue
        seen.add(p.region_code)
        county = Region.objects.filter(code=p.region_code).first()
        if county is not None and p.value not in (False, "false", 0):
            out.append((county, p.effective_from))
    return out


@dataclass
class Period:
    start: dt.date  # first month (first day)
    end: dt.date  # last month counted (first day), inclusive
    planned_end: dt.date  # last month of the report's span by the plan
    cut_short: bool  # the span ends after the snapshot: figures up to the snapshot's month


def period_of(kind: str, started: dt.date, snapshot_month: dt.date) -> Period:
    start = started.replace(day=1)
    span = MIDTERM_MONTHS if kind == "midterm" else PILOT_MONTHS
    planned = add_months(start, span - 1)
    end = min(planned, snapshot_month)
    return Period(start, end, planned, end < planned)


def figures(user, county, period: Period) -> dict:
    """The five headings of 三(四), from the snapshot, for the county and the period (the viewer's scope)."""
    snap = current_snapshot()
    cube = Cube(snap, user, Filters(period.start, period.end, county, ""))
    approvals = cube.total("dibao.approved")
    days = cube.total("dibao.approval_days")
    temp_by_level = cube.by("temp.approved", "detail")
    temp_total = sum(temp_by_level.values())
    paid_fen = cube.total("fund.line_fen", detail="paid")
    temp_fen = cube.total("temp.approved_fen")
    trend = []
    receiving = cube.by("dibao.receiving", "month")
    persons = cube.by("dibao.persons", "month")
    applied = cube.by("dibao.applied", "month")
    approved = cube.by("dibao.approved", "month")
    temp = cube.by("temp.approved", "month")
    paid = cube.by("fund.line_fen", "month", detail="paid")
    for m in months(period.start, period.end):
        trend.append(
            [
                f"{m:%Y-%m}",
                receiving.get(m, 0),
                persons.get(m, 0),
                applied.get(m, 0),
                approved.get(m, 0),
                temp.get(m, 0),
                yuan(paid.get(m, 0)),
            ]
        )
    return {
        "snapshot": snap,
        "progress": [
            (_("低保申请（件）"), cube.total("dibao.applied")),
            (_("低保批准（件）"), approvals),
            (_("不予批准（件）"), cube.total("dibao.refused")),
            (_("停保（件）"), cube.total("dibao.stopped")),
            (_("临时救助批准（件）"), temp_total),
            (_("主动发现线索（条）"), cube.total("lead", detail="all")),
        ],
        "beneficiaries": [
            (_("期末享受低保家庭（户）"), receiving.get(period.end, 0)),
            (_("期末低保保障人数（人）"), persons.get(period.end, 0)),
            (_("临时救助对象中建档立卡贫困户（件）"), cube.total("temp.registered_poor")),
            (_("临时救助对象中返贫人员（件）"), cube.total("temp.returned_poverty")),
        ],
        "funds": [
            (_("低保等救助金已发放（元）"), yuan(paid_fen)),
            (_("临时救助批准金额（元）"), yuan(temp_fen)),
            (_("资金投入合计（元）"), yuan(paid_fen + temp_fen)),
        ],
        "efficiency": [
            (
                _("低保平均办理天数（申请至审批）"),
                str((days + approvals // 2) // approvals) if approvals else "—",
            ),
            (_("临时救助乡镇（街道）审批（件）"), temp_by_level.get("township", 0)),
            (_("临时救助县级审批（件）"), temp_by_level.get("county", 0)),
            (_("先行救助（件）"), cube.total("temp.assist_first")),
            (_("其中已补办手续（件）"), cube.total("temp.regularised")),
        ],
        "effect": [
            (_("渐退期家庭（当前，户）"), cube.total("dibao.status", stock=True, detail="phase_out")),
            (_("复查、行政复议申请（件）"), cube.total("dibao.appeal")),
            (_("转介（件）"), cube.total("temp.referral")),
        ],
        "trend": trend,
    }


HEADINGS = [
    ("progress", gettext_lazy("一、试点进展")),
    ("beneficiaries", gettext_lazy("二、受益人群")),
    ("funds", gettext_lazy("三、资金投入")),
    ("efficiency", gettext_lazy("四、救助效率")),
    ("effect", gettext_lazy("五、救助效果")),
]
TREND_HEADER = [
    gettext_lazy("月份"),
    gettext_lazy("享受低保家庭"),
    gettext_lazy("保障人数"),
    gettext_lazy("低保申请"),
    gettext_lazy("低保批准"),
    gettext_lazy("临时救助批准"),
    gettext_lazy("已发放（元）"),
]


def render_docx(user, county, started: dt.date, kind: str) -> tuple[bytes, str]:
    """The report as DOCX bytes, and its file name."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    from jiuzhu.documents.word import EAST_ASIAN_FONT, LATIN_FONT

    snap = current_snapshot()
    period = period_of(kind, started, snap.as_of.replace(day=1))
    data = figures(user, county, period)
    title = f"{county.name}社会救助综合改革试点{KINDS[kind]}"
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = LATIN_FONT
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    doc.core_properties.title = title
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(title)
    run.bold = True
    run.font.size = Pt(18)
    end_day = add_months(period.end, 1) - dt.timedelta(days=1)
    doc.add_paragraph(
        _("试点起始：%(s)s；本报告统计期：%(a)s至%(b)s；数据截至%(at)s。")
        % {
            "s": started.isoformat(),
            "a": period.start.isoformat(),
            "b": end_day.isoformat(),
            "at": f"{timezone.localtime(snap.built_at):%Y-%m-%d %H:%M}",
        }
    )
    if period.cut_short:
        doc.add_paragraph(
            _("按试点方案，本报告应统计至%(m)s；统计数据目前只到%(e)s。")
            % {"m": f"{period.planned_end:%Y-%m}", "e": f"{period.end:%Y-%m}"}
        )
    doc.add_paragraph(
        _("依据：民政部办公厅《关于开展社会救助综合改革试点的通知》（民办函〔2018〕111号）三（四）评估总结。")
    )
    for key, heading in HEADINGS:
        doc.add_heading(str(heading), level=2)
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in data[key]:
            cells = table.add_row().cells
            cells[0].text = str(label)
            cells[1].text = str(value)
    doc.add_heading(_("附表：分月情况"), level=2)
    table = doc.add_table(rows=1, cols=len(TREND_HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, TREND_HEADER, strict=True):
        cell.text = str(text)
    for row in data["trend"]:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)
    if kind == "final":
        doc.add_heading(_("六、主要做法（对照试点方案逐项说明）"), level=2)
        for task in TASKS:
            doc.add_paragraph(str(task))
            doc.add_paragraph(_("（由试点单位填写：做法、成效、存在问题。）"))
    else:
        doc.add_heading(_("六、下一步工作"), level=2)
        doc.add_paragraph(_("（由试点单位填写。）"))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue(), f"{county.code}-{kind}.docx"
