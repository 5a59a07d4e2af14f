"""R-PAY-17: union aid spending not entered in the national system within 30 working days, or entered late;
R-FLOW-30: union aid paid after the archive was removed."""

import datetime as dt

import pytest

from jiuzhu.archives import actions as a
from jiuzhu.archives.models import Archive

pytestmark = pytest.mark.django_db


def pay(user, household, paid_on=None):
    data = {"project": "living", "amount": "800.00", "fund_source": "central", "method": "bank"}
    if paid_on:
        data["paid_on"] = paid_on.isoformat()
    return a.do_pay(user, household, data)


def test_r_pay_17_not_entered_after_the_deadline(archive_at, union_users, found):
    archive = archive_at()
    p = pay(union_users["base"], archive.household)
    assert found("national_entry_late", today=p.entry_due) == []  # the last day: still in time
    hits = found("national_entry_late", today=p.entry_due + dt.timedelta(days=1))
    assert hits == [
        (f"uap:{p.pk}:entry", archive.household_id, f"800.00元的帮扶支出应于{p.entry_due}前录入，至今未录入")
    ]


def test_r_pay_17_entered_late_or_in_time(archive_at, union_users, found):
    archive = archive_at()
    long_ago = dt.date.today() - dt.timedelta(days=90)  # 30 working days are over by today
    late, ontime = (pay(union_users["base"], archive.household, long_ago) for _ in range(2))
    assert late.entry_due < dt.date.today() - dt.timedelta(days=3)
    a.do_mark_entered(union_users["base"], late, on=late.entry_due + dt.timedelta(days=3))
    a.do_mark_entered(union_users["base"], ontime, on=ontime.entry_due)
    hits = found("national_entry_late", today=dt.date.today())
    assert hits == [
        (
            f"uap:{late.pk}:entry",
            archive.household_id,
            f"800.00元的帮扶支出应于{late.entry_due}前录入，{late.entry_due + dt.timedelta(days=3)}才录入",
        )
    ]


def test_r_flow_30_paid_after_the_archive_was_removed(archive_at, union_users, found):
    archive = archive_at()
    p = pay(union_users["base"], archive.household)
    assert found("union_paid_after_removal") == []
    # data as an import from an older system can leave it: removed the day before the payment
    Archive.objects.filter(pk=archive.pk).update(
        status="removed", removed_on=p.paid_on - dt.timedelta(days=1)
    )
    assert [s for s, _h, _d in found("union_paid_after_removal")] == [f"uap:{p.pk}:removed"]
    Archive.objects.filter(pk=archive.pk).update(removed_on=p.paid_on)  # removed the same day, after paying
    assert found("union_paid_after_removal") == []
