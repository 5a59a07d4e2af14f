"""Staff pages of 低保 cases: list, new application, the case page (state, next steps, history, deadlines),
the overdue dynamic reviews and the active-discovery leads. Outside the user's subtree a case is 404."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiuzhu.accounts.scope import civil_households
from jiuzhu.core.models import AuditEvent, Deadline, Region
from jiuzhu.core.workflow import history
from jiuzhu.registry.models import mask_name
from jiuzhu.registry.money import yuan
from jiuzhu.web.listing import choice_value, filter_region, region_choices, work_list

from . import actions as a
from .models import DibaoApplication, Lead, Source, Status
from .steps import OBJECTS, STEPS, Invalid, available_steps, objects_for, perform


def staff_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or user.can_read_registry()):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def applications_for(user):
    return DibaoApplication.objects.filter(household__in=civil_households(user)).select_related(
        "household", "household__region"
    )


# The records' audit actions ("dibao.<record>") named by the step that writes them; transitions
# ("dibaoapplication.<step>") are steps already.
AUDIT_STEPS = {
    "signature": "record_signature",
    "verification": "record_verification",
    "verification_report": "make_verification_report",
    "visit": "record_visit",
    "visit_finalise": "finalise_visit",
    "appraisal": "record_appraisal",
    "objection": "record_objection",
    "objection_handled": "handle_objection",
    "appeal": "lodge_appeal",
    "appeal_decided": "decide_appeal",
    "change_report": "record_change",
    "job_offer": "record_job_offer",
    "delivery": "record_delivery",
    "change_reported": "mark_change_reported",
}
AUDIT_OTHER = {
    "create": gettext_lazy("受理申请（一次性告知材料清单）"),
    "notice": gettext_lazy("出具告知书"),
    "publicity": gettext_lazy("开始公示"),
    "snapshot": gettext_lazy("政策评估（决定快照）"),
    "lead": gettext_lazy("登记主动发现线索"),
    "lead_follow_up": gettext_lazy("线索跟进"),
}


def audit_label(action: str) -> str:
    name = action.partition(".")[2]
    step = STEPS.get(AUDIT_STEPS.get(name, name))
    return str(step.label if step else AUDIT_OTHER.get(name, action))


def get_application_or_404(user, pk) -> DibaoApplication:
    app = applications_for(user).filter(pk=pk).first()
    if app is None:
        raise Http404(_("未找到该案件"))
    return app


def _applicant_label(app) -> str:
    applicant = app.household.applicant
    if applicant is None:
        return ""
    return f"{mask_name(applicant.name)} {applicant.masked_id_number}"


@staff_required
def application_list(request):
    """The cases of the user's scope, filtered by status, region, household number and near relatives of
    staff, 50 a page, with the total of the filtered list (共 N 件)."""
    user = request.user
    qs = applications_for(user).prefetch_related("household__members")
    g = request.GET
    filters = {
        "status": choice_value(g.get("status", ""), Status.choices),
        "region": g.get("region", ""),
        "number": g.get("number", "").strip(),
        "near": g.get("near") == "1",
    }
    if filters["status"]:
        qs = qs.filter(status=filters["status"])
    qs = filter_region(qs, user, filters["region"])
    if filters["number"]:
        qs = qs.filter(household__number__contains=filters["number"])
    if filters["near"]:
        qs = qs.filter(household__near_relative_of_staff=True)
    ctx = work_list(request, qs)
    for app in ctx["page"].items:
        app.applicant_label = _applicant_label(app)
    ctx.update(filters=filters, statuses=Status.choices, regions=region_choices(user))
    return render(request, "dibao/list.html", ctx)


@staff_required
def application_new(request):
    households = civil_households(request.user).filter(active=True)
    if request.method == "POST":
        number = request.POST.get("household", "").strip()
        household = households.filter(number=number).first()
        if household is None:
            messages.error(request, _("家庭编号：未找到该家庭（请输入本辖区内的家庭编号）"))
        else:
            try:
                app = a.do_create_application(request.user, household)
            except a.TransitionRefused as e:
                messages.error(request, str(e))
            else:
                messages.success(request, _("已受理，请向申请人一次性告知所需材料"))
                return redirect("dibao:case", app.pk)
    number = request.POST.get("household", "") or request.GET.get("household", "")
    return render(request, "dibao/new.html", {"number": number})


def _form_fields(app, step, values: dict | None = None, errors: dict | None = None):
    """The fields of a step's form; after a refused post, with what the user typed and the problem next to
    the field (values and errors by field name)."""
    values, errors = values or {}, errors or {}
    fields = []
    for f in step.fields:
        options = []
        if f.kind in OBJECTS:
            for obj in objects_for(app, f.kind):
                options.append((str(obj.pk), _object_label(f.kind, obj)))
        elif f.kind == "choice":
            options = [(str(v), label) for v, label in f.choices]
        fields.append(
            {
                "f": f,
                "options": options,
                "value": values.get(f.name, "") if values else f.initial,
                "error": errors.get(f.name, ""),
            }
        )
    return fields


def _object_label(kind, obj) -> str:
    if kind == "member":
        return _("%(name)s（%(detail)s）") % {"name": obj.name, "detail": obj.get_relation_display()}
    if kind == "notice":
        return f"{obj.get_kind_display()}{obj.label}"
    if kind == "objection":
        return f"{obj.received_on:%Y-%m-%d} {obj.content[:20]}"
    if kind == "appeal":
        return f"{obj.get_kind_display()} {obj.lodged_on:%Y-%m-%d}"
    if kind == "change":
        return f"{obj.get_kind_display()} {obj.event_on:%Y-%m-%d}"
    if kind == "visit":
        return f"{obj.visited_on:%Y-%m-%d} {_('、').join(obj.investigators)}"
    return str(obj)


def _amount_rows(app) -> list[dict]:
    """The history of amounts (approved → changed, R-FLOW-08, R-FLOW-10) from dibao.amounts, in words."""
    from .amounts import amount_history

    if app.approved_on is None:
        return []
    rows = []
    for p in amount_history(app):
        approval = p.source == "approval"
        rows.append(
            {
                "from_month": p.from_month,
                "household": yuan(p.household_fen),
                "per_capita": yuan(p.per_capita_fen) if p.per_capita_fen is not None else "",
                "what": _("县级审批") if approval else _("变更保障金（附件7 变更通知书）"),
                "on": p.issued_on,
                "cite": "R-FLOW-08" if approval else "R-FLOW-10",
            }
        )
    return rows


@staff_required
def case(request, pk):
    return _render_case(request, get_application_or_404(request.user, pk))


def _render_case(request, app, *, failed: dict | None = None, status: int = 200):
    """The case page; `failed` = {"step", "values", "errors", "error"} after a refused post: that step's form
    is shown open with the input kept. Otherwise the case's next step is open, the others folded."""
    from jiuzhu.web.worklist import DIBAO_NEXT

    today = timezone.localdate()
    failed = failed or {}
    next_step = DIBAO_NEXT.get(app.status, ("", ()))[0]
    steps, not_now = [], []
    for s in available_steps(app, request.user):
        reason = a.step_refusal(request.user, app, s.name)
        if reason:  # a step the action would refuse is not a button: the page says why (issue 10, item 3)
            not_now.append({"label": s.label, "reason": _(reason), "cite": s.cite})
            continue
        mine = failed.get("step") == s.name
        steps.append(
            {
                "step": s,
                "fields": _form_fields(
                    app, s, failed.get("values") if mine else None, failed.get("errors") if mine else None
                ),
                "open": mine or not s.fields or (not failed and s.name == next_step),
                "failed": mine,
                "error": failed.get("error", "") if mine else "",
            }
        )
    sources = _sources_form(app, steps, failed.get("sources"))
    if sources is not None:  # the 11 sources are one form: the single-source form is not offered twice
        steps = [s for s in steps if s["step"].name != "record_verification"]
    if (
        failed and not failed.get("sources") and not any(s["failed"] for s in steps)
    ):  # the step is no longer offered: say why on top
        for problem in [failed.get("error", ""), *failed.get("errors", {}).values()]:
            if problem:
                messages.error(request, problem)
    audit = list(
        AuditEvent.objects.filter(household=app.household)
        .filter(Q(action__startswith="dibao.") | Q(action__startswith="dibaoapplication."))
        .select_related("actor")[:200]
    )
    for e in audit:
        e.label = audit_label(e.action)
    deadlines = Deadline.objects.filter(object_type=app._meta.label_lower, object_id=str(app.pk))
    for d in deadlines:
        d.overdue = d.met_at is None and d.due < today
    members = app.household.members.filter(active=True)
    signed = {s.member_id: s for s in app.signatures.all()}
    snapshot = a.latest_snapshot(app)
    return render(
        request,
        "dibao/case.html",
        {
            "app": app,
            "steps": steps,
            "history": history(app),
            "audit": audit,
            "deadlines": deadlines,
            "members": [(m, signed.get(m.pk)) for m in members],
            "snapshot": snapshot,
            "publicities": app.publicities.prefetch_related("objections"),
            "notices": app.notices.all(),
            "visits": app.visits.all(),
            "appraisals": app.appraisals.all(),
            "verifications": app.verifications.all(),
            "report": getattr(app, "verification_report", None)
            if hasattr(app, "verification_report")
            else None,
            "changes": app.change_reports.all(),
            "offers": app.job_offers.select_related("member"),
            "second_reviews": app.second_reviews.select_related("reviewer"),
            "applicant_label": _applicant_label(app),
            "yuan": yuan,
            "benefit": yuan(app.benefit_household_fen) if app.benefit_household_fen is not None else "",
            # the county's approval keeps the amount it approved; changes (附件7) are listed under it
            "approved_amount": yuan(app.opinion_household_fen)
            if app.opinion_household_fen is not None
            else "",
            "amounts": _amount_rows(app),
            "opinion_amount": yuan(app.opinion_household_fen)
            if app.opinion_household_fen is not None
            else "",
            "today": today,
            "sources_form": sources,
            "not_now": not_now,
        },
        status=status,
    )


def _sources_form(app, steps, failed: dict | None):
    """One form for all the verification sources of R-FLOW-03 (issue 10): a row per source not yet checked,
    with what was typed and each row's problem after a refused post. None when the step is not offered."""
    if not any(s["step"].name == "record_verification" for s in steps):
        return None
    failed = failed or {}
    values, errors = failed.get("values", {}), failed.get("errors", {})
    done = {v.source: v for v in app.verifications.all()}
    rows = []
    for code, label in Source.choices:
        rows.append(
            {
                "code": code,
                "label": label,
                "done": done.get(code),
                "result": values.get(f"result_{code}", ""),
                "consistent": values.get(f"consistent_{code}", ""),
                "error": errors.get(code, ""),
            }
        )
    return {
        "rows": rows,
        "checked_on": values.get("checked_on", ""),
        "summary": values.get("summary", ""),
        "then_next": values.get("then_next", "") if values else "true",
        "summary_error": errors.get("summary", ""),
        "error": failed.get("error", ""),
        "open": True,
    }


@require_POST
@staff_required
def record_verifications(request, pk):
    """Record the results of several sources in one post (R-FLOW-04), all or none: a row with a problem
    keeps the whole form, with the input, and writes nothing."""
    from django.db import transaction

    app = get_application_or_404(request.user, pk)
    values = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    filled = [
        code
        for code in Source.values
        if values.get(f"result_{code}", "").strip() or values.get(f"consistent_{code}", "")
    ]
    summary = values.get("summary", "").strip()
    errors: dict[str, str] = {}
    error = ""
    if not filled and not summary:
        error = _("请至少填写一个核对来源的结果")
    else:
        try:
            with transaction.atomic():
                for code in filled:
                    payload = {
                        "source": code,
                        "result": values.get(f"result_{code}", ""),
                        "consistent": values.get(f"consistent_{code}", ""),
                        "checked_on": values.get("checked_on", ""),
                    }
                    try:
                        perform(request.user, app, "record_verification", payload)
                    except Invalid as e:
                        labels = {f.name: str(f.label) for f in STEPS["record_verification"].fields}
                        errors[code] = _("；").join(
                            _("%(field)s：%(problem)s") % {"field": labels.get(f, f), "problem": p}
                            for f, p in e.problems
                        )
                if errors:
                    raise Invalid([])
                # issue 10, item 7: the report (R-DOC-11) and "核对完成" in the same post when the worker
                # writes the conclusion: each its own action and audit event, all or nothing
                if summary:
                    perform(request.user, app, "make_verification_report", {"summary": summary})
                    if values.get("then_next"):
                        perform(request.user, app, "complete_verification", {})
        except Invalid:
            pass
        except a.TransitionRefused as e:
            error = str(e)
    if error or errors:
        failed = {"sources": {"values": values, "errors": errors, "error": error}}
        app.refresh_from_db()
        return _render_case(request, app, failed=failed, status=400)
    if filled:
        messages.success(request, _("已登记 %(n)s 个核对来源的结果") % {"n": len(filled)})
    if summary:
        messages.success(request, _("已出具核对报告"))
    return redirect("dibao:case", app.pk)


@require_POST
@staff_required
def do_step(request, pk, name):
    app = get_application_or_404(request.user, pk)
    if name not in STEPS:
        raise Http404(_("未知操作"))
    payload = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    try:
        perform(request.user, app, name, payload)
    except Invalid as e:
        # the page again, with what was typed and each problem next to its field (nothing is lost)
        known = {f.name for f in STEPS[name].fields}
        errors = {field: problem for field, problem in e.problems if field in known}
        other = [problem for field, problem in e.problems if field not in known]
        failed = {"step": name, "values": payload, "errors": errors, "error": _("；").join(other)}
        return _render_case(request, app, failed=failed, status=400)
    except a.TransitionRefused as e:
        failed = {"step": name, "values": payload, "errors": {}, "error": str(e)}
        app.refresh_from_db()
        return _render_case(request, app, failed=failed, status=400)
    else:
        messages.success(request, _("已完成：%(step)s") % {"step": STEPS[name].label})
    return redirect("dibao:case", app.pk)


@staff_required
def overdue_reviews(request):
    user = request.user
    filters = {"region": request.GET.get("region", "")}
    ctx = work_list(request, filter_region(a.overdue_reviews(user), user, filters["region"]))
    for app in ctx["page"].items:
        app.applicant_label = _applicant_label(app)
    ctx.update(filters=filters, regions=region_choices(user))
    return render(request, "dibao/reviews.html", ctx)


@staff_required
def leads(request):
    user = request.user
    if user.is_superuser:
        regions = Region.objects.all()
    elif user.region_id:
        regions = Region.objects.filter(path__startswith=user.region.path)
    else:  # union staff: no region (a NUL-prefix filter is an error on PostgreSQL)
        regions = Region.objects.none()
    if request.method == "POST":
        region = regions.filter(code=request.POST.get("region", "")).first()
        if region is None:
            messages.error(request, _("所在地区：请选择本辖区内的地区"))
        else:
            try:
                a.do_record_lead(
                    user,
                    region=region,
                    source=request.POST.get("source", ""),
                    person_name=request.POST.get("person_name", ""),
                    description=request.POST.get("description", ""),
                    id_number=request.POST.get("id_number", "").strip(),
                )
            except a.TransitionRefused as e:
                messages.error(request, str(e))
            else:
                messages.success(request, _("已登记线索"))
                return redirect("dibao:leads")
    g = request.GET
    filters = {
        "region": g.get("region", ""),
        "source": choice_value(g.get("source", ""), Lead.Source.choices),
        "open": g.get("open") == "1",
    }
    qs = filter_region(
        a.leads_for(user).select_related("region", "application"), user, filters["region"], "region__path"
    )
    if filters["source"]:
        qs = qs.filter(source=filters["source"])
    if filters["open"]:
        qs = qs.filter(followed_up_on__isnull=True)
    ctx = work_list(request, qs)
    for lead in ctx["page"].items:
        lead.masked_name = mask_name(lead.person_name)
    ctx.update(
        filters=filters,
        sources=Lead.Source.choices,
        region_filter=region_choices(user),
        regions=regions.filter(level__gte=Region.Level.TOWNSHIP),
        posted=request.POST if request.method == "POST" else {},
    )
    return render(request, "dibao/leads.html", ctx)


@staff_required
@require_POST
def lead_follow_up(request, pk: int):
    """R-FLOW-16: what was done about a lead (visit, application taken…); closes its follow-up deadline."""
    lead = a.leads_for(request.user).filter(pk=pk).first()
    if lead is None:
        raise Http404
    application = None
    number = request.POST.get("application", "").strip().lstrip("#")
    if number:
        application = applications_for(request.user).filter(pk=int(number) if number.isdigit() else 0).first()
        if application is None:
            messages.error(request, _("关联低保申请：未找到编号为#%(n)s的申请") % {"n": number})
            return redirect(f"{reverse('dibao:leads')}#lead-{lead.pk}")
    try:
        a.do_follow_up_lead(
            request.user, lead, follow_up=request.POST.get("follow_up", ""), application=application
        )
    except a.TransitionRefused as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("已登记线索跟进"))
    return redirect(f"{reverse('dibao:leads')}#lead-{lead.pk}")
