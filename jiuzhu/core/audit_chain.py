"""Tamper-evident audit log (等保 2.0 level 3, 安全审计): a keyed hash per event and a chain over them.

Each event gets, when it is written, `mac` = HMAC-SHA256(key, its content). After its transaction commits,
`seal()` gives it the next position `seq` and `chain` = HMAC(key, previous chain | seq | mac); the
one-row AuditChainHead remembers the last position. Sealing after commit (not inside the action) keeps the
head's lock short and outside the actions' own locks, so it neither serialises long actions nor deadlocks.

`verify()` recomputes everything and names what was altered (content or mac changed), inserted (a mac the
key did not make, a position out of line) or deleted (a gap in the positions, a head past the last event).
The key is settings.AUDIT_CHAIN_KEY: someone who can write the database but does not hold the key cannot
forge a row. Deleting the newest events and rewinding the head is visible only against a head noted
elsewhere earlier (`verify(expect=...)`, `jiuzhu audit verify --expect SEQ:HASH`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

GENESIS = "0" * 64
CONTENT_FIELDS = (
    "at",
    "actor_id",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "household_id",
    "scope_path",
    "before",
    "after",
    "note",
)
BATCH = 2000


def _key() -> bytes:
    return settings.AUDIT_CHAIN_KEY.encode()


def _canonical(value: Any) -> Any:
    """JSON values as both databases give them back (PostgreSQL's jsonb may print 2.0 as 2)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def content_mac(event: Any) -> str:
    """The event's own keyed hash; `event` may be a historical model instance (migrations)."""
    data = {}
    for name in CONTENT_FIELDS:
        value = getattr(event, name)
        if name == "at":
            value = value.astimezone(dt.UTC).isoformat(timespec="microseconds")
        data[name] = _canonical(json.loads(json.dumps(value)) if name in ("before", "after") else value)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(_key(), text.encode(), hashlib.sha256).hexdigest()


def link(previous: str, seq: int, mac: str) -> str:
    return hmac.new(_key(), f"{previous}|{seq}|{mac}".encode(), hashlib.sha256).hexdigest()


def seal(event_model=None, head_model=None) -> int:
    """Chain every committed event not yet chained, in the order written; returns how many.

    An event whose mac does not match its content is left out of the chain: verify() reports it."""
    from .models import AuditChainHead, AuditEvent

    event_model = event_model or AuditEvent
    head_model = head_model or AuditChainHead
    sealed = 0
    while True:
        with transaction.atomic():
            head, _ = head_model.objects.select_for_update().get_or_create(pk=1)
            pending = list(event_model.objects.filter(seq__isnull=True).order_by("id")[:BATCH])
            good = [e for e in pending if e.mac and hmac.compare_digest(e.mac, content_mac(e))]
            for event in good:
                head.seq += 1
                head.hash = link(head.hash, head.seq, event.mac)
                event.seq, event.chain = head.seq, head.hash
            event_model.objects.bulk_update(good, ["seq", "chain"], batch_size=500)
            head.save(update_fields=["seq", "hash"])
            sealed += len(good)
        if len(pending) < BATCH or not good:
            return sealed


def _seal_after_commit() -> None:
    seal()


def seal_on_commit() -> None:
    """Called by audit.record: one seal after the transaction commits, however many events it wrote."""
    connection = transaction.get_connection()
    if not any(entry[1] is _seal_after_commit for entry in connection.run_on_commit):
        transaction.on_commit(
            _seal_after_commit, robust=True
        )  # a failed seal is logged; the next one retries


@dataclass
class Problem:
    kind: str  # altered | inserted | deleted
    event_id: int | None
    seq: int | None
    detail: str


@dataclass
class Report:
    events: int = 0
    sealed: int = 0
    unsealed: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> Problem | None:
        return self.problems[0] if self.problems else None


def verify(expect: tuple[int, str] | None = None) -> Report:
    """Walk the chain in order; every problem found, in chain order (the first is the earliest)."""
    from .models import AuditChainHead, AuditEvent

    report = Report()
    head = AuditChainHead.objects.filter(pk=1).first()
    report.head_seq, report.head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    previous, expected_seq, anchor_seen = GENESIS, 1, expect is None or expect[0] == 0
    fields = ["id", "seq", "mac", "chain", *CONTENT_FIELDS]
    rows = AuditEvent.objects.filter(seq__isnull=False).order_by("seq").only(*fields)
    for event in rows.iterator(chunk_size=BATCH):
        report.events += 1
        report.sealed += 1
        if event.seq != expected_seq:
            missing = (
                f"{expected_seq}" if event.seq == expected_seq + 1 else f"{expected_seq}–{event.seq - 1}"
            )
            report.problems.append(Problem("deleted", None, expected_seq, f"位置 {missing} 的事件已不存在"))
        if not hmac.compare_digest(event.mac or "", content_mac(event)):
            report.problems.append(Problem("altered", event.id, event.seq, "事件内容与其哈希不符（被修改）"))
        if not hmac.compare_digest(event.chain or "", link(previous, event.seq, event.mac or "")):
            report.problems.append(
                Problem("inserted", event.id, event.seq, "事件不接续前一事件（被插入或调换）")
            )
        if expect and event.seq == expect[0]:
            anchor_seen = True
            if event.chain != expect[1]:
                report.problems.append(Problem("altered", event.id, event.seq, "与此前记下的链头不符"))
        previous, expected_seq = event.chain or "", event.seq + 1
    if report.head_seq >= expected_seq:
        report.problems.append(
            Problem("deleted", None, expected_seq, f"最新的事件已被删除（链头在位置 {report.head_seq}）")
        )
    elif report.head_seq < expected_seq - 1 or (report.sealed and report.head_hash != previous):
        report.problems.append(Problem("inserted", None, report.head_seq, "链头与最后一个事件不符"))
    if not anchor_seen:
        report.problems.append(Problem("deleted", None, expect[0], "此前记下的链头位置已不存在"))
    for event in AuditEvent.objects.filter(seq__isnull=True).order_by("id").only(*fields):
        report.events += 1
        report.unsealed += 1
        if not hmac.compare_digest(event.mac or "", content_mac(event)):
            report.problems.append(
                Problem("inserted", event.id, None, "未入链的事件与其哈希不符（被插入或修改）")
            )
    return report
