"""Sealing a document for a counterpart and opening one from it, with the batch bookkeeping (R-SHARE-03):
a batch ID received twice from the same counterpart is a replay and is refused."""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction

from jiuzhu.core.audit import record

from . import envelope, exchange, keys
from .access import SharingRefused
from .keys import Identity
from .models import Batch, Counterpart


def counterpart_named(name: str) -> Counterpart | None:
    return Counterpart.objects.filter(name=name, active=True).first()


def seal_for(counterpart: Counterpart, doc: exchange.Document, identity: Identity | None = None) -> bytes:
    identity = identity or keys.local_identity()
    doc.sender = identity.name
    doc.recipient = counterpart.name
    return envelope.seal(doc.as_dict(), identity, counterpart.name, counterpart.encryption_key)


def open_from(data: bytes, identity: Identity | None = None) -> tuple[Counterpart, exchange.Document]:
    """Check signature, key, checksums and every row; refuse a replayed batch. Writes nothing."""
    identity = identity or keys.local_identity()

    def signing_key(name):
        cp = counterpart_named(name)
        return cp.signing_key if cp else None

    doc = envelope.open_(data, identity, signing_key)
    counterpart = counterpart_named(doc.sender)
    if Batch.objects.filter(counterpart=counterpart, direction="in", batch_id=doc.batch_id).exists():
        raise SharingRefused(f"批次{doc.batch_id}已经导入过，重复的文件不予导入")
    return counterpart, doc


def record_batch(actor, counterpart, doc: exchange.Document, *, direction: str, channel: str, data: bytes,
                 **extra) -> Batch:  # fmt: skip
    """The batch row and its audit event, inside the caller's transaction."""
    try:
        with transaction.atomic():
            batch = Batch.objects.create(
                batch_id=doc.batch_id,
                direction=direction,
                kind=doc.kind,
                channel=channel,
                counterpart=counterpart,
                purpose=doc.purpose,
                in_reply_to=doc.in_reply_to,
                record_count=len(doc.records),
                records_sha256=exchange.records_sha256(doc.records),
                file_sha256=hashlib.sha256(data).hexdigest(),
                created_by=actor if getattr(actor, "pk", None) else None,
                **extra,
            )
    except IntegrityError:
        raise SharingRefused(f"批次{doc.batch_id}已经导入过，重复的文件不予导入") from None
    record(
        actor,
        f"sharing.batch_{direction}",
        batch,
        after={
            "batch_id": batch.batch_id,
            "kind": batch.kind,
            "channel": batch.channel,
            "counterpart": counterpart.name,
            "purpose": batch.purpose,
            "record_count": batch.record_count,
            "file_sha256": batch.file_sha256,
        },
        scope_path=counterpart.region.path,
    )
    return batch
