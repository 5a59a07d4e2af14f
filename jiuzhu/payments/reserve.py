"""Township temporary-assistance reserve funds (备用金, R-PAY-09): an append-only ledger per township.

Money passed down to the reserve is a top-up (+); cash handed out from it to a temporary-assistance case is a
cash-out (−), written by the temporary procedure in the same transaction as the handout (R-FLOW-24); money
sent back is a return (−); a mistake is corrected by a reversing entry, never an edit. The balance is the sum
of the entries. A cash-out is recorded even when the balance does not cover it — the cash was handed out —
and the shortfall is shown as a warning on the reserve's page.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuzhu.core.audit import record
from jiuzhu.core.models import Region

from .models import FINANCE, MAKERS, ReserveEntry, ReserveFund


def township_of(region: Region) -> Region:
    """The township (level 4) a region lies in; the region itself when it is a township or above."""
    node = region
    while node is not None and node.level > Region.Level.TOWNSHIP:
        node = node.parent
    return node or region


def fund_for(region: Region) -> ReserveFund:
    township = township_of(region)
    fund, _created = ReserveFund.objects.get_or_create(region=township)
    return fund


def balance_fen(fund: ReserveFund) -> int:
    return fund.entries.aggregate(s=Sum("amount_fen"))["s"] or 0


def _entry(actor, fund, kind, amount_fen, on, **extra) -> ReserveEntry:
    entry = ReserveEntry.objects.create(
        fund=fund,
        kind=kind,
        amount_fen=amount_fen,
        on=on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        **extra,
    )
    from jiuzhu.registry.money import yuan

    record(
        actor,
        f"payments.reserve.{kind}",
        entry,
        household=extra.get("household"),
        scope_path=fund.region.path,
        after={
            "amount": yuan(amount_fen),
            "on": on.isoformat(),
            "reference": extra.get("reference", ""),
            "balance": yuan(balance_fen(fund)),
        },
    )
    return entry


def _check(actor, roles, fund: ReserveFund) -> None:
    from .rosters import Refused, _require

    _require(actor, roles, _("登记备用金"))
    if not actor.is_superuser and not (actor.region_id and fund.region.path.startswith(actor.region.path)):
        raise Refused(_("该乡镇（街道）不在您的管辖范围内"))


def do_top_up(
    actor, region: Region, amount_fen: int, on: dt.date, reference: str, note: str = ""
) -> ReserveEntry:
    """Money passed down to a township's reserve (the procedure is local, R-PAY-09): finance records it."""
    from .rosters import Refused

    if amount_fen <= 0:
        raise Refused(_("拨入金额应大于零"))
    if not (reference or "").strip():
        raise Refused(_("请填写拨款凭证或文号"))
    with transaction.atomic():
        fund = fund_for(region)
        _check(actor, FINANCE, fund)
        return _entry(
            actor,
            fund,
            ReserveEntry.Kind.TOP_UP,
            amount_fen,
            on,
            reference=reference.strip()[:100],
            note=note[:200],
        )


def do_return(
    actor, region: Region, amount_fen: int, on: dt.date, reference: str, note: str = ""
) -> ReserveEntry:
    from .rosters import Refused

    if amount_fen <= 0:
        raise Refused(_("退回金额应大于零"))
    with transaction.atomic():
        fund = fund_for(region)
        _check(actor, FINANCE, fund)
        return _entry(
            actor,
            fund,
            ReserveEntry.Kind.RETURN,
            -amount_fen,
            on,
            reference=(reference or "")[:100],
            note=note[:200],
        )


def cash_out(actor, household, case, amount_fen: int, on: dt.date, reference: str) -> ReserveEntry:
    """Called by the temporary procedure inside its handout transaction: cash from the township's reserve."""
    fund = fund_for(household.region)
    return _entry(
        actor,
        fund,
        ReserveEntry.Kind.CASH_OUT,
        -amount_fen,
        on,
        household=household,
        case_type=case._meta.label_lower,
        case_id=case.pk,
        reference=reference[:100],
    )


def do_reverse(actor, entry: ReserveEntry, reason: str) -> ReserveEntry:
    """Correct an entry by its opposite; the entry itself stays."""
    from .rosters import Refused

    if not (reason or "").strip():
        raise Refused(_("请填写冲正原因"))
    with transaction.atomic():
        entry = ReserveEntry.objects.select_for_update().get(pk=entry.pk)
        _check(actor, MAKERS + FINANCE, entry.fund)
        if entry.kind == ReserveEntry.Kind.REVERSAL or hasattr(entry, "reversed_by"):
            raise Refused(_("该笔已冲正，或本身是冲正记录"))
        return _entry(
            actor,
            entry.fund,
            ReserveEntry.Kind.REVERSAL,
            -entry.amount_fen,
            timezone.localdate(),
            household=entry.household,
            case_type=entry.case_type,
            case_id=entry.case_id,
            reference=entry.reference,
            note=reason.strip()[:200],
            reverses=entry,
        )
