"""Staff pages of data sharing: the overview (counterparts, batches, a file to import, the union's monthly
push, the 低保 cases waiting for a verification request), a household's sharing page (consent, query by file
or network, the answers for the hardship decision), the matches for civil affairs and the access log for
auditors. Every write calls the same actions as the API and the command line."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuzhu.accounts.scope import civil_households, get_household_or_404
from jiuzhu.archives.actions import archives_for
from jiuzhu.archives.models import OPEN_STATUSES
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.idnumber import mask_id_number
from jiuzhu.registry.choices import HardshipCategory
from jiuzhu.registry.models import mask_name
from jiuzhu.registry.money import yuan

from . import civil, envelope, exchange, files, network, union, verification
from .access import log_for, own_region
from .models import Batch, Consent, Counterpart, Purpose, Side


def _download(data: bytes, name: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=network.CONTENT_TYPE)
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


def _problems(exc) -> list[str]:
    if isinstance(exc, exchange.FormatError):
        return [exchange.describe(p) for p in exc.problems]
    return [str(exc)]


def _counterparts(user, side=None):
    qs = Counterpart.objects.filter(active=True).select_related("region")
    region = own_region(user)
    if not user.is_superuser:
        qs = qs.filter(region=region) if region is not None else qs.none()
    return qs.filter(side=side) if side else qs


def _index_context(user, problems=None):
    region = own_region(user)
    batches = Batch.objects.select_related("counterpart").filter(
        Q(created_by=user) | Q(counterpart__region=region) if region else Q(created_by=user)
    )
    verifying = []
    if user.region_id or user.is_superuser:
        from jiuzhu.dibao.models import DibaoApplication

        verifying = list(
            DibaoApplication.objects.filter(household__in=civil_households(user), status="verifying")
            .select_related("household")
            .order_by("id")[:50]
        )
    return {
        "here": "sharing",
        "counterparts": _counterparts(user),
        "batches": batches[:50],
        "archives": archives_for(user).filter(status__in=OPEN_STATUSES).order_by("-id")[:50],
        "civil_counterparts": _counterparts(user, Side.CIVIL_AFFAIRS),
        "centres": _counterparts(user, Side.VERIFICATION_CENTRE),
        "verifying": verifying,
        "problems": problems or [],
        "can_audit": user.is_superuser or user.can_audit(),
    }


@login_required
def index(request):
    if request.user.role == "applicant":
        raise Http404()
    return render(request, "sharing/index.html", _index_context(request.user))


@login_required
@require_POST
def import_file(request):
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要导入的批次文件"))
        return redirect("sharing:index")
    try:
        result = files.import_file(request.user, upload.read())
    except (envelope.EnvelopeError, exchange.FormatError, TransitionRefused) as exc:
        ctx = _index_context(request.user, _problems(exc))
        return render(request, "sharing/index.html", ctx, status=422)
    if "answer_file" in result:  # a union's query: the answer file goes back on the same medium
        return _download(result["answer_file"], f"answer-{result['batch_id']}.jzx")
    messages.success(
        request,
        _("已导入批次%(batch)s，共%(n)s条记录") % {"batch": result["batch_id"], "n": result["record_count"]},
    )
    return redirect("sharing:index")


@login_required
@require_POST
def push(request):
    cp = _counterparts(request.user, Side.CIVIL_AFFAIRS).filter(pk=request.POST.get("counterpart")).first()
    if cp is None:
        raise Http404()
    try:
        if request.POST.get("channel") == "http":
            result = network.do_push_over_network(request.user, cp)
            messages.success(
                request, _("已推送%(n)s名困难职工的帮扶数据") % {"n": result.get("record_count", 0)}
            )
            return redirect("sharing:index")
        batch, data = union.do_push_aid(request.user, cp)
    except TransitionRefused as exc:
        return render(request, "sharing/index.html", _index_context(request.user, _problems(exc)), status=409)
    return _download(data, f"aid-push-{batch.batch_id}.jzx")


@login_required
@require_POST
def verification_request(request, pk: int):
    from jiuzhu.dibao.models import DibaoApplication

    app = DibaoApplication.objects.filter(household__in=civil_households(request.user), pk=pk).first()
    cp = (
        _counterparts(request.user, Side.VERIFICATION_CENTRE)
        .filter(pk=request.POST.get("counterpart"))
        .first()
    )
    if app is None or cp is None:
        raise Http404()
    try:
        batch, data = verification.do_send_verification_request(request.user, app, cp)
    except TransitionRefused as exc:
        return render(request, "sharing/index.html", _index_context(request.user, _problems(exc)), status=409)
    return _download(data, f"verification-request-{batch.batch_id}.jzx")


def _household_context(user, household, purpose="", problems=None):
    rows = None
    if purpose:
        try:
            rows = union.evidence_for(user, household, purpose)
        except TransitionRefused as exc:
            problems = (problems or []) + _problems(exc)
    for r in rows or []:
        r.masked_name, r.masked_id = mask_name(r.name), mask_id_number(r.id_number)
    return {
        "here": "sharing",
        "household": household,
        "consents": Consent.objects.filter(household=household),
        "counterparts": _counterparts(user, Side.CIVIL_AFFAIRS),
        "purposes": [(Purpose.HARDSHIP_IDENTIFICATION.value, Purpose.HARDSHIP_IDENTIFICATION.label)],
        "purpose": purpose,
        "rows": rows,
        "problems": problems or [],
        "today": dt.date.today().isoformat(),
    }


def _union_household(user, pk):
    household = get_household_or_404(user, pk)
    if not archives_for(user).filter(household=household, status__in=OPEN_STATUSES).exists():
        raise Http404("未找到该家庭的困难职工档案")
    return household


@login_required
def household(request, pk: int):
    household = _union_household(request.user, pk)
    ctx = _household_context(request.user, household, request.GET.get("purpose", ""))
    return render(request, "sharing/household.html", ctx)


@login_required
@require_POST
def household_consent(request, pk: int):
    household = _union_household(request.user, pk)
    try:
        signed_on = dt.date.fromisoformat(request.POST.get("signed_on", ""))
        union.do_record_consent(request.user, household, signed_by=request.POST.get("signed_by", ""),
                                signed_on=signed_on, note=request.POST.get("note", ""))  # fmt: skip
    except ValueError:
        ctx = _household_context(request.user, household, problems=[_("授权日期应为YYYY-MM-DD")])
        return render(request, "sharing/household.html", ctx, status=422)
    except TransitionRefused as exc:
        ctx = _household_context(request.user, household, problems=_problems(exc))
        return render(request, "sharing/household.html", ctx, status=409)
    messages.success(request, _("已登记核对授权"))
    return redirect("sharing:household", pk=household.pk)


@login_required
@require_POST
def household_query(request, pk: int):
    household = _union_household(request.user, pk)
    cp = _counterparts(request.user, Side.CIVIL_AFFAIRS).filter(pk=request.POST.get("counterpart")).first()
    if cp is None:
        raise Http404()
    purpose = request.POST.get("purpose", "")
    try:
        if request.POST.get("channel") in ("http", "hashed"):
            network.do_query_over_network(
                request.user, cp, [household], purpose, hashed=request.POST.get("channel") == "hashed"
            )
            messages.success(request, _("已收到民政部门的答复"))
            return redirect(reverse("sharing:household", args=[household.pk]) + f"?purpose={purpose}")
        batch, data = union.do_send_query(request.user, cp, [household], purpose)
    except (envelope.EnvelopeError, exchange.FormatError, TransitionRefused) as exc:
        ctx = _household_context(request.user, household, problems=_problems(exc))
        return render(request, "sharing/household.html", ctx, status=409)
    return _download(data, f"query-{batch.batch_id}.jzx")


@login_required
def matches(request):
    if not (request.user.region_id or request.user.is_superuser):
        raise Http404()
    purpose = request.GET.get("purpose", "")
    rows, problems = None, []
    if purpose:
        try:
            rows = civil.matches_for(request.user, purpose)
            for r in rows:
                r["category_label"] = (
                    HardshipCategory(r["category"]).label
                    if r["category"] in HardshipCategory.values
                    else r["category"]
                )
                r["aid_yuan"] = yuan(r["aid_year_fen"])
        except TransitionRefused as exc:
            problems = _problems(exc)
    return render(request, "sharing/matches.html", {"here": "sharing", "rows": rows, "problems": problems,
                                                    "purpose": purpose})  # fmt: skip


@login_required
def access_log(request):
    if not (request.user.is_superuser or request.user.can_audit()):
        raise PermissionDenied
    entries = log_for(request.user).select_related("user", "counterpart", "household")[:500]
    return render(request, "sharing/log.html", {"here": "sharing", "entries": entries})


@login_required
def poverty(request):
    """R-SHARE-11: 临时救助 recipients against the latest two registered-poor lists (civil-affairs staff)."""
    from .poverty import poverty_changes

    if not (request.user.region_id or request.user.is_superuser):
        raise Http404()
    purpose = request.GET.get("purpose", "")
    rows, problems = None, []
    if purpose:
        try:
            rows = poverty_changes(request.user, purpose)
        except TransitionRefused as exc:
            problems = _problems(exc)
    return render(request, "sharing/poverty.html", {"here": "sharing", "rows": rows, "problems": problems,
                                                    "purpose": purpose})  # fmt: skip
