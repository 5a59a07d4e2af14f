"""`documents_for(obj)`: the documents that belong to an object's current step, for case pages.

Per-household forms come as PDF (to print) and DOCX (to edit); lists and union tables as PDF and XLSX.
Objects: a household, a dibao application, a notice, a union archive, a union organisation, a temporary
case (the assist-first registration record, R-DOC-18).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

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


def _form(kind: str, pk: int) -> list[dict]:
    """A per-household form: the PDF to print and the DOCX to edit."""
    return [_link(kind, pk), _link(kind, pk, "docx")]


def union_table_links(org, period: str | None = None) -> list[dict]:
    """R-DOC-15 payout sheet and R-DOC-16 送温暖 table of a union's subtree for a period (default: this
    year), and for a year the R-DOC-14 central-fund real-name summary, as PDF and XLSX."""
    period = period or str(timezone.localdate().year)
    kinds = ["union_payment", "warmth"] + ([] if "-" in period else ["central_summary"])
    out = []
    for kind in kinds:
        for fmt in ("pdf", "xlsx"):
            out.append(
                {
                    "kind": kind,
                    "title": KINDS[kind].title,
                    "attachment": "",
                    "url": reverse(f"documents:union_{fmt}", args=[kind, org.pk, period]),
                    "format": fmt.upper(),
                    "period": period,
                }
            )
    return out


def union_notice_links(archive, period: str | None = None) -> list[dict]:
    """R-DOC-17 payment notice of an archive for a period (default: this year), as PDF and DOCX."""
    period = period or str(timezone.localdate().year)
    return [
        {
            "kind": "union_notice",
            "title": KINDS["union_notice"].title,
            "attachment": "",
            "url": reverse(f"documents:archive_{fmt}", args=["union_notice", archive.pk, period]),
            "format": fmt.upper(),
            "period": period,
        }
        for fmt in ("pdf", "docx")
    ]


def _application_links(app) -> list[dict]:
    out = []
    hh = app.household
    for kind in STEP_DOCUMENTS.get(app.status, []):
        source = KINDS[kind].source
        if source == "household":
            out += _form(kind, hh.pk)
        elif source == "application":
            out += _form(kind, app.pk)
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
                out += _form(kind, notice.pk)
    if app.status in ("active", "phase_out"):
        notice = app.notices.filter(kind__in=["change", "stop"]).order_by("-id").first()
        if notice is not None:
            out += _form("fj7", notice.pk)
    return out


def documents_for(obj, user=None) -> list[dict]:
    label = obj._meta.label_lower
    if label == "registry.household":
        out = _form("fj1", obj.pk) + _form("fj2", obj.pk) + _form("fj9", obj.pk)
        if hasattr(obj, "worker"):
            out += _form("union_archive", obj.pk)
        return out
    if label == "dibao.dibaoapplication":
        return _application_links(obj)
    if label == "dibao.notice":
        return _form("fj6" if obj.kind == "refusal" else "fj7", obj.pk)
    if label == "archives.archive":
        # the household's archive form, this year's payment notice, and the filing union's real-name
        # tables of this year
        return (
            _form("union_archive", obj.household_id)
            + union_notice_links(obj)
            + union_table_links(obj.union_org)
        )
    if label == "core.unionorg":
        return union_table_links(obj)
    if label == "temporary.temporarycase":
        # R-DOC-18: the registration record exists for an assist-first case only
        return _form("assist_first", obj.pk) if obj.assist_first else []
    return []
