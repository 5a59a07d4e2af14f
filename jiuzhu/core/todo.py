"""The to-do list: every open core.Deadline, generic over the procedure that opened it.

Apps register how to link a deadline's object to its case page at ready():

    from jiuzhu.core import todo
    todo.register("dibao.dibaoapplication", "dibao:case")   # reversed with args=[object_id]

and, optionally, which roles act on a deadline of a kind (`roles=`, a function of the kind; default: case
workers and administrators) and the queues of cases waiting for a step (`register_queue`): a function of the
user giving the `Work` items in his scope — the step in words, the roles that take it and the person who
holds the case.

The page, for each person:
- "我可办理": what this user can act on now — the queued steps his role takes (approvals for approvers,
  township steps for the worker holding the case or for any worker when nobody holds it) and the open
  deadlines in his scope assigned to him, or to nobody when his role acts on them (rosters for finance);
- "团队待办": the rest of his team's work in his scope, with who holds it (finance staff: the payment work only);
- supervisors (approvers, auditors, administrators): overdue deadlines anywhere in the subtree.
Each list shows its total and can be filtered by programme and to overdue items. Requirement IDs are in the
`title` tooltip only. Who sees the page: staff only; auditors do no case work and get only the supervisor's
list; applicants and anyone else get 403.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

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
_ROLES: dict[str, Callable[[str], Iterable[str]]] = {}
_QUEUES: list[Callable] = []
SUPERVISOR_ROLES = {Role.APPROVER, Role.AUDITOR, Role.ADMIN}
CASE_WORK_ROLES = {Role.CASE_WORKER, Role.APPROVER, Role.FINANCE, Role.ADMIN}
DEFAULT_ROLES = (Role.CASE_WORKER, Role.ADMIN)
# The programme a deadline or a queued step belongs to (the list's filter), by the app of its object type.
PROGRAMMES = {
    "dibao": gettext_noop("低保"),
    "temporary": gettext_noop("临时救助"),
    "archives": gettext_noop("困难职工帮扶"),
    "payments": gettext_noop("资金发放"),
}


def has_case_work(user) -> bool:
    return user.is_superuser or (user.is_active and user.role in CASE_WORK_ROLES)


def is_supervisor(user) -> bool:
    return user.is_superuser or (user.is_active and user.role in SUPERVISOR_ROLES)


def register(
    object_type: str,
    target: str | Callable[[str], str],
    *,
    union: bool = False,
    roles: Callable[[str], Iterable[str]] | None = None,
) -> None:
    """object_type is the model's label_lower; target a URL name taking the object id, or a callable.
    union=True: the deadlines of this object type are union work (困难职工帮扶), on the lists of union staff
    whose union subtree holds the household; all others are civil-affairs work, on the lists of staff whose
    region holds it. Deadlines without a household (payment rosters) are on the lists of staff whose region
    or union subtree holds their scope path.
    roles(kind): the roles that act on an unassigned deadline of that kind (default DEFAULT_ROLES)."""
    _LINKS[object_type] = target
    if union:
        _UNION_TYPES.add(object_type)
    if roles is not None:
        _ROLES[object_type] = roles


def set_roles(object_type: str, roles: Callable[[str], Iterable[str]]) -> None:
    """Which roles act on an unassigned deadline of this object type, by its kind (see register)."""
    _ROLES[object_type] = roles


def roles_for(deadline: Deadline) -> set[str]:
    fn = _ROLES.get(deadline.object_type)
    return set(fn(deadline.kind)) if fn else set(DEFAULT_ROLES)


@dataclass
class Work:
    """One step waiting on a case (a queue's item), or a deadline, as the to-do page shows it."""

    programme: str  # a key of PROGRAMMES
    label: str  # the step in words
    link: str = ""
    household: object = None
    due: dt.date | None = None
    working_days: bool = False
    cite: str = ""  # requirement ID: tooltip only
    roles: set = field(default_factory=set)  # who takes the step
    holder: object = None  # the user holding it; None: anyone of `roles` in scope
    holder_label: str = ""  # shown when nobody holds it (e.g. 县级审批人)
    key: tuple = ()  # (object_type, object_id): a deadline timing this same step is not listed again
    timers: tuple = ()  # deadline kinds that time this step
    overdue: bool = False
    mine: bool = False
    extra: str = ""  # a short detail (case number, period)
    may: Callable | None = None  # may(user): whether this user may take the step now (overrides roles)
    kind: str = ""  # the deadline's kind (a queued step: the kind of the deadline timing it, if any)


def register_queue(fn: Callable) -> None:
    """fn(user) -> iterable of Work: the cases in the user's scope waiting for a step (any role's)."""
    if fn not in _QUEUES:
        _QUEUES.append(fn)


def programme_of(object_type: str) -> str:
    return object_type.partition(".")[0]


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


def acts(user, roles) -> bool:
    return user.is_superuser or (user.is_active and user.role in roles)


def worker_list(user) -> list[Deadline]:
    """The open deadlines in the user's scope that are his: assigned to him, or to nobody when his role acts
    on them (a finance officer's rosters, not the township's publicity objections)."""
    if not has_case_work(user):
        return []
    qs = (
        open_deadlines(user)
        .filter(Q(assignee=user) | Q(assignee__isnull=True))
        .select_related("household", "assignee")
    )
    return [d for d in qs[:2000] if d.assignee_id == user.pk or acts(user, roles_for(d))]


def supervisor_list(user, today: dt.date | None = None) -> QuerySet:
    if not is_supervisor(user):
        return Deadline.objects.none()
    today = today or timezone.localdate()
    return open_deadlines(user).filter(due__lt=today).select_related("household", "assignee")


def _deadline_work(d: Deadline, user, today: dt.date) -> Work:
    roles = roles_for(d)
    return Work(
        programme=programme_of(d.object_type),
        label=deadline_label(d),
        link=link_for(d),
        household=d.household,
        due=d.due,
        working_days=d.working_days,
        cite=d.cite,
        roles=roles,
        holder=d.assignee,
        key=(d.object_type, d.object_id),
        kind=d.kind,
        overdue=d.due < today,
        mine=d.assignee_id == user.pk or (d.assignee_id is None and acts(user, roles)),
    )


def work_items(user, today: dt.date | None = None) -> list[Work]:
    """Everything waiting in the user's scope: the queued steps of the registered queues and the open
    deadlines, each marked `mine` when this user can act on it now. A deadline that only times a queued step
    (a publicity period before the township's opinion) is not listed again: the step carries its date."""
    today = today or timezone.localdate()
    if not has_case_work(user):
        return []
    items: list[Work] = []
    for queue in _QUEUES:
        for w in queue(user):
            if w.may is not None:
                w.mine = w.may(user)
            else:
                w.mine = acts(user, w.roles) and (w.holder is None or w.holder.pk == user.pk)
            w.overdue = w.due is not None and w.due < today
            if w.due is not None and w.timers and not w.kind:
                w.kind = w.timers[0]
            items.append(w)
    timed = {(w.key, kind) for w in items for kind in w.timers}
    qs = open_deadlines(user).select_related("household", "assignee").prefetch_related("household__members")
    for d in qs[:2000]:
        if ((d.object_type, d.object_id), d.kind) in timed:
            continue
        items.append(_deadline_work(d, user, today))
    items.sort(key=lambda w: (w.due is None, w.due or today, w.label))
    return items


def team_filter(user, items: list[Work]) -> list[Work]:
    """The team's work a user is shown: finance staff see the payment work only."""
    if user.is_superuser or user.role != Role.FINANCE:
        return items
    return [w for w in items if w.programme == "payments"]


def _holder_text(w: Work) -> str:
    if w.holder is not None:
        return w.holder.first_name or w.holder.username
    if w.holder_label:
        return w.holder_label
    names = dict(Role.choices)
    return _("、").join(str(names[r]) for r in sorted(w.roles) if r != Role.ADMIN and r in names)


def _household_text(household) -> str:
    if household is None:
        return ""
    from jiuzhu.registry.models import mask_name

    applicant = household.applicant
    return mask_name(applicant.name) if applicant is not None else ""


def _filtered(items: list[Work], programme: str, overdue_only: bool) -> list[Work]:
    return [
        w for w in items if (not programme or w.programme == programme) and (w.overdue or not overdue_only)
    ]


@login_required
def todo_page(request):
    user = request.user
    if not (has_case_work(user) or is_supervisor(user)):
        # applicants (and any role without case work or oversight) have no to-do list
        raise PermissionDenied(_("待办事项仅供工作人员使用"))
    today = timezone.localdate()
    programme = request.GET.get("programme", "")
    if programme not in PROGRAMMES:
        programme = ""
    overdue_only = request.GET.get("overdue") == "1"
    items = work_items(user, today)
    mine = _filtered([w for w in items if w.mine], programme, overdue_only)
    team = _filtered(team_filter(user, [w for w in items if not w.mine]), programme, overdue_only)
    overdue = []
    for d in supervisor_list(user, today).prefetch_related("household__members")[:2000]:
        w = _deadline_work(d, user, today)
        if not programme or w.programme == programme:
            overdue.append(w)
    for w in [*mine, *team, *overdue]:
        w.holder_text = _holder_text(w)
        w.household_text = _household_text(w.household)
        w.programme_label = _(PROGRAMMES.get(w.programme, "")) if w.programme in PROGRAMMES else ""
    limit = 500
    return render(
        request,
        "core/todo.html",
        {
            "mine": mine[:limit],
            "mine_total": len(mine),
            "team": team[:limit],
            "team_total": len(team),
            "overdue": overdue[:limit],
            "overdue_total": len(overdue),
            "limit": limit,
            "today": today,
            "programmes": [(k, _(v)) for k, v in PROGRAMMES.items()],
            "programme": programme,
            "overdue_only": overdue_only,
            "has_case_work": has_case_work(user),
            "is_supervisor": is_supervisor(user),
        },
    )
