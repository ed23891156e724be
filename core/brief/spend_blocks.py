"""The brief's spend summary and method note, formatted from the result.

Amounts stay Decimal until a cell is written, and every cell goes through
:mod:`core.money`. Amounts of a brief are shown in whole currency units,
or to the cent when all spend is below 1,000 units (a trial workspace).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from core.brief.model import (
    Block,
    ChartRef,
    Column,
    Headline,
    Headlines,
    Note,
    Section,
    Table,
    period_text,
)
from core.money import ZERO, format_money, format_percent, format_quantity
from core.reference import BillingUnit, Meter
from core.results import (
    AnalysisResult,
    MonthSpend,
    SpendLine,
    SpendSection,
    VendorSpend,
)

TOP_MODELS = 12
TOP_WORKLOADS = 12
NO_USAGE_TEXT = (
    "No usage has been imported into this workspace yet, so there are no "
    "spend figures. Import usage exports or invoices, then generate the "
    "brief again."
)
_UNIT_WORDS = {
    BillingUnit.TOKEN: "tokens",
    BillingUnit.REQUEST: "requests",
    BillingUnit.IMAGE: "images",
    BillingUnit.AUDIO_MINUTE: "audio min",
    BillingUnit.HOUR: "hours",
}


class _Money:
    """Formats amounts of one currency at the brief's precision."""

    def __init__(self, spend: SpendSection) -> None:
        self.currency = spend.currency
        self.total = spend.total
        self.places = 0 if abs(spend.total) >= 1000 else 2

    def __call__(self, amount: Decimal) -> str:
        return format_money(amount, self.currency, self.places)


def spend_section(result: AnalysisResult, vendor: SpendLine | None) -> Section:
    """Headline figures, monthly chart and breakdown tables.

    With ``vendor``, every figure covers that vendor only; shares in the
    model, workload and meter tables are of the vendor's spend.
    """
    spend = result.spend
    if not spend.by_vendor:
        return Section("spend", "Spend summary", (Note(NO_USAGE_TEXT, "caution"),))
    money = _Money(spend)
    scope: SpendSection | VendorSpend = spend
    if vendor is not None:
        scope = next(v for v in spend.vendors if v.key == vendor.key)

    blocks: list[Block] = [
        _vendor_headlines(result, vendor, money)
        if vendor
        else _headlines(result, money),
        _chart(spend, vendor),
        _vendor_table(spend, vendor, money),
        _breakdown("Spend by model", "Model", scope.by_model, money, TOP_MODELS),
        _breakdown(
            "Spend by workload", "Workload", scope.by_workload, money, TOP_WORKLOADS
        ),
        _meter_table(scope.by_meter, money),
    ]
    return Section("spend", "Spend summary", tuple(blocks))


def _headlines(result: AnalysisResult, money: _Money) -> Headlines:
    spend, ws = result.spend, result.workspace
    return Headlines(
        (
            Headline(
                "Total billed",
                money(spend.total),
                f"{ws.usage_rows:,} usage rows from {ws.imports:,} imports",
            ),
            _list_headline(spend, money),
            _period_headline(result),
            Headline(
                "Vendors",
                f"{len(spend.by_vendor):,}",
                f"Largest: {spend.by_vendor[0].label}, "
                f"{format_percent(spend.by_vendor[0].share)}",
            ),
        )
    )


def _vendor_headlines(
    result: AnalysisResult, vendor: SpendLine, money: _Money
) -> Headlines:
    spend = result.spend
    items = [
        Headline(
            f"Billed by {vendor.label}",
            money(vendor.amount),
            f"{vendor.rows:,} usage rows",
        ),
        Headline(
            "Share of all AI API spend",
            format_percent(vendor.share),
            f"of {money(spend.total)} across {len(spend.by_vendor):,} vendors",
        ),
    ]
    if len(spend.by_vendor) == 1:
        items.append(_list_headline(spend, money))
    items.append(_period_headline(result))
    return Headlines(tuple(items))


def _list_headline(spend: SpendSection, money: _Money) -> Headline:
    """Billed against list price, and the discount that gap implies."""
    if spend.list_total is None:
        return Headline(
            "At list price", "Not available", "Some usage rows carry no list price"
        )
    if spend.discount_vs_list is None:
        return Headline("At list price", money(spend.list_total), "")
    gap = spend.list_total - spend.total
    discount = spend.discount_vs_list
    if gap >= ZERO:
        detail = f"Billed {format_percent(discount)} below list ({money(gap)} saved)"
    else:
        detail = f"Billed {format_percent(-discount)} above list ({money(-gap)} more)"
    return Headline("At list price", money(spend.list_total), detail)


def _period_headline(result: AnalysisResult) -> Headline:
    first, last = result.workspace.first_day, result.workspace.last_day
    days = (last - first).days + 1 if first and last else 0
    months = len(result.spend.by_month)
    return Headline(
        "Period covered",
        f"{days:,} days",
        f"{period_text(result)}, {months:,} calendar months",
    )


def _chart(spend: SpendSection, vendor: SpendLine | None) -> ChartRef:
    caption = f"Billed spend by calendar month and vendor ({spend.currency})."
    if vendor is None:
        return ChartRef("spend_by_month", caption, spend)
    months = [_month_for(month, vendor.key) for month in spend.by_month]
    return ChartRef(
        "spend_by_month",
        f"Billed spend by calendar month, {vendor.label} only ({spend.currency}).",
        spend.model_copy(update={"by_month": months}),
    )


def _month_for(month: MonthSpend, vendor_key: str) -> MonthSpend:
    amount = month.by_vendor.get(vendor_key)
    by_vendor = {vendor_key: amount} if amount is not None else {}
    return MonthSpend(month=month.month, amount=amount or ZERO, by_vendor=by_vendor)


def _vendor_table(
    spend: SpendSection, vendor: SpendLine | None, money: _Money
) -> Table:
    columns = (
        Column("Vendor"),
        Column("Billed", numeric=True),
        Column("Share", numeric=True),
        Column("Usage rows", numeric=True),
    )
    total = (
        "All vendors",
        money(spend.total),
        format_percent(Decimal(1)),
        _rows(spend.by_vendor),
    )
    if vendor is None:
        rows = tuple(_cells(line, money) for line in spend.by_vendor)
        return Table("Spend by vendor", columns, rows, total)
    others = [line for line in spend.by_vendor if line.key != vendor.key]
    rows = (_cells(vendor, money),)
    if others:
        rows += (_folded(f"Other vendors combined ({len(others)})", others, money),)
    return Table(f"{vendor.label} against all vendors", columns, rows, total)


def _breakdown(
    title: str, header: str, lines: Sequence[SpendLine], money: _Money, limit: int
) -> Table:
    """The largest ``limit`` lines; the rest folded into one line."""
    columns = (
        Column(header),
        Column("Billed", numeric=True),
        Column("Share", numeric=True),
        Column("Usage rows", numeric=True),
    )
    shown, rest = lines[:limit], lines[limit:]
    rows = tuple(_cells(line, money) for line in shown)
    if len(rest) == 1:
        rows += (_cells(rest[0], money),)
    elif rest:
        rows += (_folded(f"{len(rest)} others combined", rest, money, lines),)
    return Table(title, columns, rows)


def _meter_table(lines: Sequence[SpendLine], money: _Money) -> Table:
    columns = (
        Column("Meter"),
        Column("Quantity", numeric=True),
        Column("Billed", numeric=True),
        Column("Share", numeric=True),
    )
    rows = tuple(
        (line.label, _quantity(line), money(line.amount), format_percent(line.share))
        for line in lines
    )
    return Table("Spend by meter", columns, rows)


def _quantity(line: SpendLine) -> str:
    unit = Meter(line.key).unit if line.key in Meter._value2member_map_ else None
    if line.quantity is None or unit not in _UNIT_WORDS:
        return "–"
    return format_quantity(line.quantity, _UNIT_WORDS[unit])


def _cells(line: SpendLine, money: _Money) -> tuple[str, ...]:
    return (
        line.label,
        money(line.amount),
        format_percent(line.share),
        f"{line.rows:,}",
    )


def _folded(
    label: str,
    lines: Sequence[SpendLine],
    money: _Money,
    whole: Sequence[SpendLine] | None = None,
) -> tuple[str, ...]:
    """One row summing ``lines``; its share is of ``whole`` (all spend)."""
    amount = sum((line.amount for line in lines), ZERO)
    total = sum((line.amount for line in whole), ZERO) if whole else money.total
    share = amount / total if total else ZERO
    return (label, money(amount), format_percent(share), _rows(lines))


def _rows(lines: Sequence[SpendLine]) -> str:
    return f"{sum(line.rows for line in lines):,}"


def method_section(result: AnalysisResult, vendor: SpendLine | None) -> Section:
    """How the figures were computed, for finance and legal to check."""
    spend, ws = result.spend, result.workspace
    money = _Money(spend)
    precision = "whole units" if money.places == 0 else "cents"
    notes = [
        Note(spend.formula),
        Note(
            f"Amounts are in {spend.currency}, rounded for display only, to "
            f"{precision}, half away from zero. Shares and totals are taken "
            "before rounding, so rounded rows may not add up exactly to the "
            "rounded total."
        ),
        Note(
            "Discount against list = (list total − billed total) ÷ list "
            "total, shown only when every usage row carries a list price."
        ),
        Note(f"Market price catalog: {ws.catalog}."),
    ]
    if vendor is not None:
        notes.append(
            Note(
                f"This brief is filtered to {vendor.label}: every figure covers "
                "it alone, and shares in the model, workload and meter tables "
                f"are of {vendor.label}'s spend."
            )
        )
    return Section("method", "How these figures were computed", tuple(notes))
