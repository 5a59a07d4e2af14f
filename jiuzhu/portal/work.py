"""The township's pages: the online applications of its area (also on the to-do list), taking one into the
procedure or asking the applicant for more documents; making an applicant's account; applying as an agent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuzhu.accounts.models import Role
from jiuzhu.accounts.scope import civil_households
from jiuzhu.registry.choices import HardshipCategory, Relation
from jiuzhu.registry.documents import ValidationFailed
from jiuzhu.registry.models import Member, mask_name

from . import actions as a
from . import auth
from .models import AgentCapacity, PortalApplication, Programme
from .views import _refusal, _show_errors, forbid_non_staff


def _staff(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if request.user.role == Role.APPLICANT:
            return redirect("portal:home")
        forbid_non_staff(request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


@_staff
def work_list(request):
    status = request.GET.get("status", "submitted")
    qs = a.applications_for(request.user).select_related("region", "agent")
    if status in PortalApplication.Status.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "portal/work_list.html",
        {"applications": list(qs[:200]), "status": status, "statuses": PortalApplication.Status.choices},
    )


@_staff
def work_detail(request, pk: int):
    app = a.get_application(request.user, pk)
    members = []
    relations = dict(Relation.choices)
    for m in app.document.get("members") or []:
        members.append(
            {
                **m,
                "masked_name": mask_name(m.get("name", "")),
                "relation_label": relations.get(m.get("relation"), ""),
                "incomes": m.get("incomes") or [],
            }
        )
    return render(
        request,
        "portal/work_detail.html",
        {
            "app": app,
            "members": members,
            "documents": a.needed_documents(app),
            "consents": list(app.consents.all()),
            "missing_consents": a.missing_consents(app),
            "can_act": a._is_worker_for(request.user, app),
            "case_url": _case_link(app),
            "categories": HardshipCategory.choices,
            "category_label": dict(HardshipCategory.choices).get((app.details or {}).get("category"), ""),
        },
    )


def _case_link(app) -> str:
    if app.dibao_application_id:
        return reverse("dibao:case", args=[app.dibao_application_id])
    if app.temporary_case_id:
        return reverse("temporary:case", args=[app.temporary_case_id])
    if app.archive_id:
        return reverse("archives:archive", args=[app.archive_id])
    return ""


@_staff
@require_POST
def take(request, pk: int):
    app = a.get_application(request.user, pk)
    try:
        app = a.do_take(request.user, app, category=request.POST.get("category", ""))
    except (auth.Refused, ValidationFailed) as e:
        _show_errors(request, _refusal(e))
        return redirect("portal:work_detail", pk=app.pk)
    messages.success(request, _("已受理：请按程序继续办理"))
    return redirect(_case_link(app))


@_staff
@require_POST
def request_documents(request, pk: int):
    app = a.get_application(request.user, pk)
    try:
        a.do_request_documents(request.user, app, request.POST.get("more_documents", ""))
    except auth.Refused as e:
        _show_errors(request, _refusal(e))
    else:
        messages.success(request, _("已通知申请人补充材料"))
    return redirect("portal:work_detail", pk=app.pk)


@_staff
def make_account(request):
    """An account for a member of a household in the worker's area: the applicant logs in with the phone."""
    ctx = {"errors": {}, "values": request.POST}
    if request.method == "POST":
        id_number = request.POST.get("id_number", "").strip().upper()
        member = (
            Member.objects.filter(
                id_number=id_number, active=True, household__in=civil_households(request.user)
            ).first()
            if id_number
            else None
        )
        try:
            if member is None:
                raise auth.Refused("id_number", _("您的管辖范围内没有该身份证号码的在册家庭成员"))
            auth.do_make_account(request.user, member, request.POST.get("phone"))
        except auth.Refused as e:
            ctx["errors"] = _refusal(e)
        else:
            messages.success(request, _("已开通账户：申请人可用该手机号码和短信验证码登录"))
            return redirect("portal:work_list")
    return render(request, "portal/make_account.html", ctx)


@_staff
def agent_new(request):
    """R-FLOW-01: a village cadre or social worker applies on someone's behalf (recorded as such)."""
    ctx = {
        "errors": {},
        "values": request.POST,
        "programmes": Programme.choices,
        "capacities": AgentCapacity.choices,
        "villages": [r for r in _villages_in_scope(request.user)],
        "unions": a.union_choices(),
    }
    if request.method == "POST":
        try:
            app = a.do_start(
                request.user,
                request.POST.get("programme", ""),
                region_code=request.POST.get("region", ""),
                applicant_name=request.POST.get("applicant_name", ""),
                applicant_id_number=request.POST.get("applicant_id_number", ""),
                phone=request.POST.get("phone", ""),
                agent_capacity=request.POST.get("agent_capacity", ""),
                union_code=request.POST.get("union_org", ""),
            )
        except auth.Refused as e:
            ctx["errors"] = _refusal(e)
        else:
            return redirect("portal:application", pk=app.pk)
    return render(request, "portal/agent_new.html", ctx)


def _villages_in_scope(user):
    from jiuzhu.core.models import Region

    qs = Region.objects.filter(level=Region.Level.VILLAGE)
    if not user.is_superuser:
        qs = qs.filter(path__startswith=user.region.path) if user.region_id else qs.none()
    return qs.order_by("code")[:2000]
