"""R-RPT-08 (民办函〔2018〕111号 三(一), 三(四)): a pilot county's mid-term evaluation report and final report as
Word documents, made from the figures: 试点进展、受益人群、资金投入、救助效率、救助效果, a table by month, and — in
the final report — the five pilot tasks of 二(一)–(五) for the county to explain item by item.

Hand-worked: 顺义 a pilot from the first day of the month two months ago (so its six-month mid-term span is not
over: figures up to this month, and the report says so). One active 低保 case of tests/payments (2 persons) and
one 临时救助 of 2000.00 approved by the township: receiving at the end 1 household, 2 persons; temporary
assistance 1 (township 1, county 0), 2000.00; nothing paid from a roster yet: funds invested 2000.00."""

from __future__ import annotations

import io
import re

from django.utils import timezone

from jiuzhu.payments.programmes import add_months
from jiuzhu.temporary.actions import do_approve
from tests.factories import set_param


def _docx(response) -> tuple[str, dict]:
    from docx import Document

    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = {}
    for table in doc.tables:
        for row in table.rows:
            if len(row.cells) == 2:
                cells[row.cells[0].text] = row.cells[1].text
    return text, cells


def test_r_rpt_08_midterm_and_final_reports(active_case, reviewed_case, township_approver, as_user):
    month = timezone.localdate().replace(day=1)
    started = add_months(month, -2)
    active_case(month)
    do_approve(township_approver, reviewed_case("2000.00"))
    set_param(None, region_code="110113", key="reform_pilot", variant="", effective_from=started, value=True)
    client = as_user("sy_approver")
    data = client.get("/api/reports/pilot").json()
    reports = next(s for s in data["sections"] if s["title"] == "试点评估报告")
    assert reports["rows"] == [
        [
            "顺义区",
            started.isoformat(),
            f"{started:%Y-%m}—{add_months(started, 5):%Y-%m}",
            "中期评估报告",
            f"{started:%Y-%m}—{add_months(started, 11):%Y-%m}",
            "试点工作报告",
        ]
    ]
    page = client.get("/reports/pilot/").content.decode()
    assert (
        'href="/reports/pilot/110113/midterm.docx"' in page
        and 'href="/reports/pilot/110113/final.docx"' in page
    )

    response = client.get("/reports/pilot/110113/midterm.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text, cells = _docx(response)
    assert "顺义区社会救助综合改革试点中期评估报告" in text
    assert f"统计数据目前只到{month:%Y-%m}" in text  # the six months are not over
    assert "民办函〔2018〕111号" in text
    assert cells["期末享受低保家庭（户）"] == "1"
    assert cells["期末低保保障人数（人）"] == "2"
    assert cells["临时救助批准（件）"] == "1"
    assert cells["临时救助乡镇（街道）审批（件）"] == "1"
    assert cells["临时救助县级审批（件）"] == "0"
    assert cells["临时救助批准金额（元）"] == "2000.00"
    assert cells["资金投入合计（元）"] == "2000.00"
    assert "主要做法" not in text

    final_text, final_cells = _docx(client.get("/reports/pilot/110113/final.docx"))
    assert "顺义区社会救助综合改革试点试点工作报告" in final_text
    for task in ("完善社会救助制度", "强化社会救助资源统筹", "优化社会救助流程", "加强社会救助能力建设"):
        assert task in final_text
    assert "创新社会救助监督检查机制" in final_text
    assert len(re.findall("由试点单位填写", final_text)) == 5
    assert final_cells["资金投入合计（元）"] == "2000.00"

    # another district may not have 顺义's report; a county that is not a pilot has none
    assert as_user("cy_approver").get("/reports/pilot/110113/midterm.docx").status_code == 404
    assert client.get("/reports/pilot/110105/midterm.docx").status_code == 404
    assert client.get("/reports/pilot/110113/other.docx").status_code == 404
