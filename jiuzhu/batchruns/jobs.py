"""A batch run over the registry as a background job (jiuzhu.jobs): started from the page, with progress."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from jiuzhu.accounts.models import Role
from jiuzhu.core.models import Region
from jiuzhu.jobs.models import Job
from jiuzhu.jobs.queue import handler, submit

from .service import RunRefused, run_from_db

KIND = "batchruns.run"
ROLES = {Role.APPROVER, Role.ADMIN}


def may_run(user) -> bool:
    return user.is_superuser or (user.role in ROLES and bool(user.region_id))


def submit_run(actor, region_code: str, at: str) -> Job:
    """Refuse now what the run would refuse (role, scope, month); otherwise queue it."""
    from jiuzhu.accounts.scope import region_within_scope
    from jiuzhu.policy import parse_at

    if not may_run(actor):
        raise RunRefused(_("只有审批人或系统管理员可以发起批量评估"))
    region = Region.objects.filter(code=region_code).first()
    if region is None or not region_within_scope(actor, region):
        raise RunRefused(_("没有此区划，或不在您的管辖范围内"))
    try:
        parse_at(at)
    except ValueError:
        raise RunRefused(_("评估月份应为 YYYY-MM")) from None
    title = _("批量评估 %(region)s %(at)s") % {"region": region.name, "at": at}
    return submit(actor, KIND, title, {"region": region_code, "at": at}, scope_path=region.path, unit=_("步"))


@handler(KIND, permanent=(RunRefused, ValueError))
def run_job(job: Job, progress) -> tuple[dict, str]:
    p = job.params
    folder = settings.DATA_DIR / "batch"
    folder.mkdir(parents=True, exist_ok=True)
    output = folder / f"run-{job.pk}-{p['region']}-{p['at']}.parquet"
    table, run = run_from_db(
        job.created_by,
        region_code=p["region"],
        at=p["at"],
        output=str(output),
        record=True,
        inputs=str(output) + ".inputs",
        progress=progress,
    )
    result = {
        "run": run.pk,
        "households": run.households,
        "dibao_eligible": run.counts.get("dibao_status", {}).get("eligible", 0),
        "params_digest": run.params_digest,
    }
    return result, reverse("batchruns:start")
