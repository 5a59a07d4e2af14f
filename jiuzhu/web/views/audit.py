"""Audit log pages for auditors and administrators, limited to their region (or union) subtree."""

from __future__ import annotations

import datetime as dt
import json

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from jiuzhu.core.models import AuditEvent

from ..access import audit_scope_q, auditor_required, can_reveal
from ..forms import AuditFilterForm
from ..history import ACTION_LABELS, action_label, describe, object_label, object_link
from ..paging import keyset_page

PAGE_SIZE = 50


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@auditor_required
def audit_list(request):
    user = request.user
    form = AuditFilterForm(request.GET or None)
    qs = AuditEvent.objects.filter(audit_scope_q(user))
    if form.is_valid():
        d = form.cleaned_data
        if d["household"]:
            qs = qs.filter(household__number=d["household"].strip())
        if d["actor"]:
            qs = qs.filter(actor__username=d["actor"].strip())
        if d["action"]:
            qs = qs.filter(action=d["action"].strip())
        if d["date_from"]:
            qs = qs.filter(at__gte=_day_start(d["date_from"]))
        if d["date_to"]:
            qs = qs.filter(at__lt=_day_start(d["date_to"] + dt.timedelta(days=1)))
    qs = qs.select_related("actor", "household")
    page = keyset_page(qs, request.GET, PAGE_SIZE)
    for e in page.items:
        e.label = action_label(e.action)
        e.object_text = object_label(e)
        e.object_href = object_link(e)
        e.change_count = len(set(e.before or {}) | set(e.after or {})) if isinstance(e.after, dict) else 0
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    return render(
        request,
        "web/audit_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "actions": [(a, str(label)) for a, label in ACTION_LABELS.items()],
        },
    )


@auditor_required
def audit_event(request, pk):
    event = get_object_or_404(
        AuditEvent.objects.filter(audit_scope_q(request.user)).select_related("actor", "household"), pk=pk
    )
    describe(event, can_reveal(request.user))
    raw = request.GET.get("raw") == "1"
    context = {"event": event, "changes": event.changes, "raw": raw}
    if raw:  # the stored event as it is, for auditors: codes, ids and stored values
        context["raw_before"] = json.dumps(event.before, ensure_ascii=False, indent=2, sort_keys=True)
        context["raw_after"] = json.dumps(event.after, ensure_ascii=False, indent=2, sort_keys=True)
    return render(request, "web/audit_event.html", context)
