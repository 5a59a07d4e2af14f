"""R-RPT-06 (民发〔2019〕87号 四、五): people who have left poverty but whose income is unstable.

**Who left poverty.** The registry marks a household 建档立卡未脱贫 (`Household.registered_poor`); its field-level
history (the `household.update` audit events of registry.actions) records the day the mark was taken off. A
household has left poverty when such an event exists and the household is in the register and not marked poor
again. (The poverty-alleviation department's own list is not in the system; this is what the registry knows.)

**Unstable income** (民发〔2019〕87号 四: 收入不稳定、持续增收能力较弱; **DEFAULT**, the text gives no test), from the
registry's incomes and members, each of the active members:
- 就业不稳定 (unstable work): an income of flexible work that cannot be inferred (`flexible_wage_unknown`), or a
  member in flexible work, unemployed (registered or not), or laid off and not re-employed;
- 无稳定收入来源 (no steady source): no wage, business or pension income at all;
- 缺乏劳动能力 (weak earning capacity): no member with full work capacity.
A household with at least one of them is counted once; each reason is counted once per household. The same
expressions make the snapshot's figures and the list behind them.
"""

from __future__ import annotations

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext_lazy as _

REASONS = [
    ("unstable_work", _("就业不稳定")),
    ("no_steady_source", _("无稳定收入来源")),
    ("weak_capacity", _("缺乏劳动能力")),
]
LABELS = dict(REASONS)


def left_poverty(households):
    """The households of `households` that left poverty (the mark taken off, not put back)."""
    from jiuzhu.core.models import AuditEvent

    key = "flags.registered_poor"  # the field-level key of registry.documents.flatten
    cleared = AuditEvent.objects.filter(
        action="household.update", **{f"before__{key}": True, f"after__{key}": False}
    ).values("household_id")  # read once (IN), not per household: the audit trail is the larger table
    return households.filter(pk__in=cleared, active=True, registered_poor=False)


def flags() -> dict:
    """{reason: an expression true for a Household with it}."""
    from jiuzhu.registry.choices import IncomeKind, Occupation, WorkCapacity
    from jiuzhu.registry.models import IncomeItem, Member

    members = Member.objects.filter(household_id=OuterRef("pk"), active=True)
    incomes = IncomeItem.objects.filter(member__household_id=OuterRef("pk"), member__active=True)
    return {
        "unstable_work": Exists(incomes.filter(kind=IncomeKind.FLEXIBLE_WAGE_UNKNOWN))
        | Exists(
            members.filter(
                Q(
                    occupation__in=[
                        Occupation.FLEXIBLE,
                        Occupation.REGISTERED_UNEMPLOYED,
                        Occupation.UNREGISTERED_UNEMPLOYED,
                    ]
                )
                | Q(laid_off=True, reemployed_since__isnull=True)
            )
        ),
        "no_steady_source": ~Exists(
            incomes.filter(kind__in=[IncomeKind.WAGE, IncomeKind.BUSINESS_NET, IncomeKind.PENSION])
        ),
        "weak_capacity": ~Exists(members.filter(work_capacity=WorkCapacity.FULL)),
    }


def annotated(households):
    return households.annotate(
        **{f"r_{k}": ExpressionWrapper(expr, output_field=BooleanField()) for k, expr in flags().items()}
    )


def unstable(households, reason: str = ""):
    """The households with unstable income (any reason), or with `reason`."""
    expr = flags()
    if reason:
        return households.filter(expr[reason]) if reason in expr else households.none()
    q = Q()
    for e in expr.values():
        q |= Q(e)
    return households.filter(q)
