"""Allocation plans (R-PAY-19, 20; R-AMT-12): ACFTU's annual plan to the provinces and a province's plan to
its help centres, proposed from the archived households in the system, adopted, executed through the
ledger (two entries an item, ledger.pass_down) and filed with the level above.

A province's plan opens a deadline of 20 working days from the day it received its allocation (core.workdays,
on the to-do list of the province's finance and rights-protection staff); executing the plan meets it.
Proposal: each receiving union's weight is (deep households × the deep weight + relative + accident-induced
households); the budget is shared in proportion, in whole fen, the fen left over going one each to the
largest remainders (ties: the union's path order). Only households in the national system count: archives
in force (active or in phase-out) under the receiving union (a help centre: under its union).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Count, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from jiuzhu.archives.models import PAYABLE_STATUSES, Archive
from jiuzhu.core.models import UnionOrg
from jiuzhu.core.workdays import add_working_days
from jiuzhu.core.workflow import TransitionRefused, close_deadlines, open_deadline, transition
from jiuzhu.registry.money import yuan
from jiuzhu.temporary.actions import Invalid, choice, date, money, text, today

from .ledger import _audit, lock, pass_down, refuse_unless
from .models import AllocationItem, AllocationPlan, Fund, LedgerEntry, Programme, Source
from .roles import union_in_scope

PASS_DOWN_WORKING_DAYS = 20  # R-PAY-20
DEADLINE_KIND = "unionfunds.pass_down"
DEADLINE_LABEL = "省级工会分配下达帮扶资金（收到上级资金后20个工作日内）"


def targets(org: UnionOrg) -> list[UnionOrg]:
    """Who receives: ACFTU → the provincial unions; a province → the help centres of the unions below it."""
    if org.level == UnionOrg.Level.NATIONAL:
        return list(UnionOrg.objects.filter(parent=org, level=UnionOrg.Level.PROVINCE, is_help_centre=False))
    return [
        c
        for c in UnionOrg.objects.filter(path__startswith=org.path, is_help_centre=True).select_related(
            "parent"
        )
        if c.parent_id and c.parent_id != org.pk
    ]


def household_counts(to_union: UnionOrg) -> dict[str, int]:
    base = to_union.parent if to_union.is_help_centre and to_union.parent_id else to_union
    rows = (
        Archive.objects.filter(status__in=PAYABLE_STATUSES, household__union_org__path__startswith=base.path)
        .values("category")
        .annotate(n=Count("id"))
    )
    out = {"deep": 0, "relative": 0, "accident": 0}
    out.update({r["category"]: r["n"] for r in rows})
    return out


def share(budget_fen: int, weights: list[int]) -> list[int]:
    """Largest-remainder shares of budget_fen in proportion to weights (integers)."""
    total = sum(weights)
    if total <= 0:
        return [0] * len(weights)
    floors = [budget_fen * w // total for w in weights]
    rests = [budget_fen * w % total for w in weights]
    left = budget_fen - sum(floors)
    for i in sorted(range(len(weights)), key=lambda i: (-rests[i], i))[:left]:
        floors[i] += 1
    return floors


def _permille(data: dict, field: str, *, percent: bool) -> int | None:
    raw = str(data.get(field) or "").strip().rstrip("%")
    if not raw:
        return None
    try:
        value = Decimal(raw) * (10 if percent else 1000)
    except InvalidOperation:
        raise Invalid(field, _("“%(v)s”不是数值") % {"v": raw}) from None
    if value < 0 or value != value.to_integral_value():
        raise Invalid(field, _("“%(v)s”超出可用的精度") % {"v": raw})
    return int(value)


def do_draft(actor, org: UnionOrg, data: dict) -> AllocationPlan:
    refuse_unless(actor, "draft_plan")
    if not union_in_scope(actor, org):
        raise Http404(_("未找到该工会"))
    if org.is_help_centre or org.level not in (UnionOrg.Level.NATIONAL, UnionOrg.Level.PROVINCE):
        raise TransitionRefused(
            _("分配方案由全国总工会或省级工会制定（总工办发〔2020〕13号 第十一条、第十二条）")
        )
    year = int(str(data.get("year") or today().year))
    programme = choice(data, "programme", Programme, required=False, default=Programme.AID)
    source = choice(data, "source", Source, required=False, default=Source.CENTRAL)
    budget = money(data, "budget")
    if budget <= 0:
        raise Invalid("budget", _("金额应大于0"))
    received_on = date(data, "received_on", required=org.level == UnionOrg.Level.PROVINCE)
    share_pm = _permille(data, "central_share", percent=True)
    if share_pm is not None and share_pm > 1000:
        raise Invalid("central_share", _("分担比例不能超过100%"))
    deep_w = _permille(data, "deep_weight", percent=False) or 1000
    with transaction.atomic():
        if AllocationPlan.objects.filter(
            union_org=org, year=year, programme=programme, source=source
        ).exists():
            raise TransitionRefused(_("该工会本年度已有这一资金的分配方案"))
        plan = AllocationPlan.objects.create(
            union_org=org,
            scope_path=org.path,
            year=year,
            programme=programme,
            source=source,
            budget_fen=budget,
            received_on=received_on,
            due=add_working_days(received_on, PASS_DOWN_WORKING_DAYS) if received_on else None,
            price_index=Decimal(str(data["price_index"])) if data.get("price_index") else None,
            deep_weight_permille=deep_w,
            central_share_permille=share_pm,
            basis=text(data, "basis", max_length=2000),
            created_by=actor,
        )
        counts = [(t, household_counts(t)) for t in targets(org)]
        weights = [c["deep"] * deep_w + (c["relative"] + c["accident"]) * 1000 for _t, c in counts]
        for (t, c), amount in zip(counts, share(budget, weights), strict=True):
            AllocationItem.objects.create(plan=plan, to_union=t, amount_fen=amount, **c)
        if plan.due:
            open_deadline(plan, DEADLINE_KIND, DEADLINE_LABEL, plan.due, working_days=True, cite="R-PAY-20")
        _audit(
            actor,
            "unionfunds.plan_draft",
            plan,
            _PlanFund(org),
            {"year": year, "budget": yuan(budget), "received_on": received_on, "due": plan.due},
        )
    return plan


class _PlanFund:  # ledger._audit takes the fund for its union's path
    def __init__(self, org):
        self.union_org = org


def _check(actor, plan: AllocationPlan, what: str) -> None:
    refuse_unless(actor, what)
    if not union_in_scope(actor, plan.union_org):
        raise Http404(_("未找到该分配方案"))


def do_set_item(actor, plan: AllocationPlan, to_union: UnionOrg, data: dict) -> AllocationItem:
    """Adjust one item of a draft plan (the proposal is advice; the plan is the leadership's decision)."""
    _check(actor, plan, "draft_plan")
    amount = money(data, "amount")
    with transaction.atomic():
        fresh = AllocationPlan.objects.select_for_update().get(pk=plan.pk)
        if fresh.status != AllocationPlan.Status.DRAFT:
            raise TransitionRefused(_("方案已通过，不能修改"))
        item = AllocationItem.objects.filter(plan=fresh, to_union=to_union).first()
        if item is None:
            raise Invalid("to_union", _("该单位不在本方案中"))
        before = item.amount_fen
        item.amount_fen = amount
        item.save()
        _audit(
            actor,
            "unionfunds.plan_item",
            item,
            _PlanFund(plan.union_org),
            {"to_union": to_union.code, "amount": yuan(amount)},
            before={"amount": yuan(before)},
        )
    return item


def planned_fen(plan: AllocationPlan) -> int:
    return plan.items.aggregate(t=Sum("amount_fen"))["t"] or 0


def do_adopt(actor, plan: AllocationPlan, reference: str) -> AllocationPlan:
    _check(actor, plan, "adopt_plan")
    reference = (reference or "").strip()
    if not reference:
        raise Invalid("reference", _("请填写集体研究决定的会议纪要"))

    def check(fresh):
        total = planned_fen(fresh)
        if total <= 0:
            raise TransitionRefused(_("方案没有分配金额"))
        if total > fresh.budget_fen:
            raise TransitionRefused(
                _("分配合计%(t)s元超过可分配资金%(b)s元") % {"t": yuan(total), "b": fresh.budget_yuan()}
            )

    def update(fresh):
        fresh.adopted_reference = reference[:200]

    return transition(plan, "adopt", actor, check=check, update=update, note=reference)


def _fund_of(org: UnionOrg, plan: AllocationPlan, actor, on: dt.date) -> Fund:
    fund = Fund.objects.filter(union_org=org, programme=plan.programme, source=plan.source).first()
    if fund is not None:
        return fund
    from .models import Project

    fund = Fund.objects.create(
        union_org=org,
        programme=plan.programme,
        source=plan.source,
        projects=[p for p, _l in Project.choices] if plan.programme == Programme.AID else [],
        opened_on=on,
        opened_by=actor,
    )
    _audit(actor, "unionfunds.open_fund", fund, fund, {"union": org.code, "by_plan": plan.pk})
    return fund


def do_execute(actor, plan: AllocationPlan, on: dt.date | None = None) -> AllocationPlan:
    """Finance passes every item down: out of the allocating union's fund, into the receiver's."""
    _check(actor, plan, "allocate")
    on = on or today()
    if on > today():
        raise Invalid("on", _("日期不能晚于今天"))
    with transaction.atomic():
        source = Fund.objects.filter(
            union_org=plan.union_org, programme=plan.programme, source=plan.source
        ).first()
        if source is None:
            raise TransitionRefused(_("本工会尚无这一来源的资金台账，请先登记收到的资金"))
        lock(source)
        reference = _("%(y)s年资金分配方案第%(n)s号") % {"y": plan.year, "n": plan.pk}

        def update(fresh):
            for item in fresh.items.select_related("to_union").filter(amount_fen__gt=0):
                to_fund = lock(_fund_of(item.to_union, fresh, actor, on))
                out, _into = pass_down(actor, source, to_fund, item.amount_fen, on, reference)
                AllocationItem.objects.filter(pk=item.pk).update(entry=out)
            fresh.executed_on = on

        plan = transition(plan, "execute", actor, update=update, note=reference)
        close_deadlines(plan, DEADLINE_KIND)
    return plan


def do_file(actor, plan: AllocationPlan, reference: str, on: dt.date | None = None) -> AllocationPlan:
    """The plan is filed with the level above (a province's with ACFTU, R-PAY-20)."""
    _check(actor, plan, "file_plan")
    reference = (reference or "").strip()
    if not reference:
        raise Invalid("reference", _("请填写备案文号"))

    def update(fresh):
        fresh.filed_on = on or today()
        fresh.filed_reference = reference[:100]

    return transition(plan, "file", actor, update=update, note=reference)


def plans_for(user):
    from .roles import union_scope_q

    return AllocationPlan.objects.filter(union_scope_q(user)).select_related("union_org")


def received_in_year(fund: Fund, year: int) -> int:
    """Money that came into a fund in a year: receipts and allocations received, net of their reversals."""
    ins = LedgerEntry.objects.filter(fund=fund, on__year=year, kind__in=LedgerEntry.IN_KINDS)
    rev = LedgerEntry.objects.filter(
        fund=fund, on__year=year, kind="reversal", reverses__kind__in=LedgerEntry.IN_KINDS
    )
    return (ins.aggregate(t=Sum("amount_fen"))["t"] or 0) + (rev.aggregate(t=Sum("amount_fen"))["t"] or 0)
