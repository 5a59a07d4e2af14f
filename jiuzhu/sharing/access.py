"""Who may share (R-SHARE-08), the access log (R-SHARE-09) and the purpose check (R-SHARE-07)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from jiuzhu.accounts.models import Role
from jiuzhu.accounts.scope import union_base
from jiuzhu.core.workflow import TransitionRefused

from .models import AccessLog, Agreement, Counterpart, Purpose

SHARING_ROLES = (Role.CASE_WORKER, Role.APPROVER, Role.ADMIN)


class SharingRefused(TransitionRefused):
    """A refusal with its reason (shown to users as is)."""


def _valid(on: dt.date) -> Q:
    return (
        Q(signed_on__lte=on)
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=on))
    )


def has_agreement(user, counterpart: Counterpart, on: dt.date | None = None) -> bool:
    """R-SHARE-08: a valid unit agreement with the counterpart and the user's own agreement with it."""
    on = on or timezone.localdate()
    valid = Agreement.objects.filter(_valid(on), counterpart=counterpart)
    return valid.filter(user__isnull=True).exists() and valid.filter(user=user).exists()


def own_region(user):
    """The region a user's unit sits at: a union user's union (a help centre: its union's), else his region."""
    base = union_base(user)
    if base is not None:
        return base.region
    return user.region


def same_level(user, counterpart: Counterpart) -> bool:
    """R-SHARE-01: exchange with the counterpart of one's own level (its region is the unit's region)."""
    region = own_region(user)
    return region is not None and region.pk == counterpart.region_id


def require_sharing_right(user, counterpart: Counterpart, what: str) -> None:
    if user is None:
        # an automatic answer (the HTTP endpoint), authenticated by the counterpart's signature: the units'
        # agreement must be in force
        if not counterpart.active:
            raise SharingRefused(f"对接单位“{counterpart.name}”已停用")
        on = timezone.localdate()
        if not Agreement.objects.filter(_valid(on), counterpart=counterpart, user__isnull=True).exists():
            raise SharingRefused(f"与“{counterpart.name}”没有有效的单位保密协议，不予答复")
        return
    if not user.is_active or (not user.is_superuser and user.role not in SHARING_ROLES):
        raise SharingRefused(f"您的角色不能{what}")
    if not counterpart.active:
        raise SharingRefused(f"对接单位“{counterpart.name}”已停用")
    if not user.is_superuser and not same_level(user, counterpart):
        raise SharingRefused(f"只能与同级对接单位交换数据，“{counterpart.name}”不是本单位的同级单位")
    if not has_agreement(user, counterpart):
        raise SharingRefused(f"没有与“{counterpart.name}”签订的有效保密协议，不能{what}")


def require_purpose(purpose: str | None, allowed: tuple[str, ...]) -> str:
    """R-SHARE-07: a purpose must be given, and be one this data may be used for."""
    if not purpose:
        raise SharingRefused("请说明用途：共享数据只能用于规定用途")
    if purpose not in Purpose.values:
        raise SharingRefused("用途无效")
    if purpose not in allowed:
        raise SharingRefused(
            f"共享数据不能用于“{Purpose(purpose).label}”，只能用于"
            + "、".join(str(Purpose(p).label) for p in allowed)
        )
    return purpose


def log(
    user,
    action: str,
    what: str,
    *,
    counterpart=None,
    purpose: str = "",
    batch_id: str = "",
    household=None,
    record_count: int = 0,
    scope: str = "",
) -> AccessLog:
    """R-SHARE-09: one access. Written in the caller's transaction, so a refused import leaves only the
    refusal entry (written by the caller after rolling back)."""
    if scope:
        pass
    elif household is not None:
        scope = household.region.path
    elif counterpart is not None:
        scope = counterpart.region.path
    else:
        scope = ""
    return AccessLog.objects.create(
        user=user if getattr(user, "pk", None) else None,
        counterpart=counterpart,
        action=action,
        purpose=purpose,
        batch_id=batch_id,
        household=household,
        record_count=record_count,
        what=what[:300],
        scope_path=scope,
    )


def log_for(user):
    """The access log an auditor (or administrator) may list: his region's, all for a superuser."""
    if user.is_superuser:
        return AccessLog.objects.all()
    if not user.is_active or user.role not in (Role.AUDITOR, Role.ADMIN) or user.region_id is None:
        return AccessLog.objects.none()
    return AccessLog.objects.filter(Q(scope_path__startswith=user.region.path) | Q(scope_path=""))
