"""Deciding a risk warning (the only code that changes a ticket): confirmed with the action taken, or a false
alarm with its reason. Each decision goes through core.workflow.transition (status history and an audit event
naming user and role, R-SUP-12) and meets the ticket's to-do deadline."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from jiuzhu.core.workflow import TransitionRefused, close_deadlines, transition

from .models import RiskWarning
from .scan import DEADLINE_KIND


def _reason(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise TransitionRefused(_("请填写处理说明"))
    return text[:500]


def do_confirm(actor, warning: RiskWarning, *, action: str, reason: str, amount_fen: int | None = None):
    """The warning is true: record the action decided (stop, recovery, referral...) and why. The action
    itself (a stop notice, a recovery) is taken in its own procedure; the ticket records the decision."""
    if action not in RiskWarning.Action.values:
        raise TransitionRefused(_("请选择处理措施"))
    if action == RiskWarning.Action.RECOVERY and not (amount_fen and amount_fen > 0):
        raise TransitionRefused(_("追回资金须填写追回金额"))
    if amount_fen is not None and amount_fen <= 0:
        raise TransitionRefused(_("金额应大于零"))
    text = _reason(reason)

    def update(w):
        w.action, w.resolution, w.amount_fen = action, text, amount_fen
        w.resolved_by, w.resolved_at = actor, timezone.now()
        close_deadlines(w, DEADLINE_KIND)

    return transition(warning, "confirm", actor, note=text, update=update)


def do_dismiss(actor, warning: RiskWarning, *, reason: str):
    """A false alarm: the reason is kept, and the same hit is not ticketed again by later scans."""
    text = _reason(reason)

    def update(w):
        w.resolution, w.resolved_by, w.resolved_at = text, actor, timezone.now()
        close_deadlines(w, DEADLINE_KIND)

    return transition(warning, "dismiss", actor, note=text, update=update)


def do_assign(actor, warning: RiskWarning, owner):
    """Name the person responsible for deciding the ticket (its to-do entry moves to that person)."""
    from django.db import transaction

    from jiuzhu.core.audit import record
    from jiuzhu.core.models import Deadline

    if warning.status != RiskWarning.Status.OPEN:
        raise TransitionRefused(_("预警已处理，不能再指派"))
    with transaction.atomic():
        before = warning.owner_id
        RiskWarning.objects.filter(pk=warning.pk).update(owner=owner)
        Deadline.objects.filter(
            object_type="supervision.riskwarning", object_id=str(warning.pk), met_at__isnull=True
        ).update(assignee=owner)
        warning.owner = owner
        record(
            actor,
            "supervision.warning.assign",
            warning,
            before={"owner": before},
            after={"owner": owner.pk if owner else None},
            household=warning.household,
            scope_path=warning.scope_path,
        )
    return warning
