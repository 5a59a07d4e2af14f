"""Hashed matching (issue 12 item 3): the union sends keyed hashes of normalised ID numbers, never the
numbers; civil affairs answers only the matches (a person outside its registry is simply absent, and the
union records "no record" for him)."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from jiuzhu.sharing import civil, envelope, hashed
from jiuzhu.sharing.models import AccessLog, Counterpart, Evidence


def test_keyed_hash_normalises_and_is_per_key():
    key, other = b"k" * 32, b"o" * 32
    assert hashed.keyed_hash(key, " 11011319800517001x") == hashed.keyed_hash(key, "11011319800517001X")
    assert hashed.keyed_hash(key, "11011319800517001X") != hashed.keyed_hash(other, "11011319800517001X")
    # hand-checked against the standard construction
    import hashlib
    import hmac

    assert hashed.keyed_hash(key, "1") == hmac.new(key, b"1", hashlib.sha256).hexdigest()
    assert hashed.match_hashes(key, [hashed.keyed_hash(key, "2")], ["1", "2", "3"]) == {
        hashed.keyed_hash(key, "2"): "2"
    }


def test_hashed_query_no_id_numbers_sent_only_matches_answered(consented, agreements, ids):
    from jiuzhu.temporary.models import TemporaryCase

    here = consented(members=1)  # a 顺义 household: in the civil registry of 顺义
    away = consented(members=1, region="110105001001")  # 朝阳: not in 顺义's registry
    today = timezone.localdate()
    TemporaryCase.objects.create(
        household=here.household, number="T-9", status="approved", case_type="emergency",
        event_kind="sudden_illness", event_date=today - dt.timedelta(days=10), severity="moderate",
        amount_fen=250_000, approved_on=today - dt.timedelta(days=5),
    )  # fmt: skip
    cp = Counterpart.objects.get(name="顺义区民政局")
    _b, query = hashed.do_send_hashed_query(
        agreements["union_worker"], cp, [here.household, away.household], "hardship_identification",
        identity=ids["union"],
    )  # fmt: skip
    opened = envelope.open_(query, ids["civil"], lambda n: ids["union"].signing_public)
    sent = json.dumps(opened.records)
    for h in (here, away):
        assert h.household.applicant.id_number not in sent and h.household.applicant.name not in sent
    _a, answer = civil.do_answer_query(agreements["sy_approver"], query, identity=ids["civil"])
    answered = envelope.open_(answer, ids["union"], lambda n: ids["civil"].signing_public)
    assert [r["ref"] for r in answered.records] == ["r1"] and answered.meta["matched"] == 1
    assert "1个在册" not in AccessLog.objects.get(action="answer").what
    assert "2个散列值中1人在册" in AccessLog.objects.get(action="answer").what

    hashed.do_import_hashed_answer(agreements["union_worker"], answer, identity=ids["union"])
    got = {e.household_id: (e.found, e.programme, e.amount_band) for e in Evidence.objects.all()}
    assert got == {here.household_id: (True, "temporary", ">=2000"), away.household_id: (False, "", "")}
