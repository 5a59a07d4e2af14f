"""The self-check (自助测评): the policy engine run on what the applicant entered, shown as advice only — the
decision is made by the procedure, on verified facts."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils.translation import gettext as _

from jiuzhu.core.models import Region
from jiuzhu.registry.documents import ValidationFailed, clean_household

log = logging.getLogger(__name__)
ENGINE_MEMBER_KEYS = (
    "ref",
    "name",
    "id_number",
    "relation",
    "co_resident",
    "marital_status",
    "health",
    "serious_illness",
    "work_capacity",
    "occupation",
)


def engine_input(doc: dict) -> dict:
    """jiuzhu.household/1 from a household document (the registry's shape; see registry.documents)."""
    region = Region.objects.filter(code=doc.get("region")).first()
    county = region.county if region else None
    assets = doc.get("assets") or {}
    members = []
    for i, m in enumerate(doc.get("members") or []):
        member = {k: m[k] for k in ENGINE_MEMBER_KEYS if m.get(k) not in (None, "")}
        member.setdefault("ref", f"m{i + 1}")
        member.setdefault("co_resident", True)
        member["incomes"] = [
            {k: v for k, v in i.items() if k in ("kind", "amount", "per", "method") and v not in (None, "")}
            for i in m.get("incomes") or []
        ]
        member["expenses"] = [
            {k: e[k] for k in ("kind", "amount", "per") if k in e} for e in m.get("expenses") or []
        ]
        members.append(member)
    return {
        "schema": "jiuzhu.household/1",
        "id": "selfcheck",
        "region": county.code if county else str(doc.get("region", ""))[:6],
        "area_type": doc.get("area_type") or "urban",
        "members": members,
        "obligors": [],
        "assets": {
            "deposits": assets.get("deposits") or "0",
            "securities": assets.get("securities") or "0",
            "receivables": assets.get("receivables") or "0",
            "houses": [
                {"area_m2": h.get("area_m2"), "nature": h.get("nature"), "in_large_city": False}
                for h in assets.get("houses") or []
                if h.get("area_m2") and h.get("nature")
            ],
            "vehicles": [
                {"kind": v.get("kind", "car"), "mobility_aid": False} for v in assets.get("vehicles") or []
            ],
            "businesses": [],
        },
        "flags": {},
        "events": [],
    }


def run(doc: dict, month: str | None = None, *, household_id: int | None = None) -> dict:
    """{"ok": bool, "problems": {...}, "programmes": [web.assessment.Programme...]}: advice only."""
    from jiuzhu.core.params import params_mapping
    from jiuzhu.policy import Params, assess
    from jiuzhu.web.assessment import PROGRAMME_LABELS, STATUS_LABELS, shown_reason

    from .forms import errors_from

    month = month or dt.date.today().strftime("%Y-%m")
    try:
        clean_household(doc, existing_household_id=household_id)
    except ValidationFailed as e:
        return {"ok": False, "problems": errors_from(e.problems), "programmes": []}
    try:
        output = assess(engine_input(doc), Params.from_mapping(params_mapping()), at=month)
    except Exception:  # advice only: an input the engine cannot read must not break the page
        log.exception("self-check failed")
        return {"ok": False, "problems": {"status": _("暂时无法测评，请直接提出申请")}, "programmes": []}
    programmes = []
    for key in ("dibao",):  # 临时救助 needs an event; its form says when it applies
        prog = (output.get("programs") or {}).get(key)
        if not isinstance(prog, dict):
            continue
        status = str(prog.get("status", ""))
        programmes.append(
            {
                "key": key,
                "label": str(PROGRAMME_LABELS.get(key, key)),
                "status": status,
                "status_label": str(STATUS_LABELS.get(status, status)),
                "may_fit": status in ("eligible", "needs_review"),
                "reasons": [shown_reason(r) for r in prog.get("reasons") or [] if isinstance(r, dict)][:5],
            }
        )
    return {"ok": True, "problems": {}, "programmes": programmes}
