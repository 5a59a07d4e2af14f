"""Pages of complaints and reports (R-SUP-08): the list (with the objections received during publicity, R-FLOW-07,
in the same list), intake by staff, the complaint page with the step of each role, and the public pages without
login: the published hotlines and the online form (anonymous allowed)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuzhu.core.models import Region
from jiuzhu.core.workflow import TransitionRefused, allowed_actions, history

from . import complaints as cp
from .models import ADJUDICATORS, Complaint, Hotline
from .views import _reader

FIELDS = (
    "kind",
    "channel",
    "about",
    "region",
    "household",
    "staff_name",
    "fund",
    "content",
    "anonymous",
    "reporter_name",
    "reporter_phone",
    "reporter_address",
    "received_on",
)


def objections(user, limit=200):
    """The objections received during 低保 publicity in the user's region, as rows of the same list."""
    from jiuzhu.dibao.models import Objection

    if not (user.is_superuser or user.region_id):
        return []
    qs = Objection.objects.select_related("publicity__application__household")
    if not user.is_superuser:
        qs = qs.filter(publicity__application__household__region__path__startswith=user.region.path)
    rows = []
    for o in qs.order_by("-received_on", "-id")[:limit]:
        app = o.publicity.application
        try:
            link = reverse("dibao:case", args=[app.pk])
        except NoReverseMatch:
            link = ""
        rows.append(
            {
                "received_on": o.received_on,
                "household": app.household.number,
                "content": o.content,
                "handled": o.handled,
                "result": o.result,
                "link": link,
            }
        )
    return rows


@login_required
def complaint_list(request):
    user = request.user
    _reader(user)
    qs = visible_complaints = cp.visible_complaints(user).select_related("region", "assignee")
    status = request.GET.get("status", "").strip()
    if status:
        qs = qs.filter(status=status)
    rows = list(qs[:300])
    return render(
        request,
        "supervision/complaints.html",
        {
            "rows": rows,
            "total": qs.count(),
            "open": visible_complaints.exclude(status=Complaint.Status.CLOSED).count(),
            "status": status,
            "statuses": Complaint.Status.choices,
            "objections": objections(user),
            "may_receive": user.is_superuser or user.role in ADJUDICATORS,
            "today": dt.date.today(),
        },
    )


def _form_context(user, form, error):
    return {
        "form": form,
        "error": error,
        "kinds": Complaint.Kind.choices,
        "channels": Complaint.Channel.choices,
        "abouts": Complaint.About.choices,
    }


@login_required
def complaint_new(request):
    user = request.user
    _reader(user)
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in FIELDS}
        try:
            c = cp.do_receive(user, form)
        except TransitionRefused as e:
            return render(
                request, "supervision/complaint_new.html", _form_context(user, form, str(e)), status=409
            )
        return redirect("supervision:complaint", c.pk)
    form = {"region": user.region.code if user.region_id else "", "received_on": dt.date.today().isoformat()}
    return render(request, "supervision/complaint_new.html", _form_context(user, form, ""))


@login_required
def complaint_page(request, pk, *, error="", status=200):
    user = request.user
    _reader(user)
    c = cp.get_complaint(user, pk)
    handler = user.is_superuser or user.role == "admin" or c.assignee_id == user.pk
    may = set(allowed_actions(c, user))
    if not handler:
        may -= {"investigate", "answer", "close"}
    candidates = []
    if "assign" in may:
        candidates = [
            u
            for u in get_user_model()
            .objects.filter(is_active=True, role__in=ADJUDICATORS, region__isnull=False)
            .select_related("region")
            .order_by("username")
            if c.region.path.startswith(u.region.path) or u.region.path.startswith(c.region.path)
        ]
    return render(
        request,
        "supervision/complaint.html",
        {
            "c": c,
            "show_reporter": handler and not c.anonymous,  # the handler needs the contact to answer
            "may": may,
            "candidates": candidates,
            "feedbacks": [f for f in Complaint.Feedback.choices if f[0] != Complaint.Feedback.ANONYMOUS],
            "history": history(c),
            "on_time": cp.on_time(c),
            "error": error,
        },
        status=status,
    )


@login_required
@require_POST
def complaint_step(request, pk, step):
    user = request.user
    _reader(user)
    c = cp.get_complaint(user, pk)
    p = request.POST
    try:
        if step == "assign":
            assignee = get_user_model().objects.filter(pk=p.get("assignee") or 0).first()
            cp.do_assign(user, c, assignee)
        elif step == "investigate":
            cp.do_investigate(user, c)
        elif step == "answer":
            sub = {"yes": True, "no": False}.get(p.get("substantiated", ""))
            cp.do_answer(user, c, findings=p.get("findings", ""), substantiated=sub, reply=p.get("reply", ""))
        elif step == "close":
            cp.do_close(user, c, feedback=p.get("feedback", ""), note=p.get("note", ""))
        else:
            raise TransitionRefused(_("未知的操作"))
    except TransitionRefused as e:
        return complaint_page(request, pk, error=str(e), status=409)
    return redirect("supervision:complaint", c.pk)


# ---- public pages (no login) ---------------------------------------------------------------------------------


def hotlines_page(request):
    rows = list(Hotline.objects.select_related("region").order_by("region__path", "kind"))
    regions = list(Region.objects.filter(level__lte=Region.Level.TOWNSHIP).exclude(phone="").order_by("path"))
    return render(request, "supervision/public_hotlines.html", {"rows": rows, "regions": regions})


def public_report(request):
    """The online form: anyone may complain or report, anonymously if they wish; the number is shown to quote."""
    regions = list(
        Region.objects.filter(level__in=[Region.Level.COUNTY, Region.Level.TOWNSHIP]).order_by("path")
    )
    ctx = {"regions": regions, "kinds": Complaint.Kind.choices, "abouts": Complaint.About.choices}
    if request.method == "POST":
        form = {
            k: request.POST.get(k, "").strip()
            for k in FIELDS
            if k not in ("channel", "received_on", "household")
        }
        try:
            c = cp.do_receive(None, form)
        except TransitionRefused as e:
            return render(
                request, "supervision/public_report.html", {**ctx, "form": form, "error": str(e)}, status=409
            )
        return render(request, "supervision/public_report.html", {**ctx, "form": {}, "done": c})
    return render(request, "supervision/public_report.html", {**ctx, "form": {}})


def disclosure_page(request):
    """R-SUP-07: budgets, allocations, spending and the recipient list of a county, public and printable."""
    from jiuzhu.registry.money import yuan

    from . import disclosure

    counties = list(Region.objects.filter(level=Region.Level.COUNTY).order_by("path"))
    code = request.GET.get("county", "").strip() or (counties[0].code if counties else "")
    county = next((c for c in counties if c.code == code), None)
    try:
        year = int(request.GET.get("year", "") or dt.date.today().year)
    except ValueError:
        year = dt.date.today().year
    rows = disclosure.funds(county, year) if county else []
    for r in rows:
        r.budget = yuan(r.budget_fen) if r.budget_fen is not None else "—"
        r.allocated, r.spent = yuan(r.allocated_fen), yuan(r.spent_fen)
    return render(
        request,
        "supervision/public_disclosure.html",
        {
            "counties": counties,
            "county": county,
            "year": year,
            "rows": rows,
            "recipients": disclosure.recipients(county) if county else [],
        },
    )
