"""Template helpers: `fill` (an underlined value, or a blank line to write on) and `documents_for(obj)`."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def fill(value, width: int = 4):
    """The value underlined, or an empty underlined space of `width` em for handwriting."""
    if value is None or str(value).strip() == "":
        return format_html('<span class="blank" style="min-width:{}em">&#8203;</span>', width)
    return format_html('<span class="filled">{}</span>', value)


@register.filter
def box(checked) -> str:
    return "■" if checked else "□"


@register.simple_tag
def documents_for(obj, user=None):
    """[(title, url)] of the documents that belong to obj's current step (for case pages)."""
    from jiuzhu.documents.links import documents_for as links

    return links(obj, user)
