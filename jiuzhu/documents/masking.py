"""Masking personal data on public lists (附件5, 附件8), per the province's rule (个人信息保护法)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_NAME_RULE = "keep_first"
DEFAULT_ID_RULE = "hidden"


@dataclass(frozen=True)
class Masker:
    name_rule: str = DEFAULT_NAME_RULE
    id_rule: str = DEFAULT_ID_RULE

    def name(self, name: str) -> str:
        name = name or ""
        if self.name_rule == "full" or len(name) <= 1:
            return name
        if self.name_rule == "keep_first_last":
            return name[0] + "*" * (len(name) - 2) + name[-1] if len(name) > 2 else name[0] + "*"
        if self.name_rule == "keep_last":
            return "*" * (len(name) - 1) + name[-1]
        return name[0] + "*" * (len(name) - 1)

    def id_number(self, number: str) -> str:
        number = number or ""
        if self.id_rule == "hidden" or len(number) != 18:
            return ""
        if self.id_rule == "first6_last4":
            return number[:6] + "*" * 8 + number[14:]
        if self.id_rule == "first3_last4":
            return number[:3] + "*" * 11 + number[14:]
        if self.id_rule == "last4":
            return "*" * 14 + number[14:]
        return ""


def masker_for(province_code: str) -> Masker:
    from .models import MaskingRule

    rule = MaskingRule.objects.filter(province_code=province_code[:2].ljust(6, "0")).first()
    return Masker(rule.name_rule, rule.id_rule) if rule else Masker()
