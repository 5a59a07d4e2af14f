"""Privacy-preserving matching (issue 12 item 3): the union sends keyed hashes of its members' normalised ID
numbers instead of the numbers; civil affairs hashes its own registry with the same per-exchange key and
answers only for the hashes that match, so it learns only the matches, and raw ID numbers never leave the
union. The key is random per batch and travels inside the encrypted document (only the addressee reads it).

Limits (docs/sharing.md): an ID number has little entropy (region, birth date, sequence), so a recipient
holding the key could hash every plausible number; the mode keeps the numbers off the wire and out of the
recipient's logs and files, it is not a cryptographic private-set-intersection protocol.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from django.db import transaction
from django.utils import timezone

from jiuzhu.registry.models import Member

from . import exchange
from .access import SharingRefused, log, require_purpose, require_sharing_right
from .batches import open_from, record_batch, seal_for
from .models import Batch, Evidence, Purpose

HARDSHIP = Purpose.HARDSHIP_IDENTIFICATION.value


def normalise(id_number: str) -> str:
    return (id_number or "").strip().upper()


def keyed_hash(key: bytes, id_number: str) -> str:
    return hmac.new(key, normalise(id_number).encode("ascii", "replace"), hashlib.sha256).hexdigest()


def build_hashed_query(actor, counterpart, households, purpose):
    from .models import Consent
    from .union import _archive_of, _civil

    require_purpose(purpose, (HARDSHIP,))
    require_sharing_right(actor, counterpart, "发送查询")
    _civil(counterpart)
    households = list(households)
    if not households:
        raise SharingRefused("请选择要查询的家庭")
    key = os.urandom(32)
    records, refs = [], {}
    for household in households:
        _archive_of(actor, household)
        if not Consent.objects.filter(household=household).exists():
            raise SharingRefused(f"家庭{household.number}尚未登记本人授权，不能发送查询")
        for m in household.members.filter(active=True).order_by("id"):
            ref = f"r{len(records) + 1}"
            refs[ref] = [household.pk, m.pk]
            records.append({"ref": ref, "id_hmac": keyed_hash(key, m.id_number)})
    meta = {
        "hmac_key": base64.b64encode(key).decode("ascii"),
        "hmac": "HMAC-SHA256",
        "normalisation": "strip-upper",
    }
    doc = exchange.Document(
        kind="hashed_query", sender="", recipient="", purpose=HARDSHIP, records=records, meta=meta
    )
    return doc, refs, households


def do_send_hashed_query(actor, counterpart, households, purpose, *, channel="file", identity=None):
    doc, refs, households = build_hashed_query(actor, counterpart, households, purpose)
    data = seal_for(counterpart, doc, identity)
    with transaction.atomic():
        batch = record_batch(actor, counterpart, doc, direction="out", channel=channel, data=data, refs=refs)
        for household in households:
            n = sum(1 for h, _m in refs.values() if h == household.pk)
            log(actor, "query", f"以密钥散列值查询{n}名家庭成员的救助情况", counterpart=counterpart,
                purpose=HARDSHIP, batch_id=batch.batch_id, household=household, record_count=n)  # fmt: skip
    return batch, data


def match_hashes(key: bytes, wanted, registry_ids) -> dict[str, str]:
    """{hex hash: id_number} for the registry numbers whose keyed hash is wanted: one HMAC-SHA256 per registry
    number (the one-shot C implementation) and one set lookup each."""
    wanted = {bytes.fromhex(h) for h in wanted}
    digest = hmac.digest
    out = {}
    for number in registry_ids:
        d = digest(key, normalise(number).encode("ascii", "replace"), "sha256")
        if d in wanted:
            out[d.hex()] = number
    return out


def build_hashed_answer(query: exchange.Document, region_path: str, today) -> exchange.Document:
    from .civil import situation

    key = base64.b64decode(query.meta.get("hmac_key", ""))
    if len(key) != 32:
        raise SharingRefused("散列查询缺少有效的密钥")
    ids = Member.objects.filter(active=True, household__region__path__startswith=region_path).values_list(
        "id_number", flat=True
    )
    found = match_hashes(key, (r["id_hmac"] for r in query.records), ids.iterator(chunk_size=20000))
    records = []
    for rec in query.records:
        number = found.get(rec["id_hmac"])
        if number is None:
            continue  # not a match: civil affairs learns nothing about it and answers nothing
        items = situation(number, region_path, today)
        if not items:
            records.append(
                {"ref": rec["ref"], "found": False, "programme": "", "since": "", "amount_band": ""}
            )
        for item in items:
            records.append({"ref": rec["ref"], "found": True, **item})
    return exchange.Document(kind="hashed_answer", sender="", recipient="", purpose=query.purpose, records=records,
                             in_reply_to=query.batch_id, meta={"matched": len(found)})  # fmt: skip


def do_import_hashed_answer(actor, data: bytes, *, channel="file", identity=None) -> Batch:
    """A person absent from the answer is not in civil affairs' registry: evidence 'no record'."""
    from jiuzhu.archives.models import OPEN_STATUSES, Archive
    from jiuzhu.registry.models import Household

    try:
        counterpart, doc = open_from(data, identity)
        if doc.kind != "hashed_answer":
            raise SharingRefused("这不是散列查询的答复文件")
        require_sharing_right(actor, counterpart, "导入答复")
        query = Batch.objects.filter(counterpart=counterpart, direction="out", kind="hashed_query",
                                     batch_id=doc.in_reply_to).first()  # fmt: skip
        if query is None:
            raise SharingRefused(f"答复的查询批次{doc.in_reply_to or '（空）'}不是本单位发给该单位的")
        problems = [{"row": i, "column": "ref", "problem": "查询中没有这个编号"}
                    for i, rec in enumerate(doc.records, 1) if rec["ref"] not in query.refs]  # fmt: skip
        if problems:
            raise exchange.FormatError(problems)
        rows = [(rec["ref"], rec) for rec in doc.records]
        answered = {ref for ref, _ in rows}
        rows += [(ref, None) for ref in query.refs if ref not in answered]
        today = timezone.localdate()
        with transaction.atomic():
            batch = record_batch(actor, counterpart, doc, direction="in", channel=channel, data=data)
            Batch.objects.filter(pk=query.pk).update(answered_at=timezone.now())
            per_household: dict[int, int] = {}
            for ref, rec in rows:
                household_id, member_id = query.refs[ref]
                member = Member.objects.get(pk=member_id)
                rec = rec or {"found": False, "programme": "", "since": "", "amount_band": ""}
                Evidence.objects.create(
                    household_id=household_id,
                    archive=Archive.objects.filter(household_id=household_id, status__in=OPEN_STATUSES).first(),
                    batch=batch, purpose=HARDSHIP, name=member.name, id_type="resident_id",
                    id_number=member.id_number, found=rec["found"], programme=rec["programme"],
                    since=rec["since"], amount_band=rec["amount_band"], answered_on=today,
                )  # fmt: skip
                per_household[household_id] = per_household.get(household_id, 0) + 1
            for household_id, n in per_household.items():
                log(actor, "import", f"导入{n}条散列比对答复", counterpart=counterpart, purpose=HARDSHIP,
                    batch_id=batch.batch_id, household=Household.objects.get(pk=household_id), record_count=n)  # fmt: skip
        return batch
    except (SharingRefused, exchange.FormatError, ValueError) as exc:
        with transaction.atomic():
            log(actor, "refused", f"拒绝导入：{exc}"[:300])
        raise
