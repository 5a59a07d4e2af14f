"""Rendering: context -> HTML (built-in or provincial template) -> PDF (WeasyPrint, embedded CJK font).

One template renders one document (one household, one notice, one list); a batch puts each on its own page.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.loader import get_template
from django.utils.html import escape

from .fields import MissingFields, missing, set_at
from .fonts import font_css
from .kinds import Kind, get_kind

CSS_PATH = Path(__file__).parent / "templates" / "documents" / "forms.css"


@functools.cache
def base_css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def prepare(kind: Kind, ctx: dict) -> dict:
    """Add layout values (row spans, check boxes, blank blocks) the templates need; never changes ctx."""
    ctx = dict(ctx)
    hh = ctx.get("household") or {}
    houses, vehicles = hh.get("houses") or [], hh.get("vehicles") or []
    ctx.setdefault("application", {})
    ctx.setdefault("visit", {})
    ctx["house_rows"] = 1 + max(1, len(houses))
    ctx["vehicle_rows"] = 1 + max(1, len(vehicles))
    ctx["property_rows"] = 1 + ctx["house_rows"] + ctx["vehicle_rows"]
    ctx["member_rows"] = 1 + max(1, len(hh.get("members") or []))
    ctx["obligor_rows"] = 1 + max(1, len(hh.get("obligors") or []))
    ctx["is_urban"] = hh.get("area_type") == "urban"
    ctx["is_rural"] = hh.get("area_type") == "rural"
    visits = list(ctx.get("visits") or [])
    ctx["visit_blocks"] = visits + [{}] * max(0, 2 - len(visits))  # 附件9 prints at least two blocks
    ctx["doc"] = {"kind": kind.code, "title": kind.title, "attachment": kind.attachment}
    return ctx


def _template(kind: Kind, province_code: str):
    from .models import TemplateOverride

    if province_code:
        override = (
            TemplateOverride.objects.filter(province_code=province_code, kind=kind.code, active=True)
            .only("source")
            .first()
        )
        if override is not None:
            return Engine.get_default().from_string(override.source)
    return get_template(f"documents/{kind.code}.html").template


def check_missing(kind: Kind, contexts: list[dict]) -> None:
    problems = []
    for ctx in contexts:
        found = missing(ctx, kind.required)
        if found and len(contexts) > 1:
            who = (ctx.get("household") or {}).get("number") or ""
            found = [f"{who}：{f}" for f in found]
        problems += found
    if problems:
        raise MissingFields(kind.title, problems)


def render_fragments(kind_code: str, contexts: list[dict] | dict, *, province_code: str = "") -> list[str]:
    """One HTML fragment per context (household, notice, list) from the built-in or provincial template.

    The PDF and the DOCX are both made from these fragments, so they print the same fields and the same
    statutory sentences.
    """
    kind = get_kind(kind_code)
    if isinstance(contexts, dict):
        contexts = [contexts]
    check_missing(kind, contexts)
    template = _template(kind, province_code)
    return [template.render(Context(prepare(kind, ctx), autoescape=True)) for ctx in contexts]


def render_html(kind_code: str, contexts: list[dict] | dict, *, province_code: str = "") -> str:
    kind = get_kind(kind_code)
    pages = [
        f'<section class="page">{fragment}</section>'
        for fragment in render_fragments(kind_code, contexts, province_code=province_code)
    ]
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(kind.title)}</title><style>{font_css()}{base_css()}</style></head><body>"
        + "".join(pages)
        + "</body></html>"
    )


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(CSS_PATH.parent)).write_pdf()


def render_pdf(kind_code: str, contexts: list[dict] | dict, *, province_code: str = "") -> bytes:
    return html_to_pdf(render_html(kind_code, contexts, province_code=province_code))


# --- checking a provincial template before it is accepted (R-DOC-01) ---


def probe_context(kind: Kind) -> tuple[dict, dict[str, str]]:
    """A context where every required field holds a unique marker; returns (context, marker -> label)."""
    ctx: dict = {}
    markers = {}
    for i, (path, label) in enumerate(kind.required, 1):
        if path in kind.data_only:
            set_at(ctx, path, "x")
            continue
        marker = f"PROBE{i:02d}Q"
        set_at(ctx, path, marker)
        markers[marker] = label
    return ctx, markers


def check_template(kind_code: str, source: str) -> list[str]:
    """Problems with a provincial template source: syntax errors, or required fields it does not show."""
    kind = get_kind(kind_code)
    try:
        template: Template = Engine.get_default().from_string(source)
    except TemplateSyntaxError as exc:
        return [f"模板语法错误：{exc}"]
    ctx, markers = probe_context(kind)
    try:
        html = template.render(Context(prepare(kind, copy.deepcopy(ctx)), autoescape=True))
    except Exception as exc:  # a template tag failing on the probe
        return [f"模板无法渲染：{exc}"]
    return [f"模板缺少字段：{label}" for marker, label in markers.items() if marker not in html]
