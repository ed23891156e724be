"""Formatting shared by the brief's market-gap blocks.

Unit prices are shown per MTok with two decimals, or up to four where a
price needs them ($0.022); annual values in whole currency units (cents
when every value is below 1,000). Every figure goes through
:mod:`core.money`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from core.market.results import MarketGapLine, MarketGapSection
from core.money import ZERO, format_money, format_percent, round_money
from core.reference import Meter


class MoneyFormat:
    """Formats a section's annual values at one precision, in its currency."""

    def __init__(self, market: MarketGapSection) -> None:
        self.currency = market.currency
        values = [abs(line.annual_value_reporting or ZERO) for line in market.lines]
        self.places = 0 if max(values, default=ZERO) >= 1000 else 2

    def __call__(self, amount: Decimal) -> str:
        return format_money(amount, self.currency, self.places)


def unit_price(price: Decimal | None, currency: str) -> str:
    """A price per MTok: two decimals, or up to four where they matter."""
    if price is None:
        return "–"
    places = next((p for p in (2, 3) if round_money(price, p) == price), 4)
    return format_money(price, currency, places)


def percent(value_pct: Decimal | None) -> str:
    """A percentage given in percent (25 → "25.0%")."""
    return "–" if value_pct is None else format_percent(value_pct / 100)


def line_label(line: MarketGapLine) -> str:
    """ "gpt-5.6-luna, input" for a table's first column."""
    return f"{line.model}, {Meter(line.meter).label}"


def ordered(lines: Sequence[MarketGapLine]) -> list[MarketGapLine]:
    """Largest annual value first; lines without a value last."""
    return sorted(
        lines,
        key=lambda line: (
            line.annual_value_reporting is None,
            -(line.annual_value_reporting or ZERO),
            line.vendor,
            line.model,
            line.meter,
        ),
    )


def counted(number: int, noun: str) -> str:
    """ "1 line", "3 lines"."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"
