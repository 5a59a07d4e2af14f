"""The archive register's pages (R-ARC-01..09): the records kept in the user's scope with their retention
class and disposal-eligible date, the annual clean-up (queued) and its reports, the handovers; a record's page
with its attachments, its sync deadlines and the forms of the actions (retention.py)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuzhu.core.models import Deadline

from .models import ArchiveCleanup, ArchivedRecord, ArchiveHandover, RetentionClass
from .retention import DISPOSERS, SYNC_KIND, RetentionRefused, visible_records
from .views import _reader

MAX_ROWS = 300


def _day(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise RetentionRefused(_("%(field)s格式应为 年-月-日") % {"field": field}) from None


@login_required
def archive_list(request, *, error: str = "", status: int = 200):
    user = request.user
    _reader(user)
    today = timezone.localdate()
    qs = visible_records(user).select_related("household", "custodian")
    filters = {k: request.GET.get(k, "").strip() for k in ("kind", "retention_class", "state")}
    if filters["kind"]:
        qs = qs.filter(kind=filters["kind"])
    if filters["retention_class"]:
        qs = qs.filter(retention_class=filters["retention_class"])
    if filters["state"] == "eligible":
        qs = qs.filter(disposed_on__isnull=True, disposal_eligible_on__lte=today)
    elif filters["state"] == "disposed":
        qs = qs.filter(disposed_on__isnull=False)
    elif filters["state"] != "all":
        qs = qs.filter(disposed_on__isnull=True)
    may_clean = user.is_superuser or user.role in DISPOSERS
    return render(
        request,
        "supervision/archives.html",
        {
            "rows": list(qs[:MAX_ROWS]),
            "total": qs.count(),
            "today": today,
            "filters": filters,
            "kinds": ArchivedRecord.Kind.choices,
            "classes": RetentionClass.choices,
            "may_clean": may_clean,
            "cleanups": list(ArchiveCleanup.objects.all()[:5]) if may_clean else [],
            "handovers": list(ArchiveHandover.objects.select_related("from_custodian", "to_custodian")[:10])
            if may_clean
            else [],
            "staff": _staff() if may_clean else [],
            "error": error,
        },
        status=status,
    )


def _staff():
    return list(
        get_user_model().objects.filter(is_active=True).exclude(role="applicant").order_by("username")
    )


def _user(pk: str, field: str):
    u = get_user_model().objects.filter(pk=pk or None, is_active=True).first() if str(pk).isdigit() else None
    if u is None:
        raise RetentionRefused(_("请选择%(field)s") % {"field": field})
    return u


@login_required
@require_POST
def archive_cleanup(request):
    from .jobs import submit_cleanup

    _reader(request.user)
    try:
        job = submit_cleanup(request.user)
    except RetentionRefused as e:
        return archive_list(request, error=str(e), status=403)
    return redirect("jobs:job", job.pk)


@login_required
@require_POST
def archive_handover(request):
    from .retention import do_handover

    _reader(request.user)
    try:
        do_handover(
            request.user,
            _user(request.POST.get("from_custodian", ""), _("移交人")),
            _user(request.POST.get("to_custodian", ""), _("接收人")),
            on=_day(request.POST.get("handed_on", ""), _("移交日期")),
            note=request.POST.get("note", "").strip(),
        )
    except RetentionRefused as e:
        return archive_list(request, error=str(e), status=409)
    return redirect("supervision:archives")


def _record(user, pk) -> ArchivedRecord:
    rec = visible_records(user).filter(pk=pk).select_related("household", "custodian", "disposed_by").first()
    if rec is None:
        raise Http404(_("未找到该档案"))
    return rec


@login_required
def archive_page(request, pk, *, error: str = "", form: dict | None = None, status: int = 200):
    user = request.user
    _reader(user)
    rec = _record(user, pk)
    syncs = Deadline.objects.filter(
        object_type="supervision.archivedrecord", object_id=str(rec.pk), kind=SYNC_KIND
    )
    return render(
        request,
        "supervision/archive.html",
        {
            "rec": rec,
            "today": timezone.localdate(),
            "attachments": list(rec.attachments.all()),
            "syncs": list(syncs.order_by("-due")),
            "may_dispose": (user.is_superuser or user.role in DISPOSERS) and not rec.disposed_on,
            "staff": _staff(),
            "attachment_kinds": rec.attachments.model.Kind.choices,
            "form": form or {},
            "error": error,
        },
        status=status,
    )


@login_required
@require_POST
def archive_step(request, pk, step):
    from . import retention as r

    user = request.user
    _reader(user)
    rec = _record(user, pk)
    form = {k: request.POST.get(k, "").strip() for k in ("custodian", "medium", "on", "note", "kind")}
    try:
        if step == "custodian":
            r.do_set_custodian(user, rec, _user(form["custodian"], _("保管人")))
        elif step == "change":
            r.do_record_change(user, rec, medium=form["medium"], on=_day(form["on"], _("变更日期")))
        elif step == "sync":
            r.do_record_sync(user, rec, on=_day(form["on"], _("同步日期")))
        elif step == "attach":
            f = request.FILES.get("file")
            r.do_attach(
                user, rec, kind=form["kind"], name=f.name if f else "", content=f.read() if f else b""
            )
        elif step == "dispose":
            r.do_dispose(user, rec, on=_day(form["on"], _("销毁日期")), note=form["note"])
        else:
            raise RetentionRefused(_("未知的操作"))
    except RetentionRefused as e:
        return archive_page(request, pk, error=str(e), form=form, status=409)
    return redirect("supervision:archive", rec.pk)
