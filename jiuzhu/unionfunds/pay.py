"""Paying from a fund (R-PAY-10..12, 22, 25; R-AMT-09..11, 14): to a worker by real name, or an expense such
as a training or legal service bought under contract (R-PAY-13).

An aid-fund payment to a household goes through the archives' own action (archives.actions.do_pay: an
archive first, 先建档后帮扶; the 20,000 / 50,000 元 approvals recorded before the payment; the medical cap of
R-AMT-10; the 30-working-day entry deadline of R-PAY-17) in the same transaction as the ledger entry, so the
archive, the union aid roster and the fund's ledger tell the same story. Before that, the fund's rule set
(R-PAY-22) and the use (R-PAY-10, 11) are checked, each refusal naming its clause.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.utils.translation import gettext as _

from jiuzhu.archives import actions as archive_actions
from jiuzhu.archives.models import PAYABLE_STATUSES, Archive
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.idnumber import parse_id_number
from jiuzhu.registry.money import yuan
from jiuzhu.temporary.actions import Invalid, choice, date, money, text, today

from . import warmth
from .ledger import _audit, append, check_fund, lock, refuse_unless
from .models import (
    AllocationPlan,
    CoFunding,
    Fund,
    FundPayment,
    LedgerEntry,
    Programme,
    Project,
    ProjectStandard,
    Source,
    Use,
)
from .roles import union_in_scope
from .uses import check_use

CASH_REASONS = archive_actions.UnionAidPayment.CashReason  # OP-19


def payee_of(household):
    """The worker paid, by real name: the union worker of the household, else its applicant."""
    info = getattr(household, "worker", None) if hasattr(household, "worker") else None
    return info.worker if info is not None else household.applicant


def standard_in_force(household, project: str, on: dt.date) -> ProjectStandard | None:
    """The provincial standard of the household's province union for the project on a day (R-AMT-11)."""
    org = household.union_org
    if org is None:
        return None
    province = [p for p in org.path.strip("/").split("/")][1:2]
    if not province:
        return None
    return (
        ProjectStandard.objects.filter(union_org__code=province[0], project=project, valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )


def advice(household, project: str, year_total: int, on: dt.date) -> list[str]:
    """What the payer is told, without refusing: above the provincial standard (R-AMT-11), and the
    superseded cap of living aid (R-AMT-14, shown as advice only)."""
    out = []
    std = standard_in_force(household, project, on)
    if std is not None and year_total > std.amount_fen:
        out.append(
            _("本年度该项目累计%(total)s元，高于省级工会标准%(std)s元/户·年（%(from)s起执行）")
            % {"total": yuan(year_total), "std": std.amount_yuan(), "from": std.valid_from}
        )
    if project == Project.LIVING:
        standard = archive_actions.standard_in_force(household, on.replace(day=1))
        persons = household.members.filter(active=True).count()
        if standard:
            cap = standard * 12 * persons
            if year_total > cap:
                out.append(
                    _(
                        "参考：按已废止的旧规定，生活救助每户每年不超过当地低保标准年度总额%(cap)s元"
                        "（现行规定以省级标准和审批额度为准）"
                    )
                    % {"cap": yuan(cap)}
                )
    return out


def year_total_fen(household, project: str, year: int) -> int:
    return archive_actions.year_total_fen(household, project, year)


def _method(data: dict) -> tuple[str, str]:
    method = choice(data, "method", FundPayment.Method, required=False, default=FundPayment.Method.BANK)
    reason = ""
    if method == FundPayment.Method.CASH:  # R-PAY-12 DEFAULT: cash only with a special-case reason
        reason = choice(data, "cash_reason", CASH_REASONS)
    return method, reason


def _programme_rules(fund: Fund, data: dict, id_number: str, paid_on: dt.date, method: str) -> str:
    """送温暖 names its recipient group (R-ELIG-28); the model-worker subsidy goes to a national model worker or
    a May-1 medal holder, by bank transfer into his own account (R-ELIG-29, R-PAY-13); 金秋助学 is a yearly
    subsidy: once a student a calendar year (R-AMT-16, DEFAULT)."""
    from .models import MODEL_HONOURS, WARMTH_GROUPS, RecipientGroup

    group = choice(
        data, "recipient_group", RecipientGroup, required=fund.programme != Programme.GOLDEN_AUTUMN
    )
    if fund.programme == Programme.WARMTH and group not in WARMTH_GROUPS:
        raise Invalid("recipient_group", _("请选择送温暖对象类别（总工发〔2018〕39号 第六条）"))
    if fund.programme == Programme.MODEL_WORKER:
        if group not in MODEL_HONOURS:
            raise TransitionRefused(
                _(
                    "劳模专项补助只用于全国劳动模范和全国五一劳动奖章获得者，不得擅自扩大范围（总工发〔2012〕16号 第二条、第三条）"
                )
            )
        if method != FundPayment.Method.BANK:
            raise TransitionRefused(_("劳模专项补助直接转入劳模本人银行账户（总工发〔2012〕16号 第四条）"))
    if fund.programme == Programme.GOLDEN_AUTUMN:
        done = FundPayment.objects.filter(
            fund__programme=Programme.GOLDEN_AUTUMN, payee_id_number=id_number, paid_on__year=paid_on.year
        ).exists()
        if done:
            raise TransitionRefused(_("金秋助学每名学生每年补助一次，本年度已发放"))
    return group


CO_FUNDED = ("relative", "accident")  # R-AMT-12: the categories whose aid is co-funded


def share_in_force(fund: Fund, year: int) -> AllocationPlan | None:
    """R-AMT-12: the plan that fixed the year's central share of the co-funded aid for the paying union: the
    nearest plan above it (its province's, else ACFTU's) of the central aid fund for that year with a share."""
    path = fund.union_org.path
    ancestors = ["/".join(path.strip("/").split("/")[:i]) for i in range(1, path.strip("/").count("/") + 2)]
    plans = AllocationPlan.objects.filter(
        programme=Programme.AID,
        source=Source.CENTRAL,
        year=year,
        central_share_permille__isnull=False,
        union_org__path__in=[f"/{a}/" for a in ancestors],
    ).select_related("union_org")
    return max(plans, key=lambda p: len(p.union_org.path), default=None)


def split_fen(total_fen: int, permille: int) -> tuple[int, int]:
    """The central part (rounded half up to the fen) and the rest, which the other source bears."""
    central = (total_fen * permille + 500) // 1000
    return central, total_fen - central


def _check_aid_rules(fund: Fund, project: str, archive) -> None:
    if project not in fund.projects:  # R-PAY-22: the source's rule set
        raise TransitionRefused(
            _("%(fund)s的使用规则不包括%(project)s（%(ref)s）")
            % {
                "fund": fund,
                "project": Project(project).label,
                "ref": fund.rules_reference or _("该资金的使用规定"),
            }
        )
    if archive is not None and fund.categories and archive.category not in fund.categories:
        raise TransitionRefused(
            _("%(fund)s只用于%(cats)s家庭（%(ref)s）")
            % {
                "fund": fund,
                "cats": "、".join(fund.category_labels),
                "ref": fund.rules_reference or _("该资金的使用规定"),
            }
        )


def _co_fund(actor, fund: Fund, data: dict) -> Fund:
    """The other-source aid fund of the same union that bears the rest of a co-funded payment."""
    raw = str(data.get("co_fund") or "").strip()
    other = Fund.objects.filter(pk=int(raw)).select_related("union_org").first() if raw.isdigit() else None
    if other is None or (actor is not None and not union_in_scope(actor, other.union_org)):
        raise Invalid(
            "co_fund",
            _(
                "相对困难、意外致困职工的帮扶由中央财政专项帮扶资金和其他来源帮扶资金共同承担，请选择其他来源资金（%(c)s）"
            )
            % {"c": CoFunding.CLAUSE},
        )
    if (
        other.programme != Programme.AID
        or other.source == Source.CENTRAL
        or other.union_org_id != fund.union_org_id
    ):
        raise Invalid("co_fund", _("共同承担的须是本单位其他来源的帮扶资金"))
    return other


def do_pay(actor, fund: Fund, household, data: dict) -> FundPayment:
    """Pay a worker from a fund. data: project (aid fund), use, amount, paid_on, method, cash_reason,
    self_paid_share (medical), and for the other programmes payee_name and payee_id_number.

    R-AMT-12: paid from the central aid fund to a relative or accident-induced household, the payment is
    co-funded: `co_fund` names the other-source fund of the same union, the central part is the year's share
    (rounded half up to the fen) and the other fund bears the rest; each part is its own payment, archive
    payment (so its own roster line, tagged with its source) and ledger entry. Returns the central part
    (`.cofunding` links the parts)."""
    refuse_unless(actor, "pay")
    check_fund(actor, fund)
    if actor is not None and not archive_actions.household_visible(actor, household):
        raise Http404(_("未找到该家庭"))
    project = choice(data, "project", Project, required=fund.programme == Programme.AID)
    if fund.programme != Programme.AID:
        project = ""
    use = choice(data, "use", Use)
    check_use(fund.programme, project, use)  # R-PAY-10, 11, 25
    amount = money(data, "amount")
    if amount <= 0:
        raise Invalid("amount", _("金额应大于0"))
    paid_on = date(data, "paid_on", default=today())
    if paid_on > today():
        raise Invalid("paid_on", _("支出日期不能晚于今天"))
    method, cash_reason = _method(data)
    if fund.programme != Programme.AID:
        with transaction.atomic():
            return _pay_part(
                actor, lock(fund), household, data, project, use, amount, paid_on, method, cash_reason
            )
    with transaction.atomic():
        fund = lock(fund)
        archive = Archive.objects.filter(household=household, status__in=PAYABLE_STATUSES).first()
        _check_aid_rules(fund, project, archive)
        if not (fund.source == Source.CENTRAL and archive is not None and archive.category in CO_FUNDED):
            return _pay_part(actor, fund, household, data, project, use, amount, paid_on, method, cash_reason)
        plan = share_in_force(fund, paid_on.year)
        if plan is None:
            raise TransitionRefused(
                _(
                    "%(y)s年度相对困难、意外致困职工帮扶的中央资金承担比例尚未确定，不能从中央财政专项帮扶资金支付（%(c)s）"
                )
                % {"y": paid_on.year, "c": CoFunding.CLAUSE}
            )
        central_fen, other_fen = split_fen(amount, plan.central_share_permille)
        other = _co_fund(actor, fund, data) if other_fen else None
        if other is not None:
            other = lock(other)
            _check_aid_rules(other, project, archive)
        if project == Project.MEDICAL:  # R-AMT-10 on the whole payment, not only on each part
            share = money(data, "self_paid_share")
            if amount > share:
                raise Invalid("amount", _("医疗救助不能超过个人自付部分%(s)s元") % {"s": yuan(share)})
        cofunding = CoFunding.objects.create(
            household=household,
            category=archive.category,
            plan=plan,
            central_share_permille=plan.central_share_permille,
            total_fen=amount,
            central_fen=central_fen,
            other_fen=other_fen,
            created_by=actor,
        )
        parts = [
            _pay_part(
                actor,
                f,
                household,
                data,
                project,
                use,
                part,
                paid_on,
                method,
                cash_reason,
                cofunding=cofunding,
            )
            for f, part in ((fund, central_fen), (other, other_fen))
            if part
        ]
        _audit(
            actor,
            "unionfunds.cofund",
            cofunding,
            fund,
            {
                "share": cofunding.share_percent(),
                "plan": plan.pk,
                "total": yuan(amount),
                "central": yuan(central_fen),
                "other": yuan(other_fen),
                "other_fund": other.pk if other else None,
                "clause": CoFunding.CLAUSE,
            },
            household=household,
        )
    return parts[0]


def _pay_part(
    actor, fund, household, data, project, use, amount, paid_on, method, cash_reason, cofunding=None
):
    """One payment from one fund (inside the caller's transaction, the fund locked)."""
    aid = None
    if fund.programme == Programme.AID:
        aid = archive_actions.do_pay(
            actor,
            household,
            {
                "project": project,
                "amount": yuan(amount),
                "fund_source": fund.source,
                "paid_on": paid_on.isoformat(),
                "method": method,
                "cash_reason": cash_reason,
                "self_paid_share": data.get("self_paid_share"),
            },
        )
        payee = payee_of(household)
        name, id_number = payee.name, payee.id_number
        notes = advice(household, project, aid.year_total_fen, paid_on)
        group, standard, approval_ref = "", None, ""
    else:
        name = text(data, "payee_name", required=True, max_length=50)  # R-PAY-25: by real name
        id_number = text(data, "payee_id_number", required=True, max_length=18).upper()
        try:
            parse_id_number(id_number)
        except ValueError as e:
            raise Invalid("payee_id_number", str(e)) from None
        if not household.members.filter(id_number=id_number, active=True).exists():
            raise Invalid("payee_id_number", _("收款人须是该家庭的成员"))
        group = _programme_rules(fund, data, id_number, paid_on, method)
        notes, standard, approval_ref = [], None, ""
        if fund.programme == Programme.WARMTH:  # R-AMT-15: the local standard and approval authority
            standard, approval_ref, notes = warmth.check_payment(fund, group, amount, paid_on, data)
    note = f"{Project(project).label if project else fund.get_programme_display()}·{Use(use).label}"
    if cofunding is not None:
        note += _("·共同承担（中央%(s)s，%(c)s）") % {"s": cofunding.share_percent(), "c": cofunding.clause}
    entry = append(
        fund,
        LedgerEntry.Kind.PAYMENT,
        -amount,
        paid_on,
        actor,
        counterparty=name,
        reference=f"archives.unionaidpayment:{aid.pk}" if aid else "",
        note=note[:300],
    )
    payment = FundPayment.objects.create(
        fund=fund,
        household=household,
        payee_name=name,
        payee_id_number=id_number,
        project=project,
        use=use,
        recipient_group=group,
        amount_fen=amount,
        paid_on=paid_on,
        method=method,
        cash_reason=cash_reason,
        aid_payment=aid,
        entry=entry,
        advice=notes,
        cofunding=cofunding,
        warmth_standard=standard,
        approval_reference=approval_ref,
        created_by=actor,
    )
    if method == FundPayment.Method.CASH:  # R-PAY-14, 15: one line of the cash book, with its receipt
        from .cash import record_payment

        record_payment(actor, payment, data)
    _audit(
        actor,
        "unionfunds.pay",
        payment,
        fund,
        {
            "fund": fund.pk,
            "source": fund.source,
            "project": project,
            "use": use,
            "amount": yuan(amount),
            "paid_on": paid_on,
            "method": method,
            "cash_reason": cash_reason,
            "cofunding": cofunding.pk if cofunding else None,
            "warmth_standard": standard.pk if standard else None,
            "approval_reference": approval_ref,
        },
        household=household,
    )
    return payment


def do_spend(actor, fund: Fund, data: dict) -> LedgerEntry:
    """An expense that is not a payment to a worker: a training, placement or legal service bought under
    contract and paid by bank transfer (R-PAY-13). The use is checked like a payment's (R-PAY-10, 11)."""
    refuse_unless(actor, "receive")  # finance accounts for the fund
    check_fund(actor, fund)
    project = choice(data, "project", Project, required=fund.programme == Programme.AID)
    use = choice(data, "use", Use)
    check_use(fund.programme, project if fund.programme == Programme.AID else "", use)
    if fund.programme == Programme.AID and project not in fund.projects:
        raise TransitionRefused(_("%(fund)s的使用规则不包括该项目") % {"fund": fund})
    amount = money(data, "amount")
    if amount <= 0:
        raise Invalid("amount", _("金额应大于0"))
    on = date(data, "on", default=today())
    with transaction.atomic():
        fund = lock(fund)
        entry = append(
            fund,
            LedgerEntry.Kind.EXPENSE,
            -amount,
            on,
            actor,
            counterparty=text(data, "counterparty", required=True, max_length=200),
            reference=text(data, "reference", required=True, max_length=100),  # the contract
            note=f"{Project(project).label if project else ''}·{Use(use).label}".strip("·"),
        )
        _audit(
            actor,
            "unionfunds.spend",
            entry,
            fund,
            {"fund": fund.pk, "project": project, "use": use, "amount": yuan(amount), "on": on},
        )
    return entry


def paid_in_year(fund: Fund, year: int) -> int:
    return -(
        LedgerEntry.objects.filter(
            fund=fund, on__year=year, kind__in=[LedgerEntry.Kind.PAYMENT, LedgerEntry.Kind.EXPENSE]
        ).aggregate(t=Sum("amount_fen"))["t"]
        or 0
    )
