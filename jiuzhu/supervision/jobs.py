"""The risk scan as a background job (a province's registry takes longer than a page may wait): the page's
button and `jiuzhu warnings scan --queue` submit it; the worker runs `scan.run_scan` with the job's progress
(one step per rule, and the writing of the tickets)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from jiuzhu.core.models import Region
from jiuzhu.jobs.models import Job
from jiuzhu.jobs.queue import handler, submit

from .scan import RULES, ScanRefused, check_scope, run_scan

KIND = "supervision.scan"


def submit_scan(actor, region: Region | None = None, rules: list[str] | None = None) -> Job:
    """Refuse now what the scan would refuse (role, scope, unknown rule); otherwise queue it."""
    unknown = [r for r in rules or [] if r not in RULES]
    if unknown:
        raise ScanRefused(_("未知的预警规则：%(rules)s") % {"rules": "、".join(unknown)})
    scope_path, code = check_scope(actor, region)
    name = region.name if region else (actor.region.name if getattr(actor, "region_id", None) else _("全部"))
    job = submit(
        actor,
        KIND,
        _("风险预警扫描（%(scope)s）") % {"scope": name},
        {"region": region.code if region else "", "rules": list(rules or [])},
        scope_path=scope_path,
        unit=_("步"),
        max_attempts=2,
    )
    return job


@handler(KIND, permanent=(ScanRefused, ValueError))
def run_scan_job(job: Job, progress) -> tuple[dict, str]:
    p = job.params
    region = Region.objects.get(code=p["region"]) if p.get("region") else None
    result = run_scan(job.created_by, region, p.get("rules") or None, progress=progress)
    run = result.run
    summary = {"run": run.pk, "found": run.found, "opened": run.opened, "counts": run.counts}
    return summary, reverse("supervision:warnings")


CLEANUP_KIND = "supervision.archive_cleanup"


def submit_cleanup(actor) -> Job:
    """Queue the annual archive clean-up over the actor's scope (R-ARC-05 DEFAULT)."""
    from django.conf import settings

    from .retention import DISPOSERS, RetentionRefused

    if not getattr(settings, "ARCHIVE_ANNUAL_CLEANUP", True):
        raise RetentionRefused(_("档案年度清理已按本地设置停用"))
    if actor is not None and not (actor.is_superuser or actor.role in DISPOSERS):
        raise RetentionRefused(_("档案年度清理须由审批人或管理员启动"))
    scope = "" if actor is None or actor.is_superuser or not actor.region_id else actor.region.path
    return submit(actor, CLEANUP_KIND, _("档案年度清理"), {}, scope_path=scope, unit=_("步"), max_attempts=2)


@handler(CLEANUP_KIND, permanent=(ValueError,))
def run_cleanup_job(job: Job, progress) -> tuple[dict, str]:
    from .retention import run_cleanup

    c = run_cleanup(job.created_by, scope_path=job.scope_path, progress=progress)
    return {"cleanup": c.pk, **{k: v for k, v in c.report.items() if k != "eligible_ids"}}, reverse(
        "supervision:archives"
    )
