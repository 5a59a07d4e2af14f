"""Exact money, ratio and area arithmetic.

Money is integer fen (分) in int64 arrays; ratios are integers scaled by RATIO_SCALE (4 decimal places);
floor areas are integer hundredths of a square metre. Every division rounds half-up (half away from zero)
to the unit, and the rule that divides states the rounding in the trace. No binary floating point is used
for money anywhere.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import numpy as np

RATIO_SCALE = 10_000  # ratios and multiples: 4 decimal places
AREA_SCALE = 100  # floor areas: 0.01 m2
MAX_MONEY_FEN = 10_000_000_000  # 100,000,000.00 yuan: keeps every product inside int64
MAX_RATIO = 100 * RATIO_SCALE


class AmountError(ValueError):
    """Problem with a decimal string (message in Chinese)."""


def _decimal(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise AmountError(f"{what}应为十进制数字字符串")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # YAML may give 0.3; its shortest repr is the decimal the author wrote.
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip()
        try:
            d = Decimal(text)
        except InvalidOperation:
            raise AmountError(f"“{value}”不是有效的{what}") from None
        if not d.is_finite():
            raise AmountError(f"“{value}”不是有效的{what}")
        return d
    raise AmountError(f"{what}应为十进制数字字符串")


def _scaled(value: object, scale: int, places: int, what: str, maximum: int) -> int:
    d = _decimal(value, what)
    if d < 0:
        raise AmountError(f"{what}不能为负数")
    if d > Decimal(maximum) / scale:
        raise AmountError(f"{what}“{value}”超出允许范围")
    if d != d.quantize(Decimal(1).scaleb(-places)):
        # more decimal places than the unit allows: refuse rather than round silently
        raise AmountError(f"{what}“{value}”最多{places}位小数")
    n = int(d * scale)
    if n > maximum:
        raise AmountError(f"{what}“{value}”超出允许范围")
    return n


def parse_money(value: object, what: str = "金额") -> int:
    """'1800.00' -> 180000 fen. Non-negative, at most two decimal places."""
    return _scaled(value, 100, 2, what, MAX_MONEY_FEN)


def parse_ratio(value: object, what: str = "比例") -> int:
    """'0.30' -> 3000 (scaled by RATIO_SCALE). Non-negative, at most four decimal places."""
    return _scaled(value, RATIO_SCALE, 4, what, MAX_RATIO)


def parse_area(value: object, what: str = "面积") -> int:
    """'56.0' -> 5600 hundredths of a square metre."""
    return _scaled(value, AREA_SCALE, 2, what, 10**12)


def fmt_money(fen: int) -> str:
    """180000 -> '1800.00' (exact)."""
    fen = int(fen)
    sign = "-" if fen < 0 else ""
    q, r = divmod(abs(fen), 100)
    return f"{sign}{q}.{r:02d}"


def fmt_ratio(scaled: int) -> str:
    return str((Decimal(int(scaled)) / RATIO_SCALE).normalize())


def fmt_area(scaled: int) -> str:
    return f"{Decimal(int(scaled)) / AREA_SCALE:.2f}"


def div_half_up(a: np.ndarray, b: np.ndarray | int) -> np.ndarray:
    """a / b rounded half away from zero, exact for int64 (b > 0)."""
    a = np.asarray(a, dtype=np.int64)
    if isinstance(b, (int, np.integer)) and b > 0:
        if a.size == 0 or a.min() >= 0:  # the usual case: non-negative amounts, constant divisor
            return (2 * a + b) // (2 * b)
    b = np.asarray(b, dtype=np.int64)
    b = np.where(b > 0, b, 1)
    mag = (2 * np.abs(a) + b) // (2 * b)
    return np.where(a < 0, -mag, mag)


def mul_ratio(a: np.ndarray, ratio_scaled: np.ndarray | int) -> np.ndarray:
    """a x ratio, ratio given scaled by RATIO_SCALE; result rounded half-up to the unit of a."""
    a = np.asarray(a, dtype=np.int64)
    return div_half_up(a * np.asarray(ratio_scaled, dtype=np.int64), RATIO_SCALE)
