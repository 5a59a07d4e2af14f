"""Staff pages of 困难职工 archives: the list (with overdue reviews) and the archive page: state, the next
actions for this user, 脱困 as the policy engine finds it, union aid (payments, higher approvals, entry in the
national system, "four batches" outcomes, 送温暖 visits), category history, history and deadlines.

Every write goes through actions.py, the same actions as the REST API (api.py). A form is offered to exactly
the users the action lets through; a refusal or bad input re-shows the page with the input kept and the
message naming the field."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiuzhu.accounts.scope import household_by_number
from jiuzhu.core.models import Deadline
from jiuzhu.core.workflow import TransitionRefused, allowed_actions, history
from jiuzhu.idnumber import mask_id_number
from jiuzhu.registry.choices import HardshipCategory, Track
from jiuzhu.registry.models import mask_name, mask_phone
from jiuzhu.registry.money import yuan
from jiuzhu.temporary.actions import Invalid, date, today
from jiuzhu.web.listing import choice_value, filter_union, union_choices, work_list

from . import actions as a
from .api import ACTIONS
from .models import (
    OPEN_STATUSES,
    PAYABLE_STATUSES,
    AidApproval,
    Archive,
    ArchiveReview,
    TrackOutcome,
    UnionAidPayment,
    WarmthVisit,
)

CHOOSE = [("", gettext_lazy("请选择"))]

# The fields of each form: (name, label, kind); kind is "text", "money", "date", "textarea", "checkbox" or
# a list of choices.
FORMS = {
    "submit": [],
    "file": [],
    "activate": [],
    "start_phase_out": [],
    "review_pass": [("note", gettext_lazy("复核意见"), "text")],
    "return": [("reason", gettext_lazy("退回原因"), "text")],
    "refuse": [("reason", gettext_lazy("原因"), "text")],
    "remove": [("reason", gettext_lazy("撤档原因"), "text")],
    "reclassify": [
        ("new_category", gettext_lazy("新类别"), [c for c in HardshipCategory.choices if c[0] != "deep"]),
        ("reason", gettext_lazy("说明"), "text"),
    ],
    "cancel_fraud": [
        ("reason", gettext_lazy("弄虚作假情形"), "text"),
        ("recovery", gettext_lazy("追回金额（元）"), "money"),
        ("credit_recommended", gettext_lazy("建议纳入信用体系"), "checkbox"),
    ],
    "investigation": [
        ("investigation", gettext_lazy("入户调查情况"), "textarea"),
        ("verification", gettext_lazy("核查方式"), Archive.Verification.choices),
        ("verification_note", gettext_lazy("核查结果"), "text"),
        ("publicity_from", gettext_lazy("公示开始"), "date"),
        ("publicity_to", gettext_lazy("公示结束"), "date"),
    ],
    "review": [
        ("outcome", gettext_lazy("复核结果"), ArchiveReview.Outcome.choices),
        ("new_category", gettext_lazy("新类别"), [("", "—"), *HardshipCategory.choices]),
        ("note", gettext_lazy("说明"), "text"),
    ],
    "month": [
        ("month", gettext_lazy("月份（YYYY-MM-01）"), "date"),
        ("per_capita_income", gettext_lazy("家庭人均月纯收入（元）"), "money"),
        ("standard", gettext_lazy("当月低保标准（元，空则按本地参数）"), "money"),
    ],
}
EXTRA = {
    "investigation": ("investigating", "returned"),
    "review": ("active", "phase_out"),
    "month": ("active", "phase_out"),
}
LABELS = {
    **Archive.ACTION_LABELS,
    "investigation": gettext_lazy("调查与核查"),
    "review": gettext_lazy("定期复核"),
    "month": gettext_lazy("登记月收入"),
}
DISPATCH = {
    **ACTIONS,
    "reclassify": lambda u, x, d: a.do_end_phase_out(
        u, x, d.get("new_category") or None, d.get("reason", "")
    ),
}

# Union aid on the archive's household (R-FLOW-25, R-FLOW-31..33). "track" choices are the plan's tracks.
AID_FORMS = {
    "pay": [
        ("project", gettext_lazy("帮扶项目"), CHOOSE + UnionAidPayment.Project.choices),
        ("amount", gettext_lazy("金额（元）"), "money"),
        ("fund_source", gettext_lazy("资金来源"), CHOOSE + UnionAidPayment.FundSource.choices),
        ("paid_on", gettext_lazy("支出日期"), "date"),
        ("method", gettext_lazy("发放方式"), CHOOSE + UnionAidPayment.Method.choices),
        (
            "cash_reason",
            gettext_lazy("现金发放原因（现金发放时必选）"),
            CHOOSE + UnionAidPayment.CashReason.choices,
        ),
        ("self_paid_share", gettext_lazy("个人自付部分（元，医疗救助必填）"), "money"),
    ],
    "aid_approval": [
        ("project", gettext_lazy("帮扶项目"), CHOOSE + UnionAidPayment.Project.choices),
        ("year", gettext_lazy("年度"), "text"),
        ("level", gettext_lazy("审批层级"), CHOOSE + AidApproval.Level.choices),
        ("up_to", gettext_lazy("批准的本年本项目累计金额上限（元）"), "money"),
        ("reference", gettext_lazy("批复文号"), "text"),
        ("approved_on", gettext_lazy("批复日期"), "date"),
    ],
    "track_outcome": [
        ("track", gettext_lazy("帮扶渠道（四个一批）"), []),
        ("action_taken", gettext_lazy("采取措施"), "text"),
        ("outcome", gettext_lazy("结果"), "text"),
        ("on", gettext_lazy("日期"), "date"),
    ],
    "warmth_visit": [
        ("visited_on", gettext_lazy("走访日期"), "date"),
        ("occasion", gettext_lazy("走访时机"), CHOOSE + WarmthVisit.Occasion.choices),
        ("visitors", gettext_lazy("走访人员"), "text"),
        ("recipient", gettext_lazy("受慰问人"), "text"),
        ("id_number", gettext_lazy("身份证号码"), "text"),
        ("work_unit", gettext_lazy("工作单位"), "text"),
        ("basic_situation", gettext_lazy("基本情况"), "text"),
        ("contact", gettext_lazy("联系方式"), "text"),
        ("condolence", gettext_lazy("慰问金（元）"), "money"),
        ("handler", gettext_lazy("经办人"), "text"),
    ],
}
AID_LABELS = {
    "pay": gettext_lazy("登记工会帮扶支出"),
    "aid_approval": gettext_lazy("登记上级审批（省级工会审批/全国总工会同意）"),
    "track_outcome": gettext_lazy("登记“四个一批”帮扶结果"),
    "warmth_visit": gettext_lazy("登记送温暖走访"),
}
AID_CITES = {
    "pay": "R-FLOW-25, R-FLOW-31, R-PAY-17",
    "aid_approval": "R-FLOW-31",
    "track_outcome": "R-FLOW-32",
    "warmth_visit": "R-FLOW-33, R-DOC-16",
}
AID_ACTIONS = {
    "pay": a.do_pay,
    "aid_approval": a.do_record_aid_approval,
    "track_outcome": a.do_track_outcome,
    "warmth_visit": a.do_warmth_visit,
}
# The archive statuses in which each form is offered, and who may use it (the actions' own tests): a
# payment needs an active (or phase-out) archive (R-FLOW-25); the rest belong to any open archive.
AID_OFFERED = {
    "pay": (PAYABLE_STATUSES, lambda u: a.may(u, a.PAY_ROLES)),
    "aid_approval": (OPEN_STATUSES, lambda u: a.may(u, a.APPROVAL_ROLES)),
    "track_outcome": (OPEN_STATUSES, a.may_write),
    "warmth_visit": (OPEN_STATUSES, a.may_write),
}
ENTERED_LABEL = gettext_lazy("登记已录入全国工会帮扶系统")


def _today_defaults() -> dict:
    day = today().isoformat()
    return {"paid_on": day, "on": day, "visited_on": day, "entered_on": day, "year": str(today().year)}


def _fields(spec, values: dict, bad: str = "", choices: dict | None = None) -> list[dict]:
    """The form's fields for the template, with the values to show and the field the error names."""
    out = []
    for name, label, kind in spec:
        options = (choices or {}).get(name, kind)
        out.append(
            {
                "name": name,
                "label": label,
                "kind": kind if isinstance(kind, str) else "select",
                "options": [] if isinstance(kind, str) else options,
                "value": str(values.get(name, "")),
                "invalid": name == bad,
            }
        )
    return out


def _plan_tracks(household) -> list[tuple[str, str]]:
    plan = getattr(household, "plan", None) if hasattr(household, "plan") else None
    assigned = (plan.tracks or []) if plan is not None else []
    return [(v, label) for v, label in Track.choices if v in assigned]


def _aid_offered(user, archive: Archive, tracks) -> list[str]:
    names = [n for n, (statuses, who) in AID_OFFERED.items() if archive.status in statuses and who(user)]
    # R-FLOW-32: outcomes are recorded only on the tracks the household plan assigned (R-REG-16).
    return [n for n in names if n != "track_outcome" or tracks]


def _hardship(archive: Archive) -> dict | None:
    """脱困 as the policy engine finds it this month (R-ELIG-18), for an active deep archive."""
    if archive.category != HardshipCategory.DEEP or archive.status != Archive.Status.ACTIVE:
        return None
    from jiuzhu.web.assessment import STATUS_LABELS, VALUE_LABELS, shown_reason

    try:
        result = a.hardship_assessment(archive)
    except a.EngineUnavailable as e:
        return {"error": str(e)}
    reasons = result.get("reasons") or []
    cited = [r for r in reasons if "R-ELIG-18" in (r.get("cite") or [])]
    category = result.get("category")
    return {
        "month": f"{today():%Y-%m}",
        "out": bool(result.get("out_of_hardship")),
        "status": STATUS_LABELS.get(result.get("status"), result.get("status")),
        # after 脱困 the engine computes the category afresh: the one to reclassify to (R-ELIG-18)
        "category": VALUE_LABELS.get(category, category) if category else "",
        # without a 脱困 reason, the engine's reasons say why (no worker data, parameters missing)
        "reasons": [shown_reason(r) for r in cited or reasons],
    }


def _year_totals(household) -> list[dict]:
    """R-FLOW-31: this year's cumulative amount per project and the approvals recorded for it."""
    year = today().year
    approvals = AidApproval.objects.filter(household=household, year=year)
    rows = []
    for value, label in UnionAidPayment.Project.choices:
        total = a.year_total_fen(household, value, year)
        mine = [x for x in approvals if x.project == value]
        if total or mine:
            rows.append(
                {
                    "project": label,
                    "total": yuan(total),
                    "approvals": [
                        f"{x.get_level_display()} {yuan(x.up_to_fen)}（{x.reference}）" for x in mine
                    ],
                }
            )
    return rows


def _render(request, archive: Archive, *, status: int = 200, failed: dict | None = None):
    user = request.user
    label = archive._meta.label_lower
    household = archive.household
    failed = failed or {}
    hardship = _hardship(archive)
    names = [n for n in allowed_actions(archive, user) if n in FORMS]
    if not (hardship and hardship.get("out")):
        # R-ELIG-18: phase-out follows 脱困 as the engine finds it; the action would refuse anyway
        names = [n for n in names if n != "start_phase_out"]
    # a step the user's role allows but the action would refuse (another union's review, the help centre's
    # filing, his own work to check) is not a button: the page says why (issue 10, item 3)
    not_now = []
    for n in list(names):
        reason, cite = a.refusal(user, archive, n)
        if reason:
            names.remove(n)
            not_now.append({"label": LABELS[n], "reason": _(reason), "cite": cite})
    names += [n for n, sts in EXTRA.items() if archive.status in sts and a.may_write(user)]
    tracks = _plan_tracks(household)
    defaults = _today_defaults()

    def form(name, spec, title, url_name, cite=""):
        mine = failed.get("form") == name
        values = {**defaults, **failed.get("values", {})} if mine else defaults
        return {
            "name": name,
            "label": title,
            "cite": cite,
            "url_name": url_name,
            "failed": mine,
            "error": failed.get("error", "") if mine else "",
            "fields": _fields(
                spec, values, failed.get("field", "") if mine else "", {"track": CHOOSE + tracks}
            ),
        }

    may_enter = a.may(user, a.PAY_ROLES)
    return render(
        request,
        "archives/archive.html",
        {
            "archive": archive,
            "hardship": hardship,
            "actions": [form(n, FORMS[n], LABELS[n], "archives:action") for n in names],
            "not_now": not_now,
            "aid_forms": [
                form(n, AID_FORMS[n], AID_LABELS[n], "archives:aid", AID_CITES[n])
                for n in _aid_offered(user, archive, tracks)
            ],
            "tracks_missing": archive.status in OPEN_STATUSES and a.may_write(user) and not tracks,
            "thresholds": (yuan(a.PROVINCE_THRESHOLD_FEN), yuan(a.NATIONAL_THRESHOLD_FEN)),
            "year_totals": _year_totals(household),
            "history": history(archive),
            "deadlines": Deadline.objects.filter(object_type=label, object_id=str(archive.pk)),
            "categories": archive.category_changes.all(),
            "months": archive.monthly_incomes.order_by("-month"),
            "payments": [
                {"p": p, "may_enter": may_enter and not p.entered_national_on}
                for p in archive.payments.select_related("approval")
            ],
            "entered_label": ENTERED_LABEL,
            "entered_default": defaults["entered_on"],
            "entered_value": failed.get("values", {}).get("entered_on", ""),
            "entered_failed": failed.get("payment"),
            "entered_error": failed.get("error", ""),
            "approvals": AidApproval.objects.filter(household=household).order_by(
                "-year", "-approved_on", "-id"
            ),
            "track_outcomes": TrackOutcome.objects.filter(household=household).order_by("-on", "-id"),
            "visits": [
                {
                    "v": v,
                    "recipient": mask_name(v.recipient),
                    "id_number": mask_id_number(v.id_number),
                    "contact": mask_phone(v.contact),
                }
                for v in archive.visits.all()
            ],
            "reviews": archive.reviews.all(),
        },
        status=status,
    )


def _problem(spec, e: Invalid) -> str:
    """“<field label>：<problem>” (the field as the form names it)."""
    labels = {name: label for name, label, _kind in spec}
    return _("%(field)s：%(problem)s") % {"field": labels.get(e.field, e.field), "problem": e.problem}


def _run(request, archive: Archive, spec, run, *, name: str, done, extra: dict | None = None):
    """Run one action and go back to the archive saying `done`; on bad input or a refusal re-show the page
    with the input and the reason."""
    data = {n: request.POST[n] for n, _label, _kind in spec if n in request.POST}
    try:
        run(data)
    except Invalid as e:
        error, field, status = _problem(spec, e), e.field, 422
    except TransitionRefused as e:
        error, field, status = str(e), "", 409
    else:
        messages.success(request, _("已完成：%(a)s") % {"a": done})
        return redirect("archives:archive", archive.pk)
    messages.error(request, error)  # at the top of the page, and again in the form it concerns
    failed = {"form": name, "values": data, "field": field, "error": error, **(extra or {})}
    return _render(request, archive, status=status, failed=failed)


@login_required
def archive_list(request):
    """The archives of the user's scope (or those overdue for review), filtered by status, category, union
    and archive or household number, 50 a page, with the total of the filtered list (共 N 份)."""
    user = request.user
    g = request.GET
    overdue = g.get("overdue") == "1"
    qs = a.overdue_reviews(user) if overdue else a.archives_for(user)
    filters = {
        "status": choice_value(g.get("status", ""), Archive.Status.choices),
        "category": choice_value(g.get("category", ""), HardshipCategory.choices),
        "union": g.get("union", ""),
        "number": g.get("number", "").strip(),
    }
    if filters["status"]:
        qs = qs.filter(status=filters["status"])
    if filters["category"]:
        qs = qs.filter(category=filters["category"])
    qs = filter_union(qs, user, filters["union"])
    if filters["number"]:
        n = filters["number"]
        qs = qs.filter(Q(number__contains=n) | Q(household__number__contains=n))
    ctx = work_list(request, qs)
    ctx.update(
        overdue=overdue,
        filters=filters,
        statuses=Archive.Status.choices,
        categories=HardshipCategory.choices,
        unions=union_choices(user),
        can_write=a.may_write(user),
    )
    return render(request, "archives/list.html", ctx)


@login_required
def archive_new(request):
    """Open an archive (建档): the filing union starts the household investigation (R-FLOW-26)."""
    if not a.may_write(request.user):
        raise PermissionDenied
    data = request.POST.dict() if request.method == "POST" else {}
    if request.method == "GET":
        household = household_by_number(request.user, request.GET.get("household"))
        data["household"] = household.number if household else ""
    ctx = {"data": data, "categories": HardshipCategory.choices}
    if request.method == "POST":
        # a union user reaches worker households of his union subtree (a.household_visible)
        household = household_by_number(request.user, data.get("household"))
        if household is None:
            ctx["error"] = _("家庭编号：未找到该家庭（请输入本工会范围内的家庭编号）")
            return render(request, "archives/new.html", ctx, status=422)
        try:
            archive = a.do_open_archive(request.user, household, data)
        except Invalid as e:
            ctx["error"] = _("%(field)s：%(problem)s") % {
                "field": NEW_LABELS.get(e.field, e.field),
                "problem": e.problem,
            }
            return render(request, "archives/new.html", ctx, status=422)
        except TransitionRefused as e:
            ctx["error"] = str(e)
            return render(request, "archives/new.html", ctx, status=409)
        messages.success(request, _("已建档：%(n)s，请完成入户调查和核查") % {"n": archive.number})
        return redirect("archives:archive", archive.pk)
    return render(request, "archives/new.html", ctx)


NEW_LABELS = {
    "category": gettext_lazy("困难类别"),
    "union_org": gettext_lazy("建档工会代码"),
    "investigation": gettext_lazy("入户调查情况"),
}


@login_required
def archive_page(request, pk: int):
    return _render(request, a.get_archive_or_404(request.user, pk))


@login_required
@require_POST
def archive_action(request, pk: int, action: str):
    archive = a.get_archive_or_404(request.user, pk)
    if action not in FORMS:
        raise Http404("未知操作")
    return _run(
        request,
        archive,
        FORMS[action],
        lambda d: DISPATCH[action](request.user, archive, d),
        name=action,
        done=LABELS[action],
    )


@login_required
@require_POST
def archive_aid(request, pk: int, form: str):
    """Union aid on the archive's household: payment, higher approval, track outcome, 送温暖 visit."""
    archive = a.get_archive_or_404(request.user, pk)
    if form not in AID_FORMS:
        raise Http404("未知操作")

    def run(data):
        if form == "pay" and archive.status not in PAYABLE_STATUSES:
            raise TransitionRefused(
                _(
                    "该档案尚未纳入帮扶（当前状态：%(s)s），不能从工会帮扶资金支付：先建档、后帮扶（R-FLOW-25）"
                )
                % {"s": archive.get_status_display()}
            )
        if archive.status not in AID_OFFERED[form][0]:
            raise TransitionRefused(
                _("档案状态为“%(s)s”，不能%(a)s") % {"s": archive.get_status_display(), "a": AID_LABELS[form]}
            )
        AID_ACTIONS[form](request.user, archive.household, data)

    return _run(request, archive, AID_FORMS[form], run, name=form, done=AID_LABELS[form])


@login_required
@require_POST
def payment_entered(request, pk: int, payment: int):
    """R-PAY-17: one payment of this archive was entered in the national union aid system."""
    archive = a.get_archive_or_404(request.user, pk)
    row = archive.payments.filter(pk=payment).first()
    if row is None:
        raise Http404("未找到该支出")
    spec = [("entered_on", gettext_lazy("录入日期"), "date")]

    def run(data):
        a.do_mark_entered(request.user, row, date(data, "entered_on", default=today()))

    return _run(request, archive, spec, run, name="entered", done=ENTERED_LABEL, extra={"payment": row.pk})
