"""Issue 10, item 2: the household's history (变更历史) and the audit log read as words — action names
(审批通过（临时救助案件）, not temporarycase.approve), the models' field labels, choices by their labels, money in
元 (not fen), the object by its number with a link; the raw event stays for auditors on request (?raw=1)."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from jiuzhu.core.models import AuditEvent
from jiuzhu.temporary.actions import do_approve

pytestmark = pytest.mark.django_db


def visible(html: str) -> str:
    html = re.sub(r'title="[^"]*"', "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def signed_in(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_household_history_names_actions_fields_money_and_choices(reviewed_case, users):
    case = do_approve(users["sy_approver"], reviewed_case(amount="3000.00"))
    page = visible(
        signed_in(users["sy_worker"]).get(f"/households/{case.household.pk}/history/").content.decode()
    )
    assert "审批通过（临时救助案件）" in page and "登记临时救助申请" in page
    assert "已审核" in page and "已审批" in page  # the status change by its labels
    assert "损失金额" in page and "20000.00 元" in page  # loss "20000.00" yuan, stored as 2000000 fen
    assert "2000000" not in page and "（分）" not in page
    assert "医疗支出" in page or "急难型" in page or "支出型" in page  # a choice by its label
    assert case.number in page
    for code in ("temporarycase.approve", "temporarycase.create", "loss_fen", "approved", "reviewed"):
        assert code not in page, code


def test_audit_log_words_and_the_raw_view_for_auditors(reviewed_case, users):
    case = do_approve(users["sy_approver"], reviewed_case(amount="3000.00"))
    event = AuditEvent.objects.get(action="temporarycase.approve", object_id=str(case.pk))
    auditor = signed_in(users["auditor"])
    listing = auditor.get("/audit/").content.decode()
    assert f'href="/temporary/{case.pk}/"' in listing  # the object, linked
    shown = visible(listing)
    assert "审批通过（临时救助案件）" in shown and "temporarycase" not in shown
    detail = auditor.get(f"/audit/{event.pk}/").content.decode()
    assert "temporarycase.approve" not in visible(detail) and "查看原始记录" in detail
    raw = html.unescape(auditor.get(f"/audit/{event.pk}/?raw=1").content.decode())
    assert "temporarycase.approve" in raw and f"temporary.temporarycase#{case.pk}" in raw
    assert '"status": "approved"' in raw  # the stored values, as stored
