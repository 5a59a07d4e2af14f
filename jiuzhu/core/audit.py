"""Writing audit events. Only actions call this, inside their transaction."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.db import models, transaction

from .audit_chain import content_mac, seal_on_commit
from .models import AuditEvent


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of obj as JSON-safe data (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        data[f.name] = jsonable(getattr(obj, f.attname))
    return data


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    return value


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ, so an event shows old and new value of what was corrected."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(
    actor,
    action: str,
    obj: models.Model,
    *,
    before: dict | None = None,
    after: dict | None = None,
    household=None,
    scope_path: str = "",
    note: str = "",
) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events are written inside the action's transaction")
    event = AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_role=getattr(actor, "role", "") or ("system" if actor is None else ""),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        household=household,
        scope_path=scope_path or (household.region.path if household is not None else ""),
        before=before,
        after=after,
        note=note,
    )
    event.mac = content_mac(event)
    event.save(force_insert=True)
    seal_on_commit()
    return event
