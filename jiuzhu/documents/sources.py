"""From (kind, object id, user) to a document context, within the user's scope (404 outside it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from jiuzhu.accounts.scope import get_household_or_404, household_scope_q, region_within_scope

from .context import household_context, load_household, worker_context
from .kinds import get_kind


@dataclass
class Built:
    context: dict
    province_code: str
    filename: str
    scope_path: str


def province_of(region) -> str:
    parts = [p for p in region.path.split("/") if p]
    return parts[0] if parts else region.code


def build(kind_code: str, pk: int, user) -> Built:
    try:
        kind = get_kind(kind_code)
    except KeyError:
        raise Http404("未知的文书种类") from None
    if kind.source == "household":
        hh = load_household(get_household_or_404(user, pk).pk)
        if kind.code == "fj9":
            from .procedure import dynamic_context

            ctx = dynamic_context(hh)
        else:
            ctx = {"household": household_context(hh)}
        if kind.code == "union_archive":
            ctx["worker"] = worker_context(hh)
        return Built(ctx, province_of(hh.region), f"{kind.title}-{hh.number}", hh.region.path)
    if kind.source == "application":
        from jiuzhu.dibao.models import DibaoApplication

        from .procedure import case_context

        app = DibaoApplication.objects.filter(household_scope_q(user, "household__"), pk=pk).first()
        if app is None:
            raise Http404("未找到该申请")
        return Built(
            case_context(app),
            province_of(app.household.region),
            f"{kind.title}-{app.household.number}",
            app.household.region.path,
        )
    if kind.source == "notice":
        from jiuzhu.dibao.models import Notice

        from .procedure import notice_context

        kinds = ["refusal"] if kind.code == "fj6" else ["change", "stop"]
        notice = Notice.objects.filter(
            household_scope_q(user, "application__household__"), pk=pk, kind__in=kinds
        ).first()
        if notice is None:
            raise Http404("未找到该告知书")
        region = notice.application.household.region
        return Built(
            notice_context(notice),
            province_of(region),
            f"{kind.title}-{notice.year}-{notice.number}",
            region.path,
        )
    if kind.source == "region":
        from jiuzhu.core.models import Region

        from .procedure import publicity_context

        region = Region.objects.filter(pk=pk).first()
        if region is None or user.role == "applicant" or not region_within_scope(user, region):
            raise Http404("未找到该地区")
        return Built(
            publicity_context(region, kind.code),
            province_of(region),
            f"{kind.title}-{region.name}",
            region.path,
        )
    raise Http404("该文书须从发放模块生成")
