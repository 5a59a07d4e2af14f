"""Reading and writing the dotted paths of kinds.py in a plain context, and the missing-field check."""

from __future__ import annotations

from typing import Any


class MissingFields(ValueError):
    """The case lacks fields the form must show. `.fields` lists the Chinese names (rows numbered)."""

    def __init__(self, kind_title: str, fields: list[str]):
        self.kind_title = kind_title
        self.fields = fields
        super().__init__(f"无法生成《{kind_title}》，缺少：" + "、".join(fields))


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "") or value == []


def values_at(ctx: Any, path: str) -> list[tuple[str, Any]]:
    """[(row label, value)] at path; a "[]" segment fans out over a list ("" label when there is no list)."""
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        rows = ctx.get(head[:-2]) if isinstance(ctx, dict) else None
        if not rows:
            return [("", None)]
        out = []
        for i, row in enumerate(rows, 1):
            for label, value in values_at(row, rest):
                out.append((f"第{i}行" + label, value))
        return out
    value = ctx.get(head) if isinstance(ctx, dict) else None
    if not rest:
        return [("", value)]
    return values_at(value, rest)


def missing(ctx: dict, required) -> list[str]:
    problems = []
    for path, label in required:
        for row, value in values_at(ctx, path):
            if _empty(value):
                problems.append(f"{label}（{row}）" if row else label)
    return problems


def set_at(ctx: dict, path: str, value: Any) -> None:
    """Set path to value; for a "[]" segment, set it in the first row (creating one if the list is empty)."""
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        rows = ctx.setdefault(head[:-2], [])
        if not rows:
            rows.append({})
        set_at(rows[0], rest, value)
        return
    if not rest:
        ctx[head] = value
        return
    child = ctx.get(head)
    if not isinstance(child, dict):
        child = {}
        ctx[head] = child
    set_at(child, rest, value)
