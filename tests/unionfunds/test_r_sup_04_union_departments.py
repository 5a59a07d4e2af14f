"""R-SUP-04: the union departments and what each may do with the funds; R-SUP-05: the audit department reads
everything of its subtree and changes nothing."""

import pytest
from django.http import Http404

from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.unionfunds import ledger
from jiuzhu.unionfunds.roles import Dept, can, department


def test_r_sup_04_each_union_user_has_one_department(fund_users, users):
    u = fund_users
    assert department(u["bj_rights"]) == Dept.RIGHTS
    assert department(u["bj_finance"]) == Dept.FINANCE
    assert department(u["bj_audit"]) == Dept.AUDIT
    assert department(u["centre"]) == Dept.CENTRE  # a help centre's case worker
    assert department(u["base"]) == Dept.CENTRE  # a base union files archives and delivers aid
    assert department(u["civil"]) is None  # civil-affairs staff are no union department
    assert department(users["admin"]) == Dept.ADMIN


def test_r_sup_04_what_each_department_may_do(fund_users):
    u = fund_users
    assert can(u["bj_rights"], "set_standard") and can(u["bj_rights"], "draft_plan")
    assert not can(u["bj_rights"], "receive") and not can(u["bj_rights"], "allocate")
    assert can(u["bj_finance"], "receive") and can(u["bj_finance"], "allocate")
    assert can(u["bj_finance"], "draft_plan") and not can(u["bj_finance"], "adopt_plan")
    assert not can(u["bj_finance"], "set_standard")
    assert can(u["centre"], "pay") and not can(u["centre"], "receive")
    for what in ("receive", "allocate", "pay", "set_standard", "reverse", "close_day", "draft_plan"):
        assert not can(u["bj_audit"], what), what
    assert not can(u["civil"], "pay")


def test_r_sup_04_only_finance_receives_money(fund, fund_users):
    f = fund()
    for who in ("sy_rights", "centre", "sy_audit"):
        with pytest.raises(TransitionRefused, match="部门不能办理"):
            ledger.do_receive(fund_users[who], f, {"amount": "1.00", "counterparty": "x", "reference": "y"})
    assert ledger.balance_fen(f) == 0


def test_r_sup_04_funds_are_scoped_to_the_union_subtree(fund, fund_users):
    sy = fund()  # 顺义区帮扶中心's fund
    assert list(ledger.funds_for(fund_users["bj_audit"])) == [sy]  # the province sees below it
    assert list(ledger.funds_for(fund_users["centre"])) == [sy]  # the centre serves 顺义区总工会's subtree
    assert list(ledger.funds_for(fund_users["cy_finance"])) == []  # 朝阳 does not see 顺义
    assert list(ledger.funds_for(fund_users["civil"])) == []
    with pytest.raises(Http404):
        ledger.do_receive(
            fund_users["cy_finance"], sy, {"amount": "1.00", "counterparty": "x", "reference": "y"}
        )


def test_r_sup_05_auditors_see_full_history_and_change_nothing(fund, fund_users, client):
    f = fund(received="1000.00")
    entry = f.entries.get()
    with pytest.raises(TransitionRefused):
        ledger.do_reverse(fund_users["sy_audit"], entry, "审计认为有误")
    ledger.do_reverse(fund_users["sy_finance"], entry, "金额录错")
    # the audit department sees both entries (the reversed one too) and the audit trail
    client.force_login(fund_users["sy_audit"])
    page = client.get(f"/unionfunds/funds/{f.pk}/").content.decode()
    assert page.count("1000.00") >= 2 and "冲正" in page and "金额录错" in page
    trail = client.get(f"/unionfunds/funds/{f.pk}/history/").content.decode()
    assert "sy_union_finance" in trail and "unionfunds.reverse" not in trail  # words, not codes
    assert client.post(f"/unionfunds/funds/{f.pk}/receive/", {"amount": "1.00"}).status_code in (403, 409)
