"""R-PAY-19: ACFTU's annual plan from the archived households, projects, price index and budget; R-PAY-20: the
province's plan passes the money to the help centres within 20 working days of receipt (a deadline on the
to-do list), and is filed with ACFTU; R-AMT-12: the co-funding share is a parameter of the year's plan."""

import datetime as dt

import pytest

from jiuzhu.core import todo
from jiuzhu.core.models import Deadline
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.temporary.actions import Invalid
from jiuzhu.unionfunds import ledger, plans
from jiuzhu.unionfunds.models import Fund, LedgerEntry


def test_r_pay_19_shares_are_proportional_with_the_fen_left_to_the_largest_remainder():
    # weights 2500 and 1000 of 3500; 10,000,000 fen: 7,142,857 rem 500 and 2,857,142 rem 3000 → 1 fen left,
    # to the larger remainder
    assert plans.share(10_000_000, [2500, 1000]) == [7_142_857, 2_857_143]
    assert plans.share(100, [1, 1, 1]) == [34, 33, 33]
    assert plans.share(500, [0, 0]) == [0, 0]


def _province_with_money(fund_users, org, amount="100000.00", on=dt.date(2026, 3, 2)):
    acftu = ledger.do_open_fund(
        fund_users["acftu_finance"], org("ACFTU"), {"programme": "aid", "source": "central"}
    )
    ledger.do_receive(
        fund_users["acftu_finance"],
        acftu,
        {"amount": "500000.00", "counterparty": "财政部", "reference": "财社〔2026〕1号", "on": "2026-01-05"},
    )
    national = plans.do_draft(
        fund_users["acftu_rights"],
        org("ACFTU"),
        {
            "year": "2026",
            "budget": amount,
            "price_index": "102.0",
            "central_share": "60",
            "deep_weight": "1.5",
        },
    )
    return acftu, national


def test_r_pay_19_national_plan_goes_to_the_provinces_and_records_its_parameters(fund_users, org, archived):
    archived("deep")
    acftu, national = _province_with_money(fund_users, org)
    items = list(national.items.all())
    assert [(i.to_union.code, i.deep, i.amount_fen) for i in items] == [("U110000", 1, 10_000_000)]
    assert national.central_share_permille == 600 and national.deep_weight_permille == 1500
    assert national.due is None  # ACFTU's own plan has no 20-day limit
    with pytest.raises(TransitionRefused, match="部门不能"):
        plans.do_adopt(fund_users["acftu_finance"], national, "党组会纪要")
    plans.do_adopt(fund_users["acftu_rights"], national, "全总党组会议纪要〔2026〕2号")
    plans.do_execute(fund_users["acftu_finance"], national, on=dt.date(2026, 3, 2))
    province = Fund.objects.get(union_org=org("U110000"), programme="aid", source="central")
    assert ledger.balance_fen(acftu) == 40_000_000 and ledger.balance_fen(province) == 10_000_000
    into = LedgerEntry.objects.get(fund=province)
    assert into.kind == "allocation_in" and into.counterpart.fund == acftu


def test_r_pay_20_province_plan_due_in_20_working_days_on_the_todo_list(fund_users, org, archived):
    archived("deep")
    archived("relative")
    archived("accident", county="U110105")
    _acftu, national = _province_with_money(fund_users, org)
    plans.do_adopt(fund_users["acftu_rights"], national, "纪要")
    plans.do_execute(fund_users["acftu_finance"], national, on=dt.date(2026, 3, 2))
    with pytest.raises(Invalid, match="请填写日期"):
        plans.do_draft(fund_users["bj_rights"], org("U110000"), {"year": "2026", "budget": "100000.00"})
    plan = plans.do_draft(
        fund_users["bj_rights"],
        org("U110000"),
        {"year": "2026", "budget": "100000.00", "received_on": "2026-03-02", "deep_weight": "1.5"},
    )
    # 2026-03-02 is a Monday; 20 working days (no holiday in March) end on Monday 2026-03-30
    assert plan.due == dt.date(2026, 3, 30)
    got = {i.to_union.code: (i.deep, i.relative, i.accident, i.amount_fen) for i in plan.items.all()}
    # 顺义: 1 deep × 1.5 + 1 relative = 2500‰; 朝阳: 1 accident = 1000‰ (see the share test above)
    assert got == {"U110113-HC": (1, 1, 0, 7_142_857), "U110105-HC": (0, 0, 1, 2_857_143)}
    deadline = Deadline.objects.get(object_type="unionfunds.allocationplan", object_id=str(plan.pk))
    assert deadline.due == dt.date(2026, 3, 30) and deadline.working_days and deadline.cite == "R-PAY-20"
    assert deadline in todo.worker_list(fund_users["bj_finance"])
    assert deadline not in todo.worker_list(fund_users["cy_finance"])  # another union's work
    with pytest.raises(TransitionRefused, match="当前状态为“草拟中”"):
        plans.do_execute(fund_users["bj_finance"], plan)  # rights protection has not adopted it yet
    plans.do_set_item(fund_users["bj_finance"], plan, org("U110105-HC"), {"amount": "28000.00"})
    with pytest.raises(TransitionRefused, match="部门不能"):
        plans.do_execute(fund_users["bj_rights"], plan)  # finance passes the money down
    plans.do_adopt(fund_users["bj_rights"], plan, "市总工会党组会议纪要〔2026〕5号")
    plans.do_execute(fund_users["bj_finance"], plan)
    sy = Fund.objects.get(union_org=org("U110113-HC"), source="central")
    cy = Fund.objects.get(union_org=org("U110105-HC"), source="central")
    assert (ledger.balance_fen(sy), ledger.balance_fen(cy)) == (7_142_857, 2_800_000)
    province = Fund.objects.get(union_org=org("U110000"), source="central")
    assert ledger.balance_fen(province) == 10_000_000 - 7_142_857 - 2_800_000  # 571.43 元 kept
    deadline.refresh_from_db()
    assert deadline.met_at is not None
    plan = plans.do_file(fund_users["bj_rights"], plan, "京工帮备〔2026〕1号")
    assert plan.status == "filed" and plan.filed_reference == "京工帮备〔2026〕1号"


def test_r_pay_20_a_plan_cannot_pass_down_more_than_was_received(fund_users, org, archived):
    archived("deep")
    ledger.do_open_fund(fund_users["bj_finance"], org("U110000"), {"programme": "aid", "source": "central"})
    plan = plans.do_draft(
        fund_users["bj_rights"],
        org("U110000"),
        {"year": "2026", "budget": "1000.00", "received_on": "2026-03-02"},
    )
    plans.do_adopt(fund_users["bj_rights"], plan, "纪要")
    with pytest.raises(TransitionRefused, match="余额不足"):
        plans.do_execute(fund_users["bj_finance"], plan)
    assert LedgerEntry.objects.count() == 0
    with pytest.raises(Invalid, match="不能超过100%"):
        plans.do_draft(
            fund_users["acftu_rights"],
            org("ACFTU"),
            {"year": "2026", "budget": "1.00", "central_share": "120"},
        )
    with pytest.raises(TransitionRefused, match="由全国总工会或省级工会制定"):
        plans.do_draft(fund_users["sy_rights"], org("U110113"), {"year": "2026", "budget": "1.00"})
