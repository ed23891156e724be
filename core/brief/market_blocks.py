"""The brief's market-gap section, formatted from the result.

Figures are formatted by :mod:`core.brief.market_format`; nothing is
computed here but a vendor's share of the totals when the brief is
filtered to one vendor.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.brief.market_evidence import audit_blocks, clause_blocks, trend_blocks
from core.brief.market_format import (
    MoneyFormat,
    counted,
    line_label,
    ordered,
    percent,
    unit_price,
)
from core.brief.model import (
    Block,
    ChartRef,
    Column,
    Headline,
    Headlines,
    Note,
    Section,
    Table,
)
from core.charts import market_chart_height_in
from core.market.results import MarketGapLine, MarketGapSection
from core.money import ZERO, round_money
from core.reference import Vendor
from core.results import AnalysisResult, SpendLine

TITLE = "Market gap against today's list prices"
MAX_CHART_LINES = 24
_MM_PER_INCH = 25.4


def market_section(result: AnalysisResult, vendor: SpendLine | None) -> Section:
    """Lines, totals, chart, clause checks, audit and trend, for the brief.

    With ``vendor``, only that vendor's lines, findings and checks show.
    """
    market = result.market_gap
    if not market.available:
        return Section("market_gap", TITLE, (Note(market.note, "pending"),))
    scope = scoped(market, vendor.key if vendor else None)
    if not scope.lines:
        text = "No contracted line of this vendor to compare with list prices."
        return Section("market_gap", TITLE, (Note(text, "pending"),))

    money = MoneyFormat(scope)
    blocks: list[Block] = [
        _headlines(scope, money),
        _lines_table(scope, money),
        *(Note(text, "caution") for text in scope.cautions),
        *_not_compared(scope.lines),
        *_vendor_table(scope, money),
        _chart(scope),
        *clause_blocks(scope),
        *audit_blocks(scope, money),
        *trend_blocks(scope),
        *_notes(scope),
    ]
    return Section("market_gap", TITLE, tuple(blocks))


def scoped(market: MarketGapSection, vendor: str | None) -> MarketGapSection:
    """The section restricted to one vendor's lines, checks and findings."""
    if vendor is None:
        return market
    audit = market.audit
    if audit is not None:
        findings = [f for f in audit.findings if f.vendor == vendor]
        total = sum((f.at_stake_reporting or ZERO for f in findings), ZERO)
        audit = audit.model_copy(
            update={
                "findings": findings,
                "total_at_stake_reporting": total,
                "checked_groups": audit.checked_by_vendor.get(vendor, 0),
                "checked_by_vendor": {
                    k: n for k, n in audit.checked_by_vendor.items() if k == vendor
                },
                "skipped": [s for s in audit.skipped if s.vendor == vendor],
            }
        )
    trends = market.trends
    if trends is not None:
        trends = trends.model_copy(
            update={
                "rates": [r for r in trends.rates if r.vendor == vendor],
                "projections": [p for p in trends.projections if p.vendor == vendor],
            }
        )
    totals = [t for t in market.totals_by_vendor if t.vendor == vendor]
    return market.model_copy(
        update={
            "lines": [line for line in market.lines if line.vendor == vendor],
            "totals_by_vendor": totals,
            "total_annual_value": sum((t.annual_value_reporting for t in totals), ZERO),
            "triggers": [c for c in market.triggers if c.vendor == vendor],
            "mfn": [c for c in market.mfn if c.vendor == vendor],
            "audit": audit,
            "trends": trends,
        }
    )


def _headlines(market: MarketGapSection, money: MoneyFormat) -> Headlines:
    compared = [line for line in market.lines if line.comparable]
    above = [line for line in compared if (line.gap_per_mtok or ZERO) > 0]
    overpaid = sum((line.annual_value_reporting or ZERO for line in above), ZERO)
    items = [
        Headline(
            "Net gap per year",
            money(market.total_annual_value),
            f"{money(overpaid)} on lines above list; run-rate "
            f"{market.window_start} to {market.window_end}",
        ),
        Headline(
            "Lines above list price",
            f"{len(above)} of {len(compared)}",
            f"{counted(len(market.lines) - len(compared), 'line')} could not be "
            "compared"
            if len(compared) < len(market.lines)
            else "every contracted line compared",
        ),
        _review_headline(market),
    ]
    if market.audit is not None:
        findings = market.audit.findings
        items.append(
            Headline(
                "Invoice audit",
                counted(len(findings), "finding"),
                f"{money(market.audit.total_at_stake_reporting)} at stake"
                if findings
                else f"{market.audit.checked_groups} month-lines checked",
            )
        )
    return Headlines(tuple(items))


def _review_headline(market: MarketGapSection) -> Headline:
    fired = [check for check in market.triggers if check.triggered]
    if not market.triggers:
        return Headline("Price-review clause", "None", "no review clause to test")
    if not fired:
        return Headline("Price-review clause", "Not triggered", "as of the as-of date")
    dates = sorted(str(check.since) for check in fired if check.since)
    since = f"earliest since {dates[0]}" if dates else "since before any record"
    return Headline(
        "Price-review clause", "Triggered", f"on {len(fired)} lines, {since}"
    )


def _lines_table(market: MarketGapSection, money: MoneyFormat) -> Table:
    columns = (
        Column("Model and meter"),
        Column("Our price", numeric=True),
        Column("List today", numeric=True),
        Column("Gap %", numeric=True),
        Column("Annual MTok", numeric=True),
        Column("Value / year", numeric=True),
    )
    rows = tuple(
        (
            line_label(line),
            unit_price(line.contracted_price_per_mtok, line.currency),
            unit_price(line.market_price_per_mtok, line.currency),
            percent(line.gap_pct),
            f"{round_money(line.annual_volume_mtok, 0):,}",
            money(line.annual_value_reporting)
            if line.annual_value_reporting is not None
            else "–",
        )
        for line in ordered(market.lines)
    )
    total = ("All lines", "", "", "", "", money(market.total_annual_value))
    note = (
        "Prices per million tokens in each contract's currency; gap = (ours − "
        "list) ÷ ours; value per year in "
        f"{market.currency}. Negative values: we pay less than list."
    )
    return Table("Our price against list price", columns, rows, total, note)


def _not_compared(lines: Sequence[MarketGapLine]) -> list[Block]:
    missing = [line for line in lines if not line.comparable]
    if not missing:
        return []
    text = "Not compared: " + "; ".join(
        f"{line_label(line)}: {line.reason} (fix: {line.fix})" for line in missing
    )
    return [Note(text + ".", "caution")]


def _vendor_table(market: MarketGapSection, money: MoneyFormat) -> list[Block]:
    if len(market.totals_by_vendor) < 2:
        return []
    columns = (
        Column("Vendor"),
        Column("Lines compared", numeric=True),
        Column("Value / year", numeric=True),
    )
    rows = tuple(
        (
            total.label,
            f"{total.comparable_lines} of {total.lines}",
            money(total.annual_value_reporting),
        )
        for total in market.totals_by_vendor
    )
    grand = ("All vendors", "", money(market.total_annual_value))
    return [Table("Gap by vendor", columns, rows, grand)]


def _chart(market: MarketGapSection) -> ChartRef:
    lines = [
        line
        for line in ordered(market.lines)
        if line.contracted_price_per_mtok and line.market_price_per_mtok
    ][:MAX_CHART_LINES]
    height_mm = market_chart_height_in(len(lines)) * _MM_PER_INCH
    return ChartRef(
        "market_prices",
        "Our price and today's list price per MTok, line by line (log scale; "
        "lines in the order of the table).",
        market_lines=tuple(lines),
        height_mm=height_mm,
    )


def _notes(market: MarketGapSection) -> list[Block]:
    notes: list[Block] = []
    if market.uncontracted_vendors:
        notes.append(
            Note(
                "Usage without a contract is not compared: "
                + ", ".join(map(_vendor_label, market.uncontracted_vendors))
                + ". Add its contract to include it."
            )
        )
    formulas = market.formulas
    for key in ("gap", "run_rate", "trend"):
        if key in formulas:
            notes.append(Note(formulas[key]))
    notes.append(
        Note(
            f"List prices from {market.catalog}. Each line's price source, "
            "validity and check date are in the analysis JSON."
        )
    )
    return notes


def _vendor_label(key: str) -> str:
    return Vendor(key).label if key in Vendor._value2member_map_ else key
