"""A roster's `make` as a background job (a county's 100,000 cases take longer than a page may wait)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from jiuzhu.jobs.models import Job
from jiuzhu.jobs.queue import handler, submit

from . import programmes, rosters

KIND = "payments.make"


def submit_make(actor, programme: str, period, scope_code: str) -> tuple[rosters.Roster, Job | None]:
    """Refuse now what make would refuse; otherwise queue it. A roster past its draft needs no job."""
    roster, scope = rosters.prepare_make(actor, programme, period, scope_code)
    if roster.status != rosters.Roster.Status.DRAFT:
        return roster, None
    title = _("编制%(programme)s %(period)s 发放花名册（%(scope)s）") % {
        "programme": programmes.get(programme).label,
        "period": f"{roster.period:%Y-%m}",
        "scope": scope.name,
    }
    job = submit(
        actor,
        KIND,
        title,
        {
            "programme": programme,
            "period": f"{roster.period:%Y-%m}",
            "scope": scope_code,
            "roster": roster.pk,
        },
        scope_path=roster.scope_path,
        unit=_("行"),
    )
    return roster, job


@handler(KIND, permanent=(rosters.Refused, ValueError))
def run_make(job: Job, progress) -> tuple[dict, str]:
    p = job.params
    roster = rosters.do_make(job.created_by, p["programme"], p["period"], p["scope"], progress=progress)
    return rosters.summary(roster), reverse("payments:roster", args=[roster.pk])
