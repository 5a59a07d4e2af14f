"""Template helpers of the staff pages: money in yuan, masked personal numbers, role checks, safe links."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django import forms, template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext

from jiuzhu.idnumber import mask_id_number
from jiuzhu.registry.models import mask_phone
from jiuzhu.registry.money import yuan as fen_to_yuan

from .. import access

register = template.Library()


@register.filter
def yuan(fen):
    """Integer fen as a yuan string: 180000 -> '1800.00'; empty stays empty."""
    return "" if fen is None or fen == "" else fen_to_yuan(int(fen))


@register.filter
def id_number(number: str, reveal: bool = False) -> str:
    """An ID number, masked (110113********0013) unless `reveal`."""
    return number if reveal else mask_id_number(number or "")


@register.filter
def phone(number: str, reveal: bool = False) -> str:
    """A phone number, masked (138****8000) unless `reveal`."""
    if not number:
        return ""
    return number if reveal else mask_phone(number)


@register.filter
def yesno_zh(value) -> str:
    from django.utils.translation import gettext

    return gettext("是") if value else gettext("否")


@register.simple_tag
def access_for(user) -> dict[str, bool]:
    """What the navigation may offer this user."""
    if not user.is_authenticated:
        return {}
    return {
        "read": access.is_reader(user),
        "write": access.is_writer(user),
        "audit": access.is_auditor(user),
        "admin": access.is_admin(user),
        "reveal": access.can_reveal(user),
        "applicant": user.role == "applicant" and not user.is_superuser,
    }


@register.simple_tag
def url_or(name: str, fallback: str, *args) -> str:
    """reverse(name), or the plain path while the page that owns the name is not installed yet."""
    try:
        return reverse(name, args=args or None)
    except NoReverseMatch:
        return fallback


@register.filter
def age(birth_date) -> str:
    """Age in full years today."""
    if not birth_date:
        return ""
    import datetime as dt

    today = dt.date.today()
    years = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
    return str(years)


@register.filter
def role_label(role: str) -> str:
    """A stored role code as its name: case_worker -> 经办人."""
    from django.utils.translation import gettext

    from jiuzhu.accounts.models import Role

    if role == "system":
        return gettext("系统")
    for value, label in Role.choices:
        if value == role:
            return str(label)
    return role


@register.simple_tag
def field(bound_field) -> str:
    """One labelled form field with its errors (rendered in Python: the editor has hundreds of them)."""
    from django.utils.html import format_html

    widget = bound_field.field.widget
    classes = ["field"]
    errors = bound_field.errors
    if errors:
        classes.append("has-error")
    error_html = format_html("{}", errors) if errors else ""
    if isinstance(widget, forms.CheckboxInput):
        classes.append("check")
        return format_html(
            '<div class="{}"><label>{} {}</label>{}</div>',
            " ".join(classes),
            bound_field,
            bound_field.label,
            error_html,
        )
    if isinstance(widget, forms.Textarea | forms.CheckboxSelectMultiple):
        classes.append("wide")
    label_for = widget.id_for_label(bound_field.auto_id) if bound_field.auto_id else ""
    return format_html(
        '<div class="{}"><label for="{}">{}</label>{}{}</div>',
        " ".join(classes),
        label_for,
        bound_field.label,
        bound_field,
        error_html,
    )


@register.simple_tag
def cell(bound_field) -> str:
    """A form field as a table cell: the input and its errors."""
    from django.utils.html import format_html

    errors = bound_field.errors
    if errors:
        return format_html('<td class="has-error">{}{}</td>', bound_field, errors)
    return format_html("<td>{}</td>", bound_field)


_CJK = re.compile(r"[\u4e00-\u9fff]")


@register.filter
def readable_reason(message) -> str:
    """An error page's reason when it is written for people (a Chinese message such as 未找到该家庭), not a
    technical one (Django's "Resolver404", an English default)."""
    text = str(message or "").strip()
    return text if _CJK.search(text) else ""


@register.simple_tag(takes_context=True)
def back_link(context) -> str:
    """The page the user came from, when it is a page of this site other than this one (error pages)."""
    request = context.get("request")
    if request is None:
        return ""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or not url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return ""
    if urlsplit(referer).path == request.path:
        return ""
    return referer


_CODE = re.compile(r"^(?:R-[A-Z]+-\d+|OP-\d+|DEFAULT[-\w]*)$")


def citation_parts(value) -> tuple[list[str], list[str]]:
    """(codes, documents) of a citation: a list such as ["R-AMT-02", "OP-01", "民办发〔2019〕10号 附件3"] or a
    string "R-FLOW-09, R-FLOW-10, OP-17". Requirement IDs without a document given are looked up in
    jiuzhu/web/citations.py."""
    from ..citations import SOURCES

    if not value:
        return [], []
    items = list(value) if isinstance(value, (list, tuple)) else re.split(r"[,，;；\s]+", str(value))
    codes, docs = [], []
    for item in (str(i).strip() for i in items):
        if not item:
            continue
        (codes if _CODE.match(item) else docs).append(item)
    if not docs:
        for code in codes:
            source = SOURCES.get(code)
            if source and source not in docs:
                docs.append(source)
    return codes, docs


@register.simple_tag
def cite(value, brackets: str = "［］") -> str:
    """A rule's citation as people check it: the document and clause visible, the requirement IDs and open-point
    codes in the title tooltip. {% cite step.cite %} -> <span class="cite" title="依据：R-FLOW-07">［民办发…］</span>"""
    codes, docs = citation_parts(value)
    if not codes and not docs:
        return ""
    if not get_language().startswith("zh"):
        # the documents' names are Chinese: an English reader sees the codes, as before
        shown, title = " ".join(codes) or "; ".join(docs), ""
    else:
        shown = gettext("；").join(docs) or gettext("政策依据")
        title = gettext("依据：%(codes)s") % {"codes": " ".join(codes)} if codes else ""
    start, end = (brackets[0], brackets[-1]) if brackets else ("", "")
    if not title:
        return format_html('<span class="cite">{}{}{}</span>', start, shown, end)
    return format_html('<span class="cite" title="{}">{}{}{}</span>', title, start, shown, end)


_PARAM_REF = re.compile(r"[（(]\s*\d*\s*[a-z_]+(?:\.[a-z_]+)+\s*@[\d-]+\s*[）)]")


@register.filter
def plain(text) -> str:
    """Text made by the code with a parameter reference in it ("额度5000.00元（110113
    temporary_assistance.township_approval_limit @2026-01-01）"): the reference removed (show the whole text in
    a title tooltip)."""
    return _PARAM_REF.sub("", str(text or "")).strip()
