"""The union side (R-SHARE-04..07, R-SHARE-06): consent, the query about archived households, the answer
landing on the archive as evidence, and the monthly push of the hardship-worker list."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone

from jiuzhu.archives.actions import archives_for
from jiuzhu.archives.models import OPEN_STATUSES, PAYABLE_STATUSES, Archive, UnionAidPayment
from jiuzhu.core.audit import record, snapshot

from . import exchange
from .access import SharingRefused, log, require_purpose, require_sharing_right
from .batches import open_from, record_batch, seal_for
from .models import Batch, Consent, Counterpart, Evidence, Purpose, Side

HARDSHIP = Purpose.HARDSHIP_IDENTIFICATION.value


def _archive_of(user, household) -> Archive:
    archive = archives_for(user).filter(household=household, status__in=OPEN_STATUSES).first()
    if archive is None:
        raise Http404("未找到该家庭的困难职工档案")
    return archive


def do_record_consent(actor, household, *, signed_by: str, signed_on: dt.date, note: str = "") -> Consent:
    """R-SHARE-05: store the worker's signed authorisation (a union user of the household's archive)."""
    _archive_of(actor, household)
    if not signed_by.strip():
        raise SharingRefused("请填写授权人")
    if signed_on > timezone.localdate():
        raise SharingRefused("授权日期不能晚于今天")
    with transaction.atomic():
        consent = Consent.objects.create(
            household=household,
            signed_by=signed_by.strip(),
            signed_on=signed_on,
            note=note.strip(),
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        record(actor, "sharing.consent", consent, after=snapshot(consent), household=household)
    return consent


def _civil(counterpart: Counterpart) -> None:
    if counterpart.side != Side.CIVIL_AFFAIRS:
        raise SharingRefused(f"“{counterpart.name}”不是民政部门，不能向其查询救助情况")


def build_query(actor, counterpart: Counterpart, households, purpose: str | None):
    """The query document (R-SHARE-04: names, ID type and number of each active member) and its refs."""
    require_purpose(purpose, (HARDSHIP,))
    require_sharing_right(actor, counterpart, "发送查询")
    _civil(counterpart)
    households = list(households)
    if not households:
        raise SharingRefused("请选择要查询的家庭")
    records, refs = [], {}
    for household in households:
        _archive_of(actor, household)
        if not Consent.objects.filter(household=household).exists():
            raise SharingRefused(f"家庭{household.number}尚未登记本人授权，不能发送查询")
        for m in household.members.filter(active=True).order_by("id"):
            ref = f"r{len(records) + 1}"
            refs[ref] = [household.pk, m.pk]
            records.append({"ref": ref, "name": m.name, "id_type": "resident_id", "id_number": m.id_number})
    doc = exchange.Document(kind="query", sender="", recipient="", purpose=HARDSHIP, records=records)
    return doc, refs, households


def do_send_query(actor, counterpart, households, purpose, *, channel: str = "file", identity=None):
    """Seal the query for the counterpart; record the batch (out) and one access-log entry per household.
    Returns (batch, sealed bytes): the bytes are the file to carry, or the HTTP body to post."""
    doc, refs, households = build_query(actor, counterpart, households, purpose)
    data = seal_for(counterpart, doc, identity)
    with transaction.atomic():
        batch = record_batch(actor, counterpart, doc, direction="out", channel=channel, data=data, refs=refs)
        for household in households:
            n = sum(1 for h, _m in refs.values() if h == household.pk)
            log(actor, "query", f"查询{n}名家庭成员的救助情况", counterpart=counterpart, purpose=HARDSHIP,
                batch_id=batch.batch_id, household=household, record_count=n)  # fmt: skip
    return batch, data


def do_import_answer(actor, data: bytes, *, channel: str = "file", identity=None) -> Batch:
    """Check the answer file whole (signature, key, checksums, rows, replay) and land each row as evidence on
    the household's archive (R-SHARE-04/07). A refused file writes nothing but the refusal in the log."""
    from jiuzhu.registry.models import Household

    try:
        counterpart, doc = open_from(data, identity)
        if doc.kind != "answer":
            raise SharingRefused("这不是救助情况答复文件")
        require_sharing_right(actor, counterpart, "导入答复")
        query = Batch.objects.filter(
            counterpart=counterpart, direction="out", kind="query", batch_id=doc.in_reply_to
        ).first()
        if query is None:
            raise SharingRefused(f"答复的查询批次{doc.in_reply_to or '（空）'}不是本单位发给该单位的")
        problems = []
        members = {}
        for i, rec in enumerate(doc.records, 1):
            ref = query.refs.get(rec["ref"])
            if ref is None:
                problems.append({"row": i, "column": "ref", "problem": "查询中没有这个编号"})
                continue
            from jiuzhu.registry.models import Member

            member = Member.objects.filter(pk=ref[1]).first()
            if member is None or member.id_number != rec["id_number"]:
                problems.append({"row": i, "column": "id_number", "problem": "与查询时发送的证件号码不符"})
            members[i] = (ref[0], member)
        if problems:
            raise exchange.FormatError(problems)
        today = timezone.localdate()
        with transaction.atomic():
            batch = record_batch(actor, counterpart, doc, direction="in", channel=channel, data=data)
            Batch.objects.filter(pk=query.pk).update(answered_at=timezone.now())
            per_household: dict[int, int] = {}
            for i, rec in enumerate(doc.records, 1):
                household_id, member = members[i]
                household = Household.objects.get(pk=household_id)
                archive = Archive.objects.filter(household=household, status__in=OPEN_STATUSES).first()
                Evidence.objects.create(
                    household=household,
                    archive=archive,
                    batch=batch,
                    purpose=HARDSHIP,
                    name=member.name,
                    id_type=rec["id_type"],
                    id_number=rec["id_number"],
                    found=rec["found"],
                    programme=rec["programme"],
                    since=rec["since"],
                    amount_band=rec["amount_band"],
                    answered_on=today,
                )
                per_household[household_id] = per_household.get(household_id, 0) + 1
            for household_id, n in per_household.items():
                log(actor, "import", f"导入{n}条救助情况答复", counterpart=counterpart, purpose=HARDSHIP,
                    batch_id=batch.batch_id, household=Household.objects.get(pk=household_id),
                    record_count=n)  # fmt: skip
        return batch
    except (SharingRefused, exchange.FormatError, ValueError) as exc:
        with transaction.atomic():
            log(actor, "refused", f"拒绝导入：{exc}"[:300])
        raise


def evidence_for(actor, household, purpose: str | None):
    """R-SHARE-07/09: a household's shared evidence, for the hardship decision only; each view logged."""
    try:
        require_purpose(purpose, (HARDSHIP,))
    except SharingRefused:
        with transaction.atomic():
            log(actor, "refused", f"以“{purpose or '未说明'}”用途查看共享数据被拒绝", household=household)
        raise
    _archive_of(actor, household)
    rows = list(Evidence.objects.filter(household=household, purpose=HARDSHIP).select_related("batch"))
    with transaction.atomic():
        log(actor, "view", f"查看{len(rows)}条救助情况比对结果", purpose=HARDSHIP, household=household,
            record_count=len(rows))  # fmt: skip
    return rows


def purge_expired(today: dt.date | None = None) -> int:
    """OP-25: shared results are deleted with the archive at the end of its retention period."""
    today = today or timezone.localdate()
    total = 0
    expired = Archive.objects.filter(retention_until__lt=today, pk__in=Evidence.objects.values("archive_id"))
    for archive in expired.select_related("household__region"):
        with transaction.atomic():
            n, _ = Evidence.objects.filter(archive=archive).delete()
            record(
                None, "sharing.evidence_deleted", archive, after={"deleted": n}, household=archive.household
            )
            log(
                None,
                "delete",
                f"档案保管期满，删除{n}条共享比对结果",
                household=archive.household,
                record_count=n,
            )
        total += n
    n = total
    return n


# ---------------------------------------------------------------- R-SHARE-06 aid push


def build_aid_push(actor, counterpart: Counterpart, year: int):
    require_sharing_right(actor, counterpart, "推送帮扶数据")
    _civil(counterpart)
    records = []
    for archive in archives_for(actor).filter(status__in=PAYABLE_STATUSES).order_by("id"):
        worker = archive.household.applicant
        if worker is None:
            continue
        total = UnionAidPayment.objects.filter(archive=archive, paid_on__year=year).aggregate(
            s=Sum("amount_fen")
        )
        records.append(
            {
                "name": worker.name,
                "id_type": "resident_id",
                "id_number": worker.id_number,
                "category": archive.category,
                "archived_since": archive.activated_on.strftime("%Y-%m") if archive.activated_on else "",
                "aid_year_fen": int(total["s"] or 0),
                "region_code": archive.household.region.code,
            }
        )
    purpose = Purpose.AID_SHARING.value
    return exchange.Document(kind="aid_push", sender="", recipient="", purpose=purpose, records=records,
                             meta={"year": year})  # fmt: skip


def do_push_aid(actor, counterpart, *, year: int | None = None, channel: str = "file", identity=None):
    """R-SHARE-06: the union's hardship-worker list with this year's aid, for civil affairs."""
    doc = build_aid_push(actor, counterpart, year or timezone.localdate().year)
    data = seal_for(counterpart, doc, identity)
    with transaction.atomic():
        batch = record_batch(actor, counterpart, doc, direction="out", channel=channel, data=data)
        log(actor, "export", f"推送{len(doc.records)}名困难职工的帮扶数据", counterpart=counterpart,
            purpose=doc.purpose, batch_id=batch.batch_id, record_count=len(doc.records))  # fmt: skip
    return batch, data
