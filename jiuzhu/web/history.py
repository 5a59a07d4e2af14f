"""Audit events as a person reads them: who changed which field, when, from what to what."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .labels import path_label, segments, value_label

ACTION_LABELS = {
    "household.create": _("新建家庭档案"),
    "household.update": _("更正家庭信息"),
    "household.close": _("注销家庭档案"),
    "params.set": _("设置地方参数"),
    "params.load": _("载入参数文件"),
    "regions.load": _("载入行政区划"),
    "unions.load": _("载入工会组织"),
    "region.save": _("修改行政区划"),
    "union.save": _("修改工会组织"),
    "user.save": _("修改用户"),
    "demo.generate": _("生成演示数据"),
    "import.households": _("批量导入家庭"),
    "export.households": _("导出家庭名单"),
    "export.audit": _("导出审计日志"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@dataclass
class Change:
    path: str
    label: str
    old: str
    new: str


def _order(path: str):
    return [(key, -1 if index is None else index) for key, index in segments(path)]


def changes(event, reveal: bool) -> list[Change]:
    """Field-level changes of one event (flattened before/after dicts, paths like members[0].name)."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    out = []
    for path in sorted(set(before) | set(after), key=_order):
        old, new = before.get(path), after.get(path)
        if path not in before and new in (None, "", [], False) and event.action == "household.create":
            continue  # a new file: list only what was filled in
        out.append(
            Change(
                path=path,
                label=path_label(path),
                old=value_label(path, old, reveal=reveal) if path in before else "",
                new=value_label(path, new, reveal=reveal) if path in after else str(_("（删除）")),
            )
        )
    return out
