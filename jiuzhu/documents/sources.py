"""From (kind, object id, user) to a document context, within the user's scope (404 outside it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from jiuzhu.accounts.scope import (
    civil_households,
    get_household_or_404,
    region_within_scope,
)

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

        app = DibaoApplication.objects.filter(household__in=civil_households(user), pk=pk).first()
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
            application__household__in=civil_households(user), pk=pk, kind__in=kinds
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
    if kind.source == "temporary":  # R-DOC-18: only an assist-first case has the registration record
        from .assist_first import assist_first_context, load_case

        case = load_case(user, pk) if user.role != "applicant" else None
        if case is None:
            raise Http404("未找到该先行救助案件")
        region = case.household.region
        return Built(
            assist_first_context(case), province_of(region), f"{kind.title}-{case.number}", region.path
        )
    raise Http404("该文书须按工会（档案）和期间生成")


def _household(user, pk, kind_code: str):
    household = get_household_or_404(user, pk)
    if kind_code == "union_archive" and not _may_see_union_archive(user, household):
        # R-ARC-06: the union archive form is the unions' internal record (jiuzhu.archives.archive_scope_q)
        raise Http404("未找到该家庭")
    return household


def _may_see_union_archive(user, household) -> bool:
    """Union staff of the household's union subtree; others (the worker himself, auditors, administrators)
    as they see the household's archive."""
    from jiuzhu.archives.actions import archive_scope_q, household_visible
    from jiuzhu.archives.models import Archive

    return (
        household_visible(user, household)
        or Archive.objects.filter(archive_scope_q(user), household=household).exists()
    )


UNION_TABLES = ("union_payment", "warmth", "central_summary")


def build_union_table(kind_code: str, org_pk: int, period_code: str, user) -> Built:
    """R-DOC-15 / R-DOC-16 tables of one union (and the unions below it) for a year or a month; the
    R-DOC-14 central-fund summary for a year.

    404 for a union outside the user's union subtree or a malformed period; MissingFields (a 422 page) when
    the period has no rows, rather than an empty table.
    """
    from jiuzhu.core.models import UnionOrg

    from .union import parse_period, union_in_scope, union_table_context

    kind = get_kind(kind_code) if kind_code in UNION_TABLES else None
    org = UnionOrg.objects.filter(pk=org_pk).first()
    if kind is None or org is None or not union_in_scope(user, org):
        raise Http404("未找到该工会")
    try:
        period = parse_period(period_code)
    except ValueError as exc:
        raise Http404(str(exc)) from None
    if kind_code == "central_summary" and "-" in period.code:
        raise Http404("中央财政专项帮扶资金实名制汇总表按年度汇总")  # R-DOC-14: a yearly table
    ctx = union_table_context(kind_code, org, period)
    if not ctx["table"]["rows"]:
        what = "中央财政专项帮扶资金发放记录" if kind_code == "central_summary" else "发放记录"
        raise MissingFields(kind.title, [f"{org.name}{period.label}的{what}（本期没有记录）"])
    province = province_of(org.region) if org.region_id else ""
    return Built(ctx, province, f"{kind.title}-{org.name}-{period.code}", org.path)


def build_archive_notice(kind_code: str, archive_pk: int, period_code: str, user) -> Built:
    """R-DOC-17 payment notice of one union archive for a year or a month.

    The archive is looked up through jiuzhu.archives' scope (the filing union's subtree, a help centre
    serving its parent's, or the household's region): 404 outside it or for a malformed period;
    MissingFields (a 422 page) when nothing was paid in the period.
    """
    from jiuzhu.archives.actions import archives_for

    from .union import notice_context, parse_period

    kind = get_kind(kind_code) if kind_code == "union_notice" else None
    archive = archives_for(user).filter(pk=archive_pk).first() if kind is not None else None
    if archive is None:
        raise Http404("未找到该档案")
    try:
        period = parse_period(period_code)
    except ValueError as exc:
        raise Http404(str(exc)) from None
    ctx = notice_context(archive, period)
    if not ctx["notice"]["projects"]:
        raise MissingFields(
            kind.title, [f"档案{archive.number}{period.label}的帮扶资金发放记录（本期没有发放）"]
        )
    region = archive.household.region
    return Built(ctx, province_of(region), f"{kind.title}-{archive.number}-{period.code}", region.path)
