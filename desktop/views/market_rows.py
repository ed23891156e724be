"""The Market page's text: table rows, headline figures and evidence.

Everything here formats figures the core computed; nothing is computed but
which clause check belongs to which line. Amounts are rounded only through
:mod:`core.money` (by way of the brief's market formats, so the page and
the PDF read alike).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.money import ZERO, format_money, round_money

if TYPE_CHECKING:
    from core.market.results import (
        AuditResult,
        ClauseCheck,
        MarketGapLine,
        MarketGapSection,
        PriceEvidence,
    )

OVERRIDE_BADGE = "override"
GAP_HEADERS = {
    "vendor": "Vendor",
    "model": "Model",
    "meter": "Meter",
    "ours": "Ours/MTok",
    "market": "Market/MTok",
    "gap": "Gap %",
    "volume": "MTok/year",
    "value": "Value/year",
    "status": "Clause status",
}
GAP_NUMERIC = (3, 4, 5, 6, 7)
AUDIT_HEADERS = {
    "month": "Month",
    "line": "Line",
    "effective": "Effective/MTok",
    "contracted": "Contracted/MTok",
    "difference": "Difference",
    "at_stake": "At stake",
    "rows": "Source rows",
}
AUDIT_NUMERIC = (2, 3, 4, 5)
NONE_TEXT = "–"


@dataclass(frozen=True)
class TableRows:
    """A table's display text and, per cell, the value it sorts by."""

    text: list[dict[str, str]]
    keys: list[list[object]]


def is_override(quote: PriceEvidence | None) -> bool:
    """Whether a market price is the user's override, not the catalog's."""
    return quote is not None and quote.override_note is not None


def line_key(line: MarketGapLine) -> tuple[str, str, str]:
    """What identifies a line across analyses: vendor, model, meter."""
    return (line.vendor, line.model, line.meter)


def check_for(checks: Sequence[ClauseCheck], line: MarketGapLine) -> ClauseCheck | None:
    """The clause check made on ``line``, if any."""
    key = line_key(line)
    return next((c for c in checks if (c.vendor, c.model, c.meter) == key), None)


def gap_rows(market: MarketGapSection) -> TableRows:
    """One row per line, in the section's order."""
    from core.brief.market_format import MoneyFormat, percent, unit_price

    money = MoneyFormat(market)
    text, keys = [], []
    for line in market.lines:
        market_text = unit_price(line.market_price_per_mtok, line.currency)
        if is_override(line.quote):
            market_text = f"{market_text} · {OVERRIDE_BADGE}"
        value = line.annual_value_reporting
        row = {
            "vendor": line.vendor_label,
            "model": line.model,
            "meter": line.meter.replace("_", " "),
            "ours": unit_price(line.contracted_price_per_mtok, line.currency),
            "market": market_text,
            "gap": percent(line.gap_pct),
            "volume": f"{round_money(line.annual_volume_mtok, 0):,}",
            "value": NONE_TEXT if value is None else money(value),
            "status": trigger_status(market, line),
        }
        text.append(row)
        keys.append(
            [
                row["vendor"],
                line.model,
                row["meter"],
                line.contracted_price_per_mtok,
                line.market_price_per_mtok,
                line.gap_pct,
                line.annual_volume_mtok,
                value,
                row["status"],
            ]
        )
    return TableRows(text, keys)


def trigger_status(market: MarketGapSection, line: MarketGapLine) -> str:
    """ "review triggered since 2026-07-30", "not compared", …"""
    if not line.comparable:
        return "not compared"
    parts = []
    for name, checks in (("review", market.triggers), ("MFN", market.mfn)):
        check = check_for(checks, line)
        if check is None:
            continue
        if check.triggered:
            since = f" since {check.since}" if check.since else ""
            parts.append(f"{name} triggered{since}")
        else:
            parts.append(f"{name} not triggered")
    return "; ".join(parts) or "no clause"


def line_evidence(market: MarketGapSection, line: MarketGapLine) -> str:
    """The line's sources as rich text for the detail pane and tooltip."""
    from core.brief.market_format import unit_price

    quote, volume, contract = line.quote, line.volume, line.contract
    title = f"{line.vendor_label} · {line.model} · {line.meter.replace('_', ' ')}"
    items: list[str] = []
    if quote is None:
        items.append(f"No market price: {line.reason or 'none found'}.")
        if line.fix:
            items.append(f"Fix: {line.fix}.")
    else:
        source = "Price override" if is_override(quote) else "Price source"
        items += [
            f"{source}: {quote.source} ({quote.provider}/{quote.model_id}), "
            f"{unit_price(quote.price_per_mtok, quote.currency)} per {line.basis}",
            f"Valid from: {quote.valid_from or 'before any record'}; "
            f"checked: {quote.checked or 'not stated'}",
            f"Pricing page: {quote.pricing_url or 'not stated'}",
        ]
        if quote.override_note is not None:
            items.append(f"Override note: {quote.override_note or '(none)'}")
    items += [
        f"Contract: {contract.contract} ({contract.rate_source}, "
        f"rate for “{contract.rate_model}”), term {contract.term_start} to "
        f"{contract.term_end}",
        f"Volume window: {volume.window_start} to {volume.window_end} "
        f"({volume.window_days} days, {volume.rows:,} rows from "
        f"{', '.join(volume.source_files) or 'no file'})",
        f"Formula: {line.formula}",
    ]
    for check in (check_for(market.triggers, line), check_for(market.mfn, line)):
        if check is not None:
            items.append(f"{_clause_name(check)}: {check.status}")
    body = "<br>".join(_escape(item) for item in items)
    return f"<b>{_escape(title)}</b><br>{body}"


def headline_figures(market: MarketGapSection) -> dict[str, tuple[str, str]]:
    """Value and detail text of each headline card."""
    from core.brief.market_format import MoneyFormat, counted

    money = MoneyFormat(market)
    compared = [line for line in market.lines if line.comparable]
    above = [line for line in compared if (line.gap_per_mtok or ZERO) > 0]
    overpaid = sum((line.annual_value_reporting or ZERO for line in above), ZERO)
    fired = [check for check in market.triggers if check.triggered]
    return {
        "net": (
            money(market.total_annual_value),
            f"net a year; {counted(len(compared), 'line')} compared",
        ),
        "above": (money(overpaid), f"a year on {counted(len(above), 'line')}"),
        "review": (
            f"{len(fired)} of {len(market.triggers)}" if market.triggers else "none",
            "lines triggered" if market.triggers else "no review clause",
        ),
        "mfn": _mfn_figure(market.mfn),
        "audit": _audit_figure(market.audit, money.currency),
        "catalog": _catalog_figure(market.catalog),
    }


def audit_rows(audit: AuditResult | None) -> TableRows:
    """One row per audit finding."""
    from core.brief.market_format import unit_price

    text, keys = [], []
    for finding in [] if audit is None else audit.findings:
        difference = finding.deviation_pct
        rows = ", ".join(f"{r.file}:{r.row}" for r in finding.source_rows)
        row = {
            "month": finding.month,
            "line": f"{finding.model} · {finding.meter.replace('_', ' ')}",
            "effective": unit_price(finding.effective_price_per_mtok, finding.currency),
            "contracted": unit_price(
                finding.contracted_price_per_mtok, finding.currency
            ),
            "difference": f"{round_money(difference, 1)}%",
            "at_stake": format_money(finding.at_stake, finding.currency, 2),
            "rows": f"{finding.rows:,} rows: {rows}",
        }
        text.append(row)
        keys.append(
            [
                finding.month,
                row["line"],
                finding.effective_price_per_mtok,
                finding.contracted_price_per_mtok,
                difference,
                finding.at_stake,
                finding.rows,
            ]
        )
    return TableRows(text, keys)


def clause_text(market: MarketGapSection) -> str:
    """Every price-review and MFN check as rich text, triggered first."""
    checks = sorted(
        [*market.triggers, *market.mfn], key=lambda c: (not c.triggered, c.model)
    )
    if not checks:
        return "No contract has a price-review or most-favoured-nation clause."
    items = [
        f"<b>{_clause_name(c)}, {_escape(c.model)} · {c.meter.replace('_', ' ')}"
        f" ({_escape(c.contract)}): "
        f"{'triggered' if c.triggered else 'not triggered'}</b><br>"
        f"{_escape(c.status)}"
        for c in checks
    ]
    return "<br><br>".join(items)


def _clause_name(check: ClauseCheck) -> str:
    if check.clause == "mfn":
        return "Most-favoured-nation clause"
    threshold = f" ({check.threshold_pct}%)" if check.threshold_pct is not None else ""
    return f"Price-review clause{threshold}"


def _mfn_figure(checks: Sequence[ClauseCheck]) -> tuple[str, str]:
    if not checks:
        return "none", "no MFN clause"
    fired = [c for c in checks if c.triggered]
    if not fired:
        return "Holds", f"checked on {len(checks)} lines"
    return "Breached", f"on {len(fired)} of {len(checks)} lines"


def _audit_figure(audit: AuditResult | None, currency: str) -> tuple[str, str]:
    if audit is None:
        return "n/a", "no invoice audit"
    money = format_money(audit.total_at_stake_reporting, currency)
    count = len(audit.findings)
    return (
        f"{count} finding{'s' if count != 1 else ''}",
        f"{money} at stake; {audit.checked_groups} month-lines checked",
    )


def _catalog_figure(label: str) -> tuple[str, str]:
    source, _, when = label.partition(" (")
    return source or "none", when.rstrip(")")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
