"""State machines of the procedures: one `transition()` for every case type (django-oscar's pipeline).

A procedure model declares `TRANSITIONS = {action: (from_statuses, to_status, roles)}`. `transition()`
checks the actor's role and scope, the maker-checker rule and the step's preconditions, then saves the
new status, a StatusChange row and an AuditEvent in one transaction, locking the row so that of two
approvers acting at the same moment exactly one succeeds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import models, transaction
from django.utils.translation import gettext as _

from .audit import record
from .models import Deadline, StatusChange


class TransitionRefused(Exception):
    """Why an action cannot be taken now, in words a case worker understands."""


def scope_path_of(obj) -> str:
    """The region path an object's events and deadlines are filed under (auditors' and to-do scope): its
    household's region, or its own `scope_path` (a payment roster, which has no household)."""
    household = getattr(obj, "household", None)
    if household is not None:
        return household.region.path
    return getattr(obj, "scope_path", "") or ""


def allowed_actions(obj, actor) -> list[str]:
    """The actions this actor could take now (for the case page's buttons)."""
    out = []
    for name, (sources, _target, roles) in obj.TRANSITIONS.items():
        if obj.status in sources and (actor.is_superuser or actor.role in roles):
            out.append(name)
    return out


def maker_refusal(obj, actor, makers: Iterable[str]) -> str:
    """The maker-checker rule: why `actor` may not take a step whose makers are `makers` ("" when he may):
    he made one of those transitions of `obj` himself. transition() and the pages use this same test."""
    if actor is None or not makers:
        return ""
    made = StatusChange.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk), to_status__in=list(makers), actor=actor
    )
    return _("经办与审批不能为同一人：请由另一名工作人员审批") if made.exists() else ""


def transition(
    obj: models.Model,
    action: str,
    actor,
    *,
    note: str = "",
    check: Callable[[models.Model], None] | None = None,
    update: Callable[[models.Model], Iterable[str] | None] | None = None,
    makers: Iterable[str] = (),
):
    """Take `action` on `obj`.

    check(obj): raise TransitionRefused when a precondition fails (run on the locked, fresh row).
    update(obj): set the fields this step fills in.
    makers: names of the statuses whose actor may not take this action (maker-checker rule): if the same
      user made any of those transitions on this object, the action is refused.
    """
    sources, target, roles = obj.TRANSITIONS[action]
    model = type(obj)
    with transaction.atomic():
        fresh = model.objects.select_for_update().get(pk=obj.pk)
        if fresh.status not in sources:
            label = getattr(model, "ACTION_LABELS", {}).get(action, action)
            raise TransitionRefused(
                _("当前状态为“%(status)s”，不能执行“%(action)s”（可能已被他人处理，请刷新）")
                % {"status": fresh.get_status_display(), "action": label}
            )
        if actor is not None and not actor.is_superuser and actor.role not in roles:
            raise TransitionRefused(_("您的角色不能执行此操作"))
        refused = maker_refusal(obj, actor, makers)
        if refused:
            raise TransitionRefused(refused)
        if check is not None:
            check(fresh)
        before = fresh.status
        fresh.status = target
        if update is not None:
            update(fresh)
        fresh.save()
        household = getattr(fresh, "household", None)
        record_status(fresh, before, actor, note)
        record(
            actor,
            f"{model._meta.model_name}.{action}",
            fresh,
            before={"status": before},
            after={"status": target},
            household=household,
            scope_path=scope_path_of(fresh),
            note=note,
        )
    obj.refresh_from_db()
    return obj


def history(obj) -> list[StatusChange]:
    """The status history of `obj`, oldest first; each row carries from_label / to_label, the statuses'
    display names (what a case page shows, not the codes)."""
    labels = dict(type(obj)._meta.get_field("status").choices)
    rows = list(
        StatusChange.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related(
            "actor"
        )
    )
    for row in rows:
        row.from_label = labels.get(row.from_status, row.from_status)
        row.to_label = labels.get(row.to_status, row.to_status)
    return rows


def record_status(obj, from_status: str, actor, note: str = "") -> StatusChange:
    """The status-history row of `obj` reaching its current status; from_status "" when it was created."""
    return StatusChange.objects.create(
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        household=getattr(obj, "household", None),
        from_status=from_status,
        to_status=obj.status,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_role=getattr(actor, "role", "system") if actor else "system",
        note=note,
    )


def open_deadline(
    obj, kind: str, label: str, due, *, working_days: bool = False, cite: str = "", assignee=None
) -> Deadline:
    return Deadline.objects.create(
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        household=getattr(obj, "household", None),
        scope_path=scope_path_of(obj),
        kind=kind,
        label=label,
        due=due,
        working_days=working_days,
        cite=cite,
        assignee=assignee,
    )


def close_deadlines(obj, kind: str | None = None) -> int:
    from django.utils import timezone

    qs = Deadline.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk), met_at__isnull=True
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs.update(met_at=timezone.now())
