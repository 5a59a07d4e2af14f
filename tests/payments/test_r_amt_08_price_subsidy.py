"""R-AMT-08 (民函〔2019〕95号 二): when the price index reaches the trigger, the county records the price-linkage
temporary subsidy for a month and the groups it names; the month's `price_subsidy` roster pays each covered
household persons × subsidy per person, once."""

from __future__ import annotations

import datetime as dt

import pytest

from jiuzhu.core.models import AuditEvent
from jiuzhu.payments import rosters as r
from jiuzhu.payments.models import PriceSubsidy
from jiuzhu.payments.subsidies import do_record_price_subsidy

pytestmark = pytest.mark.django_db
AUG = dt.date(2026, 8, 1)


def record_urban(approver, per_person="50.00", groups=("dibao_urban",)):
    return do_record_price_subsidy(
        approver,
        county="110113",
        month="2026-09",
        groups=list(groups),
        per_person=per_person,
        trigger_note="8月居民消费价格指数同比涨幅3.6%，达到启动条件",
        reference="顺民发〔2026〕31号",
    )


def test_r_amt_08_each_covered_household_gets_persons_times_the_subsidy(active_case, worker, approver):
    # the factory household: 2 persons, urban (胜利街道) — 2 × 50.00 = 100.00 元
    app = active_case(AUG)
    assert not r.do_make(worker, "price_subsidy", "2026-08", "110113").lines.exists()  # no trigger
    record_urban(approver)
    sep = r.do_make(worker, "price_subsidy", "2026-09", "110113")
    [line] = sep.lines.filter(case_id=app.pk)
    assert (line.amount_fen, line.fund_source, line.slots) == (10000, "price_subsidy", "2026-09")
    # made again: the same single line (never paid twice)
    assert r.do_make(worker, "price_subsidy", "2026-09", "110113").lines.filter(case_id=app.pk).count() == 1
    assert AuditEvent.objects.filter(action="payments.price_subsidy.record").count() == 1


def test_r_amt_08_only_the_groups_the_county_names_are_paid(active_case, worker, approver):
    active_case(AUG)  # urban
    record_urban(approver, groups=("dibao_rural",))
    assert not r.do_make(worker, "price_subsidy", "2026-09", "110113").lines.exists()


def test_r_amt_08_recording_is_checked_whole_and_once_per_county_and_month(approver, worker):
    with pytest.raises(r.Refused, match="每人补贴"):
        record_urban(approver, per_person="abc")
    with pytest.raises(r.Refused, match="发放对象"):
        record_urban(approver, groups=("everyone",))
    with pytest.raises(r.Refused, match="不能登记价格临时补贴"):
        record_urban(worker)
    assert not PriceSubsidy.objects.exists()
    record_urban(approver)
    with pytest.raises(r.Refused, match="已登记"):
        record_urban(approver, per_person="60.00")
    assert PriceSubsidy.objects.get().per_person_fen == 5000
