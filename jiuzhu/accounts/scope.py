"""Where a user may look and act: a region subtree, a union subtree, or (applicants) their own household.

Every page and endpoint that returns households filters through `visible_households`, and a household
outside it is "not found" — never "forbidden", which would confirm that it exists.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Role, User


def union_base(user: User):
    """The union subtree a union user works in. A help centre (帮扶中心) serves its union's whole subtree:
    the county centre files the archives of every union below the county federation (R-FLOW-26)."""
    org = getattr(user, "union_org", None)
    if org is None:
        return None
    return org.parent if org.is_help_centre and org.parent_id else org


def household_scope_q(user: User, prefix: str = "") -> Q:
    """A filter for Household (or a model reaching it through `prefix`, e.g. "household__")."""
    if not user.is_active or not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    if user.role == Role.APPLICANT:
        if not user.id_number:
            return Q(pk__in=[])
        return Q(**{f"{prefix}members__id_number": user.id_number, f"{prefix}members__active": True})
    q = Q(pk__in=[])
    if user.region_id:
        q |= Q(**{f"{prefix}region__path__startswith": user.region.path})
    if user.union_org_id:
        q |= Q(**{f"{prefix}union_org__path__startswith": union_base(user).path})
    return q


def visible_households(user: User) -> QuerySet:
    from jiuzhu.registry.models import Household

    qs = Household.objects.filter(household_scope_q(user))
    return qs.distinct() if user.role == Role.APPLICANT else qs


def civil_households(user: User) -> QuerySet:
    """Households whose civil-affairs cases (低保, 临时救助) the user may see and work on: those of the user's
    region subtree. Union staff reach the shared registry and their archives, not civil-affairs casework;
    applicants their own household."""
    from jiuzhu.registry.models import Household

    if not user.is_active or not user.is_authenticated:
        return Household.objects.none()
    if user.is_superuser or user.role == Role.APPLICANT:
        return visible_households(user)
    if user.region_id:
        return Household.objects.filter(region__path__startswith=user.region.path)
    return Household.objects.none()


def get_household_or_404(user: User, pk) -> object:
    household = visible_households(user).filter(pk=pk).first()
    if household is None:
        raise Http404("未找到该家庭")
    return household


def household_by_number(user: User, value) -> object | None:
    """A household in the user's scope by the number people see (110113-2026-000042); the internal id is
    accepted too, for links made by the pages."""
    value = str(value or "").strip()
    if not value:
        return None
    qs = visible_households(user)
    return qs.filter(number=value).first() or (qs.filter(pk=int(value)).first() if value.isdigit() else None)


def region_within_scope(user: User, region) -> bool:
    if user.is_superuser:
        return True
    return bool(user.region_id) and region is not None and region.path.startswith(user.region.path)


def union_within_scope(user: User, union_org) -> bool:
    if user.is_superuser:
        return True
    return (
        bool(user.union_org_id) and union_org is not None and union_org.path.startswith(union_base(user).path)
    )
