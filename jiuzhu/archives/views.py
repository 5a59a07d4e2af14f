"""Staff pages of 困难职工 archives: the list (with overdue reviews), the archive page with state, next
actions for this user, category history, payments, history and deadlines. Writes go through actions.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuzhu.core.models import Deadline, StatusChange
from jiuzhu.core.workflow import TransitionRefused, allowed_actions
from jiuzhu.registry.choices import HardshipCategory
from jiuzhu.temporary.actions import Invalid

from . import actions as a
from .api import ACTIONS
from .models import Archive, ArchiveReview

FORMS = {
    "submit": [],
    "file": [],
    "activate": [],
    "start_phase_out": [],
    "review_pass": [("note", "复核意见", "text")],
    "return": [("reason", "退回原因", "text")],
    "refuse": [("reason", "原因", "text")],
    "remove": [("reason", "撤档原因", "text")],
    "reclassify": [
        ("new_category", "新类别", [c for c in HardshipCategory.choices if c[0] != "deep"]),
        ("reason", "说明", "text"),
    ],
    "cancel_fraud": [
        ("reason", "弄虚作假情形", "text"),
        ("recovery", "追回金额（元）", "text"),
        ("credit_recommended", "建议纳入信用体系", "checkbox"),
    ],
    "investigation": [
        ("investigation", "入户调查情况", "textarea"),
        ("verification", "核查方式", Archive.Verification.choices),
        ("verification_note", "核查结果", "text"),
        ("publicity_from", "公示开始", "date"),
        ("publicity_to", "公示结束", "date"),
    ],
    "review": [
        ("outcome", "复核结果", ArchiveReview.Outcome.choices),
        ("new_category", "新类别", [("", "—"), *HardshipCategory.choices]),
        ("note", "说明", "text"),
    ],
    "month": [("month", "月份（YYYY-MM-01）", "date"), ("per_capita_income", "家庭人均月收入（元）", "text")],
}
EXTRA = {
    "investigation": ("investigating", "returned"),
    "review": ("active", "phase_out"),
    "month": ("active", "phase_out"),
}
LABELS = {**Archive.ACTION_LABELS, "investigation": "调查与核查", "review": "定期复核", "month": "登记月收入"}
DISPATCH = {
    **ACTIONS,
    "reclassify": lambda u, x, d: a.do_end_phase_out(
        u, x, d.get("new_category") or None, d.get("reason", "")
    ),
}


@login_required
def archive_list(request):
    overdue = request.GET.get("overdue") == "1"
    qs = a.overdue_reviews(request.user) if overdue else a.archives_for(request.user)
    return render(request, "archives/list.html", {"archives": qs[:200], "overdue": overdue})


@login_required
def archive_page(request, pk: int):
    archive = a.get_archive_or_404(request.user, pk)
    label = archive._meta.label_lower
    names = [n for n in allowed_actions(archive, request.user) if n in FORMS]
    names += [n for n, sts in EXTRA.items() if archive.status in sts and request.user.can_write()]
    return render(
        request,
        "archives/archive.html",
        {
            "archive": archive,
            "out_of_hardship": a.out_of_hardship(archive),
            "actions": [{"name": n, "label": LABELS[n], "fields": FORMS[n]} for n in names],
            "history": StatusChange.objects.filter(
                object_type=label, object_id=str(archive.pk)
            ).select_related("actor"),
            "deadlines": Deadline.objects.filter(object_type=label, object_id=str(archive.pk)),
            "categories": archive.category_changes.all(),
            "payments": archive.payments.all(),
            "reviews": archive.reviews.all(),
        },
    )


@login_required
@require_POST
def archive_action(request, pk: int, action: str):
    archive = a.get_archive_or_404(request.user, pk)
    if action not in FORMS:
        raise Http404("未知操作")
    try:
        DISPATCH[action](request.user, archive, request.POST.dict())
    except Invalid as e:
        messages.error(request, f"{e.field}: {e.problem}")
    except TransitionRefused as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("已完成：%(a)s") % {"a": LABELS[action]})
    return redirect("archives:archive", archive.pk)
