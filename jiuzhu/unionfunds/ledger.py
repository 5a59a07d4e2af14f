"""The funds and their detailed ledger (明细台账, R-PAY-16): open a fund with its source's rule set (R-PAY-22,
23), receive money into it, pass allocations down, correct by reversal. Balances are derived: the sum of a
fund's entries, never stored.

Every action checks the user's department (roles.py, R-SUP-04) and union subtree, then writes the entries
and an audit event in one transaction; the fund row is locked first so that two payments cannot both spend
the last of a balance.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.utils.translation import gettext as _

from jiuzhu.core.audit import jsonable, record
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.registry.choices import HardshipCategory
from jiuzhu.registry.money import yuan
from jiuzhu.temporary.actions import Invalid, choice, date, money, text, today

from .models import PROGRAMME_SOURCES, Fund, LedgerEntry, Programme, Project, Source
from .roles import can, union_in_scope, union_scope_q

E = LedgerEntry.Kind
CENTRAL_RULES = "总工办发〔2020〕13号 第六条、第十一条"


def refuse_unless(actor, what: str) -> None:
    if actor is not None and not can(actor, what):
        raise TransitionRefused(_("您所在的部门不能办理此事项"))


def funds_for(user):
    return Fund.objects.filter(union_scope_q(user)).select_related("union_org")


def get_fund_or_404(user, pk) -> Fund:
    fund = funds_for(user).filter(pk=pk).first()
    if fund is None:
        raise Http404(_("未找到该资金"))
    return fund


def check_fund(actor, fund: Fund) -> None:
    if not union_in_scope(actor, fund.union_org):
        raise Http404(_("未找到该资金"))


def balance_fen(fund: Fund, on: dt.date | None = None) -> int:
    qs = LedgerEntry.objects.filter(fund=fund)
    if on is not None:
        qs = qs.filter(on__lte=on)
    return qs.aggregate(t=Sum("amount_fen"))["t"] or 0


def balances(funds) -> dict[int, int]:
    """The balance of each fund, one grouped query."""
    rows = LedgerEntry.objects.filter(fund__in=funds).values("fund_id").annotate(t=Sum("amount_fen"))
    return {r["fund_id"]: r["t"] for r in rows}


def _audit(actor, action: str, obj, fund: Fund, after: dict, before: dict | None = None, household=None):
    record(
        actor,
        action,
        obj,
        before=before,
        after={k: jsonable(v) for k, v in after.items()},
        household=household,
        scope_path=fund.union_org.path,
    )


def _projects(data: dict) -> list[str]:
    raw = data.get("projects") or []
    values = raw if isinstance(raw, list | tuple) else [p for p in str(raw).split(",") if p]
    valid = {p for p, _l in Project.choices}
    bad = [p for p in values if p not in valid]
    if bad:
        raise Invalid("projects", _("“%(v)s”不是帮扶项目") % {"v": bad[0]})
    return [p for p, _l in Project.choices if p in values]


def _categories(data: dict) -> list[str]:
    raw = data.get("categories") or []
    values = raw if isinstance(raw, list | tuple) else [c for c in str(raw).split(",") if c]
    valid = {c for c, _l in HardshipCategory.choices}
    bad = [c for c in values if c not in valid]
    if bad:
        raise Invalid("categories", _("“%(v)s”不是困难类别") % {"v": bad[0]})
    return [c for c, _l in HardshipCategory.choices if c in values]


def do_open_fund(actor, union_org, data: dict) -> Fund:
    """Finance opens the ledger of one fund (programme × source) of its union."""
    refuse_unless(actor, "open_fund")
    if not union_in_scope(actor, union_org):
        raise Http404(_("未找到该工会"))
    programme = choice(data, "programme", Programme)
    source = choice(data, "source", Source)
    if source not in PROGRAMME_SOURCES[programme]:
        raise Invalid(
            "source",
            _("%(p)s没有“%(s)s”这一来源") % {"p": Programme(programme).label, "s": Source(source).label},
        )
    if programme == Programme.AID and source == Source.CENTRAL:
        projects, categories = [p for p, _l in Project.choices], []  # fixed (R-PAY-10, R-PAY-19)
    elif programme == Programme.AID:
        projects, categories = _projects(data) or [p for p, _l in Project.choices], _categories(data)
    else:
        projects, categories = [], []
    with transaction.atomic():
        if Fund.objects.filter(union_org=union_org, programme=programme, source=source).exists():
            raise TransitionRefused(_("该工会已有这一来源的资金台账"))
        fund = Fund.objects.create(
            union_org=union_org,
            programme=programme,
            source=source,
            projects=projects,
            categories=categories,
            terms=text(data, "terms", max_length=2000),
            rules_reference=text(data, "rules_reference", max_length=100),
            opened_on=date(data, "opened_on", default=today()),
            opened_by=actor,
        )
        _audit(
            actor,
            "unionfunds.open_fund",
            fund,
            fund,
            {"union": union_org.code, "programme": programme, "source": source, "projects": projects},
        )
    return fund


def do_set_rules(actor, fund: Fund, data: dict) -> Fund:
    """The rights-protection department sets a non-central fund's rule set (R-PAY-22): the projects it may
    pay for, the categories it serves, the source's terms or the donor's wishes."""
    refuse_unless(actor, "set_rules")
    check_fund(actor, fund)
    if fund.programme != Programme.AID:
        raise TransitionRefused(_("只有帮扶资金按项目和困难类别设定使用规则"))
    if fund.source == Source.CENTRAL:
        raise TransitionRefused(
            _("中央财政专项帮扶资金的使用范围由全国总工会规定，不能在此修改（%(c)s）") % {"c": CENTRAL_RULES}
        )
    projects = _projects(data)
    if not projects:
        raise Invalid("projects", _("至少选择一个帮扶项目"))
    with transaction.atomic():
        fresh = Fund.objects.select_for_update().get(pk=fund.pk)
        before = {"projects": fresh.projects, "categories": fresh.categories, "terms": fresh.terms}
        fresh.projects = projects
        fresh.categories = _categories(data)
        fresh.terms = text(data, "terms", max_length=2000)
        fresh.rules_reference = text(data, "rules_reference", max_length=100)
        fresh.save()
        _audit(
            actor,
            "unionfunds.set_rules",
            fresh,
            fresh,
            {"projects": fresh.projects, "categories": fresh.categories, "terms": fresh.terms},
            before=before,
        )
    return fresh


def append(fund: Fund, kind: str, amount_fen: int, on: dt.date, actor, **fields) -> LedgerEntry:
    """Append one entry (inside the caller's transaction, the fund row locked). An entry taking money out
    may not take the balance below zero: the fund pays only what it holds (专款专用)."""
    if amount_fen < 0:
        held = balance_fen(fund)
        if held + amount_fen < 0:
            raise TransitionRefused(
                _("资金余额不足：%(fund)s余额%(held)s元，本笔%(amount)s元")
                % {"fund": fund, "held": yuan(held), "amount": yuan(-amount_fen)}
            )
    return LedgerEntry.objects.create(
        fund=fund, kind=kind, amount_fen=amount_fen, on=on, recorded_by=actor, **fields
    )


def lock(fund: Fund) -> Fund:
    return Fund.objects.select_for_update().select_related("union_org").get(pk=fund.pk)


def _entry_date(data: dict, field: str = "on") -> dt.date:
    on = date(data, field, default=today())
    if on > today():
        raise Invalid(field, _("日期不能晚于今天"))
    return on


def do_receive(actor, fund: Fund, data: dict) -> LedgerEntry:
    """Finance records money received into a fund, tagged with the fund's source (R-PAY-22, 23)."""
    refuse_unless(actor, "receive")
    check_fund(actor, fund)
    amount = money(data, "amount")
    if amount <= 0:
        raise Invalid("amount", _("金额应大于0"))
    on = _entry_date(data)
    with transaction.atomic():
        fund = lock(fund)
        entry = append(
            fund,
            E.RECEIPT,
            amount,
            on,
            actor,
            counterparty=text(data, "counterparty", required=True, max_length=200),
            reference=text(data, "reference", required=True, max_length=100),
            note=text(data, "note", max_length=300),
        )
        _audit(
            actor,
            "unionfunds.receive",
            entry,
            fund,
            {"fund": fund.pk, "source": fund.source, "amount": yuan(amount), "on": on},
        )
    return entry


def pass_down(actor, fund: Fund, to_fund: Fund, amount: int, on: dt.date, reference: str, note: str = ""):
    """Two entries in one transaction: out of `fund`, into `to_fund` (same programme and source, a union
    below), the second naming the first. Used by the allocation plans (plans.py)."""
    if to_fund.programme != fund.programme or to_fund.source != fund.source:
        raise TransitionRefused(_("只能拨付到同类别、同来源的资金"))
    if to_fund.union_org_id == fund.union_org_id or not to_fund.union_org.path.startswith(
        fund.union_org.path
    ):
        raise TransitionRefused(_("只能向下级工会或帮扶中心拨付"))
    out = append(
        fund,
        E.ALLOCATION_OUT,
        -amount,
        on,
        actor,
        counterparty=to_fund.union_org.name,
        reference=reference,
        note=note,
    )
    into = append(
        to_fund,
        E.ALLOCATION_IN,
        amount,
        on,
        actor,
        counterparty=fund.union_org.name,
        reference=reference,
        note=note,
        counterpart=out,
    )
    return out, into


def do_reverse(actor, entry: LedgerEntry, reason: str, on: dt.date | None = None) -> LedgerEntry:
    """A correction: a new entry of the opposite amount naming the one it reverses (once). An allocation is
    reversed on both sides. A reversal itself is not reversed: enter the right amount again instead."""
    refuse_unless(actor, "reverse")
    check_fund(actor, entry.fund)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("reason", _("请填写冲正原因"))
    if entry.kind == E.REVERSAL:
        raise TransitionRefused(_("冲正分录不能再冲正，请重新登记正确的金额"))
    payment = getattr(entry, "payment", None)
    if payment is not None:  # a payment's entry: the payment is reversed (archive and cash book too)
        from .reversals import do_reverse_payment

        return do_reverse_payment(actor, payment, reason, on)[0].entry
    on = on or today()
    with transaction.atomic():
        pair = [entry]
        other = (
            getattr(entry, "counterpart_of", None) if entry.kind == E.ALLOCATION_OUT else entry.counterpart
        )
        if other is not None:
            pair.append(other)
        for fund in sorted({e.fund_id for e in pair}):
            Fund.objects.select_for_update().get(pk=fund)
        made = []
        for e in pair:
            if LedgerEntry.objects.filter(reverses=e).exists():
                raise TransitionRefused(_("该分录已冲正"))
            made.append(
                append(
                    e.fund,
                    E.REVERSAL,
                    -e.amount_fen,
                    on,
                    actor,
                    reverses=e,
                    counterparty=e.counterparty,
                    reference=e.reference,
                    note=_("冲正：%(r)s") % {"r": reason[:280]},
                )
            )
        for e, rev in zip(pair, made, strict=True):
            _audit(
                actor,
                "unionfunds.reverse",
                rev,
                e.fund,
                {"reverses": e.pk, "amount": yuan(rev.amount_fen), "reason": reason},
            )
    return made[0]
