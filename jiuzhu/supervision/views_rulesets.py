"""The register of implementing rule sets in force per union and level (R-SUP-14), each with the local
parameters it sets; read by every staff role. Rule sets are registered, filed and repealed by administrators
(admin, core.rulesets)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from jiuzhu.core.models import LocalParameter, Region, RuleSet
from jiuzhu.core.rulesets import param_label

from .views import _reader


def _level(rs: RuleSet) -> str:
    return rs.union.get_level_display() if rs.union_id else rs.region.get_level_display()


@login_required
def rule_set_list(request):
    _reader(request.user)
    try:
        day = dt.date.fromisoformat(request.GET.get("on", "").strip())
    except ValueError:
        day = timezone.localdate()
    show_all = request.GET.get("all") == "1"
    rows = []
    names = dict(Region.objects.filter(level__lte=Region.Level.COUNTY).values_list("code", "name"))
    for rs in RuleSet.objects.select_related(
        "union__region", "union__parent", "region", "filed_with"
    ).order_by("union__path", "region__path", "-effective_from"):
        if not show_all and not rs.in_force(day):
            continue
        params = [
            {
                "region": names.get(p.region_code, p.region_code),
                "label": param_label(p.key, p.variant),
                "effective_from": p.effective_from,
            }
            for p in LocalParameter.objects.filter(rule_set=rs).order_by(
                "region_code", "key", "effective_from"
            )
        ]
        due_with = rs.files_with()
        rows.append(
            {
                "rs": rs,
                "issuer": rs.issuer.name,
                "level": _level(rs),
                "in_force": rs.in_force(day),
                "files_with": due_with.name if due_with else "",
                "params": params,
                "keys": [param_label(k) for k in rs.keys or []],
            }
        )
    unlinked = LocalParameter.objects.filter(rule_set__isnull=True).count()
    return render(
        request,
        "supervision/rulesets.html",
        {"rows": rows, "day": day, "show_all": show_all, "unlinked": unlinked},
    )
