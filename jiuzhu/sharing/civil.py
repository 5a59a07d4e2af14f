"""The civil-affairs side (R-SHARE-04, R-SHARE-06, R-SHARE-11): answer a union's query from the cases held
here, and take in the union's pushed hardship-worker list to compare with 低保 recipients."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from jiuzhu.accounts.scope import civil_households
from jiuzhu.registry.models import Member, mask_name

from . import exchange
from .access import SharingRefused, log, require_purpose, require_sharing_right
from .batches import open_from, record_batch, seal_for
from .models import Batch, Purpose, PushedWorker, Side

DIBAO_RECEIVING = ("active", "phase_out")
TEMPORARY_GRANTED = ("approved", "closed")
TEMPORARY_MONTHS = 12  # a 临时救助 grant is reported for twelve months after its approval


def _months_back(day: dt.date, n: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - n, 12)
    return dt.date(y, m + 1, 1)


def situation(id_number: str, region_path: str, today: dt.date) -> list[dict]:
    """R-SHARE-04: a person's social-assistance situation here (only programme, since when, amount band)."""
    from jiuzhu.dibao.models import DibaoApplication
    from jiuzhu.temporary.models import TemporaryCase

    member = (
        Member.objects.filter(
            id_number=id_number, active=True, household__region__path__startswith=region_path
        )
        .select_related("household")
        .first()
    )
    if member is None:
        return []
    out = []
    for app in DibaoApplication.objects.filter(household=member.household, status__in=DIBAO_RECEIVING):
        out.append(
            {
                "programme": "dibao",
                "since": app.payment_start.strftime("%Y-%m") if app.payment_start else "",
                "amount_band": exchange.amount_band(app.benefit_household_fen),
            }
        )
    since = _months_back(today, TEMPORARY_MONTHS)
    for case in TemporaryCase.objects.filter(
        household=member.household, status__in=TEMPORARY_GRANTED, approved_on__gte=since
    ).order_by("approved_on"):
        out.append(
            {
                "programme": "temporary",
                "since": case.approved_on.strftime("%Y-%m"),
                "amount_band": exchange.amount_band(case.amount_fen),
            }
        )
    return out


def build_answer(query: exchange.Document, region_path: str, today: dt.date) -> exchange.Document:
    records = []
    for rec in query.records:
        found = situation(rec["id_number"], region_path, today)
        base = {"ref": rec["ref"], "id_type": rec["id_type"], "id_number": rec["id_number"]}
        if not found:
            records.append({**base, "found": False, "programme": "", "since": "", "amount_band": ""})
        for item in found:
            records.append({**base, "found": True, **item})
    return exchange.Document(kind="answer", sender="", recipient="", purpose=query.purpose, records=records,
                             in_reply_to=query.batch_id)  # fmt: skip


def do_answer_query(actor, data: bytes, *, channel: str = "file", identity=None) -> tuple[Batch, bytes]:
    """Check a union's query whole and answer it at once (R-SHARE-02: immediate when automatic). Returns the
    answer batch and the sealed answer (the file to carry back, or the HTTP response body)."""
    try:
        counterpart, doc = open_from(data, identity)
        if doc.kind not in ("query", "hashed_query"):
            raise SharingRefused("这不是救助情况查询文件")
        if counterpart.side != Side.UNION:
            raise SharingRefused(f"“{counterpart.name}”不是工会，不能查询救助情况")
        require_purpose(doc.purpose, (Purpose.HARDSHIP_IDENTIFICATION,))
        require_sharing_right(actor, counterpart, "答复查询")
        if doc.kind == "hashed_query":
            from .hashed import build_hashed_answer

            answer = build_hashed_answer(doc, counterpart.region.path, timezone.localdate())
        else:
            answer = build_answer(doc, counterpart.region.path, timezone.localdate())
        sealed = seal_for(counterpart, answer, identity)
        with transaction.atomic():
            record_batch(actor, counterpart, doc, direction="in", channel=channel, data=data)
            batch = record_batch(actor, counterpart, answer, direction="out", channel=channel, data=sealed)
            found = sum(1 for r in answer.records if r["found"])
            if doc.kind == "hashed_query":
                what = f"答复散列比对查询：{len(doc.records)}个散列值中{answer.meta['matched']}人在册（{found}条救助记录）"
            else:
                what = f"答复{len(doc.records)}人的救助情况查询（{found}条救助记录）"
            log(actor, "answer", what,
                counterpart=counterpart, purpose=doc.purpose, batch_id=doc.batch_id,
                record_count=len(answer.records))  # fmt: skip
        return batch, sealed
    except (SharingRefused, exchange.FormatError, ValueError) as exc:
        with transaction.atomic():
            log(actor, "refused", f"拒绝答复：{exc}"[:300])
        raise


def do_import_aid_push(actor, data: bytes, *, channel: str = "file", identity=None) -> Batch:
    """R-SHARE-06: a union's hardship-worker list, checked whole, stored for comparison."""
    try:
        counterpart, doc = open_from(data, identity)
        if doc.kind != "aid_push":
            raise SharingRefused("这不是困难职工帮扶数据文件")
        if counterpart.side != Side.UNION:
            raise SharingRefused(f"“{counterpart.name}”不是工会")
        require_sharing_right(actor, counterpart, "导入帮扶数据")
        with transaction.atomic():
            batch = record_batch(actor, counterpart, doc, direction="in", channel=channel, data=data)
            PushedWorker.objects.bulk_create(
                PushedWorker(
                    batch=batch,
                    name=r["name"],
                    id_type=r["id_type"],
                    id_number=r["id_number"],
                    category=r["category"],
                    archived_since=r["archived_since"],
                    aid_year_fen=r["aid_year_fen"],
                    region_code=r["region_code"],
                )
                for r in doc.records
            )
            log(actor, "import", f"导入{len(doc.records)}名困难职工的帮扶数据", counterpart=counterpart,
                purpose=doc.purpose, batch_id=batch.batch_id, record_count=len(doc.records))  # fmt: skip
        return batch
    except (SharingRefused, exchange.FormatError, ValueError) as exc:
        with transaction.atomic():
            log(actor, "refused", f"拒绝导入：{exc}"[:300])
        raise


def latest_push_rows():
    """The rows of each union's latest push (an earlier push is replaced by the next one)."""
    latest = {}
    for b in Batch.objects.filter(direction="in", kind="aid_push").order_by("id"):
        latest[b.counterpart_id] = b.pk
    return PushedWorker.objects.filter(batch_id__in=latest.values())


def matches_for(user, purpose: str | None) -> list[dict]:
    """R-SHARE-06/11: union hardship workers who also receive 低保 in the user's region (civil-affairs staff),
    masked; the view is logged with its purpose."""
    from jiuzhu.dibao.models import DibaoApplication

    require_purpose(purpose, (Purpose.AID_SHARING,))
    households = civil_households(user).filter(dibao_applications__status__in=DIBAO_RECEIVING)
    members = {
        m.id_number: m
        for m in Member.objects.filter(household__in=households, active=True).select_related("household")
    }
    out = []
    for w in latest_push_rows().select_related("batch__counterpart").order_by("id"):
        m = members.get(w.id_number)
        if m is None:
            continue
        app = DibaoApplication.objects.filter(household=m.household, status__in=DIBAO_RECEIVING).first()
        out.append(
            {
                "name": mask_name(w.name),
                "id_number": m.masked_id_number,
                "household": m.household,
                "union": w.batch.counterpart.name,
                "category": w.category,
                "aid_year_fen": w.aid_year_fen,
                "dibao_since": app.payment_start.strftime("%Y-%m") if app and app.payment_start else "",
                "batch_id": w.batch.batch_id,
            }
        )
    with transaction.atomic():
        log(user, "view", f"查看困难职工与低保对象比对结果（{len(out)}人）", purpose=Purpose.AID_SHARING,
            record_count=len(out), scope=user.region.path if user.region_id else "")  # fmt: skip
    return out
