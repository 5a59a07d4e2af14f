"""Pages of the statistics: the lists behind the figures, the reports (filters, chart beside its table, XLSX),
and the monitoring screen. Only staff who read the registry see them; every figure is of the viewer's scope."""

from __future__ import annotations

import datetime as dt
import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from jiuzhu.registry.models import mask_name
from jiuzhu.web.access import reader_required, scope_regions

from . import lists as L
from .cube import Filters
from .reports import REPORTS, run_report

PAGE = 50


def _month(value: str, default: dt.date) -> dt.date:
    try:
        y, m = (int(x) for x in (value or "").split("-")[:2])
        return dt.date(y, m, 1)
    except (TypeError, ValueError):
        return default


def _region(request):
    code = request.GET.get("region", "").strip()
    if not code:
        return None
    region = scope_regions(request.user).filter(code=code).first()
    if region is None:
        raise Http404(_("未找到该地区"))
    return region


@reader_required
def figure_list(request, slug):
    definition = L.LISTS.get(slug)
    if definition is None:
        raise Http404
    user = request.user
    region = _region(request)
    programme = request.GET.get("programme", "")
    this_month = timezone.localdate().replace(day=1)
    month = _month(request.GET.get("month", ""), this_month)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    rows, total, persons, subtitle = [], 0, None, ""
    if slug == "dibao_receiving":
        from jiuzhu.dibao.models import DibaoApplication

        ids, persons = [], 0
        for row in L.dibao_receiving(user, month, region, programme):
            total += 1
            persons += row["opinion_persons"] or 0
            if (page - 1) * PAGE < total <= page * PAGE:
                ids.append(row["id"])
        cases = DibaoApplication.objects.filter(pk__in=ids).select_related("household", "household__region")
        rows = [_dibao_row(app) for app in cases.order_by("pk")]
    elif slug == "dibao_in_progress":
        qs = L.dibao_in_progress(user, region, programme)
        total = qs.count()
        rows = [_dibao_row(app) for app in qs[(page - 1) * PAGE : page * PAGE]]
    elif slug in ("left_poverty", "left_poverty_unstable"):
        from .poverty import LABELS

        reason = request.GET.get("reason", "")
        if reason and (reason not in LABELS or slug == "left_poverty"):
            raise Http404
        qs = L.left_poverty(user, region, programme, unstable=slug != "left_poverty", reason=reason)
        total = qs.count()
        page_qs = qs.select_related("region").prefetch_related("members")[(page - 1) * PAGE : page * PAGE]
        rows = [_household_row(h) for h in page_qs]
        subtitle = str(LABELS[reason]) if reason else ""
    elif slug == "workers_by_cause":
        from .causes import LABELS

        cause = request.GET.get("cause", "")
        if cause not in LABELS:
            raise Http404
        qs = L.workers_by_cause(user, region, programme, cause, request.GET.get("only") == "1")
        qs = qs.select_related("household__region")
        total = qs.count()
        rows = [_archive_row(a) for a in qs[(page - 1) * PAGE : page * PAGE]]
        subtitle = LABELS[cause] if request.GET.get("only") != "1" else _("仅%(c)s") % {"c": LABELS[cause]}
    else:
        qs = L.workers_in_file(user, region, programme).select_related("household__region")
        total = qs.count()
        rows = [_archive_row(a) for a in qs[(page - 1) * PAGE : page * PAGE]]
    query = request.GET.copy()
    pages = {}
    if page > 1:
        query["page"] = page - 1
        pages["prev"] = "?" + query.urlencode()
    if page * PAGE < total:
        query["page"] = page + 1
        pages["next"] = "?" + query.urlencode()
    return render(
        request,
        "reports/list.html",
        {
            "definition": definition,
            "rows": rows,
            "total": total,
            "persons": persons,
            "region": region,
            "programme": programme,
            "month": month if slug == "dibao_receiving" else None,
            "pages": pages,
            "archive": slug != "dibao_receiving" and slug != "dibao_in_progress",
            "subtitle": subtitle,
            "programme_label": _programme_label(programme),
        },
    )


def _programme_label(programme: str) -> str:
    """The words for a list's programme filter (城市低保, 深度困难职工…), never its code."""
    from jiuzhu.registry.choices import AreaType, HardshipCategory

    if programme in AreaType.values:
        return str(AreaType(programme).label)
    if programme in HardshipCategory.values:
        return str(HardshipCategory(programme).label)
    return programme


def _applicant(household) -> str:
    applicant = household.applicant
    return f"{mask_name(applicant.name)} {applicant.masked_id_number}" if applicant else ""


def _dibao_row(app) -> dict:
    from django.urls import reverse

    return {
        "link": reverse("dibao:case", args=[app.pk]),
        "ref": f"#{app.pk}",
        "number": app.household.number,
        "applicant": _applicant(app.household),
        "region": app.household.region.name,
        "kind": app.get_area_type_display(),
        "persons": app.opinion_persons,
        "status": app.get_status_display(),
    }


def _household_row(household) -> dict:
    from django.urls import reverse

    return {
        "link": reverse("household_detail", args=[household.pk]),
        "ref": household.number,
        "number": household.number,
        "applicant": _applicant(household),
        "region": household.region.name,
        "kind": household.get_area_type_display(),
        "persons": None,
        "status": _("在册"),
    }


def _archive_row(archive) -> dict:
    from django.urls import reverse

    return {
        "link": reverse("archives:archive", args=[archive.pk]),
        "ref": archive.number,
        "number": archive.household.number,
        "applicant": _applicant(archive.household),
        "region": archive.household.region.name,
        "kind": archive.get_category_display(),
        "persons": None,
        "status": archive.get_status_display(),
    }


# ---- reports --------------------------------------------------------------------------------------------


def filters_from(request, default_months: int = 12) -> Filters:
    today = timezone.localdate().replace(day=1)
    end = _month(request.GET.get("to", ""), today)
    start_default = dt.date(
        end.year - (1 if end.month < default_months else 0), (end.month - default_months) % 12 + 1, 1
    )
    start = _month(request.GET.get("from", ""), start_default)
    if start > end:
        start, end = end, start
    return Filters(start=start, end=end, region=_region(request), programme=request.GET.get("programme", ""))


@reader_required
def pilot_doc(request, code, kind):
    """R-RPT-08: a pilot county's mid-term evaluation report or final report (pilot.py) as DOCX."""
    from .pilot import KINDS, pilot_counties, render_docx

    if kind not in KINDS:
        raise Http404
    found = [(c, s) for c, s in pilot_counties() if c.code == code]
    if not found or not scope_regions(request.user).filter(code=code).exists():
        raise Http404(_("未找到该试点县"))
    county, started = found[0]
    content, name = render_docx(request.user, county, started, kind)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@reader_required
def index(request):
    return render(request, "reports/index.html", {"reports": REPORTS.values()})


@reader_required
def report(request, slug, fmt="html"):
    definition = REPORTS.get(slug)
    if definition is None:
        raise Http404
    filters = filters_from(request)
    result = run_report(definition, request.user, filters)
    if fmt == "xlsx":
        part = request.GET.get("section", "")
        if part.isdigit() and int(part) < len(result.sections):
            result.sections = [result.sections[int(part)]]
        return _xlsx(result)
    if fmt == "json":
        return JsonResponse(result.as_json(), json_dumps_params={"ensure_ascii": False})
    query = urlencode({k: v for k, v in request.GET.items() if k in ("from", "to", "region", "programme")})
    return render(
        request,
        "reports/report.html",
        {
            "r": result,
            "definition": definition,
            "filters": filters,
            "query": query,
            "regions": scope_regions(request.user).filter(level__lte=4).order_by("path")[:500],
        },
    )


def _export(c):
    if hasattr(c, "export"):
        return c.export
    return c if isinstance(c, int) or c is None else str(c)


def _xlsx(result) -> HttpResponse:
    from openpyxl import Workbook

    from jiuzhu.core.cells import safe_row

    wb = Workbook(write_only=True)
    for section in result.sections:
        ws = wb.create_sheet(str(section.title)[:31])
        ws.append(safe_row(ws, [str(result.title)]))
        ws.append(safe_row(ws, [result.filter_text]))
        ws.append(safe_row(ws, [str(section.title)]))
        ws.append(safe_row(ws, [str(h) for h in section.header]))
        for row in section.rows:
            ws.append(safe_row(ws, [_export(c) for c in row]))
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="report-{result.slug}.xlsx"'
    return response


def require_reader(user):
    from jiuzhu.web.access import is_reader

    if not is_reader(user):
        raise PermissionDenied


def _numbered(sections):
    for i, s in enumerate(sections):
        s.index = i
    return sections


# ---- the monitoring screen (全程可视化监控, R-RPT-05) ---------------------------------------------------------


@reader_required
def monitor(request):
    """One page for a county leader: money from need to paid, open risk warnings, overdue deadlines, cases
    at each step — the snapshot's figures, and the open warnings read live (a short indexed list)."""
    from django.db.models import Count

    from jiuzhu.archives.models import Archive
    from jiuzhu.core.models import Deadline
    from jiuzhu.dibao.models import Status
    from jiuzhu.payments.models import LineWarning
    from jiuzhu.payments.scope import visible_rosters
    from jiuzhu.payments.warnings import KINDS
    from jiuzhu.temporary.models import TemporaryCase

    from .cube import Cube, current_snapshot, is_fresh
    from .reports import Money, Section, chart, run_report

    user = request.user
    filters = filters_from(request)
    snap = current_snapshot()
    funds = run_report(REPORTS["funds"], user, filters)
    money = funds.sections[1]
    need = funds.sections[0]
    civil = Cube(snap, user, filters)
    union = Cube(snap, user, filters, union=True)

    warnings = (
        LineWarning.objects.filter(resolved_at__isnull=True, roster__in=visible_rosters(user))
        .order_by()
        .values("kind")
        .annotate(n=Count("id"))
    )
    warning_rows = [
        [str(KINDS[w["kind"]].label) if w["kind"] in KINDS else w["kind"], w["n"]] for w in warnings
    ]
    overdue = {**civil.by("deadline.overdue", "detail", stock=True)}
    for kind, n in union.by("deadline.overdue", "detail", stock=True).items():
        overdue[kind] = max(overdue.get(kind, 0), n)
    labels = dict(
        Deadline.objects.filter(kind__in=list(overdue))
        .order_by("kind")
        .values_list("kind", "label")
        .distinct()
    )
    overdue_rows = [[labels.get(k, k), n] for k, n in sorted(overdue.items())]
    dibao = civil.by("dibao.status", "detail", stock=True)
    temp = civil.by("temp.status", "detail", stock=True)
    arch = union.by("arch.status", "detail", stock=True)
    steps = [
        Section(
            title,
            [_("环节"), _("件数")],
            [[label, counts.get(k, 0)] for k, label in choices if counts.get(k, 0)],
        )
        for title, choices, counts in (
            (_("低保案件"), Status.choices, dibao),
            (_("临时救助案件"), TemporaryCase.Status.choices, temp),
            (_("困难职工档案"), Archive.Status.choices, arch),
        )
    ]
    for s in steps:
        s.chart = chart("hbar", [r[0] for r in s.rows], {_("件数"): [r[1] for r in s.rows]}, _("件"))
    risk = Section(_("未处理的发放预警"), [_("预警"), _("条数")], warning_rows)
    risk.chart = chart(
        "hbar", [r[0] for r in warning_rows], {_("条数"): [r[1] for r in warning_rows]}, _("条")
    )
    late = Section(_("逾期未办的期限"), [_("事项"), _("件数")], overdue_rows)
    late.chart = chart(
        "hbar", [r[0] for r in overdue_rows], {_("件数"): [r[1] for r in overdue_rows]}, _("件")
    )
    totals = [sum(r[i].fen for r in money.rows) for i in range(1, len(money.header))]
    flow = Section(
        _("资金流向：从编入花名册到发放（元）"),
        [_("项目"), *money.header[1:]],
        [[_("合计"), *[Money(v) for v in totals]]],
        chart("bar", money.header[1:], {_("金额"): [v // 100 for v in totals]}, _("元")),
    )
    return render(
        request,
        "reports/monitor.html",
        {
            "snapshot": snap,
            "fresh": is_fresh(snap),
            "filters": filters,
            "sections": _numbered([flow, need, risk, late, *steps]),
            "query": urlencode({k: v for k, v in request.GET.items() if k in ("from", "to", "region")}),
        },
    )
