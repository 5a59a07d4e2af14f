"""Pages of inspections (R-SUP-06, 11): the list in scope, opening an inspection, its findings with the forms
that record, rectify, refer and close them. Writes call inspections.py; a refusal is shown on the page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.registry.money import MoneyError, parse_yuan, yuan

from . import inspections as ins
from .models import Finding, Inspection
from .views import _reader


def _may(user) -> bool:
    return user.is_superuser or user.role in ins.INSPECTORS


@login_required
def inspection_list(request, *, error="", form=None, status=200):
    user = request.user
    _reader(user)
    rows = list(ins.visible_inspections(user).select_related("region")[:300])
    return render(
        request,
        "supervision/inspections.html",
        {
            "rows": rows,
            "may": _may(user),
            "kinds": Inspection.Kind.choices,
            "error": error,
            "form": form or {"region": user.region.code if user.region_id else ""},
        },
        status=status,
    )


@login_required
@require_POST
def inspection_new(request):
    form = {
        k: request.POST.get(k, "").strip()
        for k in ("title", "kind", "region", "programme", "period_from", "period_to", "lead_unit")
    }
    try:
        i = ins.do_open_inspection(request.user, form)
    except TransitionRefused as e:
        return inspection_list(request, error=str(e), form=form, status=409)
    return redirect("supervision:inspection", i.pk)


@login_required
def inspection_page(request, pk, *, error="", status=200):
    user = request.user
    _reader(user)
    i = ins.get_inspection(user, pk)
    findings = list(i.findings.select_related("household"))
    for f in findings:
        f.money = {
            k: yuan(getattr(f, k + "_fen"))
            for k in ("received", "penalty", "involved", "recovered")
            if getattr(f, k + "_fen") is not None
        }
        if f.received_fen is not None:
            low, high = ins.penalty_range(f.received_fen)
            f.money["range"] = f"{yuan(low)}—{yuan(high)}"
    return render(
        request,
        "supervision/inspection.html",
        {
            "i": i,
            "findings": findings,
            "may": _may(user) and i.status == "open",
            "error": error,
            "categories": Finding.Category.choices,
            "gravities": Finding.Gravity.choices,
            "tolerances": Finding.Tolerance.choices,
        },
        status=status,
    )


@login_required
@require_POST
def inspection_step(request, pk, step):
    user = request.user
    _reader(user)
    i = ins.get_inspection(user, pk)
    p = request.POST
    try:
        if step == "finding":
            ins.do_record_finding(user, i, {k: p.get(k, "") for k in p})
        elif step == "close":
            ins.do_close_inspection(user, i)
        elif step in ("rectify", "refer", "close_finding"):
            f = i.findings.filter(pk=p.get("finding") or 0).first()
            if f is None:
                raise TransitionRefused(_("未找到该问题"))
            if step == "rectify":
                recovered = parse_yuan(p["recovered"]) if p.get("recovered", "").strip() else None
                ins.do_rectify(user, f, outcome=p.get("outcome", ""), recovered_fen=recovered)
            elif step == "refer":
                ins.do_refer(user, f, to=p.get("to", ""))
            else:
                ins.do_close_finding(user, f, outcome=p.get("outcome", ""))
        else:
            raise TransitionRefused(_("未知的操作"))
    except (TransitionRefused, MoneyError) as e:
        return inspection_page(request, pk, error=str(e), status=409)
    return redirect("supervision:inspection", i.pk)
