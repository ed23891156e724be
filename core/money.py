"""Money as Decimal, and the one place where figures are rounded for people.

Amounts travel through the engine unrounded. Only presentation (the window,
the PDF, the workbook's displayed format) rounds, always half away from zero,
the way invoices and spreadsheets round.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal(0)
CENT = Decimal("0.01")
MILLION = Decimal(1_000_000)

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥"}


def to_decimal(value: object) -> Decimal:
    """Convert a parsed value to Decimal without passing through binary floats.

    Floats (as spreadsheets store numbers) go through their shortest repr, so
    ``0.1`` becomes ``Decimal("0.1")``, not ``0.1000000000000000055...``.

    Raises:
        ValueError: the value is not a finite number.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    else:
        raise ValueError(f"{value!r} is not a number")
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return result


def round_money(amount: Decimal, places: int = 2) -> Decimal:
    """Round an amount for display, half away from zero."""
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str = "USD", places: int = 0) -> str:
    """Format an amount for people: ``$1,234,567`` or ``-€12.50``.

    This is presentation: the only place where amounts are rounded.
    """
    rounded = round_money(amount, places)
    symbol = _SYMBOLS.get(currency)
    sign = "-" if rounded < 0 else ""
    digits = f"{abs(rounded):,.{places}f}"
    if symbol:
        return f"{sign}{symbol}{digits}"
    return f"{sign}{digits} {currency}"


def format_quantity(quantity: Decimal, unit: str = "") -> str:
    """Format a large count compactly: 1.23 B tokens, 45.6 M, 789 k."""
    value = abs(quantity)
    sign = "-" if quantity < 0 else ""
    for threshold, suffix in ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "k")):
        if value >= threshold:
            scaled = round_money(value / threshold, 2)
            text = f"{sign}{scaled:,} {suffix}"
            break
    else:
        text = f"{sign}{round_money(value, 0):,}"
    return f"{text} {unit}".rstrip()


def format_percent(fraction: Decimal, places: int = 1) -> str:
    """Format a fraction (0.125) as a percentage ("12.5%")."""
    return f"{round_money(fraction * 100, places)}%"
