"""The audit log, for auditors and administrators, within their region subtree."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone
from ninja import Query, Router

from jiuzhu.core.models import AuditEvent

from . import schemas as s
from .access import mask_tree, require_auditor, sees_id_numbers
from .errors import Unprocessable

router = Router(tags=["audit"])


class AuditFilters(s.Schema):
    household: int | None = s.Field(None, ge=1, le=2**63 - 1, description="Household id.")
    user: str | None = s.Field(None, max_length=150, description="Username of the acting user.")
    action: str | None = s.Field(None, max_length=60, description="Action, or its prefix such as household.")
    since: str | None = s.Field(
        None,
        max_length=40,
        description="From this date (YYYY-MM-DD, e.g. 2026-07-01) or ISO time, inclusive.",
    )
    until: str | None = s.Field(None, max_length=40, description="Up to this date (inclusive) or ISO time.")
    cursor: str | None = s.Field(None, max_length=20)
    limit: int = s.Field(100, ge=1, le=500)


def _moment(text: str, field: str, end: bool) -> tuple[dt.datetime, bool]:
    """A date (the whole day) or an ISO time -> (aware datetime, whether it was a bare date)."""
    text = text.strip()
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            day = day + dt.timedelta(days=1) if end else day
            return timezone.make_aware(dt.datetime.combine(day, dt.time.min)), True
        moment = dt.datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        raise Unprocessable([(field, f"“{text}”不是日期（YYYY-MM-DD）或时间（YYYY-MM-DDTHH:MM）")]) from None
    return (moment if timezone.is_aware(moment) else timezone.make_aware(moment)), False


@router.get(
    "/audit-events",
    response={200: s.AuditPage, 401: s.ErrorOut, 403: s.ErrorOut, 422: s.ValidationErrorOut},
    summary="Audit events",
)
def audit_events(request, filters: Query[AuditFilters]):
    """Audit events in the caller's region subtree, newest first, paged by cursor."""
    user = request.auth
    require_auditor(user)
    qs = AuditEvent.objects.select_related("actor")
    if not user.is_superuser:
        if not user.region_id:
            qs = qs.none()
        else:
            qs = qs.filter(scope_path__startswith=user.region.path)
    if filters.household is not None:
        qs = qs.filter(household_id=filters.household)
    if filters.user:
        actor = get_user_model().objects.filter(username=filters.user).first()
        if actor is None:
            raise Unprocessable([("user", f"用户“{filters.user}”不存在")])
        qs = qs.filter(actor=actor)
    if filters.action:
        qs = qs.filter(action__startswith=filters.action)
    if filters.since:
        qs = qs.filter(at__gte=_moment(filters.since, "since", end=False)[0])
    if filters.until:
        until, whole_day = _moment(filters.until, "until", end=True)
        qs = qs.filter(at__lt=until) if whole_day else qs.filter(at__lte=until)
    if filters.cursor:
        if not filters.cursor.isdigit() or len(filters.cursor) > 18:
            raise Unprocessable([("cursor", "无效的分页游标")])
        qs = qs.filter(pk__lt=int(filters.cursor))
    page = list(qs.order_by("-pk")[: filters.limit + 1])
    more = len(page) > filters.limit
    page = page[: filters.limit]
    masked = not sees_id_numbers(user)
    items = [
        {
            "id": e.pk,
            "at": e.at,
            "actor": e.actor.username if e.actor else None,
            "actor_role": e.actor_role,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "household": e.household_id,
            "before": mask_tree(e.before) if masked else e.before,
            "after": mask_tree(e.after) if masked else e.after,
            "note": e.note,
        }
        for e in page
    ]
    return {"items": items, "next_cursor": str(page[-1].pk) if more else None}
