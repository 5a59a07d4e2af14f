"""The only code that changes documents state: provincial templates, masking rules (one transaction + audit)."""

from __future__ import annotations

from django.db import transaction

from jiuzhu.core.audit import record, snapshot

from .kinds import get_kind
from .models import MaskingRule, TemplateOverride
from .render import check_template

MAX_TEMPLATE_BYTES = 512 * 1024


class TemplateRejected(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("模板未通过检查：" + "；".join(problems))


def _province(code: str) -> str:
    code = (code or "").strip()
    if len(code) != 6 or not code.isdigit() or not code.endswith("0000"):
        raise ValueError("省级区划代码应为6位数字，以0000结尾（如110000）")
    return code


def do_upload_template(
    actor, *, province_code: str, kind: str, source: str | bytes, filename: str = "", activate: bool = True
) -> TemplateOverride:
    """Store a province's version of a form after checking it; activate it (replacing the active one) if asked.

    A template that fails the check is refused: nothing is stored and TemplateRejected lists the problems.
    """
    province_code = _province(province_code)
    title = get_kind(kind).title
    if isinstance(source, bytes):
        if len(source) > MAX_TEMPLATE_BYTES:
            raise TemplateRejected(["模板文件过大（上限512KB）"])
        try:
            source = source.decode("utf-8")
        except UnicodeDecodeError:
            raise TemplateRejected(["模板文件应为UTF-8编码的HTML文本"]) from None
    problems = check_template(kind, source)
    if problems:
        raise TemplateRejected(problems)
    with transaction.atomic():
        override = TemplateOverride.objects.create(
            province_code=province_code,
            kind=kind,
            source=source,
            filename=filename,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
            check_report={"problems": []},
        )
        record(
            actor,
            "document_template_upload",
            override,
            after={
                "province_code": province_code,
                "kind": kind,
                "title": title,
                "filename": filename,
                "chars": len(source),
            },
        )
        if activate:
            _activate(actor, override)
    return override


def _activate(actor, override: TemplateOverride) -> None:
    previous = list(
        TemplateOverride.objects.select_for_update()
        .filter(province_code=override.province_code, kind=override.kind, active=True)
        .exclude(pk=override.pk)
    )
    for old in previous:
        old.active = False
        old.save(update_fields=["active"])
    override.active = True
    override.save(update_fields=["active"])
    record(
        actor,
        "document_template_activate",
        override,
        before={"active_template": previous[0].pk if previous else None},
        after={
            "active_template": override.pk,
            "province_code": override.province_code,
            "kind": override.kind,
        },
    )


def do_activate_template(actor, override: TemplateOverride) -> TemplateOverride:
    problems = check_template(override.kind, override.source)
    if problems:
        raise TemplateRejected(problems)
    with transaction.atomic():
        _activate(actor, override)
    return override


def do_deactivate_template(actor, override: TemplateOverride) -> TemplateOverride:
    """Back to the built-in national template for this province and kind."""
    with transaction.atomic():
        override.active = False
        override.save(update_fields=["active"])
        record(
            actor, "document_template_deactivate", override, before={"active": True}, after={"active": False}
        )
    return override


def do_set_masking_rule(
    actor, *, province_code: str, name_rule: str, id_rule: str, citation: str = ""
) -> MaskingRule:
    province_code = _province(province_code)
    if name_rule not in MaskingRule.NameRule.values:
        raise ValueError(f"姓名遮蔽规则无效：{name_rule}")
    if id_rule not in MaskingRule.IdRule.values:
        raise ValueError(f"身份证号遮蔽规则无效：{id_rule}")
    with transaction.atomic():
        rule = MaskingRule.objects.select_for_update().filter(province_code=province_code).first()
        before = snapshot(rule) if rule else None
        if rule is None:
            rule = MaskingRule(province_code=province_code)
        rule.name_rule, rule.id_rule, rule.citation = name_rule, id_rule, citation
        rule.save()
        record(actor, "document_masking_rule", rule, before=before, after=snapshot(rule))
    return rule
