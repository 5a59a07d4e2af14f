"""Archive housekeeping (R-ARC-01..09, OP-08, OP-09): the register of archived records with their retention
class and disposal-eligible date, the paper/electronic synchronisation service level, custodians and their
handovers, attachments kept with the record, the annual clean-up with its report, and the one action that
disposes of a record.

- Retention (R-ARC-01, R-ARC-02, OP-09): a removed (撤档) or cancelled union archive is kept 10 years from the
  removal (the archive's own `retention_until`); a closed 低保 case 10 years after it closed (OP-09 DEFAULT,
  mirroring the union rule; the same DEFAULT for a closed 临时救助 case); these are document archives. The union
  aid payments of a closed archive are accounting archives: kept ACCOUNTING_RETENTION_YEARS (DEFAULT 30, the
  accounting-archive rule for vouchers, 会计档案管理办法 附表) from the end of the payment's fiscal year, and never
  less long than their archive.
- Disposal: only `do_dispose`, refused before the disposal-eligible date; the database refuses it too (check
  constraint `archived_record_not_disposed_early`). It removes the attachments' files with the record.
- Paper/electronic sync (R-ARC-04 DEFAULT, OP-08): a change of one medium opens a to-do deadline to bring the
  other in line within ARCHIVE_SYNC_WORKING_DAYS (30) working days; 0 switches the service level off.
- The annual clean-up (R-ARC-05 DEFAULT): registers every record closed since, and reports what may now be
  disposed of, the syncs overdue and the records without a custodian; on the jobs queue. ARCHIVE_ANNUAL_CLEANUP
  = False switches it off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuzhu.accounts.models import Role
from jiuzhu.accounts.scope import union_base
from jiuzhu.core.audit import record
from jiuzhu.core.models import Deadline, StatusChange
from jiuzhu.core.workdays import add_working_days
from jiuzhu.temporary.localparams import add_months

from .models import ArchiveAttachment, ArchiveCleanup, ArchivedRecord, ArchiveHandover, RetentionClass

DOCUMENT_RETENTION_YEARS = 10  # R-ARC-01; OP-09 DEFAULT for 低保 (and 临时救助)
ACCOUNTING_RETENTION_YEARS = 30  # DEFAULT: accounting vouchers (会计档案管理办法 附表), R-ARC-02
SYNC_KIND = "archive.sync"
KEEPERS = (Role.CASE_WORKER, Role.APPROVER, Role.ADMIN)  # who look after archives in their scope
DISPOSERS = (Role.APPROVER, Role.ADMIN)  # who may dispose of a record past its date
DIBAO_CLOSED = ("stopped", "refused", "withdrawn")
TEMPORARY_CLOSED = ("closed", "rejected", "withdrawn")


class RetentionRefused(ValueError):
    """Why this cannot be done (in words, naming the field)."""


def sync_working_days() -> int:
    return int(getattr(settings, "ARCHIVE_SYNC_WORKING_DAYS", 30))


def record_q(user) -> Q:
    """The register's rows this user may see: civil-affairs records by region, union ones by union."""
    if user.is_superuser or user.role in (Role.ADMIN, Role.AUDITOR) and not user.region_id:
        return Q()
    q = Q(pk__in=[])
    if user.region_id:
        q |= Q(union_path="", scope_path__startswith=user.region.path)
    base = union_base(user) if user.union_org_id else None
    if base is not None:
        q |= ~Q(union_path="") & Q(union_path__startswith=base.path)
    return q


def visible_records(user):
    return ArchivedRecord.objects.filter(record_q(user))


def _check(actor, rec: ArchivedRecord, roles=KEEPERS) -> None:
    if actor is None:
        return
    if not (actor.is_superuser or actor.role in roles):
        raise RetentionRefused(_("您的角色不能办理档案保管事项"))
    if not visible_records(actor).filter(pk=rec.pk).exists():
        raise RetentionRefused(_("该档案不在您的管辖范围内"))


def _years_after(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def _closing_days(object_type: str, ids: list[int], statuses) -> dict[int, dt.date]:
    """The day each object last entered one of these statuses (its status history)."""
    out: dict[int, dt.date] = {}
    for oid, at in StatusChange.objects.filter(
        object_type=object_type, object_id__in=[str(i) for i in ids], to_status__in=statuses
    ).values_list("object_id", "at"):
        day = timezone.localdate(at) if timezone.is_aware(at) else at.date()
        out[int(oid)] = max(out.get(int(oid), day), day)
    return out


def _candidates(today: dt.date):
    """(kind, object_type, object_id, household, scope path, union path, class, closed_on, eligible_on) of
    every record closed by `today`."""
    from jiuzhu.archives.models import Archive, UnionAidPayment
    from jiuzhu.dibao.models import DibaoApplication
    from jiuzhu.temporary.models import TemporaryCase

    archives = {}
    for a in Archive.objects.filter(
        status__in=("removed", "cancelled"), removed_on__lte=today
    ).select_related("household__region", "union_org"):
        eligible = a.retention_until or _years_after(a.removed_on, DOCUMENT_RETENTION_YEARS)
        archives[a.pk] = (a.removed_on, eligible)
        yield (
            ArchivedRecord.Kind.UNION_ARCHIVE,
            "archives.archive",
            a.pk,
            a.household,
            a.household.region.path,
            a.union_org.path if a.union_org_id else "/",
            RetentionClass.DOCUMENT,
            a.removed_on,
            eligible,
        )
    for p in UnionAidPayment.objects.filter(archive_id__in=list(archives)).select_related(
        "household__region", "archive__union_org"
    ):
        closed, doc_until = archives[p.archive_id]
        fiscal_end = dt.date(p.paid_on.year + 1, 1, 1)  # counted from the end of the fiscal year
        eligible = max(_years_after(fiscal_end, ACCOUNTING_RETENTION_YEARS), doc_until)
        yield (
            ArchivedRecord.Kind.UNION_AID_PAYMENT,
            "archives.unionaidpayment",
            p.pk,
            p.household,
            p.household.region.path,
            p.archive.union_org.path if p.archive.union_org_id else "/",
            RetentionClass.ACCOUNTING,
            closed,
            eligible,
        )
    for model, kind, otype, statuses in (
        (DibaoApplication, ArchivedRecord.Kind.DIBAO_CASE, "dibao.dibaoapplication", DIBAO_CLOSED),
        (TemporaryCase, ArchivedRecord.Kind.TEMPORARY_CASE, "temporary.temporarycase", TEMPORARY_CLOSED),
    ):
        cases = list(model.objects.filter(status__in=statuses).select_related("household__region"))
        closed = _closing_days(otype, [c.pk for c in cases], statuses)
        for c in cases:
            day = closed.get(c.pk)
            if day is None or day > today:
                continue
            yield (
                kind,
                otype,
                c.pk,
                c.household,
                c.household.region.path,
                "",
                RetentionClass.DOCUMENT,
                day,
                _years_after(day, DOCUMENT_RETENTION_YEARS),
            )


def register_closed(actor, today: dt.date | None = None, scope_path: str = "") -> dict[str, int]:
    """Register every record closed by `today` (in the scope) that is not in the register yet. Idempotent (a
    unique constraint per object). Returns the count registered per kind."""
    today = today or timezone.localdate()
    have = set(ArchivedRecord.objects.values_list("object_type", "object_id"))
    new, counts = [], {}
    for kind, otype, oid, household, path, upath, cls, closed, eligible in _candidates(today):
        if (otype, str(oid)) in have or (scope_path and not path.startswith(scope_path)):
            continue
        new.append(
            ArchivedRecord(
                kind=kind,
                object_type=otype,
                object_id=str(oid),
                household=household,
                scope_path=path,
                union_path=upath,
                retention_class=cls,
                closed_on=closed,
                disposal_eligible_on=eligible,
            )
        )
        counts[kind] = counts.get(kind, 0) + 1
    with transaction.atomic():
        ArchivedRecord.objects.bulk_create(new, batch_size=2000)
        if new:
            first = ArchivedRecord.objects.filter(
                object_type=new[0].object_type, object_id=new[0].object_id
            ).get()
            record(actor, "archives.register", first, after={"registered": counts}, scope_path=scope_path)
    return counts


def do_set_custodian(actor, rec: ArchivedRecord, custodian) -> ArchivedRecord:
    """Name the staff member who looks after the record (R-ARC-07)."""
    _check(actor, rec)
    if custodian is None or not custodian.is_active or custodian.role == Role.APPLICANT:
        raise RetentionRefused(_("保管人须为在职工作人员"))
    with transaction.atomic():
        before = rec.custodian_id
        rec.custodian = custodian
        rec.save(update_fields=["custodian"])
        record(
            actor,
            "archives.custodian",
            rec,
            before={"custodian": before},
            after={"custodian": custodian.pk},
            household=rec.household,
            scope_path=rec.scope_path,
        )
    return rec


def do_handover(actor, from_custodian, to_custodian, *, on: dt.date, note: str = "") -> ArchiveHandover:
    """An archivist leaves: every record he keeps goes to the successor, with a handover record (R-ARC-07)."""
    if actor is not None and not (actor.is_superuser or actor.role in DISPOSERS):
        raise RetentionRefused(_("档案移交须由审批人或管理员办理"))
    if to_custodian is None or from_custodian is None or to_custodian.pk == from_custodian.pk:
        raise RetentionRefused(_("接收人须为另一位工作人员"))
    if not to_custodian.is_active or to_custodian.role == Role.APPLICANT:
        raise RetentionRefused(_("接收人须为在职工作人员"))
    with transaction.atomic():
        qs = ArchivedRecord.objects.filter(custodian=from_custodian, disposed_on__isnull=True)
        if actor is not None and not actor.is_superuser:
            qs = qs.filter(record_q(actor))
        ids = list(qs.values_list("pk", flat=True))
        if not ids:
            raise RetentionRefused(_("移交人没有保管中的档案"))
        ArchivedRecord.objects.filter(pk__in=ids).update(custodian=to_custodian)
        h = ArchiveHandover.objects.create(
            from_custodian=from_custodian,
            to_custodian=to_custodian,
            handed_on=on,
            records=len(ids),
            note=note[:300],
            made_by=actor if getattr(actor, "pk", None) else to_custodian,
        )
        record(
            actor,
            "archives.handover",
            h,
            after={"from": from_custodian.pk, "to": to_custodian.pk, "records": ids},
        )
    return h


def attachment_dir() -> Path:
    return Path(
        getattr(settings, "ARCHIVE_ATTACHMENT_DIR", "") or Path(settings.DATA_DIR) / "archive_attachments"
    )


def do_attach(actor, rec: ArchivedRecord, *, kind: str, name: str, content: bytes) -> ArchiveAttachment:
    """Keep a scan, photo, sound or video record with the archived record, as long as it (R-ARC-07)."""
    _check(actor, rec)
    if rec.disposed_on:
        raise RetentionRefused(_("该档案已销毁"))
    if kind not in ArchiveAttachment.Kind.values:
        raise RetentionRefused(_("请选择附件类型"))
    if not (name or "").strip() or not content:
        raise RetentionRefused(_("请选择要归档的文件"))
    digest = hashlib.sha256(content).hexdigest()
    folder = attachment_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{rec.pk}-{digest}"
    with transaction.atomic():
        att = ArchiveAttachment.objects.create(
            record=rec,
            kind=kind,
            name=name.strip()[:200],
            path=str(path),
            sha256=digest,
            size=len(content),
            added_by=actor,
        )
        record(
            actor,
            "archives.attach",
            att,
            after={"record": rec.pk, "kind": kind, "sha256": digest},
            household=rec.household,
            scope_path=rec.scope_path,
        )
        path.write_bytes(content)
    return att


def do_record_change(actor, rec: ArchivedRecord, *, medium: str, on: dt.date) -> Deadline | None:
    """One medium (paper or electronic) changed on `on`: the other is due within 30 working days (R-ARC-04
    DEFAULT, OP-08); nothing opens when the service level is switched off."""
    _check(actor, rec)
    if medium not in ("paper", "electronic"):
        raise RetentionRefused(_("请选择变更的是纸质档案还是电子档案"))
    days = sync_working_days()
    other = _("电子档案") if medium == "paper" else _("纸质档案")
    with transaction.atomic():
        dl = None
        if days > 0:
            dl = Deadline.objects.create(
                object_type="supervision.archivedrecord",
                object_id=str(rec.pk),
                household=rec.household,
                scope_path=rec.scope_path,
                kind=SYNC_KIND,
                label=f"同步{other}（{rec.get_kind_display()}）",
                due=add_working_days(on, days),
                working_days=True,
                cite="R-ARC-04, OP-08",
                assignee=rec.custodian,
            )
        record(
            actor,
            "archives.change",
            rec,
            after={"medium": medium, "on": on.isoformat(), "due": dl.due.isoformat() if dl else None},
            household=rec.household,
            scope_path=rec.scope_path,
        )
    return dl


def do_record_sync(actor, rec: ArchivedRecord, *, on: dt.date) -> int:
    """The other medium was brought in line on `on`: closes the open sync deadlines; returns how many."""
    _check(actor, rec)
    with transaction.atomic():
        open_ = Deadline.objects.filter(
            object_type="supervision.archivedrecord",
            object_id=str(rec.pk),
            kind=SYNC_KIND,
            met_at__isnull=True,
        )
        late = list(open_.filter(due__lt=on).values_list("due", flat=True))
        n = open_.update(met_at=timezone.now())
        if not n:
            raise RetentionRefused(_("该档案没有待同步的变更"))
        record(
            actor,
            "archives.sync",
            rec,
            after={"on": on.isoformat(), "late": [d.isoformat() for d in late]},
            household=rec.household,
            scope_path=rec.scope_path,
        )
    return n


def do_dispose(actor, rec: ArchivedRecord, *, on: dt.date, note: str) -> ArchivedRecord:
    """The one action that disposes of an archived record (销毁), with its attachments' files: refused before
    the disposal-eligible date (R-ARC-01), and the database refuses an early date as well."""
    _check(actor, rec, DISPOSERS)
    if rec.disposed_on:
        raise RetentionRefused(_("该档案已销毁"))
    if on < rec.disposal_eligible_on:
        raise RetentionRefused(
            _("该档案须保管至 %(day)s，之前不得销毁") % {"day": rec.disposal_eligible_on.isoformat()}
        )
    if not (note or "").strip():
        raise RetentionRefused(_("请填写销毁说明（销毁清册编号、监销人等）"))
    with transaction.atomic():
        rec.disposed_on, rec.disposed_by, rec.disposal_note = on, actor, note.strip()[:300]
        rec.save(update_fields=["disposed_on", "disposed_by", "disposal_note"])
        files = list(rec.attachments.filter(removed=False))
        rec.attachments.update(removed=True)
        record(
            actor,
            "archives.dispose",
            rec,
            after={"on": on.isoformat(), "note": rec.disposal_note, "attachments": len(files)},
            household=rec.household,
            scope_path=rec.scope_path,
        )
        transaction.on_commit(lambda: [Path(a.path).unlink(missing_ok=True) for a in files])
    return rec


def run_cleanup(
    actor, *, today: dt.date | None = None, scope_path: str = "", progress=None
) -> ArchiveCleanup:
    """The annual clean-up (R-ARC-05 DEFAULT): register what closed, and report what may be disposed of, the
    syncs overdue and the records without custodian. It disposes of nothing itself (that is a person's
    decision, `do_dispose`)."""
    if not getattr(settings, "ARCHIVE_ANNUAL_CLEANUP", True):
        raise RetentionRefused(_("档案年度清理已按本地设置停用"))
    today = today or timezone.localdate()
    if progress:
        progress(0, 2)
    registered = register_closed(actor, today, scope_path)
    if progress:
        progress(1, 2)
    live = ArchivedRecord.objects.filter(disposed_on__isnull=True, scope_path__startswith=scope_path)
    eligible = live.filter(disposal_eligible_on__lte=today)
    overdue = Deadline.objects.filter(
        kind=SYNC_KIND, met_at__isnull=True, due__lt=today, scope_path__startswith=scope_path
    )
    report = {
        "registered": registered,
        "kept": live.count(),
        "by_class": {c: live.filter(retention_class=c).count() for c in RetentionClass.values},
        "eligible": eligible.count(),
        "eligible_ids": list(eligible.values_list("pk", flat=True)[:1000]),
        "sync_overdue": overdue.count(),
        "without_custodian": live.filter(custodian__isnull=True).count(),
        "disposed_this_year": ArchivedRecord.objects.filter(
            disposed_on__year=today.year, scope_path__startswith=scope_path
        ).count(),
    }
    with transaction.atomic():
        c = ArchiveCleanup.objects.create(
            year=today.year,
            run_on=today,
            actor=actor if getattr(actor, "pk", None) else None,
            scope_path=scope_path,
            report=report,
        )
        record(actor, "archives.cleanup", c, after=report, scope_path=scope_path)
    if progress:
        progress(2, 2)
    return c
