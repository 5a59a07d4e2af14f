"""The procedures' work queues for the to-do list (jiuzhu/core/todo.py): the cases in a user's scope waiting
for their next step, with the step in words, the roles that take it and who holds the case; and which roles
act on each kind of deadline. Registered by the web app at start-up (jiuzhu/web/apps.py).

A case's holder is the worker who opened it: his colleagues see its township steps on their team's list, not
as theirs. A step taken by another level (county approval, the higher union's review, the help centre's
filing) is held by nobody: it is on the list of every user of that level who may take it — for the union
archives only the users the action itself lets through (the next-higher union, a help centre at county level
or above, never the one who prepared the archive: R-FLOW-26).
"""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuzhu.accounts.models import Role
from jiuzhu.core.models import Deadline
from jiuzhu.core.todo import Work

OPEN_LIMIT = 1000  # queued cases read per queue and user (the page shows the first 500 of each list)


def _open_deadlines(model, ids) -> dict[str, list[Deadline]]:
    out: dict[str, list[Deadline]] = defaultdict(list)
    label = model._meta.label_lower
    ids = [str(i) for i in ids]
    for start in range(0, len(ids), 500):
        for d in Deadline.objects.filter(
            object_type=label, object_id__in=ids[start : start + 500], met_at__isnull=True
        ):
            out[d.object_id].append(d)
    return out


def _due(deadlines: list[Deadline], kinds: tuple) -> tuple:
    """The earliest open deadline among `kinds`: (date, working_days, cite, label in words)."""
    from jiuzhu.core.todo import deadline_label

    chosen = [d for d in deadlines if d.kind in kinds]
    if not chosen:
        return None, False, "", ""
    d = min(chosen, key=lambda d: d.due)
    return d.due, d.working_days, d.cite, deadline_label(d)


# ------------------------------------------------------------------------------------------------ 低保

# status: (next step, deadline kinds timing it)
DIBAO_NEXT = {
    "draft": ("submit", ()),
    "submitted": ("start_verification", ()),
    "verifying": ("complete_verification", ()),
    "visiting": ("complete_visit", ()),
    "appraisal": ("complete_appraisal", ()),
    "township_review": ("township_review", ()),
    "review_publicity": ("township_opinion", ("publicity_review",)),
    "township_opinion": ("report_to_county", ()),
    "county_approval": ("approve", ()),
    "approved": ("publish_approval", ()),
    "approval_publicity": ("start_payment", ("publicity_approval",)),
}


def dibao_queue(user):
    from jiuzhu.dibao.models import DibaoApplication
    from jiuzhu.dibao.steps import STEPS
    from jiuzhu.dibao.views import applications_for

    apps = list(
        applications_for(user)
        .filter(status__in=list(DIBAO_NEXT))
        .select_related("created_by")
        .prefetch_related("household__members")
        .order_by("applied_on", "pk")[:OPEN_LIMIT]
    )
    deadlines = _open_deadlines(DibaoApplication, [a.pk for a in apps])
    for app in apps:
        name, timers = DIBAO_NEXT[app.status]
        roles = set(DibaoApplication.TRANSITIONS[name][2])
        county = Role.APPROVER in roles
        step = STEPS.get(name)
        due, working, cite, timer = _due(deadlines.get(str(app.pk), []), timers)
        yield Work(
            programme="dibao",
            label=str(step.label) if step else app.get_status_display(),
            link=reverse("dibao:case", args=[app.pk]),
            household=app.household,
            due=due,
            working_days=working,
            cite=cite or (step.cite if step else ""),
            roles=roles,
            holder=None if county else app.created_by,
            holder_label=_("县级审批人") if county else "",
            key=(DibaoApplication._meta.label_lower, str(app.pk)),
            timers=timers,
            extra=timer or app.get_status_display(),
        )


# ------------------------------------------------------------------------------------------------ 临时救助

TEMPORARY_NEXT = {
    "applied": ("accept", ()),
    "accepted": ("review", ()),
    "reviewed": ("approve", ()),
    "approved": ("close", ()),
    "to_regularise": ("regularise", ("temporary.regularise",)),
}


def temporary_queue(user):
    from jiuzhu.temporary.actions import cases_for
    from jiuzhu.temporary.models import TemporaryCase

    cases = list(
        cases_for(user)
        .filter(status__in=list(TEMPORARY_NEXT))
        .select_related("created_by")
        .prefetch_related("household__members")
        .order_by("pk")[:OPEN_LIMIT]
    )
    deadlines = _open_deadlines(TemporaryCase, [c.pk for c in cases])
    for case in cases:
        name, timers = TEMPORARY_NEXT[case.status]
        roles = set(TemporaryCase.TRANSITIONS[name][2])
        approval = Role.APPROVER in roles
        timers = timers or ("temporary.processing",)
        due, working, cite, _timer = _due(deadlines.get(str(case.pk), []), timers)
        yield Work(
            programme="temporary",
            label=str(TemporaryCase.ACTION_LABELS[name]),
            link=reverse("temporary:case", args=[case.pk]),
            household=case.household,
            due=due,
            working_days=working,
            cite=cite,
            roles=roles,
            holder=None if approval else case.created_by,
            holder_label=_("审批人") if approval else "",
            key=(TemporaryCase._meta.label_lower, str(case.pk)),
            timers=timers,
            extra=case.number,
        )


# ------------------------------------------------------------------------------------------ 困难职工档案


def archive_may(user, archive, action: str) -> bool:
    """Whether the archive action would let this user through now (role, level, maker-checker): the same
    test the archive page uses (jiuzhu/archives/actions.refusal), so no one is offered a step then refused."""
    from jiuzhu.archives import actions as a

    return not a.refusal(user, archive, action)[0]


ARCHIVE_NEXT = {
    "investigating": "submit",
    "returned": "submit",
    "higher_review": "review_pass",
    "centre_review": "file",
    "filed": "activate",
}
ARCHIVE_HOLDERS = {
    "review_pass": gettext_lazy("上级工会复核人"),
    "file": gettext_lazy("县级以上帮扶中心"),
    "activate": gettext_lazy("帮扶中心"),
}


def archive_queue(user):
    from jiuzhu.archives.actions import archives_for
    from jiuzhu.archives.models import Archive

    archives = list(
        archives_for(user)
        .filter(status__in=list(ARCHIVE_NEXT))
        .select_related("created_by")
        .prefetch_related("household__members")
        .order_by("pk")[:OPEN_LIMIT]
    )
    for archive in archives:
        name = ARCHIVE_NEXT[archive.status]
        roles = set(Archive.TRANSITIONS[name][2])
        worker_step = name == "submit"
        yield Work(
            programme="archives",
            label=str(Archive.ACTION_LABELS[name]),
            link=reverse("archives:archive", args=[archive.pk]),
            household=archive.household,
            cite="R-FLOW-26",
            roles=roles,
            holder=archive.created_by if worker_step else None,
            holder_label="" if worker_step else str(ARCHIVE_HOLDERS[name]),
            key=(Archive._meta.label_lower, str(archive.pk)),
            may=None if worker_step else (lambda u, ar=archive, n=name: archive_may(u, ar, n)),
            extra=archive.number,
        )


# ------------------------------------------------------------------------------------------------ deadlines

COUNTY = (Role.APPROVER, Role.ADMIN)
WORKERS = (Role.CASE_WORKER, Role.ADMIN)
FINANCE = (Role.FINANCE, Role.ADMIN)


def dibao_deadline_roles(kind: str):
    """Phase-out ends and repeated refusals of work are the county's decisions (R-FLOW-14, R-FLOW-15); the
    rest (publicity, objections, deliveries, reviews, leads) is the township's work."""
    if kind == "phase_out_end" or kind.startswith("job_refusal:"):
        return COUNTY
    return WORKERS


def roster_deadline_roles(kind: str):
    """A roster is confirmed by an approver who did not make it, then finance allocates, sends the bank file
    and imports the return (R-PAY-02, R-PAY-05)."""
    return COUNTY if kind == "roster_confirm" else FINANCE


def union_payment_roles(kind: str):
    """The entry of a union aid payment into the national system: union workers and finance (R-PAY-17)."""
    return (Role.CASE_WORKER, Role.FINANCE, Role.ADMIN)


def register() -> None:
    from jiuzhu.core import todo

    todo.set_roles("dibao.dibaoapplication", dibao_deadline_roles)
    todo.set_roles("payments.roster", roster_deadline_roles)
    todo.set_roles("archives.unionaidpayment", union_payment_roles)
    todo.register_queue(dibao_queue)
    todo.register_queue(temporary_queue)
    todo.register_queue(archive_queue)
