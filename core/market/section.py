"""Gather the market-gap analysis into one result section.

:func:`compute_market_gap` is what :func:`core.analysis.analyze` calls. It
reads the workspace's contracts, usage, stored catalog, price overrides,
comparables, model classes and assumptions; it never reaches the network
(the catalog is the snapshot stored in the workspace).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from core.market.audit import FORMULA as AUDIT_FORMULA
from core.market.audit import audit_usage
from core.market.comparables import ComparableFinder
from core.market.lines import NO_VOLUME, Window, build_line, window_volumes
from core.market.prices import Pricing
from core.market.results import (
    ClauseCheck,
    MarketGapLine,
    MarketGapSection,
    TrendResult,
    VendorGapTotal,
)
from core.market.specs import LineSpec, contracts_in_scope, keyed_usage, line_specs
from core.market.trends import FORMULA as TREND_FORMULA
from core.market.trends import (
    ModelClassing,
    classify,
    decline_rates,
    lookback_start,
    price_paths,
    project,
)
from core.market.triggers import mfn_check, review_check
from core.money import format_money

if TYPE_CHECKING:
    import pandas as pd

    from core.contract import Contract
    from core.workspace import Workspace

log = logging.getLogger(__name__)

LINE_FORMULA = (
    "Gap per MTok = contracted price − market price, both per million tokens "
    "(per unit for other meters) in the contract's currency. Contracted price "
    "= the contract's listed rate, else today's list price × (1 − discount "
    "off list). Market price = the same model's list price at the vendor's "
    "own catalog provider on the as-of date, for the same meter; batch and "
    "cache meters use their own list prices and are not compared when the "
    "catalog has none. Gap % = gap ÷ contracted price."
)
RUN_RATE_FORMULA = (
    "Annual volume = units used in the {days} days up to the as-of date × "
    "365 ÷ {days}, in MTok for token meters. Annual value = gap per MTok × "
    "annual volume, converted to {currency} at the FX rate under "
    "Assumptions. Negative values mean we pay less than list."
)
NO_CONTRACT = (
    "No contract is recorded, so there is no contracted price to compare "
    "with the market. Add a contract to see the market gap."
)


def compute_market_gap(
    workspace: Workspace, usage: pd.DataFrame, as_of: date
) -> MarketGapSection:
    """The market-gap section for ``workspace`` as of ``as_of``.

    ``usage`` is the workspace's usage table (workloads applied or not; they
    are not used here). Amounts in the totals are in the reporting currency.
    """
    assumptions = workspace.assumptions
    reporting = assumptions.reporting_currency
    contracts, cautions = contracts_in_scope(workspace.contracts, as_of)
    if not contracts:
        return MarketGapSection.not_available(NO_CONTRACT, reporting)

    settings = workspace.settings
    pricing = Pricing(
        workspace.catalog_snapshot,
        settings.price_overrides,
        settings.model_aliases,
        assumptions,
        as_of,
    )
    keyed = keyed_usage(usage, pricing)
    specs = [spec for c in contracts for spec in line_specs(c, keyed, pricing)]
    window = Window.ending(as_of, assumptions.run_rate_window_days)
    finder = ComparableFinder(pricing, settings.comparables)
    classes = classify(specs, pricing, settings.model_classes)

    lines = _lines(specs, keyed, window, pricing, finder)
    lines = [
        line.model_copy(update={"model_class": classes[spec.key].model_class})
        if spec.key in classes
        else line
        for spec, line in zip(specs, lines, strict=True)
    ]
    triggers, mfn = _clauses(specs, lines, pricing, finder)
    trends = _trends(specs, lines, pricing, classes)
    audit = audit_usage(keyed, specs, pricing, assumptions.audit_tolerance_pct)
    cautions += _coverage_cautions(keyed, window)

    totals = _totals(lines)
    total = sum((t.annual_value_reporting for t in totals), Decimal(0))
    log.debug("market gap: %d lines, %d findings", len(lines), len(audit.findings))
    return MarketGapSection(
        note=_summary(lines, total, reporting, triggers),
        currency=reporting,
        as_of=as_of,
        window_start=window.start,
        window_end=window.end,
        catalog=workspace.catalog.label,
        lines=lines,
        totals_by_vendor=totals,
        total_annual_value=total,
        audit=audit,
        triggers=triggers,
        mfn=mfn,
        trends=trends,
        uncontracted_vendors=_uncontracted(keyed, contracts),
        cautions=cautions,
        formulas={
            "gap": LINE_FORMULA,
            "run_rate": RUN_RATE_FORMULA.format(days=window.days, currency=reporting),
            "audit": AUDIT_FORMULA,
            "trend": trends.formula,
        },
    )


def _lines(
    specs: list[LineSpec],
    keyed: pd.DataFrame,
    window: Window,
    pricing: Pricing,
    finder: ComparableFinder,
) -> list[MarketGapLine]:
    volumes = window_volumes(keyed, window)
    return [
        build_line(
            spec,
            volumes.get((spec.vendor.value, spec.key, spec.meter.value), NO_VOLUME),
            window,
            pricing,
            finder.for_line,
        )
        for spec in specs
    ]


def _clauses(
    specs: list[LineSpec],
    lines: list[MarketGapLine],
    pricing: Pricing,
    finder: ComparableFinder,
) -> tuple[list[ClauseCheck], list[ClauseCheck]]:
    reviews, mfn = [], []
    for spec, line in zip(specs, lines, strict=True):
        if (review := review_check(spec, line, pricing)) is not None:
            reviews.append(review)
        channels = finder.channel_models(spec)
        if (best := mfn_check(spec, line, pricing, channels)) is not None:
            mfn.append(best)
    return reviews, mfn


def _trends(
    specs: list[LineSpec],
    lines: list[MarketGapLine],
    pricing: Pricing,
    classes: dict[str, ModelClassing],
) -> TrendResult:
    assumptions = pricing.assumptions
    paths = price_paths(specs, pricing, classes)
    rates = decline_rates(
        paths,
        assumptions.price_decline_pct_per_year,
        assumptions.price_decline_overrides,
        pricing.as_of,
    )
    by_group = {(r.vendor, r.model_class): r for r in rates}
    projections = []
    for line in lines:
        rate = by_group.get((line.vendor, line.model_class or ""))
        if rate is not None and line.comparable:
            projected = project(line, rate, pricing.as_of)
            if projected is not None:
                projections.append(projected)
    return TrendResult(
        paths=paths,
        rates=rates,
        projections=projections,
        lookback_start=lookback_start(pricing.as_of),
        formula=TREND_FORMULA,
    )


def _totals(lines: list[MarketGapLine]) -> list[VendorGapTotal]:
    by_vendor: dict[str, list[MarketGapLine]] = defaultdict(list)
    for line in lines:
        by_vendor[line.vendor].append(line)
    totals = [
        VendorGapTotal(
            vendor=vendor,
            label=members[0].vendor_label,
            lines=len(members),
            comparable_lines=sum(1 for m in members if m.comparable),
            annual_value_reporting=sum(
                (m.annual_value_reporting or Decimal(0) for m in members), Decimal(0)
            ),
        )
        for vendor, members in by_vendor.items()
    ]
    return sorted(totals, key=lambda t: (-t.annual_value_reporting, t.vendor))


def _coverage_cautions(keyed: pd.DataFrame, window: Window) -> list[str]:
    """Say so when the usage does not span the whole run-rate window."""
    if keyed.empty:
        return ["No usage is imported: every annual volume is zero."]
    first, last = keyed["day"].min(), keyed["day"].max()
    covered = (min(last, window.end) - max(first, window.start)).days + 1
    if covered >= window.days:
        return []
    return [
        f"The usage covers {max(covered, 0)} of the {window.days} days of the "
        "run-rate window, so annual volumes are understated; import more "
        "history or move the as-of date."
    ]


def _uncontracted(keyed: pd.DataFrame, contracts: list[Contract]) -> list[str]:
    contracted = {c.vendor.value for c in contracts}
    billed = set(keyed["vendor"].unique().tolist()) if not keyed.empty else set()
    return sorted(str(v) for v in billed - contracted)


def _summary(
    lines: list[MarketGapLine],
    total: Decimal,
    currency: str,
    triggers: list[ClauseCheck],
) -> str:
    comparable = sum(1 for line in lines if line.comparable)
    triggered = sum(1 for check in triggers if check.triggered)
    text = (
        f"{comparable} of {len(lines)} contracted lines compared with list "
        f"prices; the gap is worth {format_money(total, currency)} a year at "
        "the current run-rate"
    )
    if triggered:
        noun = "line" if triggered == 1 else "lines"
        text += f"; the price-review clause applies on {triggered} {noun}"
    return text + "."
