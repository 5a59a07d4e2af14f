"""Issue 13 item 5 (等保 2.0 level 3, 安全审计: audit records protected against alteration and deletion):
each audit event is hashed and chained; `jiuzhu audit verify` names the first event altered, inserted or
deleted. The tampering here is done the way an intruder would: SQL straight to the database."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from jiuzhu.cli import main
from jiuzhu.core.audit import record
from jiuzhu.core.audit_chain import seal, verify
from jiuzhu.core.models import AuditChainHead, AuditEvent, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(demo, users, django_capture_on_commit_callbacks) -> list[AuditEvent]:
    """Five committed events (sealed after commit, as in production) on top of the demo's own."""
    region = Region.objects.order_by("id").first()
    made = []
    for k in range(5):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            made.append(
                record(
                    users["admin"],
                    "test_edit",
                    region,
                    before={"name": "旧", "n": k},
                    after={"name": f"新{k}", "amount": "12.50", "ratio": 2.0},
                    note=f"第{k}次",
                )
            )
    seal()  # the demo's own events were written in the test's outer transaction, never committed
    return [AuditEvent.objects.get(pk=e.pk) for e in made]


def sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.replace("?", "%s"), params)


def test_committed_events_are_sealed_and_the_chain_verifies(events):
    assert all(e.seq and len(e.mac) == 64 and len(e.chain) == 64 for e in events)
    assert [e.seq for e in events] == list(range(events[0].seq, events[0].seq + 5))
    report = verify()
    assert report.ok, report.problems
    assert report.unsealed == 0
    assert report.head_seq == events[-1].seq and report.head_hash == events[-1].chain


def test_note_edited_in_the_database_is_found_as_altered(events):
    sql("UPDATE core_auditevent SET note = ? WHERE id = ?", "无", events[2].pk)
    report = verify()
    assert (report.first.kind, report.first.event_id) == ("altered", events[2].pk)


def test_json_after_value_edited_in_the_database_is_found(events):
    sql(
        "UPDATE core_auditevent SET after = ? WHERE id = ?",
        '{"name": "新1", "amount": "99.50", "ratio": 2.0}',
        events[1].pk,
    )
    assert (verify().first.kind, verify().first.event_id) == ("altered", events[1].pk)


def test_actor_changed_in_the_database_is_found(events, users):
    sql("UPDATE core_auditevent SET actor_id = ? WHERE id = ?", users["sy_worker"].pk, events[0].pk)
    assert verify().first.event_id == events[0].pk


def test_event_deleted_in_the_middle_is_found_at_its_position(events):
    sql("DELETE FROM core_auditevent WHERE id = ?", events[2].pk)
    first = verify().first
    assert (first.kind, first.seq) == ("deleted", events[2].seq)


def test_newest_event_deleted_is_found_by_the_head(events):
    sql("DELETE FROM core_auditevent WHERE id = ?", events[4].pk)
    first = verify().first
    assert (first.kind, first.seq) == ("deleted", events[4].seq)


def test_newest_event_deleted_and_head_rewound_is_found_against_a_noted_head(events):
    noted = (events[4].seq, events[4].chain)
    sql("DELETE FROM core_auditevent WHERE id = ?", events[4].pk)
    sql("UPDATE core_auditchainhead SET seq = ?, hash = ? WHERE id = 1", events[3].seq, events[3].chain)
    assert verify().ok  # without an outside record of the head this cannot be seen (docs/security.md)
    first = verify(expect=noted).first
    assert (first.kind, first.seq) == ("deleted", events[4].seq)


def test_row_inserted_with_a_copied_hash_is_found_as_inserted(events):
    """An intruder copies a real event's mac onto a forged one and puts it into the chain."""
    AuditChainHead.objects.filter(pk=1).update(seq=events[4].seq + 1)
    forged = events[3]
    sql(
        "INSERT INTO core_auditevent (at, actor_role, action, object_type, object_id, scope_path, note, mac, seq, chain)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        forged.at,
        "admin",
        "test_edit",
        forged.object_type,
        forged.object_id,
        "",
        "伪造",
        forged.mac,
        events[4].seq + 1,
        events[4].chain,
    )
    kinds = {(p.kind, p.seq) for p in verify().problems}
    assert ("altered", events[4].seq + 1) in kinds and ("inserted", events[4].seq + 1) in kinds


def test_unsealed_forged_row_is_reported_and_never_sealed(events):
    sql(
        "INSERT INTO core_auditevent (at, actor_role, action, object_type, object_id, scope_path, note, mac, chain)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        events[0].at,
        "admin",
        "test_edit",
        "core.region",
        "1",
        "",
        "伪造",
        "0" * 64,
        "",
    )
    assert seal() == 0
    report = verify()
    assert report.unsealed == 1 and report.first.kind == "inserted" and report.first.seq is None


def test_swapping_two_events_positions_is_found(events):
    a, b = events[1], events[2]
    sql("UPDATE core_auditevent SET seq = NULL WHERE id = ?", a.pk)
    sql("UPDATE core_auditevent SET seq = ? WHERE id = ?", a.seq, b.pk)
    sql("UPDATE core_auditevent SET seq = ? WHERE id = ?", b.seq, a.pk)
    first = verify().first
    assert (first.kind, first.seq) == ("inserted", a.seq)


def test_cli_audit_verify_names_the_first_altered_event(events, capsys):
    assert main(["audit", "verify"]) == 0
    assert "审计链完整" in capsys.readouterr().out
    sql("UPDATE core_auditevent SET object_id = ? WHERE id = ?", "999", events[1].pk)
    sql("UPDATE core_auditevent SET note = ? WHERE id = ?", "无", events[3].pk)
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"第一处: 事件 #{events[1].pk}，位置 {events[1].seq}" in out


def test_cli_audit_verify_expect_must_be_position_and_hash(events, capsys):
    assert main(["audit", "verify", "--expect", "abc"]) == 2
    assert "--expect" in capsys.readouterr().err


def test_event_written_in_a_rolled_back_transaction_leaves_no_trace(events, users):
    region = Region.objects.order_by("id").first()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(users["admin"], "test_edit", region, after={"x": 1})
        raise RuntimeError("the action failed")
    assert seal() == 0 and verify().ok
