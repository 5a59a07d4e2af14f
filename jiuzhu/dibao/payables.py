"""What 低保 owes each month, for the payment rosters (jiuzhu.payments.programmes; registered in apps.py).

- Monthly by default; rural 低保 quarterly where the county sets `dibao_rural_payment: quarterly` (OP-27), paid
  in the first month of the quarter for its three months (R-PAY-08, 民函〔2019〕95号 二).
- The first month paid is the approved start month (R-FLOW-08). A case is paid once it is 保障中 (active);
  months between its start month and its first roster are paid once, as arrears lines of their own.
- A change (附件7, R-FLOW-10) pays the new amount from its effective month; a stopped case is paid for the
  months before its stop month (停发年月) and never after; during phase-out (渐退, R-FLOW-14) the amount in force
  is paid up to the end of the phase-out (R-ELIG-04).
- The amounts are the stored decisions' (amounts.py), never recalculated. The payee is the applicant, on the
  applicant's own account (R-PAY-03).

Price-linkage temporary subsidies (价格临时补贴, R-AMT-08) are paid to the 低保 groups the county names when it has
recorded that the trigger was reached for a month (payments.PriceSubsidy): persons covered × subsidy per person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import CharField, DateField, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuzhu.core.models import LocalParameter, Region
from jiuzhu.payments.programmes import Payable, Programme, add_months, month_slot, months_between, register
from jiuzhu.registry.choices import AreaType, Relation
from jiuzhu.registry.models import Member

from .amounts import APP_FIELDS, AmountPeriod, histories_of, in_force
from .models import DecisionSnapshot, DibaoApplication, Notice, Status

CASE_TYPE = "dibao.dibaoapplication"
PAYABLE = (Status.ACTIVE, Status.PHASE_OUT, Status.STOPPED)
CHUNK = 5000  # cases read at a time: keeps memory flat and each IN list well under SQLite's limit
FIELDS = (
    *APP_FIELDS,  # id, payment_start and the approved amounts: the amount history is built from these rows
    "household_id",
    "area_type",
    "status",
    "stopped_from",
    "phase_out_end",
    "opinion_persons",
    "household__region__path",
)


def _county(path: str) -> str:
    """The county code of a region path "/110000/110100/110113/110113001/…" (its third code)."""
    codes = [c for c in path.split("/") if c]
    return codes[2] if len(codes) >= 3 else ""


def quarterly_counties(codes: set[str], on: dt.date) -> set[str]:
    """Counties (of `codes`) that pay rural 低保 quarterly on `on` (OP-27; set at the county or above)."""
    out = set()
    for county in codes:
        prefix = [county[:2] + "0000", county[:4] + "00", county]
        row = (
            LocalParameter.objects.filter(
                region_code__in=prefix, key="dibao_rural_payment", effective_from__lte=on
            )
            .order_by("-effective_from")
            .first()
        )
        if row is not None and str(row.value) == "quarterly":
            out.add(county)
    return out


def regular_months(period: dt.date, rural_quarterly: bool) -> list[dt.date]:
    """The months a roster of `period` pays a case regularly: the month itself, or for a quarterly case the
    quarter's three months in the quarter's first month and none in the other two (R-PAY-08)."""
    if not rural_quarterly:
        return [period]
    if period.month % 3 != 1:
        return []
    return [period, add_months(period, 1), add_months(period, 2)]


def not_payable(row: dict, month: dt.date) -> str | None:
    """Why `month` is not payable for the case (row of FIELDS), or None when it is."""
    if row["status"] not in PAYABLE:
        return _("案件状态为“%(status)s”") % {"status": Status(row["status"]).label}
    if month < row["payment_start"]:
        return _("起始发放年月为%(month)s") % {"month": f"{row['payment_start']:%Y-%m}"}
    if row["stopped_from"] and month >= row["stopped_from"]:
        return _("自%(month)s起停发") % {"month": f"{row['stopped_from']:%Y-%m}"}
    if (
        row["status"] == Status.PHASE_OUT
        and row["phase_out_end"]
        and month > row["phase_out_end"].replace(day=1)
    ):
        return _("渐退期至%(day)s已满") % {"day": row["phase_out_end"].isoformat()}
    return None


def _chunks(cases) -> Iterator[tuple[list[dict], dict[int, list[AmountPeriod]], dict[int, int]]]:
    """Cases in id order, CHUNK at a time, with their amount histories and applicants."""
    last = 0
    while True:
        rows = list(cases.filter(pk__gt=last).order_by("pk").values(*FIELDS)[:CHUNK])
        if not rows:
            return
        last = rows[-1]["id"]
        hist = histories_of(rows)
        applicants = dict(
            Member.objects.filter(
                household_id__among=[r["household_id"] for r in rows],
                relation=Relation.APPLICANT,
                active=True,
            )
            .order_by("id")  # one applicant per household; were there two, the last made (as in dibao_bulk)
            .values_list("household_id", "id")
        )
        yield rows, hist, applicants


def _lines(row, months, history, payee, kind, fund, decision_of=None) -> Iterator[Payable]:
    """One Payable per run of consecutive months paid under the same decision (zero amounts skipped)."""
    run: list[tuple[dt.date, AmountPeriod]] = []
    for month in months:
        period = in_force(history, month)
        if period is None:
            continue
        if run and (run[-1][1].decision != period.decision or add_months(run[-1][0], 1) != month):
            yield from _payable(row, run, payee, kind, fund)
            run = []
        run.append((month, period))
    if run:
        yield from _payable(row, run, payee, kind, fund)


def _payable(row, run, payee, kind, fund) -> Iterator[Payable]:
    amount = sum(p.household_fen for _m, p in run)
    if amount <= 0:
        return
    yield Payable(
        case_type=CASE_TYPE,
        case_id=row["id"],
        household_id=row["household_id"],
        payee_member_id=payee,
        slots=tuple(month_slot(m) for m, _p in run),
        first_month=run[0][0],
        last_month=run[-1][0],
        amount_fen=amount,
        decision=run[0][1].decision,
        fund_source="assistance",
        kind=kind,
    )


def dibao_payables(period: dt.date, scope, claimed) -> Iterator[Payable]:
    cases = DibaoApplication.objects.filter(
        status__in=PAYABLE, payment_start__isnull=False, household__region__path__startswith=scope.path
    ).exclude(claimed.made_now(CASE_TYPE, month_slot(period)))  # made already by dibao_bulk's insert
    quarterly: set[str] | None = None
    for rows, hist, applicants in _chunks(cases):
        if quarterly is None:  # the counties of the scope: read once
            counties = {
                _county(p) for p in cases.values_list("household__region__path", flat=True).distinct()
            }
            quarterly = quarterly_counties(counties, period)
        slots = {month_slot(m) for m in regular_months(period, True) + [period]}
        claimed.load([r["id"] for r in rows], slots)
        for row in rows:
            rural_q = (
                row["area_type"] == AreaType.RURAL and _county(row["household__region__path"]) in quarterly
            )
            regular = regular_months(period, rural_q)
            if not regular:
                continue
            history = hist.get(row["id"])
            if not history:
                continue
            payee = applicants.get(row["household_id"])
            due = [
                m
                for m in regular
                if not_payable(row, m) is None and not claimed.has(row["id"], month_slot(m))
            ]
            yield from _lines(row, due, history, payee, "regular", "assistance")
            if not claimed.any(row["id"]) and row["payment_start"] < regular[0]:
                owed = months_between(row["payment_start"], add_months(regular[0], -1))
                owed = [m for m in owed if not_payable(row, m) is None]
                yield from _lines(row, owed, history, payee, "arrears", "assistance")


def _scope_counties(scope) -> set[str]:
    return {
        _county(p) for p in Region.objects.filter(path__startswith=scope.path).values_list("path", flat=True)
    }


def _owed_at_approval(period: dt.date):
    """Cases whose month `period` is owed for certain at the approved household amount: payable that month by
    not_payable's rules (status, start month, stop month, end of phase-out), an approved amount above zero,
    and no change notice (附件7) ever, so that amounts.py's history is the approval alone, in force from the
    start month."""
    return (
        DibaoApplication.objects.filter(
            status__in=PAYABLE, payment_start__lte=period, opinion_household_fen__gt=0
        )
        .filter(Q(stopped_from__isnull=True) | Q(stopped_from__gt=period))
        .exclude(status=Status.PHASE_OUT, phase_out_end__lt=period)
        .exclude(Exists(Notice.objects.filter(application=OuterRef("pk"), kind=Notice.Kind.CHANGE)))
    )


def dibao_plain(period: dt.date):
    """For the warnings' recheck (programmes.Programme.plain): the cases of _owed_at_approval and the amount."""
    return _owed_at_approval(period).annotate(b_amount_fen=F("opinion_household_fen"))


def dibao_bulk(period: dt.date, scope, claimed):
    """The regular month of the plainest cases, for the database to insert itself (programmes.Programme.bulk):
    owed at the approved amount (_owed_at_approval), paid monthly (not rural in a county paying quarterly),
    nothing owed before this month (started this month, or paid by a roster before), and the month not claimed
    yet. Decision: the township review's latest snapshot, as amounts.build names it. dibao_payables yields
    everything else."""
    slot = month_slot(period)
    quarterly = quarterly_counties(_scope_counties(scope), period) - {""}
    snapshot = DecisionSnapshot.objects.filter(application=OuterRef("pk"), purpose="township_review")
    applicant = Member.objects.filter(
        household_id=OuterRef("household_id"), relation=Relation.APPLICANT, active=True
    ).order_by("-id")
    cases = (
        _owed_at_approval(period)
        .filter(household__region__path__startswith=scope.path)
        .filter(Q(payment_start=period) | claimed.exists(CASE_TYPE))
        .exclude(claimed.exists(CASE_TYPE, slot))
    )
    if quarterly:
        paths = Region.objects.filter(code__in=quarterly).values_list("path", flat=True)
        rural_q = Q()
        for path in paths:
            rural_q |= Q(household__region__path__startswith=path)
        cases = cases.exclude(Q(area_type=AreaType.RURAL) & rural_q)
    text = CharField()
    return cases.annotate(
        b_case_type=Value(CASE_TYPE, output_field=text),
        b_case_id=F("pk"),
        b_household_id=F("household_id"),
        b_payee_member_id=Subquery(applicant.values("id")[:1]),
        b_slot=Value(slot, output_field=text),
        b_first_month=Value(period, output_field=DateField()),
        b_last_month=Value(period, output_field=DateField()),
        b_amount_fen=F("opinion_household_fen"),
        # "dibao.decisionsnapshot:<id>", or the case itself without a snapshot (one look-up a row: Concat
        # drops a missing id, NullIf turns the bare prefix into NULL for the fallback)
        b_decision=Coalesce(
            NullIf(
                Concat(
                    Value("dibao.decisionsnapshot:"),
                    Cast(Subquery(snapshot.order_by("-id").values("id")[:1]), text),
                    output_field=text,
                ),
                Value("dibao.decisionsnapshot:"),
            ),
            Concat(Value("dibao.dibaoapplication:"), Cast("pk", text), output_field=text),
        ),
        b_fund_source=Value("assistance", output_field=text),
        b_kind=Value("regular", output_field=text),
    )


def _parse_slot(slot: str) -> dt.date:
    return dt.date(int(slot[:4]), int(slot[5:7]), 1)


def dibao_recheck(items):
    """What the stored decisions owe now for lines already made: (amount, "") or (None, reason)."""
    out = {}
    ids = sorted({case_id for case_id, _slots in items})
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = list(DibaoApplication.objects.filter(pk__among=chunk).values(*FIELDS))
        rows, hist = {r["id"]: r for r in found}, histories_of(found)
        for case_id, slots in items:
            if case_id not in rows:
                continue
            row, total, reason = rows[case_id], 0, ""
            for slot in slots:
                month = _parse_slot(slot)
                reason = not_payable(row, month) or ""
                period = in_force(hist.get(case_id, []), month)
                if reason or period is None:
                    reason = reason or _("没有核定的保障金")
                    break
                total += period.household_fen
            out[(case_id, slots)] = (None, reason) if reason else (total, "")
    for key in items:
        out.setdefault(key, (None, _("案件不存在")))
    return out


# ---- price-linkage temporary subsidies (R-AMT-08) ------------------------------------------------------------


def _subsidies(period: dt.date, scope):
    from jiuzhu.payments.models import PriceSubsidy

    # a county's decision covers the roster's scope when one contains the other
    found = []
    for s in PriceSubsidy.objects.filter(month=period).select_related("region"):
        if s.region.path.startswith(scope.path) or scope.path.startswith(s.region.path):
            found.append(s)
    return found


def _groups_area(groups) -> set[str]:
    return {g.split("_", 1)[1] for g in groups if g.startswith("dibao_")}


def price_payables(period: dt.date, scope, claimed) -> Iterator[Payable]:
    for subsidy in _subsidies(period, scope):
        inner = scope.path if scope.path.startswith(subsidy.region.path) else subsidy.region.path
        cases = DibaoApplication.objects.filter(
            status__in=PAYABLE,
            payment_start__isnull=False,
            household__region__path__startswith=inner,
            area_type__in=_groups_area(subsidy.groups),
        )
        slot = month_slot(period)
        for rows, _hist, applicants in _chunks(cases):
            claimed.load([r["id"] for r in rows], {slot})
            for row in rows:
                if not_payable(row, period) is not None or claimed.has(row["id"], slot):
                    continue
                persons = row["opinion_persons"] or 0
                if persons <= 0:
                    continue
                yield Payable(
                    case_type=CASE_TYPE,
                    case_id=row["id"],
                    household_id=row["household_id"],
                    payee_member_id=applicants.get(row["household_id"]),
                    slots=(slot,),
                    first_month=period,
                    last_month=period,
                    amount_fen=persons * subsidy.per_person_fen,
                    decision=f"payments.pricesubsidy:{subsidy.pk}",
                    fund_source="price_subsidy",
                )


def price_recheck(items):
    from jiuzhu.payments.models import PriceSubsidy

    out = {}
    for case_id, slots in items:
        app = DibaoApplication.objects.filter(pk=case_id).values(*FIELDS).first()
        if app is None:
            out[(case_id, slots)] = (None, _("案件不存在"))
            continue
        month = _parse_slot(slots[0])
        reason = not_payable(app, month)
        county = _county(app["household__region__path"])
        subsidy = PriceSubsidy.objects.filter(month=month, region__code=county).first()
        if reason or subsidy is None or app["area_type"] not in _groups_area(subsidy.groups):
            out[(case_id, slots)] = (None, reason or _("该月未启动价格临时补贴"))
        else:
            out[(case_id, slots)] = ((app["opinion_persons"] or 0) * subsidy.per_person_fen, "")
    return out


def register_programmes() -> None:
    register(
        Programme(
            "dibao", gettext_lazy("低保金"), dibao_payables, dibao_recheck, bulk=dibao_bulk, plain=dibao_plain
        )
    )
    register(Programme("price_subsidy", gettext_lazy("价格临时补贴"), price_payables, price_recheck))
