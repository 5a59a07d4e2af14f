"""R-RPT-05 fund reporting (need, budget, allocation, payment per programme) and the monitoring screen
(全程可视化监控): money from need to paid, open warnings, overdue deadlines, cases at each step. Cases of
tests/payments (2 persons, urban 顺义: 2 × 1400.00 − 1800.00 = 1000.00 a month each)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from jiuzhu.payments import rosters as r
from jiuzhu.payments.bankfiles import do_bank_file
from jiuzhu.payments.returns import do_bank_return

HEADER = "业务参考号,收款账号,收款户名,金额,状态,失败原因,银行流水号"


def _rows(section) -> dict:
    return {r[0]: r[1:] for r in section["rows"]}


def test_r_rpt_05_need_budget_allocation_and_payment(
    active_case, worker, approver, finance, as_user, tmp_path
):
    month = timezone.localdate().replace(day=1)
    for _ in range(3):
        active_case(month)
    roster = r.do_make(worker, "dibao", f"{month:%Y-%m}", "110113")
    r.do_confirm(approver, roster)
    r.do_allocate(finance, roster)
    do_bank_file(finance, roster, tmp_path / "bank.csv")
    a, b, c = roster.lines.order_by("seq")
    rows = [
        ",".join([x.ref, x.account_number, x.payee_name, x.amount_yuan(), "成功", "", f"S{x.pk}"])
        for x in (a, b)
    ]
    rows.append(",".join([c.ref, c.account_number, c.payee_name, c.amount_yuan(), "失败", "账户已销户", ""]))
    do_bank_return(finance, roster, ("\n".join([HEADER, *rows]) + "\n").encode())

    data = as_user("sy_approver").get("/api/reports/funds").json()
    need = _rows(data["sections"][0])
    # 3 cases × 2 persons × 1400.00 a month; a year: × 12; the decisions pay 3 × 1000.00
    assert need["城市低保"] == ["8400.00", "100800.00", "3000.00"]
    assert need["农村低保"] == ["0.00", "0.00", "0.00"]
    flow = _rows(data["sections"][1])
    assert data["sections"][1]["header"][1:] == [
        "编入花名册",
        "已确认（预算）",
        "已核拨",
        "已发放",
        "发放失败",
    ]
    assert flow["低保金"] == ["3000.00", "3000.00", "3000.00", "2000.00", "1000.00"]
    assert flow["临时救助"] == ["0.00"] * 5
    trend = {row[0]: row[1:] for row in data["sections"][2]["rows"]}
    assert trend[f"{month:%Y-%m}"] == ["3000.00", "2000.00"]
    # the township worker's own scope: the same cases are all in 胜利街道; another district: nothing
    assert (
        _rows(as_user("cy_approver").get("/api/reports/funds").json()["sections"][1])["低保金"][0] == "0.00"
    )

    page = as_user("sy_approver").get(reverse("reports:monitor"))
    assert page.status_code == 200
    sections = {str(s.title): s for s in page.context["sections"]}
    money = sections["资金流向：从编入花名册到发放（元）"]
    assert [str(v) for v in money.rows[0]] == ["合计", "3000.00", "3000.00", "3000.00", "2000.00", "1000.00"]
    steps = {row[0]: row[1] for row in sections["低保案件"].rows}
    assert steps == {"保障中": 3}


def test_r_rpt_05_monitor_shows_open_warnings_and_overdue_deadlines(
    active_case, worker, new_case, users, as_user
):
    import datetime as dt

    from jiuzhu.temporary.actions import do_assist_first

    month = timezone.localdate().replace(day=1)
    active_case(month, account=False)  # the roster warns: no account of the payee's own
    r.do_make(worker, "dibao", f"{month:%Y-%m}", "110113")
    paid = dt.date.today() - dt.timedelta(days=31)  # assist first: paperwork due within 30 days (OP-18)
    do_assist_first(
        users["sy_worker"],
        new_case(),
        {"amount": "500.00", "recipient": "张建国", "given_on": paid.isoformat()},
    )

    page = as_user("sy_approver").get(reverse("reports:monitor"))
    sections = {str(s.title): s for s in page.context["sections"]}
    assert sections["未处理的发放预警"].rows == [["收款人没有本人的代理金融机构账户", 1]]
    overdue = dict(sections["逾期未办的期限"].rows)
    assert list(overdue.values()) == [1] and len(overdue) == 1
    assert (
        sections["资金流向：从编入花名册到发放（元）"].rows[0][1].fen == 100000
    )  # 1000.00 on the draft roster
    # another district's leader sees neither
    other = {
        str(s.title): s for s in as_user("cy_approver").get(reverse("reports:monitor")).context["sections"]
    }
    assert other["未处理的发放预警"].rows == [] and other["逾期未办的期限"].rows == []
