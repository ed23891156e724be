"""Plumbing shared by the demo's vendor files: charges, CSV bytes, money text.

A :class:`Ledger` collects the money-bearing lines of one vendor cost file
together with the usage-table row each line becomes, so the row's
``source_row`` is by construction the line's row in the written file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from core.demo.scenario import list_price_per_mtok
from core.demo.volumes import DayVolume
from core.money import MILLION
from core.reference import Meter, Vendor

_EPOCH = date(1970, 1, 1)


def cost_usd(tokens: int, price_per_mtok: Decimal) -> Decimal:
    """Exact cost in USD of ``tokens`` at ``price_per_mtok`` (no rounding)."""
    return Decimal(tokens) * price_per_mtok / MILLION


def plain(number: Decimal) -> str:
    """Fixed-point text of a Decimal, no exponent, no trailing zeros: ``12.5``."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def unix_seconds(day: date) -> int:
    """Seconds from 1970-01-01 UTC to the start of ``day`` (UTC)."""
    return (day - _EPOCH).days * 86_400


def day_start(day: date) -> datetime:
    """Midnight UTC at the start of ``day``."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def csv_bytes(header: Sequence[str], lines: Iterable[Sequence[str]]) -> bytes:
    """A UTF-8 CSV file, comma-separated, ``\\n`` line ends, minimal quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(lines)
    return buffer.getvalue().encode("utf-8")


@dataclass(frozen=True)
class Charge:
    """One priced meter of one workload-day; amounts in USD, unrounded."""

    volume: DayVolume
    meter: Meter
    tokens: int
    list_usd: Decimal
    contracted_usd: Decimal
    billed_usd: Decimal


def price_charge(
    volume: DayVolume, meter: Meter, tokens: int, our_price_per_mtok: Decimal
) -> Charge:
    """Price ``tokens`` at list and at our price; we are billed our price."""
    list_price = list_price_per_mtok(volume.workload.model, meter, volume.day)
    contracted = cost_usd(tokens, our_price_per_mtok)
    return Charge(
        volume=volume,
        meter=meter,
        tokens=tokens,
        list_usd=cost_usd(tokens, list_price),
        contracted_usd=contracted,
        billed_usd=contracted,
    )


@dataclass
class Ledger:
    """The lines of one vendor cost file and the usage rows they become."""

    file_name: str
    vendor: Vendor
    header: tuple[str, ...]
    lines: list[list[str]] = field(default_factory=list)
    usage_rows: list[dict[str, Any]] = field(default_factory=list)
    billed_total_usd: Decimal = Decimal(0)

    def add(self, line: list[str], charge: Charge) -> None:
        """Append a file line and the usage row for the charge it carries."""
        self.lines.append(line)
        self.billed_total_usd += charge.billed_usd
        self.usage_rows.append(self._usage_row(charge, len(self.lines) + 1))

    def to_bytes(self) -> bytes:
        """The cost file as written: header, then one line per charge."""
        return csv_bytes(self.header, self.lines)

    def _usage_row(self, charge: Charge, source_row: int) -> dict[str, Any]:
        # Row 1 of the file is the header, so line n sits on row n + 1.
        volume = charge.volume
        start = day_start(volume.day)
        return {
            "period_start": start,
            "period_end": start + timedelta(days=1),
            "vendor": self.vendor.value,
            "account": volume.workload.account_id,
            "workload": volume.workload.name,
            "model": volume.workload.model,
            "meter": charge.meter.value,
            "quantity": Decimal(charge.tokens),
            "list_amount": charge.list_usd,
            "contracted_amount": charge.contracted_usd,
            "billed_amount": charge.billed_usd,
            "currency": "USD",
            "source_file": self.file_name,
            "source_row": source_row,
        }
