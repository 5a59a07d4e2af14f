"""Year-end (R-PAY-17, 18, 21; R-RPT-01, 03).

- R-PAY-21 (DEFAULT: kept as an automatic year-end check): for each union that received central aid money
  from the level above in the year, the central spending it entered (payments, expenses and allocations it
  passed down, net of reversals) must equal what it was allocated; every other union shows its difference.
  One grouped query over the year's entries of the central aid funds in scope.
- R-RPT-01 / R-PAY-18: the provincial union's three reports with due dates, on the to-do list: the expected
  carry-over by 30 November, the adjusted standards at year-end (31 December), the year's fund use within one
  month after year-end (31 January). Submitting computes and keeps the content.
- R-PAY-17: the share of the year's aid payments entered in the national system within 30 working days,
  in the fund-use report (the compliance count).
- R-RPT-03: performance targets, their readings and ACFTU's evaluation; the budget execution rate is
  computed from the ledger.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from jiuzhu.archives.models import UnionAidPayment
from jiuzhu.core.audit import record
from jiuzhu.core.models import UnionOrg
from jiuzhu.core.workflow import TransitionRefused, close_deadlines, open_deadline
from jiuzhu.registry.money import yuan
from jiuzhu.temporary.actions import Invalid, date, money, text, today

from .ledger import refuse_unless
from .models import Fund, LedgerEntry, PerformanceTarget, ProjectStandard, TargetReading, YearReport
from .roles import union_in_scope

E = LedgerEntry.Kind
REPORT_LABELS = {
    YearReport.Kind.CARRY_OVER: "报送结转资金预计情况（11月30日前）",
    YearReport.Kind.STANDARDS: "报送调整后的帮扶标准（年底）",
    YearReport.Kind.FUND_USE: "报送帮扶资金年度使用情况（年度结束后1个月内）",
}


def due_of(kind: str, year: int) -> dt.date:
    return {
        YearReport.Kind.CARRY_OVER: dt.date(year, 11, 30),
        YearReport.Kind.STANDARDS: dt.date(year, 12, 31),
        YearReport.Kind.FUND_USE: dt.date(year + 1, 1, 31),
    }[kind]


def flows(funds, year: int) -> dict[int, dict[str, int]]:
    """Per fund, the year's money by kind — a reversal counted under the kind of the entry it reverses."""
    rows = (
        LedgerEntry.objects.filter(fund__in=funds, on__year=year)
        .values("fund_id", "kind", "reverses__kind")
        .annotate(t=Sum("amount_fen"))
    )
    out: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        kind = r["reverses__kind"] if r["kind"] == E.REVERSAL else r["kind"]
        out[r["fund_id"]][kind] += r["t"]
    return out


def central_check(user, year: int) -> list[dict]:
    """R-PAY-21: allocated from above = spending entered, per central aid fund that received an allocation."""
    from .ledger import funds_for

    funds = funds_for(user).filter(programme="aid", source="central")
    by_fund = flows(funds, year)
    out = []
    for fund in funds.filter(pk__in=list(by_fund)).select_related("union_org"):
        f = by_fund[fund.pk]
        allocated = f[E.ALLOCATION_IN]
        if not allocated:
            continue  # ACFTU (or a union that got nothing this year): nothing to reconcile against
        spent = -(f[E.PAYMENT] + f[E.EXPENSE] + f[E.ALLOCATION_OUT])
        out.append(
            {
                "fund": fund,
                "allocated": allocated,
                "spent": spent,
                "difference": allocated - spent,
                "ok": allocated == spent,
            }
        )
    return out


def entry_compliance(scope_path: str, year: int) -> dict:
    """R-PAY-17 counted: the year's aid payments of the subtree, and how many were entered in time."""
    qs = UnionAidPayment.objects.filter(paid_on__year=year, household__union_org__path__startswith=scope_path)
    agg = qs.aggregate(
        total=Count("id"),
        in_time=Count(
            "id", filter=Q(entered_national_on__isnull=False, entered_national_on__lte=F("entry_due"))
        ),
        late=Count("id", filter=Q(entered_national_on__gt=F("entry_due"))),
        missing=Count("id", filter=Q(entered_national_on__isnull=True)),
    )
    agg["share"] = f"{agg['in_time'] * 100 / agg['total']:.1f}%" if agg["total"] else "—"
    return agg


def _province(actor, org: UnionOrg, what: str) -> None:
    refuse_unless(actor, what)
    if not union_in_scope(actor, org):
        raise Http404(_("未找到该工会"))
    if org.level != UnionOrg.Level.PROVINCE or org.is_help_centre:
        raise TransitionRefused(
            _("年度报告由省级工会报送全国总工会（总工办发〔2020〕13号 第七条、第十条、第十二条）")
        )


def do_open_year(actor, org: UnionOrg, year: int) -> list[YearReport]:
    """The year's three reports of a provincial union, each with its deadline on the to-do list."""
    _province(actor, org, "report")
    out = []
    with transaction.atomic():
        for kind in YearReport.Kind:
            report, made = YearReport.objects.get_or_create(
                union_org=org,
                year=year,
                kind=kind,
                defaults={"due": due_of(kind, year), "scope_path": org.path},
            )
            if made:
                open_deadline(
                    report, f"unionfunds.report.{kind}", REPORT_LABELS[kind], report.due, cite="R-RPT-01"
                )
                record(
                    actor,
                    "unionfunds.report_open",
                    report,
                    after={"kind": kind, "year": year},
                    scope_path=org.path,
                )
            out.append(report)
    return out


def _subtree_funds(org: UnionOrg):
    return Fund.objects.filter(union_org__path__startswith=org.path, programme="aid")


def content_of(report: YearReport, data: dict, actor) -> dict:
    org, year = report.union_org, report.year
    if report.kind == YearReport.Kind.CARRY_OVER:
        from .ledger import balances

        funds = list(_subtree_funds(org).select_related("union_org"))
        held = balances(funds)
        expected = money(data, "expected", required=True)
        return {
            "balances": [
                {"fund": str(f), "source": f.source, "balance": yuan(held.get(f.pk, 0))} for f in funds
            ],
            "expected_carry_over": yuan(expected),
            "note": text(data, "note", max_length=500),
        }
    if report.kind == YearReport.Kind.STANDARDS:
        rows = ProjectStandard.objects.filter(union_org=org, valid_from__year__in=[year, year + 1])
        return {
            "standards": [
                {
                    "project": s.project,
                    "valid_from": s.valid_from.isoformat(),
                    "amount": s.amount_yuan(),
                    "price_index": str(s.price_index or ""),
                    "basis": s.basis,
                }
                for s in rows
            ]
        }
    by_fund = flows(_subtree_funds(org), year)
    by_source: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for fund in _subtree_funds(org).filter(pk__in=list(by_fund)):
        for kind, t in by_fund[fund.pk].items():
            by_source[fund.source][kind] += t
    paid = (
        UnionAidPayment.objects.filter(paid_on__year=year, household__union_org__path__startswith=org.path)
        .values("project")
        .annotate(t=Sum("amount_fen"), n=Count("id"))
    )
    check = [
        {"fund": str(r["fund"]), "allocated": yuan(r["allocated"]), "spent": yuan(r["spent"]), "ok": r["ok"]}
        for r in central_check(actor, year)
        if r["fund"].union_org.path.startswith(org.path)
    ]
    return {
        "by_source": {s: {k: yuan(v) for k, v in kinds.items()} for s, kinds in by_source.items()},
        "by_project": {r["project"]: {"amount": yuan(r["t"]), "payments": r["n"]} for r in paid},
        "central_check": check,
        "entry_compliance": entry_compliance(org.path, year),
    }


def do_submit(actor, report: YearReport, data: dict) -> YearReport:
    _province(actor, report.union_org, "report")
    on = today()
    with transaction.atomic():
        fresh = YearReport.objects.select_for_update().get(pk=report.pk)
        if fresh.submitted_on:
            raise TransitionRefused(_("该报告已于%(d)s报送") % {"d": fresh.submitted_on.isoformat()})
        if fresh.kind == YearReport.Kind.FUND_USE and on < dt.date(fresh.year + 1, 1, 1):
            raise TransitionRefused(_("年度结束后才能报送年度使用情况"))
        fresh.content = {**content_of(fresh, data, actor), "late": on > fresh.due}
        fresh.submitted_on = on
        fresh.submitted_by = actor
        fresh.save()
        close_deadlines(fresh)
        record(
            actor,
            "unionfunds.report_submit",
            fresh,
            after={"kind": fresh.kind, "year": fresh.year, "late": on > fresh.due},
            scope_path=fresh.scope_path,
        )
    return fresh


def _decimal(data: dict, field: str) -> Decimal:
    raw = str(data.get(field) or "").strip()
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise Invalid(field, _("“%(v)s”不是数值") % {"v": raw}) from None


def do_set_target(actor, org: UnionOrg, data: dict) -> PerformanceTarget:
    refuse_unless(actor, "set_target")
    if not union_in_scope(actor, org):
        raise Http404(_("未找到该工会"))
    with transaction.atomic():
        t = PerformanceTarget.objects.create(
            union_org=org,
            year=int(str(data.get("year") or today().year)),
            indicator=text(data, "indicator", required=True, max_length=200),
            target=_decimal(data, "target"),
            unit=text(data, "unit", required=True, max_length=20),
            set_by=actor,
        )
        record(
            actor,
            "unionfunds.target",
            t,
            after={"indicator": t.indicator, "target": str(t.target)},
            scope_path=org.path,
        )
    return t


def do_record_reading(actor, target: PerformanceTarget, data: dict) -> TargetReading:
    refuse_unless(actor, "report")
    if not union_in_scope(actor, target.union_org):
        raise Http404(_("未找到该绩效目标"))
    with transaction.atomic():
        r = TargetReading.objects.create(
            target=target,
            on=date(data, "on", default=today()),
            value=_decimal(data, "value"),
            note=text(data, "note", max_length=300),
            recorded_by=actor,
        )
        record(
            actor,
            "unionfunds.reading",
            r,
            after={"value": str(r.value), "on": r.on.isoformat()},
            scope_path=target.union_org.path,
        )
    return r


def do_evaluate(actor, target: PerformanceTarget, result: str) -> PerformanceTarget:
    """ACFTU's evaluation of a province's target (R-RPT-03, R-SUP-13)."""
    refuse_unless(actor, "set_target")
    if actor is not None and not actor.is_superuser and getattr(actor.union_org, "level", None) != 0:
        raise TransitionRefused(_("绩效评价由全国总工会作出"))
    result = (result or "").strip()
    if not result:
        raise Invalid("result", _("请填写评价结果"))
    with transaction.atomic():
        fresh = PerformanceTarget.objects.select_for_update().get(pk=target.pk)
        fresh.evaluation = result[:300]
        fresh.evaluated_on = today()
        fresh.save()
        record(
            actor,
            "unionfunds.evaluate",
            fresh,
            after={"evaluation": fresh.evaluation},
            scope_path=fresh.union_org.path,
        )
    return fresh


def execution_rate(org: UnionOrg, year: int) -> str:
    """Budget execution: what the subtree's aid funds spent on workers over what came in from outside it."""
    by_fund = flows(_subtree_funds(org), year)
    spent = -sum(f[E.PAYMENT] + f[E.EXPENSE] for f in by_fund.values())
    funds = {f.pk: f for f in _subtree_funds(org)}
    came_in = sum(
        f[E.RECEIPT] + (f[E.ALLOCATION_IN] if funds[pk].union_org_id == org.pk else 0)
        for pk, f in by_fund.items()
    )
    return f"{spent * 100 / came_in:.1f}%" if came_in else "—"
