"""The lists behind the figures: click a number, see exactly the cases it counts (live, not the snapshot).

Each list applies the same definition as the snapshot's measure (snapshot.py) to the viewer's own case list
(dibao.views.applications_for, archives.actions.archives_for), so a figure and its list agree whenever the
snapshot is up to date (the page says so when it is not).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass
class ListDef:
    slug: str
    title: str
    unit: str  # 户 or 件


LISTS = {
    "dibao_receiving": ListDef("dibao_receiving", _("本月享受低保的家庭"), _("户")),
    "dibao_in_progress": ListDef("dibao_in_progress", _("办理中的低保申请"), _("件")),
    "workers_in_file": ListDef("workers_in_file", _("在档困难职工家庭"), _("户")),
    "left_poverty": ListDef("left_poverty", _("已脱贫家庭"), _("户")),
    "left_poverty_unstable": ListDef("left_poverty_unstable", _("已脱贫但收入不稳定的家庭"), _("户")),
    "workers_by_cause": ListDef("workers_by_cause", _("在档困难职工家庭（按致困原因）"), _("户")),
}


def dibao_receiving(user, month: dt.date, region=None, programme: str = "") -> Iterator[dict]:
    """Cases paid for `month`: dibao.payables.not_payable(row, month) is None (rosters, budget, snapshot)."""
    from jiuzhu.dibao.models import DibaoApplication
    from jiuzhu.dibao.payables import CHUNK, FIELDS, PAYABLE, not_payable
    from jiuzhu.dibao.views import applications_for

    cases = applications_for(user).filter(status__in=PAYABLE, payment_start__isnull=False)
    if region is not None:
        cases = cases.filter(household__region__path__startswith=region.path)
    if programme:
        cases = cases.filter(area_type=programme)
    cases = DibaoApplication.objects.filter(pk__in=cases.values("pk"))
    last = 0
    while True:
        rows = list(cases.filter(pk__gt=last).order_by("pk").values(*FIELDS)[:CHUNK])
        if not rows:
            return
        last = rows[-1]["id"]
        for row in rows:
            if not_payable(row, month) is None:
                yield row


def dibao_in_progress(user, region=None, programme: str = ""):
    from jiuzhu.dibao.models import PENDING
    from jiuzhu.dibao.views import applications_for

    qs = applications_for(user).filter(status__in=PENDING)
    if region is not None:
        qs = qs.filter(household__region__path__startswith=region.path)
    if programme:
        qs = qs.filter(area_type=programme)
    return qs.order_by("pk")


def workers_in_file(user, region=None, programme: str = ""):
    from jiuzhu.archives.actions import archives_for
    from jiuzhu.archives.models import PAYABLE_STATUSES

    qs = archives_for(user).filter(status__in=PAYABLE_STATUSES)
    if region is not None:
        qs = qs.filter(household__region__path__startswith=region.path)
    if programme:
        qs = qs.filter(category=programme)
    return qs.order_by("pk")


def workers_by_cause(user, region=None, programme: str = "", cause: str = "", only: bool = False):
    """R-RPT-02: the households in file with a cause of hardship (causes.py), or — `only` — in that cell of the
    partition (its only cause, several, none): the same filters as the snapshot's arch.cause / arch.cause_part."""
    from .causes import filter_archives

    return filter_archives(workers_in_file(user, region, programme), cause, only).order_by("pk")


def left_poverty(user, region=None, programme: str = "", *, unstable: bool = False, reason: str = ""):
    """R-RPT-06: the viewer's civil-affairs households (accounts.scope.civil_households) that left poverty, or —
    `unstable` — those with unstable income (any reason, or `reason`): poverty.py, as the snapshot counts them."""
    from jiuzhu.accounts.scope import civil_households

    from . import poverty

    qs = poverty.left_poverty(civil_households(user))
    if region is not None:
        qs = qs.filter(region__path__startswith=region.path)
    if programme:
        qs = qs.filter(area_type=programme)
    if unstable:
        qs = poverty.unstable(qs, reason)
    return qs.order_by("pk")
