"""OP-25: civil-affairs answers are kept only as evidence on the archive and deleted with it at the end of the
archive's retention period (R-ARC-01: ten years after removal); the deletion is audited and logged."""

from __future__ import annotations

import datetime as dt

from jiuzhu.archives import actions as aa
from jiuzhu.core.models import AuditEvent
from jiuzhu.sharing import civil, union
from jiuzhu.sharing.models import AccessLog, Counterpart, Evidence


def test_op_25_evidence_deleted_with_the_archive_at_end_of_retention(consented, agreements, ids):
    kept, removed = consented(), consented()
    cp = Counterpart.objects.get(name="顺义区民政局")
    _b, q = union.do_send_query(agreements["union_worker"], cp, [kept.household, removed.household],
                                "hardship_identification", identity=ids["union"])  # fmt: skip
    _a, answer = civil.do_answer_query(agreements["sy_approver"], q, identity=ids["civil"])
    union.do_import_answer(agreements["union_worker"], answer, identity=ids["union"])
    assert Evidence.objects.count() == 4
    removed = aa.do_remove(agreements["union_worker"], removed, "家庭已脱困，撤档", on=dt.date(2026, 6, 30))
    assert removed.retention_until == dt.date(2036, 6, 30)  # R-ARC-01: ten years
    assert union.purge_expired(today=dt.date(2036, 6, 30)) == 0  # the last day of retention: kept
    assert union.purge_expired(today=dt.date(2036, 7, 1)) == 2
    assert set(Evidence.objects.values_list("household_id", flat=True)) == {kept.household_id}
    assert (
        AuditEvent.objects.filter(action="sharing.evidence_deleted", object_id=str(removed.pk)).count() == 1
    )
    entry = AccessLog.objects.get(action="delete")
    assert (entry.household_id, entry.record_count) == (removed.household_id, 2)
