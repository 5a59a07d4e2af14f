"""The union departments of R-SUP-04 and what each may do with the union funds, from the accounts roles.

A union user's department follows from the role and the union he belongs to (accounts.User.role,
User.union_org), so no second user table:

- rights-protection department (权益保障部/维权部): an approver at a union that is not a help centre. Sets the
  project standards and the rule sets of the funds, drafts the allocation plan with finance, sets the
  performance targets; at a provincial union (or ACFTU) decides the 20,000 / 50,000 元 approvals;
- help centre (困难职工帮扶中心): a case worker or approver of a help centre, and the case workers of other
  unions (who file the archives, R-FLOW-26). Creates the archives and delivers aid (pays from the funds);
- finance department (财务部): a finance user of a union. Receives, allocates and accounts for the funds:
  receipts, allocations passed down, corrections, the cash book and its daily close;
- audit department (经费审查委员会, 经审): an auditor of a union. Reads everything of the funds of its subtree with
  the full history, including reversed entries and the audit trail (R-SUP-05), and changes nothing except the
  findings it records (R-SUP-10/11).

Administrators may do everything. Scope is the union subtree as for archives (accounts.scope.union_base: a
help centre works for its union's whole subtree).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiuzhu.accounts.models import Role
from jiuzhu.accounts.scope import union_base


class Dept:
    RIGHTS = "rights"
    CENTRE = "centre"
    FINANCE = "finance"
    AUDIT = "audit"
    ADMIN = "admin"


DEPT_LABELS = {
    Dept.RIGHTS: _("权益保障部（维权部）"),
    Dept.CENTRE: _("困难职工帮扶中心"),
    Dept.FINANCE: _("财务部"),
    Dept.AUDIT: _("经费审查委员会（经审）"),
    Dept.ADMIN: _("系统管理员"),
}

# What each department may do (R-SUP-04). The keys are the actions' names.
CAN = {
    "set_standard": {Dept.RIGHTS},  # project standards (R-AMT-11) and the funds' rule sets (R-PAY-22)
    "set_rules": {Dept.RIGHTS},
    "set_warmth_standard": {Dept.RIGHTS},  # local 送温暖 standards and approval authority (R-AMT-15)
    "draft_plan": {Dept.RIGHTS, Dept.FINANCE},  # drafted by rights protection with finance (R-SUP-04)
    "adopt_plan": {Dept.RIGHTS},  # adopted collectively by the leadership, recorded by rights protection
    "file_plan": {Dept.RIGHTS},
    "set_target": {Dept.RIGHTS},  # performance targets (R-RPT-03)
    "decide_threshold": {Dept.RIGHTS},  # R-AMT-09, at the provincial union / ACFTU
    "request_threshold": {Dept.CENTRE, Dept.RIGHTS},
    "open_fund": {Dept.FINANCE},
    "receive": {Dept.FINANCE},  # receipts into a fund (R-PAY-16, 23)
    "allocate": {Dept.FINANCE},  # passing allocations down (R-PAY-20)
    "reverse": {Dept.FINANCE},  # a correction is a reversing entry
    "pay": {Dept.CENTRE, Dept.FINANCE},  # aid delivered from a fund
    "cash": {Dept.FINANCE, Dept.CENTRE},  # the cash book (R-PAY-15)
    "close_day": {Dept.FINANCE},
    "notice": {Dept.CENTRE, Dept.FINANCE},  # written notice of bank payments to the worker (R-PAY-14)
    "statement": {Dept.FINANCE},  # bank statements kept as accounting records (R-PAY-14)
    "report": {Dept.RIGHTS, Dept.FINANCE},  # the year-end reports (R-RPT-01)
    "finding": {Dept.AUDIT, Dept.RIGHTS},  # misconduct findings (R-SUP-10, 11)
}


def department(user) -> str | None:
    """The user's union department, or None for a user who is not union staff."""
    if user is None or not user.is_active or not user.is_authenticated:
        return None
    if user.is_superuser or user.role == Role.ADMIN:
        return Dept.ADMIN
    org = getattr(user, "union_org", None)
    if org is None:
        return None
    if user.role == Role.FINANCE:
        return Dept.FINANCE
    if user.role == Role.AUDITOR:
        return Dept.AUDIT
    if user.role == Role.APPROVER:
        return Dept.CENTRE if org.is_help_centre else Dept.RIGHTS
    if user.role == Role.CASE_WORKER:
        return Dept.CENTRE
    return None


def can(user, what: str) -> bool:
    dept = department(user)
    return dept == Dept.ADMIN or (dept is not None and dept in CAN[what])


def may_see_funds(user) -> bool:
    return department(user) is not None


def union_scope_q(user, field: str = "union_org") -> Q:
    """Rows whose union (`field`, a UnionOrg foreign key) lies in the user's union subtree."""
    if user is None or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser or (user.role == Role.ADMIN and getattr(user, "union_org", None) is None):
        return Q()
    base = union_base(user)
    if base is None or department(user) is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__path__startswith": base.path})


def union_in_scope(user, org) -> bool:
    if user is None:
        return True  # the system itself (demo, commands)
    if user.is_superuser or (user.role == Role.ADMIN and getattr(user, "union_org", None) is None):
        return True
    base = union_base(user)
    return base is not None and department(user) is not None and org.path.startswith(base.path)


def union_level(user) -> int | None:
    """The level of the user's union (0 ACFTU, 1 province ...), for the approvals of R-AMT-09."""
    org = getattr(user, "union_org", None)
    return None if org is None else org.level


def unions_for(user):
    """The unions of the user's subtree (for the forms' choices and the pages' filters)."""
    from jiuzhu.core.models import UnionOrg

    if user.is_superuser or (user.role == Role.ADMIN and getattr(user, "union_org", None) is None):
        return UnionOrg.objects.order_by("path")
    base = union_base(user)
    if base is None or department(user) is None:
        return UnionOrg.objects.none()
    return UnionOrg.objects.filter(path__startswith=base.path).order_by("path")
