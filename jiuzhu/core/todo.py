"""The to-do list: every open core.Deadline, generic over the procedure that opened it.

Apps register how to link a deadline's object to its case page at ready():

    from jiuzhu.core import todo
    todo.register("dibao.dibaoapplication", "dibao:case")   # reversed with args=[object_id]

Worker's list: open deadlines in the user's scope assigned to him or to nobody.
Supervisor's list (approvers, auditors and administrators): overdue deadlines anywhere in the subtree.
Who sees the page: staff only. Roles that do case work (case workers, approvers, finance staff, who record
union aid payments and their entry deadlines, and administrators) get both lists as above; auditors do no
case work and get only the supervisor's list; applicants and anyone else get 403.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuzhu.accounts.models import Role
from jiuzhu.accounts.scope import household_scope_q

from .models import Deadline

_LINKS: dict[str, str | Callable[[str], str]] = {}
SUPERVISOR_ROLES = {Role.APPROVER, Role.AUDITOR, Role.ADMIN}
CASE_WORK_ROLES = {Role.CASE_WORKER, Role.APPROVER, Role.FINANCE, Role.ADMIN}


def has_case_work(user) -> bool:
    return user.is_superuser or (user.is_active and user.role in CASE_WORK_ROLES)


def is_supervisor(user) -> bool:
    return user.is_superuser or (user.is_active and user.role in SUPERVISOR_ROLES)


def register(object_type: str, target: str | Callable[[str], str]) -> None:
    """object_type is the model's label_lower; target a URL name taking the object id, or a callable."""
    _LINKS[object_type] = target


def link_for(deadline: Deadline) -> str:
    target = _LINKS.get(deadline.object_type)
    if target is None:
        return ""
    if callable(target):
        return target(deadline.object_id)
    try:
        return reverse(target, args=[deadline.object_id])
    except NoReverseMatch:
        return ""


def scope_q(user) -> Q:
    """Deadlines of households the user may see, or (no household) in his region subtree."""
    if user.is_superuser:
        return Q()
    q = Q(household__isnull=False) & household_scope_q(user, "household__")
    if user.region_id:
        q |= Q(household__isnull=True, scope_path__startswith=user.region.path)
    return q


def open_deadlines(user) -> QuerySet:
    return Deadline.objects.filter(scope_q(user), met_at__isnull=True)


def worker_list(user) -> QuerySet:
    if not has_case_work(user):
        return Deadline.objects.none()
    return (
        open_deadlines(user).filter(Q(assignee=user) | Q(assignee__isnull=True)).select_related("household")
    )


def supervisor_list(user, today: dt.date | None = None) -> QuerySet:
    if not is_supervisor(user):
        return Deadline.objects.none()
    today = today or timezone.localdate()
    return open_deadlines(user).filter(due__lt=today).select_related("household", "assignee")


@login_required
def todo_page(request):
    user = request.user
    if not (has_case_work(user) or is_supervisor(user)):
        # applicants (and any role without case work or oversight) have no to-do list
        raise PermissionDenied(_("待办事项仅供工作人员使用"))
    today = timezone.localdate()
    mine = list(worker_list(user)[:500])
    overdue = list(supervisor_list(user, today)[:500])
    for d in [*mine, *overdue]:
        d.link = link_for(d)
        d.overdue = d.due < today
    return render(
        request,
        "core/todo.html",
        {
            "mine": mine,
            "overdue": overdue,
            "today": today,
            "has_case_work": has_case_work(user),
            "is_supervisor": is_supervisor(user),
        },
    )
