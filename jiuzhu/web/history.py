"""Audit events as a person reads them: who changed which field, when, from what to what.

Action names in words (a procedure step by its label: temporarycase.close reads 办结（临时救助案件）), the object by
its kind and number with a link to its page, field labels from the models' verbose names, money in 元,
choices by their labels, people by name. The raw event (codes, ids, stored values) stays for the auditors'
raw view (/audit/<id>/?raw=1).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from types import SimpleNamespace

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .labels import KEY_LABELS, path_label, segments, value_label

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
    "demo.cases": _("生成演示案件"),
    "member.account": _("登记成员收款账户"),
    "api_token.create": _("创建接口令牌"),
    "api_token.revoke": _("吊销接口令牌"),
    "jobs.submit": _("提交后台任务"),
    "jobs.finish": _("后台任务完成"),
    "temporarycase.create": _("登记临时救助申请"),
    "temporarycase.handout": _("登记临时救助发放"),
    "temporarycase.instalments": _("登记分期发放计划"),
    "temporarycase.instalment_paid": _("发放分期救助"),
    "temporarycase.refer": _("转介"),
    "temporarycase.referral_outcome": _("登记转介结果"),
    "temporarycase.registration": _("保存先行救助补办登记"),
    "temporarycase.link_dibao": _("关联低保/特困申请"),
    "archive.open": _("建立困难职工档案"),
    "archive.investigation": _("登记入户调查和经济状况核查"),
    "archive.pay": _("登记帮扶支出"),
    "archive.aid_approval": _("登记上级审批"),
    "archive.national_entry": _("登记录入全国工会帮扶系统"),
    "archive.month": _("登记月收入"),
    "archive.review": _("档案复核"),
    "archive.track_outcome": _("登记四个一批帮扶结果"),
    "archive.warmth_visit": _("登记送温暖走访"),
    "payments.roster.create": _("新建发放花名册"),
    "payments.roster.make": _("编制发放花名册"),
    "payments.roster.follow_up": _("编制补发花名册"),
    "payments.roster.bank_file": _("生成银行代发文件"),
    "payments.roster.bank_return": _("导入银行回盘"),
    "payments.line.refresh_account": _("更新明细的收款账户"),
    "payments.line.remove": _("移出花名册明细"),
    "payments.line.restore": _("恢复花名册明细"),
    "payments.warnings.resolve": _("处理发放预警"),
    "payments.price_subsidy.record": _("登记价格临时补贴"),
    "payments.staff_account.save": _("登记工作人员账户"),
    "payments.reserve.top_up": _("备用金拨入"),
    "payments.reserve.cash_out": _("备用金支出"),
}


def _transition_label(action: str) -> str | None:
    """'<model_name>.<transition>' of a model with ACTION_LABELS: the step and the kind of object."""
    model_name, _dot, name = action.partition(".")
    for model in apps.get_models():
        if model._meta.model_name == model_name:
            labels = getattr(model, "ACTION_LABELS", None) or {}
            if name in labels:
                return gettext("%(action)s（%(object)s）") % {
                    "action": labels[name],
                    "object": model._meta.verbose_name,
                }
    return None


def action_label(action: str) -> str:
    """The action in words; an action no table names reads 其他操作 (its code stays in the raw view)."""
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    if action.startswith(("dibao.", "dibaoapplication.")):
        from jiuzhu.dibao.views import audit_label

        label = audit_label(action)
        if label != action:
            return label
    label = _transition_label(action)
    if label:
        return label
    return gettext("其他操作")


def _model_of(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_label(event) -> str:
    """The object of an event in words: its kind and its number (案件编号, 档案编号...) when it has one; nothing
    for a record without a name of its own (the action's label says what it is)."""
    model = _model_of(event.object_type)
    if model is None:
        return ""
    kind = str(model._meta.verbose_name)
    if kind.isascii():  # no verbose name: Django's default from the class name
        return ""
    names = {f.name for f in model._meta.get_fields()}
    for field in ("number", "label", "name", "code"):
        if field in names:
            value = model.objects.filter(pk=event.object_id).values_list(field, flat=True).first()
            if value:
                return f"{kind} {value}"
    return kind


def object_link(event) -> str:
    """The object's page, when its app registered one (core.todo.register), else the household's."""
    from jiuzhu.core.todo import link_for

    link = link_for(SimpleNamespace(object_type=event.object_type, object_id=event.object_id))
    return link


def describe(event, reveal: bool) -> None:
    """Set the words of an event for the pages: label, object_text, object_href, changes."""
    event.label = action_label(event.action)
    event.object_text = object_label(event)
    event.object_href = object_link(event)
    event.changes = changes(event, reveal)


@dataclass
class Change:
    path: str
    label: str
    old: str
    new: str


def _order(path: str):
    return [(key, -1 if index is None else index) for key, index in segments(path)]


# Keys of event payloads that are no model field of the event's object.
EXTRA_LABELS = {
    "total": _("合计金额"),
    "paid": _("已发放笔数"),
    "paid_total": _("已发放金额"),
    "unknown": _("未匹配笔数"),
    "lines": _("明细笔数"),
    "failed": _("失败笔数"),
    "layout": _("银行文件格式"),
    "sha256": _("文件校验值"),
    "scope": _("范围"),
    "programme": _("项目"),
    "period": _("发放期"),
    "follows": _("原花名册"),
    "year_total": _("本年累计"),
    "sources": _("核对来源数"),
    "consecutive_refusals": _("连续拒绝次数"),
    "reasons": _("理由"),
    "seed": _("随机种子"),
    "households": _("户数"),
    "temporary": _("临时救助案件数"),
    "dibao": _("低保案件数"),
    "archives": _("困难职工档案数"),
    "cases": _("案件"),
    "count": _("数量"),
    "kind": _("类型"),
    "month": _("月份"),
    "balance": _("余额"),
    "reference": _("摘要"),
    "application": _("低保申请"),
    "status": _("状态"),
    "recorded_by": _("登记人"),
    "issued_by": _("出具人"),
    "publicity": _("公示"),
    "case": _("案件"),
    "archive": _("档案"),
    "condolence": _("慰问金"),
    "first": _("起始编号"),
    "last": _("截止编号"),
    "engine": _("评估程序版本"),
    "created_at": _("创建时间"),
    "added": _("新增笔数"),
    "failed_total": _("失败金额"),
    "mismatched": _("不符笔数"),
    "missing": _("缺失笔数"),
    "instalments": _("分期计划"),
    "series": _("文书"),
    "new_household_fen": _("变更后户月补助"),
    "new_per_capita_fen": _("变更后人均补助"),
    "old_household_fen": _("变更前户月补助"),
    "old_per_capita_fen": _("变更前人均补助"),
}
# Coded values stored outside a field's choices (the policy engine's verdicts).
VALUE_LABELS = {
    "eligible": _("符合条件"),
    "ineligible": _("不符合条件"),
    "needs_review": _("需人工核查"),
}
SKIPPED = {"id"}  # the row's own id: in the raw view only
MONEY_KEYS = {
    "amount",
    "total",
    "paid_total",
    "year_total",
    "balance",
    "failed_total",
    "condolence",
}  # stored as 元 strings
BIG = 6  # a list or mapping of more items reads as a count; the raw view has it whole


def _field(model, key: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _fen_label(label: str) -> str:
    """A money field's label names fen (分); the value is shown in 元."""
    return label.replace("（分）", "").replace("（分/月）", "（元/月）").replace("分/月", "元/月")


def field_label(model, key: str) -> str:
    f = _field(model, key)
    if f is not None and getattr(f, "verbose_name", None) and str(f.verbose_name) != key.replace("_", " "):
        return _fen_label(str(f.verbose_name))
    if key in EXTRA_LABELS:
        return str(EXTRA_LABELS[key])
    if f is not None and f.is_relation and f.related_model is not None:
        name = str(f.related_model._meta.verbose_name)
        if name != f.related_model._meta.model_name and not name.isascii():
            return name
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    if key.endswith("_fen") and key[:-4] in KEY_LABELS:
        return str(KEY_LABELS[key[:-4]])
    return gettext("其他信息")


ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
SNAKE = re.compile(r"[a-z]+(?:_[a-z]+)+")


def _step_label(code: str) -> str:
    """A 低保 step's name stored as a code (a decision snapshot's purpose)."""
    from jiuzhu.dibao.steps import STEPS

    step = STEPS.get(code)
    return str(step.label) if step else ""


def _record_name(obj) -> str:
    """A related record as a person names it: its number, or its kind and its household's number."""
    number = getattr(obj, "number", "")
    if number:
        return str(number)
    kind = str(obj._meta.verbose_name)
    kind = "" if kind.isascii() else kind
    household = getattr(obj, "household", None)
    if household is None and hasattr(obj, "application"):
        household = getattr(obj.application, "household", None)
    if household is not None:
        return f"{kind} {household.number}".strip()
    return kind or gettext("记录")


def _yuan(value) -> str:
    from jiuzhu.registry.money import yuan

    return gettext("%(amount)s 元") % {"amount": yuan(int(value))}


def field_value(model, key: str, value, reveal: bool) -> str:
    """A stored value of a model field in words."""
    if value is None or value == "" or value == [] or value == {}:
        return gettext("（空）")
    f = _field(model, key)
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if key.endswith("_fen") and isinstance(value, int):
        return _yuan(value)
    if f is not None and getattr(f, "choices", None):
        for v, label in f.flatchoices:
            if str(v) == str(value):
                return str(label)
    if isinstance(f, models.ForeignKey) and isinstance(value, (int, str)):
        target = f.related_model
        try:
            obj = target.objects.filter(**{f.target_field.name: value}).first()
        except (ValueError, TypeError):  # stored as its number or label already
            obj = None
        if obj is not None and hasattr(target, "USERNAME_FIELD"):
            return obj.first_name or obj.username
        if obj is not None:
            return _record_name(obj)
        if isinstance(value, str):
            return value
    if isinstance(value, str) and value in VALUE_LABELS:
        return str(VALUE_LABELS[value])
    if isinstance(value, str) and ISO_DATETIME.match(value):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            moment = timezone.localtime(moment)
        return f"{moment:%Y-%m-%d %H:%M}"
    if isinstance(value, str) and SNAKE.fullmatch(value):
        label = _step_label(value)
        if label:
            return label
    if key in MONEY_KEYS and isinstance(value, str) and value.replace(".", "", 1).lstrip("-").isdigit():
        return gettext("%(amount)s 元") % {"amount": value}
    if isinstance(value, dict):
        if len(value) > BIG or any(isinstance(v, (dict, list)) for v in value.values()):
            return gettext("%(n)s 项（见原始记录）") % {"n": len(value)}
        return gettext("；").join(
            f"{field_label(model, k)}：{field_value(model, k, v, reveal)}" for k, v in value.items()
        )
    if isinstance(value, list):
        if len(value) > BIG or any(isinstance(v, (dict, list)) for v in value):
            return gettext("%(n)s 项（见原始记录）") % {"n": len(value)}
        return gettext("、").join(field_value(model, key, v, reveal) for v in value)
    if isinstance(f, models.DateField) and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return value
    return value_label(key, value, reveal=reveal)


def changes(event, reveal: bool) -> list[Change]:
    """Field-level changes of one event. The household file's events hold flattened document paths
    (members[0].name, labelled by labels.py); the others the fields of their object's model."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    out = []
    if event.action.startswith("household."):
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
    model = _model_of(event.object_type)
    for key in list(dict.fromkeys([*before, *after])):
        if key in SKIPPED:
            continue
        out.append(
            Change(
                path=key,
                label=field_label(model, key),
                old=field_value(model, key, before[key], reveal) if key in before else "",
                new=field_value(model, key, after[key], reveal) if key in after else str(_("（删除）")),
            )
        )
    return out
