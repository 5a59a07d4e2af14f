"""Issue 10, item 5: a changed 低保 amount (附件7, R-FLOW-10) keeps the county approval line (R-FLOW-08) at the
approved amount and shows the change in the history of amounts (dibao.amounts).

By hand: the two-person household is approved at 1000.00 yuan a month (500.00 per person, the township
opinion's amounts); the county changes it to 600.00 (300.00 per person) from the month after approval."""

from __future__ import annotations

import re

from jiuzhu.dibao import actions as a
from jiuzhu.dibao.actions import add_months
from tests.dibao.helpers import to_status


def test_r_flow_10_change_keeps_the_approved_amount_and_lists_the_change(
    client, application, worker, approver
):
    to_status(application, "active", worker, approver)
    application.refresh_from_db()
    start = application.payment_start
    next_month = add_months(start, 1)
    a.do_change_benefit(
        approver,
        application,
        household_fen=60000,
        per_capita_fen=30000,
        reason="家庭人均收入增加",
        effective_month=next_month,
    )
    client.force_login(approver)
    html = client.get(f"/dibao/{application.pk}/").content.decode()
    county = re.search(r"<th>县级审批</th><td[^>]*>(.*?)</td>", html).group(1)
    assert '<span id="approved-amount">1000.00</span>' in county
    assert '<strong id="current-amount">600.00</strong>' in county
    table = html[html.index('id="amount-history"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(
        r"<tr><td>(\d{4}-\d{2})</td><td class=\"num\">([\d.]+)</td><td class=\"num\">([\d.]*)</td>", table
    )
    assert rows == [
        (f"{start:%Y-%m}", "1000.00", "500.00"),
        (f"{next_month:%Y-%m}", "600.00", "300.00"),
    ]
    assert "县级审批" in table and "变更保障金（附件7 变更通知书）" in table


def test_an_unchanged_case_shows_no_history_table(client, application, worker, approver):
    to_status(application, "active", worker, approver)
    client.force_login(approver)
    html = client.get(f"/dibao/{application.pk}/").content.decode()
    assert '<span id="approved-amount">1000.00</span>' in html
    assert 'id="amount-history"' not in html and 'id="current-amount"' not in html
