"""R-SHARE-03/04: the union's query as an encrypted batch file, civil affairs' answer from the cases it holds,
and the answer landing on the archive as evidence with its date and batch (R-SHARE-07: purpose-tagged)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jiuzhu.sharing import civil, union
from jiuzhu.sharing.models import AccessLog, Batch, Evidence
from tests.dibao.helpers import to_status


@pytest.fixture
def dibao_archive(consented, users):
    """An archived union household that also receives 低保 (walked through the real 低保 procedure)."""
    from jiuzhu.dibao.actions import do_create_application

    archive = consented()
    app = do_create_application(users["sy_worker"], archive.household)
    app = to_status(app, "active", users["sy_worker"], users["sy_approver"])
    return archive, app


def test_r_share_04_query_answer_round_trip_lands_evidence(dibao_archive, consented, agreements, ids):
    worker, approver = agreements["union_worker"], agreements["sy_approver"]
    archive, app = dibao_archive
    other = consented()  # two members, no assistance
    from jiuzhu.sharing.models import Counterpart

    civil_cp = Counterpart.objects.get(name="顺义区民政局")
    batch, query_file = union.do_send_query(
        worker,
        civil_cp,
        [archive.household, other.household],
        "hardship_identification",
        identity=ids["union"],
    )
    assert batch.record_count == 4  # 2 households x 2 members (R-SHARE-04: every member)
    assert b"\xe5\xbc\xa0" not in query_file  # no name (张) in clear on the medium: the file is encrypted
    assert archive.household.members.first().id_number.encode() not in query_file

    answer_batch, answer_file = civil.do_answer_query(approver, query_file, identity=ids["civil"])
    assert answer_batch.in_reply_to == batch.batch_id

    imported = union.do_import_answer(worker, answer_file, identity=ids["union"])
    rows = list(Evidence.objects.filter(batch=imported).order_by("id"))
    # hand-worked: the 低保 household has its two members on the case, each answered "dibao since the
    # payment start month"; the other household's two members have no record.
    assert [(r.household_id, r.found, r.programme) for r in rows] == [
        (archive.household_id, True, "dibao"),
        (archive.household_id, True, "dibao"),
        (other.household_id, False, ""),
        (other.household_id, False, ""),
    ]
    assert rows[0].since == app.payment_start.strftime("%Y-%m")
    assert rows[0].archive_id == archive.pk and rows[0].answered_on == timezone.localdate()
    assert {r.purpose for r in rows} == {"hardship_identification"}
    # one log entry per access: the query per household, the answer, the import per household
    actions = list(AccessLog.objects.order_by("id").values_list("action", "household_id"))
    assert actions == [
        ("query", archive.household_id),
        ("query", other.household_id),
        ("answer", None),
        ("import", archive.household_id),
        ("import", other.household_id),
    ]
    assert Batch.objects.get(pk=batch.pk).answered_at is not None


def test_r_share_04_amount_band_hand_worked():
    from jiuzhu.sharing.exchange import amount_band

    assert [amount_band(v) for v in (0, 49_999, 50_000, 99_999, 100_000, 199_999, 200_000, None)] == [
        "<500", "<500", "500-1000", "500-1000", "1000-2000", "1000-2000", ">=2000", "",
    ]  # fmt: skip


def test_r_share_04_temporary_grant_in_last_twelve_months(consented, agreements, ids):
    """A 临时救助 grant approved within twelve months is answered as 'temporary' with its month."""
    from jiuzhu.sharing.models import Counterpart
    from jiuzhu.temporary.models import TemporaryCase

    archive = consented(members=1)
    today = timezone.localdate()
    TemporaryCase.objects.create(
        household=archive.household, number="T-1", status="closed", case_type="emergency",
        event_kind="sudden_illness", event_date=today - dt.timedelta(days=40), severity="moderate",
        amount_fen=80_000, approved_on=today - dt.timedelta(days=30),
    )  # fmt: skip
    _b, qf = union.do_send_query(
        agreements["union_worker"], Counterpart.objects.get(name="顺义区民政局"), [archive.household],
        "hardship_identification", identity=ids["union"],
    )  # fmt: skip
    _a, af = civil.do_answer_query(agreements["sy_approver"], qf, identity=ids["civil"])
    union.do_import_answer(agreements["union_worker"], af, identity=ids["union"])
    ev = Evidence.objects.get(household=archive.household)
    month = (today - dt.timedelta(days=30)).strftime("%Y-%m")
    assert (ev.programme, ev.since, ev.amount_band) == ("temporary", month, "500-1000")
