"""R-SUP-07: a county's budget, allocations and spending per programme and the standing recipient list with
amounts, masked (the applicant's name keeps its first character, no ID number), on a public page without login."""

import datetime as dt

import pytest
from django.urls import reverse

from jiuzhu.core.models import Region
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.payments import rosters as r
from jiuzhu.supervision.disclosure import do_publish_budget, funds
from tests.payments.test_r_sup_09_amount_received import pay

pytestmark = pytest.mark.django_db


def test_r_sup_07_budget_allocated_spent_and_masked_list(
    client, active_case, worker, approver, finance, tmp_path
):
    shunyi = Region.objects.get(code="110113")
    do_publish_budget(finance, shunyi, 2026, "dibao", 500000000, "顺财社〔2026〕1号")
    a, b = active_case(dt.date(2026, 7, 1)), active_case(dt.date(2026, 7, 1))
    # September roster: July–September for each case, 3 × 1000.00 = 3000.00 a household, both paid
    pay(r.do_make(worker, "dibao", "2026-09", "110113"), approver, finance, tmp_path)
    oct_roster = r.do_make(worker, "dibao", "2026-10", "110113")
    r.do_allocate(finance, r.do_confirm(approver, oct_roster))  # allocated, not yet paid: 2 × 1000.00
    [row] = [x for x in funds(shunyi, 2026) if x.programme == "dibao"]
    assert (row.budget_fen, row.allocated_fen, row.spent_fen) == (500000000, 800000, 600000)
    page = client.get(
        reverse("supervision:disclosure"), {"county": "110113", "year": "2026"}
    ).content.decode()
    assert "5000000.00" in page and "8000.00" in page and "6000.00" in page
    assert "张**" in page and "张建国" not in page and a.household.applicant.id_number not in page
    assert "1000.00" in page and b.pk


def test_r_sup_07_only_county_budgets_by_finance_in_scope(users):
    with pytest.raises(TransitionRefused, match="按县"):
        do_publish_budget(users["sy_finance"], Region.objects.get(code="110113001"), 2026, "dibao", 1)
    with pytest.raises(TransitionRefused, match="角色"):
        do_publish_budget(users["sy_worker"], Region.objects.get(code="110113"), 2026, "dibao", 1)
    with pytest.raises(TransitionRefused, match="管辖范围"):
        do_publish_budget(users["sy_finance"], Region.objects.get(code="110105"), 2026, "dibao", 1)
