"""What a signed-in user may do on the pages (permission) and where (scope).

Scope of households comes from jiuzhu.accounts.scope; this module adds the page-level checks: staff roles
read the registry, case workers and administrators write it, auditors and administrators read the audit
log, and only case workers, approvers and administrators see ID numbers unmasked (on the detail page).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from jiuzhu.accounts.models import Role
from jiuzhu.core.models import Region, UnionOrg

REVEAL_ROLES = {Role.CASE_WORKER, Role.APPROVER, Role.ADMIN}


def is_reader(user) -> bool:
    return user.is_active and (user.is_superuser or user.can_read_registry())


def is_writer(user) -> bool:
    return user.is_active and (user.is_superuser or user.can_write())


def is_auditor(user) -> bool:
    return user.is_active and (user.is_superuser or user.can_audit())


def is_admin(user) -> bool:
    return user.is_active and user.is_staff and (user.is_superuser or user.role == Role.ADMIN)


def can_reveal(user) -> bool:
    """May see full ID numbers and phone numbers (detail page only)."""
    return user.is_active and (user.is_superuser or user.role in REVEAL_ROLES)


def _require(check):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


reader_required = _require(is_reader)
writer_required = _require(is_writer)
auditor_required = _require(is_auditor)


def scope_regions(user) -> QuerySet:
    """Regions a user works in: his region's subtree, or the subtree of his union's region."""
    if user.is_superuser:
        return Region.objects.all()
    q = Q(pk__in=[])
    if user.region_id:
        q |= Q(path__startswith=user.region.path)
    if user.union_org_id and user.union_org.region_id:
        q |= Q(path__startswith=user.union_org.region.path)
    return Region.objects.filter(q)


def scope_unions(user) -> QuerySet:
    """Union organisations a household may be filed with by this user."""
    if user.is_superuser or not user.union_org_id:
        return UnionOrg.objects.all()
    return UnionOrg.objects.filter(path__startswith=user.union_org.path)


def audit_scope_q(user) -> Q:
    """Audit events an auditor may read: those of his region subtree (and of his union's households)."""
    if not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    q = Q(pk__in=[])
    if user.region_id:
        q |= Q(scope_path__startswith=user.region.path)
    if user.union_org_id:
        q |= Q(household__union_org__path__startswith=user.union_org.path)
    return q
