"""Chinese labels of the forms <-> the codes of jiuzhu.registry.choices, for files people fill by hand.

Every coded column accepts the code itself (``healthy``), the label of the form (``健康``) and the common
ways people write it (``本人`` for the applicant, ``儿子`` for a child, ``1`` or ``老年人`` for occupation 1).
Matching ignores spaces and full-width/half-width differences.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from django.utils import translation
from django.utils.translation import gettext as _

from jiuzhu.registry import choices as c

# Extra spellings beyond each choice's code and label.
ALIASES: dict[type, dict[str, str]] = {
    c.AreaType: {"城市": "urban", "农村": "rural", "城镇": "urban", "城市低保": "urban", "农村低保": "rural"},
    c.Relation: {
        "本人": "applicant",
        "户主": "applicant",
        "妻": "spouse",
        "妻子": "spouse",
        "夫": "spouse",
        "丈夫": "spouse",
        "爱人": "spouse",
        "子": "child",
        "女": "child",
        "儿子": "child",
        "女儿": "child",
        "长子": "child",
        "次子": "child",
        "长女": "child",
        "次女": "child",
        "养子": "child",
        "养女": "child",
        "继子": "child",
        "继女": "child",
        "父": "parent",
        "母": "parent",
        "父亲": "parent",
        "母亲": "parent",
        "祖父母": "grandparent",
        "外祖父母": "grandparent",
        "祖父": "grandparent",
        "祖母": "grandparent",
        "外祖父": "grandparent",
        "外祖母": "grandparent",
        "孙子女": "grandchild",
        "外孙子女": "grandchild",
        "孙子": "grandchild",
        "孙女": "grandchild",
        "外孙": "grandchild",
        "外孙子": "grandchild",
        "外孙女": "grandchild",
        "兄": "sibling",
        "弟": "sibling",
        "姐": "sibling",
        "妹": "sibling",
        "哥哥": "sibling",
        "弟弟": "sibling",
        "姐姐": "sibling",
        "妹妹": "sibling",
        "兄弟": "sibling",
        "姐妹": "sibling",
    },
    c.MaritalStatus: {"离婚": "divorced", "初婚": "married", "再婚": "married"},
    c.WorkCapacity: {"有": "full", "部分丧失": "partial", "完全丧失": "none", "无劳动能力": "none"},
    c.Period: {"月": "month", "年": "year", "每月": "month", "每年": "year", "按月": "month", "按年": "year"},
    c.Occupation: {
        "老年人": "elderly",
        "在职职工": "employed",
        "灵活就业人员": "flexible",
        "灵活就业": "flexible",
        "登记失业人员": "registered_unemployed",
        "未登记失业人员": "unregistered_unemployed",
        "已成年但不能独立生活的子女": "adult_dependent_student",
        "不能独立生活的成年子女": "adult_dependent_student",
        "其他人员": "other",
    },
    c.VehicleKind: {"工程机械": "machinery", "大型农机": "machinery", "船": "vessel", "轿车": "car"},
}

_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Compare labels and headers without spaces, case, or full-width/half-width differences."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).casefold()


@cache
def labels(choices) -> dict[str, str]:
    """code -> Chinese label, whatever language is active."""
    with translation.override("zh-hans"):
        return {value: str(label) for value, label in choices.choices if value != ""}


@cache
def _lookup(choices) -> dict[str, str]:
    table: dict[str, str] = {}
    for value, label in labels(choices).items():
        table[normalize(value)] = value
        table[normalize(label)] = value
        # "1 老年人（60周岁及以上）" is also "1", "(1)" and "老年人"; "视力残疾" is also "视力".
        m = re.match(r"^(\d+)\s*(.*)$", label)
        if m:
            table[m.group(1)] = value
            table[normalize(f"({m.group(1)})")] = value
            label = m.group(2)
        short = re.split(r"[（(]", label)[0]
        if short:
            table.setdefault(normalize(short), value)
        for part in label.split("/"):
            table.setdefault(normalize(part), value)
        if choices is c.DisabilityCategory and label.endswith("残疾"):
            table.setdefault(normalize(label[:-2]), value)
    for alias, value in ALIASES.get(choices, {}).items():
        table.setdefault(normalize(alias), value)
    return table


class CodeError(ValueError):
    pass


def to_code(choices, raw: str) -> str:
    """Chinese label (or code) -> code. Raises CodeError naming the valid labels."""
    code = _lookup(choices).get(normalize(raw))
    if code is None:
        raise CodeError(
            _("“%(value)s”不是有效值，可选：%(choices)s")
            % {"value": raw, "choices": "、".join(labels(choices).values())}
        )
    return code


def label_of(choices, code: str | None) -> str:
    return labels(choices).get(code or "", code or "")


TRUE_WORDS = {"是", "有", "y", "yes", "true", "1", "√", "✓"}
FALSE_WORDS = {"否", "无", "没有", "n", "no", "false", "0", "×", "✗"}


def to_bool(raw: str) -> bool:
    word = normalize(raw)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CodeError(_("“%(value)s”应为“是”或“否”") % {"value": raw})


GRADES = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def to_grade(raw: str) -> int:
    """Disability grade 1-4 from "2", "2级" or "二级"."""
    word = normalize(raw).removesuffix("级")
    if word in GRADES:
        return GRADES[word]
    raise CodeError(_("“%(value)s”不是残疾等级，应为1到4级") % {"value": raw})
