"""From (kind, object id, user) to a document context, within the user's scope (404 outside it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from jiuzhu.accounts.scope import get_household_or_404, household_scope_q, region_within_scope

from .context import load_household
from .fields import MissingFields
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
        from .procedure import household_form_context

        hh = load_household(_household(user, pk, kind.code).pk)
        ctx = household_form_context(kind.code, hh)
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
    raise Http404("该文书须按工会和期间生成")


def _household(user, pk, kind_code: str):
    try:
        return get_household_or_404(user, pk)
    except Http404:
        # The union archive form: a help centre serves its parent union's subtree (as jiuzhu.archives does).
        if kind_code != "union_archive" or user.role == "applicant":
            raise
        from jiuzhu.archives.actions import household_visible
        from jiuzhu.registry.models import Household

        household = Household.objects.filter(pk=pk).first()
        if household is None or not household_visible(user, household):
            raise
        return household


def build_union_table(kind_code: str, org_pk: int, period_code: str, user) -> Built:
    """R-DOC-15 / R-DOC-16 tables of one union (and the unions below it) for a year or a month.

    404 for a union outside the user's union subtree or a malformed period; MissingFields (a 422 page) when
    the period has no rows, rather than an empty table.
    """
    from jiuzhu.core.models import UnionOrg

    from .union import parse_period, union_in_scope, union_table_context

    kind = get_kind(kind_code) if kind_code in ("union_payment", "warmth") else None
    org = UnionOrg.objects.filter(pk=org_pk).first()
    if kind is None or org is None or not union_in_scope(user, org):
        raise Http404("未找到该工会")
    try:
        period = parse_period(period_code)
    except ValueError as exc:
        raise Http404(str(exc)) from None
    ctx = union_table_context(kind_code, org, period)
    if not ctx["table"]["rows"]:
        raise MissingFields(kind.title, [f"{org.name}{period.label}的发放记录（本期没有记录）"])
    province = province_of(org.region) if org.region_id else ""
    return Built(ctx, province, f"{kind.title}-{org.name}-{period.code}", org.path)
