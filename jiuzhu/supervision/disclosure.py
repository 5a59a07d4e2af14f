"""Public disclosure (R-SUP-07, R-RPT-05): per county and programme, the published budget, the money allocated
(lines on rosters finance has allocated, sent or reconciled) and the money spent (lines the bank paid), and the
standing list of 低保 recipients with their amounts, masked by the province's rule (documents/masking.py).
Figures come from the same roster lines the payment pages show: no second definition."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuzhu.accounts.scope import region_within_scope
from jiuzhu.core.audit import record, snapshot
from jiuzhu.core.models import Region
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.payments.models import Roster, RosterLine

from .models import PublishedBudget

ALLOCATED = (Roster.Status.ALLOCATED, Roster.Status.SENT, Roster.Status.RECONCILED)


@dataclass
class Row:
    programme: str
    label: str
    budget_fen: int | None
    allocated_fen: int
    spent_fen: int
    paid_lines: int


def programme_label(code: str) -> str:
    from jiuzhu.payments import programmes

    p = programmes.get(code)
    return str(p.label) if p else code


def funds(county: Region, year: int) -> list[Row]:
    lines = RosterLine.objects.filter(
        household__region__path__startswith=county.path,
        first_month__gte=dt.date(year, 1, 1),
        first_month__lte=dt.date(year, 12, 31),
    )
    allocated = dict(
        lines.filter(roster__status__in=ALLOCATED)
        .exclude(status__in=[RosterLine.Status.REMOVED, RosterLine.Status.CANCELLED])
        .values_list("programme")
        .annotate(s=Sum("amount_fen"))
    )
    spent = {
        p: (s, n)
        for p, s, n in lines.filter(status=RosterLine.Status.PAID)
        .values_list("programme")
        .annotate(s=Sum("amount_fen"), n=Count("id"))
    }
    budgets = dict(
        PublishedBudget.objects.filter(region=county, year=year).values_list("programme", "amount_fen")
    )
    codes = sorted(set(allocated) | set(spent) | set(budgets))
    return [
        Row(
            c,
            programme_label(c),
            budgets.get(c),
            allocated.get(c, 0) or 0,
            (spent.get(c) or (0, 0))[0] or 0,
            (spent.get(c) or (0, 0))[1],
        )
        for c in codes
    ]


def recipients(county: Region, limit: int = 5000) -> list[dict]:
    """The 低保 households being paid now, masked: village, the applicant's name by the province's rule,
    persons covered and the monthly amount."""
    from jiuzhu.dibao.models import DibaoApplication
    from jiuzhu.documents.masking import masker_for
    from jiuzhu.registry.money import yuan

    masker = masker_for(county.code)
    qs = (
        DibaoApplication.objects.filter(
            status__in=("active", "phase_out"), household__region__path__startswith=county.path
        )
        .select_related("household__region")
        .order_by("household__region__path", "id")[:limit]
    )
    out = []
    for app in qs:
        applicant = app.household.applicant
        out.append(
            {
                "village": app.household.region.name,
                "name": masker.name(applicant.name if applicant else ""),
                "persons": app.opinion_persons or "",
                "amount": yuan(app.benefit_household_fen) if app.benefit_household_fen is not None else "",
            }
        )
    return out


def do_publish_budget(actor, region: Region, year: int, programme: str, amount_fen: int, reference: str = ""):
    if actor is not None and not (actor.is_superuser or actor.role in ("finance", "admin", "approver")):
        raise TransitionRefused(_("您的角色不能公开预算"))
    if region.level != Region.Level.COUNTY:
        raise TransitionRefused(_("预算按县（市、区）公开"))
    if actor is not None and not region_within_scope(actor, region):
        raise TransitionRefused(_("该地区不在您的管辖范围内"))
    if amount_fen < 0:
        raise TransitionRefused(_("金额不能为负数"))
    with transaction.atomic():
        b, created = PublishedBudget.objects.select_for_update().get_or_create(
            region=region,
            year=year,
            programme=programme,
            defaults={
                "amount_fen": amount_fen,
                "reference": reference,
                "published_on": timezone.localdate(),
                "published_by": actor,
            },
        )
        before = None if created else snapshot(b)
        if not created:
            b.amount_fen, b.reference, b.published_on, b.published_by = (
                amount_fen,
                reference,
                timezone.localdate(),
                actor,
            )
            b.save()
        record(
            actor, "supervision.budget.publish", b, before=before, after=snapshot(b), scope_path=region.path
        )
    return b
