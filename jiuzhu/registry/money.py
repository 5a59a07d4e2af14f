"""Yuan strings at the edges, integer fen inside."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _


class MoneyError(ValueError):
    pass


def parse_yuan(value: object, *, allow_negative: bool = False) -> int:
    """'1800.00' (or 1800, Decimal) -> 180000 fen. Refuses floats' surprises, text and more than 2 places."""
    if isinstance(value, bool) or value is None:
        raise MoneyError(_("应为金额（元）"))
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("，", "")
    if text == "":
        raise MoneyError(_("应为金额（元）"))
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise MoneyError(_("“%(value)s”不是金额") % {"value": value}) from None
    if not amount.is_finite():
        raise MoneyError(_("“%(value)s”不是金额") % {"value": value})
    if abs(amount) >= Decimal("1e12"):  # before quantize, which fails on huge values
        raise MoneyError(_("金额过大"))
    if amount != amount.quantize(Decimal("0.01")):
        raise MoneyError(_("金额最多保留两位小数"))
    if amount < 0 and not allow_negative:
        raise MoneyError(_("金额不能为负数"))
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def yuan(fen: int | None) -> str:
    """180000 -> '1800.00'."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"
