"""Who sees which supervision tickets: civil-affairs work by the household's region, union work by its union
(the same split as the to-do list, core/todo.py). Outside the scope a ticket is "not found"."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from jiuzhu.accounts.models import Role
from jiuzhu.accounts.scope import union_base

READERS = (Role.CASE_WORKER, Role.APPROVER, Role.FINANCE, Role.AUDITOR, Role.ADMIN)


def ticket_q(user) -> Q:
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    if user.role not in READERS:
        return Q(pk__in=[])
    q = Q(pk__in=[])
    if user.region_id:
        q |= Q(union_work=False, scope_path__startswith=user.region.path)
    base = union_base(user)
    if base is not None:
        q |= Q(union_work=True, union_path__startswith=base.path)
    return q


def visible_warnings(user):
    from .models import RiskWarning

    return RiskWarning.objects.filter(ticket_q(user))


def get_warning(user, pk):
    w = visible_warnings(user).filter(pk=pk).select_related("household", "owner", "resolved_by").first()
    if w is None:
        raise Http404("未找到该预警")
    return w
