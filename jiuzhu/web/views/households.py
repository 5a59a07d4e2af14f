"""Household list, detail, change history and assessment (read-only pages)."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuzhu.accounts.scope import get_household_or_404, visible_households
from jiuzhu.core.models import AuditEvent, Region
from jiuzhu.registry.models import HouseholdPlan, Member, Obligor, WorkerInfo

from ..access import can_reveal, is_reader, is_writer, scope_regions
from ..assessment import assess_household
from ..forms import HouseholdSearchForm
from ..history import describe
from ..paging import keyset_page

PAGE_SIZE = 50
ID_TAIL = re.compile(r"^\d{1,17}[\dXx]?$")


def _search(user, form: HouseholdSearchForm):
    """The households matching the search, inside the user's scope. Every filter is an indexed column or a
    subquery on members, so the list query stays a plain ordered scan whatever the size of the registry."""
    qs = visible_households(user)
    if form.is_bound and not form.is_valid():
        return qs.none()  # e.g. a region outside the scope: show nothing rather than everything
    d = form.cleaned_data if form.is_bound else {}
    status = d.get("status") or "active"
    if status == "active":
        qs = qs.filter(active=True)
    elif status == "closed":
        qs = qs.filter(active=False)
    members = Member.objects.all()
    if status == "active":
        members = members.filter(active=True)
    if d.get("name"):
        qs = qs.filter(pk__in=members.filter(name__contains=d["name"]).values("household_id"))
    id_number = (d.get("id_number") or "").strip().upper()
    if id_number:
        if len(id_number) == 18:
            qs = qs.filter(pk__in=members.filter(id_number=id_number).values("household_id"))
        elif ID_TAIL.match(id_number):
            qs = qs.filter(pk__in=members.filter(id_number__endswith=id_number).values("household_id"))
        else:
            qs = qs.none()
    if d.get("number"):
        number = d["number"].strip()
        qs = qs.filter(number=number) if len(number) >= 18 else qs.filter(number__contains=number)
    if d.get("region"):
        region = scope_regions(user).filter(code=d["region"]).first()
        qs = qs.filter(region__path__startswith=region.path) if region else qs.none()
    if d.get("area_type"):
        qs = qs.filter(area_type=d["area_type"])
    hardship = d.get("hardship")
    if hardship == "any":
        qs = qs.filter(worker__isnull=False)
    elif hardship:
        qs = qs.filter(worker__hardship_category=hardship)
    return qs


@login_required
def household_list(request):
    user = request.user
    form = HouseholdSearchForm(request.GET or None, user=user)
    qs = _search(user, form)
    if not is_reader(user):  # applicants: their own household only (the scope already says so)
        qs = qs.distinct()
    shown = Member.objects.filter(active=True).only("household_id", "name", "id_number", "relation", "phone")
    qs = qs.select_related("region", "worker").prefetch_related(
        Prefetch("members", queryset=shown, to_attr="shown")
    )
    page = keyset_page(qs, request.GET, PAGE_SIZE)
    total = qs.count()  # 共 N 户: the households these pages walk through (issue 10, item 1)
    for h in page.items:
        h.applicant_member = next((m for m in h.shown if m.relation == "applicant"), None)
        h.member_count = len(h.shown)
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    return render(
        request,
        "web/household_list.html",
        {
            "form": form,
            "page": page,
            "total": total,
            "query": query.urlencode(),
            "can_write": is_writer(user),
        },
    )


def _region_chain(region: Region) -> list[Region]:
    codes = region.path.strip("/").split("/")
    by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]


def _events(user, household, reveal: bool, limit: int | None = None):
    qs = AuditEvent.objects.filter(household=household).select_related("actor").order_by("-at", "-id")
    from jiuzhu.archives.actions import archives_for

    if not archives_for(user).filter(household=household).exists():
        # union archives are the unions' internal records (R-ARC-06): their events are not shown either
        qs = qs.exclude(object_type__startswith="archives.")
    if limit:
        qs = qs[:limit]
    events = list(qs)
    for e in events:
        describe(e, reveal)
    return events


@login_required
def household_detail(request, pk):
    user = request.user
    household = get_household_or_404(user, pk)
    reveal = can_reveal(user)
    members = household.members.all() if not household.active else household.members.filter(active=True)
    members = list(members.prefetch_related("incomes", "expenses").select_related("account"))
    staff = is_reader(user)
    context = {
        "household": household,
        "chain": _region_chain(household.region),
        "members": members,
        "incomes": [(m, i) for m in members for i in m.incomes.all()],
        "expenses": [(m, e) for m in members for e in m.expenses.all()],
        "accounts": [m for m in members if hasattr(m, "account")],
        "obligors": list(Obligor.objects.filter(household=household).select_related("supports")),
        "houses": list(household.houses.all()),
        "vehicles": list(household.vehicles.all()),
        "businesses": list(household.businesses.all()),
        "worker": WorkerInfo.objects.filter(household=household).select_related("worker").first(),
        "plan": HouseholdPlan.objects.filter(household=household).first(),
        "reveal": reveal,
        "staff": staff,
        "can_write": is_writer(user) and household.active,
    }
    if staff:
        context["assessment"] = assess_household(household)
        context["events"] = _events(user, household, reveal, limit=10)
        context["cases"] = _cases(user, household)
        writer = context["can_write"]
        # civil-affairs procedures are started by region staff, union archives by union staff
        context["start"] = {
            "civil": writer and (user.is_superuser or bool(user.region_id)),
            "union": writer and (user.is_superuser or bool(user.union_org_id)),
        }
    return render(request, "web/household_detail.html", context)


def _cases(user, household) -> list[dict]:
    """The household's 低保, 临时救助 and archive cases that the user's scope reaches, newest first, for the
    household page (one household, one archive: where its procedures stand)."""
    from jiuzhu.archives.actions import archives_for
    from jiuzhu.dibao.views import applications_for
    from jiuzhu.temporary.actions import cases_for

    rows = [
        (
            app.applied_on,
            _("低保"),
            f"#{app.pk}",
            app.get_status_display(),
            reverse("dibao:case", args=[app.pk]),
        )
        for app in applications_for(user).filter(household=household)
    ]
    rows += [
        (
            c.event_date,
            _("临时救助"),
            c.number,
            c.get_status_display(),
            reverse("temporary:case", args=[c.pk]),
        )
        for c in cases_for(user).filter(household=household)
    ]
    rows += [
        (
            x.created_at.date(),
            _("困难职工档案"),
            x.number,
            x.get_status_display(),
            reverse("archives:archive", args=[x.pk]),
        )
        for x in archives_for(user).filter(household=household)
    ]
    rows.sort(key=lambda r: r[0], reverse=True)
    return [{"on": on, "kind": k, "number": n, "status": st, "url": url} for on, k, n, st, url in rows]


@login_required
def household_history(request, pk):
    household = get_household_or_404(request.user, pk)
    if not is_reader(request.user):
        raise PermissionDenied
    reveal = can_reveal(request.user)
    return render(
        request,
        "web/household_history.html",
        {"household": household, "events": _events(request.user, household, reveal)},
    )


MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")


@login_required
def household_assessment(request, pk):
    household = get_household_or_404(request.user, pk)
    if not is_reader(request.user):
        raise PermissionDenied
    month = request.GET.get("at", "")
    if not MONTH.match(month):
        month = timezone.localdate().strftime("%Y-%m")
    return render(
        request,
        "web/household_assessment.html",
        {"household": household, "assessment": assess_household(household, month), "month": month},
    )
