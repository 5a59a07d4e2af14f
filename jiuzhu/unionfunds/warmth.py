"""Local 送温暖 standards and approval authority (R-AMT-15; 总工发〔2018〕39号 第七条、第十七条).

- Who sets them: the rights-protection department (roles.py) of the competent union itself — a provincial
  union or a union below it. Not ACFTU (the standards are set locally, 第七条) and not a help centre. A union
  below the province stays within the standard in force above it for the same group (the provincial rules
  fix the spending standards, 第十七条): neither its standard nor its approved maximum may exceed the
  higher one's.
- What a standard is: the condolence amount per recipient per visit, for one recipient group or every group,
  from a date, with its basis (local living standards), the price index and the document of the
  implementing rules; and the approval authority for more than the standard: who approves (the paying
  union's leadership collectively, or the union that set the standard) and the most that may be approved
  (none: nothing above the standard).
- Applied to each 送温暖 payment (pay.py): the standard in force is the nearest union's — the paying fund's
  union, then each union above it up to the province — for the payment's group (else that union's
  every-group standard) on the payment date. Within it: paid. Above it: refused unless the approval's
  document number is given and the amount is within the approved maximum; the standard and the approval are
  kept on the payment. No local standard yet: paid, with advice saying so.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from jiuzhu.core.audit import jsonable, record
from jiuzhu.core.models import UnionOrg
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.registry.money import yuan
from jiuzhu.temporary.actions import Invalid, choice, date, money, text

from .ledger import refuse_unless
from .models import WARMTH_GROUPS, RecipientGroup, WarmthStandard
from .roles import union_in_scope

CLAUSE = "总工发〔2018〕39号 第七条、第十七条"


def _chain(org: UnionOrg) -> list[str]:
    """The paths of the union and of the unions above it, below ACFTU, nearest first."""
    codes = org.path.strip("/").split("/")
    return ["/" + "/".join(codes[:i]) + "/" for i in range(len(codes), 1, -1)]


def in_force(org: UnionOrg, group: str, on: dt.date, *, above: bool = False) -> WarmthStandard | None:
    """The standard in force for `group` on `on` for a payment of `org` (above=True: from the unions above
    `org` only)."""
    chain = _chain(org)[1:] if above else _chain(org)
    rows = list(
        WarmthStandard.objects.filter(
            Q(recipient_group=group) | Q(recipient_group=""),
            union_org__path__in=chain,
            valid_from__lte=on,
        ).select_related("union_org")
    )
    if not rows:
        return None
    return min(
        rows,
        key=lambda s: (chain.index(s.union_org.path), s.recipient_group != group, -s.valid_from.toordinal()),
    )


def do_set_standard(actor, union_org: UnionOrg, data: dict) -> WarmthStandard:
    refuse_unless(actor, "set_warmth_standard")
    if not union_in_scope(actor, union_org):
        raise Http404(_("未找到该工会"))
    if union_org.level == UnionOrg.Level.NATIONAL or union_org.is_help_centre:
        raise TransitionRefused(
            _("送温暖慰问标准由省级及以下地方工会结合当地情况制定（%(c)s）") % {"c": CLAUSE}
        )
    own = getattr(actor, "union_org_id", None)
    if actor is not None and own is not None and own != union_org.pk:
        raise TransitionRefused(_("只能由本级工会制定本级的送温暖慰问标准（%(c)s）") % {"c": CLAUSE})
    group = choice(data, "recipient_group", RecipientGroup, required=False, default="")
    if group and group not in WARMTH_GROUPS:
        raise Invalid("recipient_group", _("请选择送温暖对象类别"))
    amount = money(data, "amount")
    if amount <= 0:
        raise Invalid("amount", _("金额应大于0"))
    most = money(data, "max", required=False)
    if most is not None and most <= amount:
        raise Invalid("max", _("经审批最高额应高于慰问标准"))
    approver = choice(
        data, "approver", WarmthStandard.Approver, required=False, default=WarmthStandard.Approver.LEADERSHIP
    )
    index = str(data.get("price_index") or "").strip()
    try:
        price_index = Decimal(index) if index else None
    except InvalidOperation:
        raise Invalid("price_index", _("“%(v)s”不是价格指数（如102.3）") % {"v": index}) from None
    valid_from = date(data, "valid_from")
    basis = text(data, "basis", required=True, max_length=300)
    reference = text(data, "reference", required=True, max_length=100)
    higher = in_force(union_org, group, valid_from, above=True)
    if higher is not None:  # 第十七条: within the standard set above
        if amount > higher.amount_fen or (most or 0) > (higher.max_fen or higher.amount_fen):
            raise TransitionRefused(
                _("不能高于%(u)s的送温暖慰问标准%(a)s元/人·次%(m)s（%(r)s）")
                % {
                    "u": higher.union_org.name,
                    "a": higher.amount_yuan(),
                    "m": _("、经审批最高%(m)s元") % {"m": higher.max_yuan()} if higher.max_fen else "",
                    "r": higher.reference,
                }
            )
    with transaction.atomic():
        try:
            with transaction.atomic():
                std = WarmthStandard.objects.create(
                    union_org=union_org,
                    recipient_group=group,
                    valid_from=valid_from,
                    amount_fen=amount,
                    max_fen=most,
                    approver=approver,
                    basis=basis,
                    price_index=price_index,
                    reference=reference,
                    set_by=actor,
                )
        except IntegrityError:
            raise TransitionRefused(_("该对象类别在这一日期已有标准")) from None
        record(
            actor,
            "unionfunds.set_warmth_standard",
            std,
            after={
                k: jsonable(v)
                for k, v in {
                    "group": group,
                    "valid_from": valid_from,
                    "amount": yuan(amount),
                    "max": yuan(most) if most else "",
                    "approver": approver,
                    "reference": reference,
                }.items()
            },
            scope_path=union_org.path,
        )
    return std


def check_payment(fund, group: str, amount_fen: int, paid_on: dt.date, data: dict):
    """R-AMT-15 on one 送温暖 payment: (the standard applied or None, the approval's document, advice)."""
    std = in_force(fund.union_org, group, paid_on)
    if std is None:
        return None, "", [_("本地尚未制定送温暖慰问标准（%(c)s）") % {"c": CLAUSE}]
    if amount_fen <= std.amount_fen:
        return std, "", []
    if std.max_fen is None:
        raise TransitionRefused(
            _("超过%(u)s送温暖慰问标准%(a)s元/人·次，不得超标准发放（%(r)s）")
            % {"u": std.union_org.name, "a": std.amount_yuan(), "r": std.reference}
        )
    if amount_fen > std.max_fen:
        raise TransitionRefused(
            _("超过%(u)s规定的经审批最高额%(m)s元/人·次（%(r)s）")
            % {"u": std.union_org.name, "m": std.max_yuan(), "r": std.reference}
        )
    ref = text(data, "approval_reference", max_length=100)
    if not ref:
        raise Invalid(
            "approval_reference",
            _("超过慰问标准%(a)s元/人·次，须经%(who)s审批，请填写审批文号（%(r)s）")
            % {"a": std.amount_yuan(), "who": std.get_approver_display(), "r": std.reference},
        )
    return std, ref, []
