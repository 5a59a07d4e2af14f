"""The dashboard's figures (issue 16 item 1): what each counts, in the viewer's scope, each with its list."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .cube import Cube, Filters, current_snapshot, is_fresh


@dataclass
class Stat:
    value: int
    label: str
    tooltip: str
    link: str
    union: bool = False


def figures(user, within=None) -> dict:
    snap = current_snapshot()
    month = snap.as_of.replace(day=1)
    f = Filters(start=month, end=month, region=within)
    civil = Cube(snap, user, f)
    union = Cube(snap, user, f, union=True)
    receiving = civil.by("dibao.receiving", "programme", month=month)
    persons = civil.total("dibao.persons", month=month)
    in_progress = civil.total("dibao.in_progress", stock=True)
    in_file = union.by("arch.in_file", "programme", stock=True)

    def link(slug: str, **query) -> str:
        query = {k: v for k, v in query.items() if v}
        if within is not None:
            query["region"] = within.code
        url = reverse("reports:list", args=[slug])
        return f"{url}?{urlencode(query)}" if query else url

    m = f"{month:%Y-%m}"
    stats = [
        Stat(
            sum(receiving.values()),
            _("本月享受低保家庭"),
            _("本月在发放范围内的低保家庭（保障中、渐退期及停发月之前）"),
            link("dibao_receiving", month=m),
        ),
        Stat(
            receiving.get("urban", 0),
            _("其中城市低保"),
            _("按低保类别：城市"),
            link("dibao_receiving", month=m, programme="urban"),
        ),
        Stat(
            receiving.get("rural", 0),
            _("其中农村低保"),
            _("按低保类别：农村"),
            link("dibao_receiving", month=m, programme="rural"),
        ),
        Stat(
            persons, _("本月低保保障人数"), _("上述家庭核定的保障人数之和"), link("dibao_receiving", month=m)
        ),
        Stat(
            in_progress, _("办理中的低保申请"), _("已受理、尚未审批或撤回的申请"), link("dibao_in_progress")
        ),
        Stat(
            sum(in_file.values()),
            _("在档困难职工家庭"),
            _("在档及脱困渐退期的档案（一户一档）"),
            link("workers_in_file"),
            True,
        ),
    ]
    return {"stats": stats, "snapshot": snap, "fresh": is_fresh(snap), "month": month}
