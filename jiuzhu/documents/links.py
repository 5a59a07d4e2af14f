"""`documents_for(obj)`: the documents that belong to an object's current step, for case pages."""

from __future__ import annotations

from django.urls import reverse

from .kinds import KINDS

# DibaoApplication status -> the kinds printed at that step (by the application, unless noted).
STEP_DOCUMENTS = {
    "draft": ["fj1", "fj2"],
    "submitted": ["fj1", "fj2"],
    "verifying": ["verification"],
    "visiting": ["fj4"],
    "appraisal": ["fj4", "fj3"],
    "township_review": ["fj3"],
    "review_publicity": ["fj5", "fj3"],
    "township_opinion": ["fj3"],
    "county_approval": ["fj3"],
    "approved": ["fj3", "fj8"],
    "approval_publicity": ["fj8"],
    "active": ["fj9"],
    "phase_out": ["fj9"],
    "refused": ["fj6"],
    "stopped": ["fj7"],
}


def _link(kind: str, pk: int, fmt: str = "pdf") -> dict:
    return {
        "kind": kind,
        "title": KINDS[kind].title,
        "attachment": KINDS[kind].attachment,
        "url": reverse(f"documents:{fmt}", args=[kind, pk]),
        "format": fmt.upper(),
    }


def _application_links(app) -> list[dict]:
    out = []
    hh = app.household
    for kind in STEP_DOCUMENTS.get(app.status, []):
        source = KINDS[kind].source
        if source == "household":
            out.append(_link(kind, hh.pk))
        elif source == "application":
            out.append(_link(kind, app.pk))
        elif source == "region":
            region = hh.region
            target_level = 4 if kind == "fj5" else 3  # 附件5 by the township, 附件8 by the county
            while region is not None and region.level > target_level:
                region = region.parent
            if region is not None:
                out.append(_link(kind, region.pk))
                out.append(_link(kind, region.pk, "xlsx"))
        elif source == "notice":
            kinds = ["refusal"] if kind == "fj6" else ["change", "stop"]
            notice = app.notices.filter(kind__in=kinds).order_by("-id").first()
            if notice is not None:
                out.append(_link(kind, notice.pk))
    if app.status in ("active", "phase_out"):
        notice = app.notices.filter(kind__in=["change", "stop"]).order_by("-id").first()
        if notice is not None:
            out.append(_link("fj7", notice.pk))
    return out


def documents_for(obj, user=None) -> list[dict]:
    label = obj._meta.label_lower
    if label == "registry.household":
        out = [_link("fj1", obj.pk), _link("fj2", obj.pk), _link("fj9", obj.pk)]
        if hasattr(obj, "worker"):
            out.append(_link("union_archive", obj.pk))
        return out
    if label == "dibao.dibaoapplication":
        return _application_links(obj)
    if label == "dibao.notice":
        return [_link("fj6" if obj.kind == "refusal" else "fj7", obj.pk)]
    return []
