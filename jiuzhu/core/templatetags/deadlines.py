"""Template helpers for core.Deadline: `{% load deadlines %}{{ d|deadline_label }}` shows a deadline's stored
(Chinese) label in the reader's language; see jiuzhu.core.todo.deadline_label."""

from __future__ import annotations

from django import template

from jiuzhu.core.todo import deadline_label as _deadline_label

register = template.Library()


@register.filter
def deadline_label(deadline) -> str:
    return _deadline_label(deadline)
