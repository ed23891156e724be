"""The market section's evidence: clause checks, invoice audit, price trend.

Each function turns one part of a (possibly vendor-filtered)
:class:`~core.market.results.MarketGapSection` into brief blocks, with the
prices, dates and sources a reader needs to check the claim.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.brief.market_format import MoneyFormat, line_label, percent, unit_price
from core.brief.model import Block, Column, Note, Table
from core.market.results import (
    AuditFinding,
    ClauseCheck,
    DeclineRate,
    MarketGapLine,
    MarketGapSection,
    PriceEvidence,
)
from core.money import ZERO
from core.reference import Meter, Vendor

MAX_FINDINGS = 15
MAX_PROJECTIONS = 8
MAX_SOURCE_ROWS_SHOWN = 5


def clause_blocks(market: MarketGapSection) -> list[Block]:
    """Price-review and MFN tables, each followed by its evidence."""
    blocks: list[Block] = []
    if market.triggers:
        thresholds = {check.threshold_pct for check in market.triggers}
        title = "Price-review clause"
        if len(thresholds) == 1:
            title += (
                f": review when the market is more than {thresholds.pop()}% below us"
            )
        blocks += _clause_table(title, market.triggers)
    if market.mfn:
        blocks += _clause_table("Most-favoured-customer clause", market.mfn)
    return blocks


def _clause_table(title: str, checks: Sequence[ClauseCheck]) -> list[Block]:
    columns = (
        Column("Model and meter"),
        Column("Our price", numeric=True),
        Column("Compared price", numeric=True),
        Column("Below ours", numeric=True),
        Column("Triggered", numeric=True),
    )
    rows = tuple(
        (
            f"{check.model}, {Meter(check.meter).label}",
            unit_price(check.contracted_price_per_mtok, _currency(check)),
            unit_price(check.market_price_per_mtok, _currency(check)),
            percent(check.fall_pct),
            _status_cell(check),
        )
        for check in checks
    )
    note = ""
    if any(check.since_first_record and check.since for check in checks):
        note = (
            "* Since the catalog's first price for that meter; the condition "
            "may have held earlier."
        )
    blocks: list[Block] = [Table(title, columns, rows, note=note)]
    fired = [check for check in checks if check.triggered and check.evidence]
    if fired:
        blocks.append(Note("Evidence: " + _evidence_text(fired)))
    return blocks


def _currency(check: ClauseCheck) -> str:
    return check.evidence.currency if check.evidence else "USD"


def _status_cell(check: ClauseCheck) -> str:
    if not check.triggered:
        return "No"
    if check.since is None:
        return "Yes, before any record"
    mark = "*" if check.since_first_record else ""
    return f"Yes, since {check.since}{mark}"


def _evidence_text(checks: Sequence[ClauseCheck]) -> str:
    """Quotes grouped by model and validity, with source and check date."""
    prices: dict[tuple[str, str, str, str], list[str]] = {}
    for check in checks:
        quote = check.evidence
        if quote is None:
            continue
        valid = f", valid from {quote.valid_from}" if quote.valid_from else ""
        key = (f"{quote.provider}/{quote.model_id}", valid, _source_text(quote), "")
        price = unit_price(quote.price_per_mtok, quote.currency)
        if quote.override_note:
            price += f" ({quote.override_note})"
        prices.setdefault(key, []).append(f"{Meter(check.meter).label} {price}")
    return (
        "; ".join(
            f"{model} list prices per MTok {', '.join(listed)}{valid} ({source})"
            for (model, valid, source, _), listed in prices.items()
        )
        + "."
    )


def _source_text(quote: PriceEvidence) -> str:
    items = [quote.source]
    if quote.checked:
        items.append(f"checked {quote.checked}")
    if quote.pricing_url:
        items.append(quote.pricing_url)
    return ", ".join(items)


def audit_blocks(market: MarketGapSection, money: MoneyFormat) -> list[Block]:
    """Findings of the invoice audit, or a note that there are none."""
    audit = market.audit
    if audit is None:
        return []
    reasons: dict[str, int] = {}
    for skip in audit.skipped:
        reasons[skip.reason] = reasons.get(skip.reason, 0) + skip.groups
    skipped = "; ".join(f"{groups} {reason}" for reason, groups in reasons.items())
    skipped_text = f" Not audited (month-lines): {skipped}." if skipped else ""
    if not audit.findings:
        return [
            Note(
                f"Invoice audit: in {audit.checked_groups} month-lines checked, "
                "the effective price paid stays within "
                f"{audit.tolerance_pct}% of the contracted price.{skipped_text}"
            )
        ]
    findings = sorted(audit.findings, key=lambda f: -abs(f.at_stake_reporting or ZERO))
    shown = findings[:MAX_FINDINGS]
    columns = (
        Column("Model and meter"),
        Column("Month", numeric=True),
        Column("Paid / MTok", numeric=True),
        Column("Contracted", numeric=True),
        Column("Deviation", numeric=True),
        Column("At stake", numeric=True),
    )
    rows = tuple(_finding_cells(f, money) for f in shown)
    total = ("All findings", "", "", "", "", money(audit.total_at_stake_reporting))
    more = len(findings) - len(shown)
    note = (
        f"Months whose effective price differs from the contracted price by "
        f"more than {audit.tolerance_pct}%. At stake = billed − contracted "
        f"amount, in {market.currency}."
        + (f" {more} smaller findings are in the analysis JSON." if more else "")
        + skipped_text
    )
    blocks: list[Block] = [Table("Invoice audit findings", columns, rows, total, note)]
    blocks.append(Note("Source rows: " + _source_rows_text(shown)))
    return blocks


def _finding_cells(finding: AuditFinding, money: MoneyFormat) -> tuple[str, ...]:
    return (
        f"{finding.model}, {Meter(finding.meter).label}",
        finding.month,
        unit_price(finding.effective_price_per_mtok, finding.currency),
        unit_price(finding.contracted_price_per_mtok, finding.currency),
        percent(finding.deviation_pct),
        money(finding.at_stake_reporting) if finding.at_stake_reporting else "–",
    )


def _source_rows_text(findings: Sequence[AuditFinding]) -> str:
    parts = []
    for finding in findings:
        rows = finding.source_rows[:MAX_SOURCE_ROWS_SHOWN]
        files: dict[str, list[str]] = {}
        for row in rows:
            files.setdefault(row.file, []).append(str(row.row))
        where = "; ".join(f"{name} rows {', '.join(n)}" for name, n in files.items())
        rest = finding.rows - len(rows)
        extra = f" and {rest} more" if rest > 0 else ""
        parts.append(f"{finding.model} {finding.meter} {finding.month}: {where}{extra}")
    return ". ".join(parts) + "."


def trend_blocks(market: MarketGapSection) -> list[Block]:
    """Decline rates per vendor and class, and projected list prices."""
    trends = market.trends
    if trends is None or not trends.rates:
        return []
    columns = (
        Column("Vendor, class and models"),
        Column("Points", numeric=True),
        Column("Decline / year", numeric=True),
        Column("Low – high", numeric=True),
        Column("Basis", numeric=True),
    )
    rows = tuple(
        (
            f"{_vendor_label(rate.vendor)} {rate.model_class}: "
            + ", ".join(rate.models),
            f"{rate.points}",
            percent(rate.base_pct),
            f"{percent(rate.low_pct)} – {percent(rate.high_pct)}",
            rate.basis,
        )
        for rate in trends.rates
    )
    notes = " ".join(dict.fromkeys(_basis_note(rate) for rate in trends.rates))
    blocks: list[Block] = [
        Table("List-price decline per year", columns, rows, note=notes)
    ]
    return blocks + _projection_table(market)


def _basis_note(rate: DeclineRate) -> str:
    if rate.basis == "fitted":
        return "Fitted: from the catalog's price history over the points shown."
    if rate.basis == "override":
        return "Override: a rate set by the user."
    return (
        f"Assumption: {rate.note.split(':')[0].lower()}, so the assumed "
        f"{rate.base_pct}% a year is used."
    )


def _projection_table(market: MarketGapSection) -> list[Block]:
    trends = market.trends
    if trends is None or not trends.projections:
        return []
    by_line = {(p.vendor, p.model, p.meter): p for p in trends.projections}
    lines = sorted(
        (
            line
            for line in market.lines
            if _key(line) in by_line and line.annual_volume_mtok
        ),
        key=lambda line: -abs(line.annual_value_reporting or ZERO),
    )[:MAX_PROJECTIONS]
    if not lines:
        return []
    columns = (
        Column("Model and meter"),
        Column("Our price", numeric=True),
        Column("List today", numeric=True),
        Column("At term end", numeric=True),
        Column("New term avg.", numeric=True),
        Column("Range", numeric=True),
    )
    rows = []
    for line in lines:
        projection = by_line[_key(line)]
        low, base, high = projection.scenarios
        rows.append(
            (
                line_label(line),
                unit_price(line.contracted_price_per_mtok, line.currency),
                unit_price(projection.market_price_per_mtok, line.currency),
                unit_price(base.at_term_end, line.currency),
                unit_price(base.average_new_term, line.currency),
                f"{unit_price(high.average_new_term, line.currency)} – "
                f"{unit_price(low.average_new_term, line.currency)}",
            )
        )
    terms = dict.fromkeys(
        f"{line.contract.contract} ends {line.contract.term_end}, a new term of "
        f"the same length {by_line[_key(line)].new_term_end}"
        for line in lines
    )
    note = (
        "The lines of largest value, at the base decline; the range is the "
        "new-term average under the high and low decline. " + "; ".join(terms) + "."
    )
    return [Table("Projected list price per MTok", columns, tuple(rows), note=note)]


def _key(line: MarketGapLine) -> tuple[str, str, str]:
    return (line.vendor, line.model, line.meter)


def _vendor_label(key: str) -> str:
    return Vendor(key).label if key in Vendor._value2member_map_ else key
