"""Local parameters in the database, in the shape of the parameter file (the policy engine's input).

Administrators edit them with effective dates; every change is audited (issue 3, "Parameters").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from .audit import record
from .models import LocalParameter, Region

# Keys whose value is split by area type in the file (dibao_standard: {urban: {...}, rural: {...}}).
VARIANT_KEYS = {"dibao_standard": ("urban", "rural")}


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def do_load_params_file(actor, path: Path) -> int:
    """Store every dated value of a parameter file (same layout as shared/spec/examples/params.yaml)."""
    mapping = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    count = 0
    with transaction.atomic():
        for code, keys in (mapping.get("regions") or {}).items():
            code = str(code)
            for key, dated in keys.items():
                if key == "name":
                    continue
                variants = VARIANT_KEYS.get(key)
                pairs = [(v, dated[v]) for v in variants if v in dated] if variants else [("", dated)]
                for variant, series in pairs:
                    for day, value in series.items():
                        obj, _ = LocalParameter.objects.update_or_create(
                            region_code=code,
                            key=key,
                            variant=variant,
                            effective_from=_date(day),
                            defaults={"value": value},
                        )
                        count += 1
        if count:
            record(actor, "params.load", obj, after={"file": Path(path).name, "values": count})
    return count


def do_set_param(
    actor,
    *,
    region_code: str,
    key: str,
    variant: str,
    effective_from: dt.date,
    value: Any,
    rule_set,
    citation: str = "",
) -> LocalParameter:
    """Set a dated value; it names the rule set in force that authorises it (R-SUP-14, core.rulesets), and
    the citation defaults to that rule set's title and number."""
    from .rulesets import authorise

    authorise(rule_set, region_code=region_code, key=key, effective_from=effective_from)
    citation = citation or str(rule_set)[:200]
    with transaction.atomic():
        obj = LocalParameter.objects.filter(
            region_code=region_code, key=key, variant=variant, effective_from=effective_from
        ).first()
        before = {"value": obj.value, "citation": obj.citation, "rule_set": obj.rule_set_id} if obj else None
        if obj is None:
            obj = LocalParameter(
                region_code=region_code, key=key, variant=variant, effective_from=effective_from
            )
        obj.value, obj.citation, obj.rule_set = value, citation, rule_set
        obj.save()
        region = Region.objects.filter(code=region_code).first()
        record(
            actor,
            "params.set",
            obj,
            before=before,
            after={"value": value, "citation": citation, "rule_set": rule_set.pk},
            scope_path=region.path if region else "",
        )
    return obj


def params_mapping() -> dict:
    """All stored parameters as the parameter-file mapping that jiuzhu.policy.Params.from_mapping reads."""
    regions: dict[str, dict] = {}
    names = dict(Region.objects.filter(level__lte=Region.Level.COUNTY).values_list("code", "name"))
    for p in LocalParameter.objects.order_by("region_code", "key", "variant", "effective_from"):
        region = regions.setdefault(p.region_code, {"name": names.get(p.region_code, p.region_code)})
        target = region.setdefault(p.key, {})
        if p.variant:
            target = target.setdefault(p.variant, {})
        target[p.effective_from] = p.value
    return {"regions": regions}


def params_used_by(engine_input: dict, mapping: dict | None = None) -> dict:
    """The part of params_mapping() that an engine input can consult, stored with a decision so that it can
    be reproduced (R-FLOW-06). The engine looks parameters up by exactly the household's region and each
    support obligor's hukou region (an obligor living in another county is judged by that county's
    standard), so those regions are kept, whole."""
    mapping = params_mapping() if mapping is None else mapping
    codes = {engine_input.get("region")}
    codes |= {o.get("hukou_region") for o in engine_input.get("obligors") or [] if isinstance(o, dict)}
    return {"regions": {code: body for code, body in mapping.get("regions", {}).items() if code in codes}}
