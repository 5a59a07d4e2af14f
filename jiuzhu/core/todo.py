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
import re
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jiuzhu.accounts.models import Role
from jiuzhu.accounts.scope import union_base

from .models import Deadline

_LINKS: dict[str, str | Callable[[str], str]] = {}
_UNION_TYPES: set[str] = set()
SUPERVISOR_ROLES = {Role.APPROVER, Role.AUDITOR, Role.ADMIN}
CASE_WORK_ROLES = {Role.CASE_WORKER, Role.APPROVER, Role.FINANCE, Role.ADMIN}


def has_case_work(user) -> bool:
    return user.is_superuser or (user.is_active and user.role in CASE_WORK_ROLES)


def is_supervisor(user) -> bool:
    return user.is_superuser or (user.is_active and user.role in SUPERVISOR_ROLES)


def register(object_type: str, target: str | Callable[[str], str], *, union: bool = False) -> None:
    """object_type is the model's label_lower; target a URL name taking the object id, or a callable.
    union=True: the deadlines of this object type are union work (困难职工帮扶), on the lists of union staff
    whose union subtree holds the household; all others are civil-affairs work, on the lists of staff whose
    region holds it."""
    _LINKS[object_type] = target
    if union:
        _UNION_TYPES.add(object_type)


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


# A deadline's label is stored in Chinese when the procedure opens it (core.workflow.open_deadline) and stays
# as data. It is shown in the reader's language here: a fixed label is looked up as it is; a label made from
# a pattern is read back with that pattern and rebuilt from the translated pattern. The groups named in the
# third item are texts of the code (a choice's label) and are translated too; the others are data (dates,
# numbers, masked names). A label that fits nothing here is shown as stored.
FIXED_LABELS = {
    gettext_noop("审核公示期满（附件5）"),  # dibao, R-FLOW-07
    gettext_noop("审批公示期满（附件8）"),  # dibao, OP-04
    gettext_noop("困难职工档案复核（深度困难每年一次）"),  # archives, R-FLOW-29
    gettext_noop("困难职工档案复核（相对困难、意外致困每半年一次）"),  # archives, R-FLOW-29
    gettext_noop("渐退期满：转为相对困难/意外致困档案或撤档"),  # archives, OP-06
    gettext_noop("录入全国工会帮扶工作管理系统（支出后30个工作日内）"),  # archives, R-PAY-17
    gettext_noop("临时救助（支出型）办理时限"),  # temporary, R-FLOW-18
    gettext_noop("先行救助补办登记（救助对象、事由、金额、经办人签字、单位盖章）"),  # temporary, R-FLOW-17
}
_NOTICE = (
    r"(?P<notice>.+?)（(?P<year>\d{4})年第(?P<number>\d+)号）"  # Notice.get_kind_display() + Notice.label
)
LABEL_PATTERNS = [
    (r"处理公示异议（(?P<day>[\d-]+)收到）", gettext_noop("处理公示异议（%(day)s收到）"), ()),
    (
        r"低保动态管理入户复核（每(?P<months>\d+)个月）",
        gettext_noop("低保动态管理入户复核（每%(months)s个月）"),
        (),
    ),
    (
        "登记送达日期：" + _NOTICE,
        gettext_noop("登记送达日期：%(notice)s（%(year)s年第%(number)s号）"),
        ("notice",),
    ),
    (
        "申请复查期限：" + _NOTICE,
        gettext_noop("申请复查期限：%(notice)s（%(year)s年第%(number)s号）"),
        ("notice",),
    ),
    (
        "申请行政复议期限：" + _NOTICE,
        gettext_noop("申请行政复议期限：%(notice)s（%(year)s年第%(number)s号）"),
        ("notice",),
    ),
    (
        r"家庭变化应在30日内报告（(?P<day>[\d-]+)发生）",
        gettext_noop("家庭变化应在30日内报告（%(day)s发生）"),
        (),
    ),
    (
        r"渐退期届满（(?P<months>\d+)个月），届时停发或重新评估",
        gettext_noop("渐退期届满（%(months)s个月），届时停发或重新评估"),
        (),
    ),
    (
        r"(?P<name>.+)连续三次无正当理由拒绝适当工作：可决定减发或停发",
        gettext_noop("%(name)s连续三次无正当理由拒绝适当工作：可决定减发或停发"),
        (),
    ),
    (
        r"跟进主动发现线索：(?P<name>[^（]*)（(?P<source>.+)）",
        gettext_noop("跟进主动发现线索：%(name)s（%(source)s）"),
        ("source",),
    ),
]
_LABEL_PATTERNS = [(re.compile(f"^{p}$"), msgid, texts) for p, msgid, texts in LABEL_PATTERNS]


def deadline_label(deadline: Deadline) -> str:
    """The deadline's label in the active language (the stored Chinese label when it has no translation)."""
    label = deadline.label
    if label in FIXED_LABELS:
        return _(label)
    for pattern, msgid, texts in _LABEL_PATTERNS:
        m = pattern.match(label)
        if m:
            translated = _(msgid)
            if translated == msgid:  # Chinese (or no translation): exactly what was stored
                return label
            values = {k: _(v) if k in texts else v for k, v in m.groupdict().items()}
            return translated % values
    return label


def scope_q(user) -> Q:
    """Civil-affairs deadlines of households in the user's region subtree (or, without a household, opened
    in it); union deadlines of households in the user's union subtree (a help centre: its union's), and
    those without a household opened in that subtree."""
    if user.is_superuser:
        return Q()
    union_work = Q(object_type__in=sorted(_UNION_TYPES))
    q = Q(pk__in=[])
    if user.region_id:
        path = user.region.path
        q |= ~union_work & (
            Q(household__region__path__startswith=path)
            | Q(household__isnull=True, scope_path__startswith=path)
        )
    base = union_base(user)
    if base is not None:
        # without a household (a union payment roster) the deadline is filed under its union's path; union
        # and region paths never share a prefix (the union tree's root is ACFTU)
        q |= union_work & Q(household__union_org__path__startswith=base.path) | Q(
            household__isnull=True, scope_path__startswith=base.path
        )
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
