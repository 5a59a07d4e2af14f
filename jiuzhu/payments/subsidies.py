"""Price-linkage temporary subsidies (价格临时补贴, 民函〔2019〕95号 二, R-AMT-08): the county records that the
trigger was reached for a month, for the groups it names, with the subsidy per person. The `price_subsidy`
roster of that month then pays each 低保 household of those groups: persons covered × subsidy
(jiuzhu/dibao/payables.py)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jiuzhu.core.audit import record
from jiuzhu.core.models import Region
from jiuzhu.registry.money import MoneyError, parse_yuan, yuan

from .models import CHECKERS, PriceSubsidy
from .rosters import Refused, _require, parse_period


def do_record_price_subsidy(
    actor, *, county: str, month, groups: list[str], per_person: str, trigger_note: str, reference: str = ""
) -> PriceSubsidy:
    """An approver (or administrator) of the county or above records the county's decision; once per county
    and month (a database constraint). Every field is checked before anything is written."""
    _require(actor, CHECKERS, _("登记价格临时补贴"))
    region = Region.objects.filter(code=str(county).strip()).first()
    if region is None or region.level != Region.Level.COUNTY:
        raise Refused(_("县（市、区）：未找到代码为“%(code)s”的县级行政区划") % {"code": county})
    if not actor.is_superuser and (actor.region is None or not region.path.startswith(actor.region.path)):
        raise Refused(_("“%(name)s”不在您的管辖范围内") % {"name": region.name})
    period = parse_period(month)
    chosen = [str(g) for g in groups or []]
    unknown = [g for g in chosen if g not in PriceSubsidy.Group.values]
    if not chosen or unknown:
        raise Refused(_("发放对象：请选择城市低保对象和/或农村低保对象"))
    try:
        fen = parse_yuan(per_person)
    except MoneyError as exc:
        raise Refused(_("每人补贴：%(problem)s") % {"problem": exc}) from None
    if fen is None or fen <= 0:
        raise Refused(_("每人补贴：应为大于零的金额（元）"))
    note = (trigger_note or "").strip()
    if not note:
        raise Refused(_("触发情况：请写明价格指数达到启动条件的情况"))
    try:
        with transaction.atomic():
            subsidy = PriceSubsidy.objects.create(
                region=region,
                month=period,
                groups=chosen,
                per_person_fen=fen,
                trigger_note=note[:300],
                reference=(reference or "").strip()[:100],
                recorded_by=actor,
            )
            record(
                actor,
                "payments.price_subsidy.record",
                subsidy,
                scope_path=region.path,
                after={
                    "month": f"{period:%Y-%m}",
                    "groups": [str(PriceSubsidy.Group(g).label) for g in chosen],
                    "per_person": yuan(fen),
                    "trigger": note,
                },
            )
    except IntegrityError:
        raise Refused(
            _("%(name)s %(month)s 的价格临时补贴已登记") % {"name": region.name, "month": f"{period:%Y-%m}"}
        ) from None
    return subsidy


def subsidies_for(actor, start: dt.date | None = None):
    qs = PriceSubsidy.objects.select_related("region", "recorded_by")
    if not actor.is_superuser and actor.region is not None:
        qs = qs.filter(region__path__startswith=actor.region.path)
    if start:
        qs = qs.filter(month__gte=start)
    return qs
