"""Build the statistics snapshot: every measure the reports show, counted once from the case tables.

Each measure reuses the definition its app already has — nothing is defined twice:
- households receiving 低保 in a month and persons covered: `dibao.payables.not_payable` (the same test the
  payment rosters and the budget estimate apply), over the cases of `dibao.payables.PAYABLE`;
- applications in progress: `dibao.models.PENDING`; job refusals counted: `JobOffer.counted_refusal`;
- union archives in file: `archives.models.PAYABLE_STATUSES`; entered on time: the payment's stored
  `entry_due` (30 working days, R-PAY-17); overdue reviews: the open `archive.review` deadlines;
- the funding need: `payments.budget.estimate`.
Grouped by the household's region (and union), the month of the event, the programme and a detail; the pages
roll these up (cube.py). Money in fen.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from jiuzhu.core.models import AuditEvent, Deadline, Region
from jiuzhu.payments.programmes import add_months

from .models import Figure, Snapshot

TREND_MONTHS = 12  # months of "receiving 低保" counted back from the snapshot's month
KEEP = 2  # snapshots kept (the one being read while a new one is built)


class _Sink:
    def __init__(self):
        self.cells: dict[tuple, int] = defaultdict(int)

    def add(
        self, measure, value=1, *, region=None, union=None, hh_union=None, month=None, programme="", detail=""
    ):
        if not value:
            return
        if isinstance(month, dt.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        if month is not None:
            month = month.replace(day=1)
        key = (region, union, hh_union, month, programme or "", measure, str(detail or "")[:40])
        self.cells[key] += int(value)


def latest_version() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def build(as_of: dt.date | None = None) -> Snapshot:
    """Count everything and store a new complete snapshot (older ones beyond KEEP are deleted)."""
    started = time.monotonic()
    as_of = as_of or timezone.localdate()
    version = latest_version()
    sink = _Sink()
    _dibao(sink, as_of)
    _temporary(sink)
    _archives(sink, as_of)
    _funds(sink, as_of)
    _deadlines(sink, as_of)
    _registry(sink)
    _poverty(sink)
    with transaction.atomic():
        snap = Snapshot.objects.create(as_of=as_of, version=version)
        Figure.objects.bulk_create(
            (
                Figure(
                    snapshot=snap,
                    region_id=k[0],
                    union_org_id=k[1],
                    household_union_id=k[2],
                    month=k[3],
                    programme=k[4],
                    measure=k[5],
                    detail=k[6],
                    value=v,
                )
                for k, v in sink.cells.items()
            ),
            batch_size=2000,
        )
        snap.complete = True
        snap.build_ms = int((time.monotonic() - started) * 1000)
        snap.save(update_fields=["complete", "build_ms"])
    old = list(Snapshot.objects.filter(complete=True).order_by("-pk").values_list("pk", flat=True)[KEEP:])
    if old:
        Figure.objects.filter(snapshot_id__in=old).delete()
        Snapshot.objects.filter(pk__in=old).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE reports_figure")
    return snap


# ---- 低保 (R-RPT-10, dashboard) ---------------------------------------------------------------------------


def _dibao(sink: _Sink, as_of: dt.date) -> None:
    from jiuzhu.dibao.models import PENDING, Appeal, DibaoApplication, JobOffer, Notice
    from jiuzhu.dibao.payables import CHUNK, FIELDS, PAYABLE, not_payable

    this_month = as_of.replace(day=1)
    months = [add_months(this_month, -i) for i in range(TREND_MONTHS)]
    cases = DibaoApplication.objects.filter(status__in=PAYABLE, payment_start__isnull=False)
    last = 0
    while True:
        rows = list(cases.filter(pk__gt=last).order_by("pk").values(*FIELDS, "household__region_id")[:CHUNK])
        if not rows:
            break
        last = rows[-1]["id"]
        for row in rows:
            region, area = row["household__region_id"], row["area_type"]
            for month in months:
                if not_payable(row, month) is None:
                    sink.add("dibao.receiving", region=region, month=month, programme=area)
                    sink.add(
                        "dibao.persons",
                        row["opinion_persons"] or 0,
                        region=region,
                        month=month,
                        programme=area,
                    )

    apps = DibaoApplication.objects.order_by()
    for r in apps.values("household__region_id", "area_type", "status").annotate(n=Count("id")):
        sink.add(
            "dibao.status",
            r["n"],
            region=r["household__region_id"],
            programme=r["area_type"],
            detail=r["status"],
        )
        if r["status"] in PENDING:
            sink.add("dibao.in_progress", r["n"], region=r["household__region_id"], programme=r["area_type"])
    for field, measure in (("applied_on", "dibao.applied"), ("approved_on", "dibao.approved")):
        grouped = (
            apps.filter(**{f"{field}__isnull": False})
            .annotate(m=TruncMonth(field))
            .values("household__region_id", "area_type", "m")
            .annotate(n=Count("id"))
        )
        for r in grouped:
            sink.add(
                measure, r["n"], region=r["household__region_id"], month=r["m"], programme=r["area_type"]
            )

    notices = Notice.objects.values(
        "kind", "issued_on", "reasons", "application__area_type", "application__household__region_id"
    )
    measure_of = {"refusal": "dibao.refused", "change": "dibao.changed", "stop": "dibao.stopped"}
    for r in notices.iterator(chunk_size=CHUNK):
        where = dict(
            region=r["application__household__region_id"],
            month=r["issued_on"],
            programme=r["application__area_type"],
        )
        sink.add(measure_of[r["kind"]], **where)
        if r["kind"] == "refusal":
            for reason in (r["reasons"] or {}) or {"": ""}:
                sink.add("dibao.refused_reason", **where, detail=reason or "other")

    approved = apps.filter(approved_on__isnull=False).values(
        "household__region_id", "area_type", "applied_on", "approved_on"
    )
    for r in approved.iterator(chunk_size=CHUNK):
        days = (r["approved_on"] - r["applied_on"]).days
        sink.add(
            "dibao.approval_days",
            days,
            region=r["household__region_id"],
            month=r["approved_on"],
            programme=r["area_type"],
        )

    _dropped(sink, Notice)
    _leads(sink)

    offers = JobOffer.objects.filter(response=JobOffer.Response.REFUSED).select_related(
        "application__household"
    )
    for offer in offers.iterator(chunk_size=CHUNK):
        if offer.counted_refusal:
            sink.add(
                "dibao.job_refusal",
                region=offer.application.household.region_id,
                month=offer.offered_on,
                programme=offer.application.area_type,
            )

    appeals = Appeal.objects.values(
        "kind",
        "lodged_on",
        "decision",
        "decided_on",
        "notice__application__area_type",
        "notice__application__household__region_id",
    )
    for r in appeals.iterator(chunk_size=CHUNK):
        where = dict(
            region=r["notice__application__household__region_id"],
            programme=r["notice__application__area_type"],
        )
        sink.add("dibao.appeal", **where, month=r["lodged_on"], detail=r["kind"])
        if r["decision"]:
            sink.add(
                "dibao.appeal_decided",
                **where,
                month=r["decided_on"] or r["lodged_on"],
                detail=f"{r['kind']}:{r['decision']}",
            )


def _dropped(sink: _Sink, Notice) -> None:
    """R-RPT-07: elderly (60+), disabled (a disability certificate) and children (under 18) among the active
    members of households whose 低保 was stopped, their age taken on the stop notice's date."""
    from jiuzhu.registry.models import Member

    stops = list(
        Notice.objects.filter(kind="stop").values(
            "issued_on",
            "application__household_id",
            "application__area_type",
            "application__household__region_id",
        )
    )
    for start in range(0, len(stops), 5000):
        chunk = stops[start : start + 5000]
        members: dict[int, list] = defaultdict(list)
        for m in Member.objects.filter(
            household_id__in={s["application__household_id"] for s in chunk}, active=True
        ).values("household_id", "birth_date", "disability_category"):
            members[m["household_id"]].append(m)
        for s in chunk:
            on = s["issued_on"]
            where = dict(
                region=s["application__household__region_id"], programme=s["application__area_type"], month=on
            )
            for m in members[s["application__household_id"]]:
                born = m["birth_date"]
                age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
                if age >= 60:
                    sink.add("dibao.dropped_group", **where, detail="elderly")
                if age < 18:
                    sink.add("dibao.dropped_group", **where, detail="child")
                if m["disability_category"]:
                    sink.add("dibao.dropped_group", **where, detail="disabled")


def _leads(sink: _Sink) -> None:
    from jiuzhu.dibao.models import Lead

    for r in Lead.objects.values("region_id", "reported_on", "followed_up_on", "application_id").iterator(
        chunk_size=5000
    ):
        where = dict(region=r["region_id"], month=r["reported_on"])
        sink.add("lead", **where, detail="all")
        if r["followed_up_on"]:
            sink.add("lead", **where, detail="followed")
        if r["application_id"]:
            sink.add("lead", **where, detail="applied")


# ---- 临时救助 (R-RPT-11, R-RPT-06) ------------------------------------------------------------------------


def _temporary(sink: _Sink) -> None:
    from jiuzhu.temporary.models import Referral, TemporaryCase

    fields = (
        "household__region_id",
        "case_type",
        "status",
        "created_at",
        "approved_on",
        "approval_level",
        "amount_fen",
        "assist_first",
        "paid_first_on",
        "regularised_on",
        "case_by_case",
        "staged",
        "is_registered_poor",
        "is_returned_to_poverty",
    )
    for r in TemporaryCase.objects.values(*fields).iterator(chunk_size=5000):
        where = dict(region=r["household__region_id"], programme=r["case_type"])
        sink.add("temp.status", **where, detail=r["status"])
        sink.add("temp.applied", **where, month=r["created_at"])
        if r["approved_on"]:
            at = dict(where, month=r["approved_on"])
            sink.add("temp.approved", **at, detail=r["approval_level"])
            sink.add("temp.approved_fen", r["amount_fen"] or 0, **at, detail=r["approval_level"])
            if r["case_by_case"]:
                sink.add("temp.case_by_case", **at)
            if r["staged"]:
                sink.add("temp.staged", **at)
            for flag, measure in (
                ("is_registered_poor", "temp.registered_poor"),
                ("is_returned_to_poverty", "temp.returned_poverty"),
            ):
                if r[flag]:
                    sink.add(measure, **at)
                    sink.add(f"{measure}_fen", r["amount_fen"] or 0, **at)
        if r["assist_first"] and r["paid_first_on"]:
            sink.add("temp.assist_first", **where, month=r["paid_first_on"])
            if r["regularised_on"]:
                sink.add("temp.regularised", **where, month=r["paid_first_on"])
    for r in Referral.objects.values(
        "case__household__region_id", "case__case_type", "target", "outcome", "referred_on"
    ).iterator(chunk_size=5000):
        where = dict(
            region=r["case__household__region_id"], programme=r["case__case_type"], month=r["referred_on"]
        )
        sink.add("temp.referral", **where, detail=r["target"])
        sink.add("temp.referral_outcome", **where, detail=r["outcome"])


# ---- union archives (R-RPT-02, 04, 09) --------------------------------------------------------------------


def _archives(sink: _Sink, as_of: dt.date) -> None:
    from jiuzhu.archives.models import PAYABLE_STATUSES, Archive, CategoryChange, UnionAidPayment

    fields = (
        "household__region_id",
        "union_org_id",
        "household__union_org_id",
        "category",
        "status",
        "out_of_hardship_on",
        "removed_on",
        "activated_on",
    )
    for r in Archive.objects.values(*fields).iterator(chunk_size=5000):
        where = dict(
            region=r["household__region_id"],
            union=r["union_org_id"],
            hh_union=r["household__union_org_id"],
            programme=r["category"],
        )
        sink.add("arch.status", **where, detail=r["status"])
        if r["status"] in PAYABLE_STATUSES:
            sink.add("arch.in_file", **where)
        if r["activated_on"]:
            sink.add("arch.activated", **where, month=r["activated_on"])
        if r["out_of_hardship_on"]:
            sink.add("arch.out_of_hardship", **where, month=r["out_of_hardship_on"])
        if r["removed_on"]:
            sink.add("arch.removed", **where, month=r["removed_on"])
    _causes(sink)
    changes = CategoryChange.objects.exclude(from_category="").values(
        "archive__household__region_id",
        "archive__union_org_id",
        "archive__household__union_org_id",
        "to_category",
        "from_category",
        "changed_on",
    )
    for r in changes.iterator(chunk_size=5000):
        sink.add(
            "arch.reclassified",
            region=r["archive__household__region_id"],
            union=r["archive__union_org_id"],
            hh_union=r["archive__household__union_org_id"],
            programme=r["to_category"],
            month=r["changed_on"],
            detail=r["from_category"],
        )
    payments = UnionAidPayment.objects.values(
        "household__region_id",
        "archive__union_org_id",
        "household__union_org_id",
        "archive__category",
        "paid_on",
        "entry_due",
        "entered_national_on",
        "amount_fen",
        "project",
        "fund_source",
    )
    for r in payments.iterator(chunk_size=5000):
        where = dict(
            region=r["household__region_id"],
            union=r["archive__union_org_id"],
            hh_union=r["household__union_org_id"],
            programme=r["archive__category"],
            month=r["paid_on"],
        )
        sink.add("aid.paid", **where)
        sink.add("aid.paid_fen", r["amount_fen"], **where, detail=f"{r['fund_source']}:{r['project']}")
        entered, due = r["entered_national_on"], r["entry_due"]
        if entered and (due is None or entered <= due):
            sink.add("aid.entered_on_time", **where)
        elif entered:
            sink.add("aid.entered_late", **where)
        elif due is not None and due < as_of:
            sink.add("aid.not_entered_overdue", **where)
        else:
            sink.add("aid.not_entered_open", **where)


def _causes(sink: _Sink) -> None:
    """R-RPT-02: the causes of hardship of the households in file, by kind (causes.py): `arch.cause` counts a
    household once per kind it has, `arch.cause_part` once in all (its one kind, several, or none)."""
    from jiuzhu.archives.models import PAYABLE_STATUSES, Archive

    from .causes import KINDS, annotated, part_of

    rows = annotated(Archive.objects.filter(status__in=PAYABLE_STATUSES).order_by()).values(
        "household__region_id",
        "union_org_id",
        "household__union_org_id",
        "category",
        *[f"c_{k}" for k, _l in KINDS],
    )
    for r in rows.iterator(chunk_size=5000):
        where = dict(
            region=r["household__region_id"],
            union=r["union_org_id"],
            hh_union=r["household__union_org_id"],
            programme=r["category"],
        )
        for k, _l in KINDS:
            if r[f"c_{k}"]:
                sink.add("arch.cause", **where, detail=k)
        sink.add("arch.cause_part", **where, detail=part_of(r))


# ---- funds (R-RPT-05) -------------------------------------------------------------------------------------


def _funds(sink: _Sink, as_of: dt.date) -> None:
    from jiuzhu.payments.budget import estimate
    from jiuzhu.payments.models import Roster, RosterLine

    lines = (
        RosterLine.objects.exclude(roster__status=Roster.Status.CANCELLED)
        .order_by()
        .values("household__region_id", "roster__programme", "roster__period", "roster__status", "status")
        .annotate(n=Count("id"), fen=Sum("amount_fen"))
    )
    for r in lines:
        where = dict(
            region=r["household__region_id"], programme=r["roster__programme"], month=r["roster__period"]
        )
        if r["status"] in (RosterLine.Status.REMOVED, RosterLine.Status.CANCELLED):
            continue
        sink.add("fund.roster_fen", r["fen"] or 0, **where, detail=r["roster__status"])
        sink.add("fund.line_fen", r["fen"] or 0, **where, detail=r["status"])
        sink.add("fund.lines", r["n"], **where, detail=r["status"])
    month = as_of.replace(day=1)
    roots = Region.objects.filter(parent__isnull=True)
    for root in roots:
        for need in estimate(root, month):
            where = dict(region=need.county.pk, programme=need.programme, month=month)
            sink.add("fund.need_month_fen", need.month_fen, **where)
            sink.add("fund.need_year_fen", need.year_fen, **where)
            sink.add(
                "fund.paid_month_fen", need.paid_month_fen if need.programme != "temporary" else 0, **where
            )


# ---- deadlines (monitoring screen) ------------------------------------------------------------------------


def _deadlines(sink: _Sink, as_of: dt.date) -> None:
    """Open deadlines already past, by the household's region, or the region of the deadline's own scope
    path (a roster's) when it has no household."""
    rows = (
        Deadline.objects.filter(met_at__isnull=True, due__lt=as_of)
        .order_by()
        .values("household__region_id", "household__union_org_id", "scope_path", "kind")
        .annotate(n=Count("id"))
    )
    by_path = {}
    for r in rows:
        region = r["household__region_id"]
        if region is None and r["scope_path"]:
            if r["scope_path"] not in by_path:
                by_path[r["scope_path"]] = (
                    Region.objects.filter(path=r["scope_path"]).values_list("pk", flat=True).first()
                )
            region = by_path[r["scope_path"]]
        sink.add(
            "deadline.overdue", r["n"], region=region, hh_union=r["household__union_org_id"], detail=r["kind"]
        )


# ---- the registry (the dashboard's table: households by region and category) ----------------------------


def _registry(sink: _Sink) -> None:
    """Households in the register (active) by region, union, urban/rural category; union worker households by
    hardship category; active members. What web/stats.py showed by grouping the registry on each view."""
    from jiuzhu.registry.models import Household, Member, WorkerInfo

    for r in (
        Household.objects.filter(active=True)
        .order_by()
        .values("region_id", "union_org_id", "area_type")
        .annotate(n=Count("id"))
    ):
        sink.add(
            "reg.households",
            r["n"],
            region=r["region_id"],
            hh_union=r["union_org_id"],
            programme=r["area_type"],
        )
    for r in (
        WorkerInfo.objects.filter(household__active=True)
        .order_by()
        .values("household__region_id", "household__union_org_id", "hardship_category")
        .annotate(n=Count("id"))
    ):
        sink.add(
            "reg.workers",
            r["n"],
            region=r["household__region_id"],
            hh_union=r["household__union_org_id"],
            detail=r["hardship_category"] or "uncategorised",
        )
    for r in (
        Member.objects.filter(active=True, household__active=True)
        .order_by()
        .values("household__region_id", "household__union_org_id")
        .annotate(n=Count("id"))
    ):
        sink.add(
            "reg.members", r["n"], region=r["household__region_id"], hh_union=r["household__union_org_id"]
        )


# ---- left poverty with unstable income (R-RPT-06) --------------------------------------------------------


def _poverty(sink: _Sink) -> None:
    """R-RPT-06 (poverty.py): households that left poverty (`pov.left`), those of them with unstable income
    (`pov.unstable`, once per household) and each reason (`pov.unstable_reason`)."""
    from jiuzhu.registry.models import Household

    from .poverty import REASONS, annotated, left_poverty

    rows = annotated(left_poverty(Household.objects.order_by())).values(
        "region_id", "union_org_id", "area_type", *[f"r_{k}" for k, _l in REASONS]
    )
    for r in rows.iterator(chunk_size=5000):
        where = dict(region=r["region_id"], hh_union=r["union_org_id"], programme=r["area_type"])
        sink.add("pov.left", **where)
        have = [k for k, _l in REASONS if r[f"r_{k}"]]
        if have:
            sink.add("pov.unstable", **where)
        for k in have:
            sink.add("pov.unstable_reason", **where, detail=k)
