"""Resident ID numbers (居民身份证号码), GB 11643-1999.

Pure Python, no Django: used by the registry, the importers and the policy engine alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"


class IdNumberError(ValueError):
    """The message says, in Chinese, what is wrong (shown to users as is)."""


@dataclass(frozen=True)
class IdInfo:
    number: str
    region: str  # first six digits: the GB/T 2260 code of the place of first registration
    birth_date: dt.date
    sex: str  # "M" or "F": odd sequence digit is male

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


def check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def parse_id_number(value: object, *, today: dt.date | None = None) -> IdInfo:
    """Validate an 18-character ID number and read birth date and sex from it.

    Raises IdNumberError with a message such as "校验位应为X" that names the problem.
    """
    if not isinstance(value, str):
        raise IdNumberError("身份证号码应为18位字符串")
    number = value.strip().upper()
    if len(number) != 18:
        raise IdNumberError(f"身份证号码应为18位，实为{len(number)}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError("身份证号码前17位应为数字，第18位应为数字或X")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError(f"出生日期{number[6:14]}不是有效日期") from None
    today = today or dt.date.today()
    if birth > today or birth.year < 1890:
        raise IdNumberError(f"出生日期{birth.isoformat()}不合理")
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise IdNumberError(f"校验位应为{expected}")
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return IdInfo(number=number, region=number[:6], birth_date=birth, sex=sex)


def make_id_number(region: str, birth: dt.date, sequence: int, sex: str) -> str:
    """Build a valid ID number (for demo data and tests). sequence is 0..499."""
    seq = sequence % 500 * 2 + (1 if sex == "M" else 0)
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def mask_id_number(number: str) -> str:
    """110113197903150013 -> 110113********0013 (the list masking of issue 2)."""
    if len(number) != 18:
        return "*" * len(number)
    return number[:6] + "*" * 8 + number[14:]
