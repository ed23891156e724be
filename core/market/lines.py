"""Market-gap lines: our contracted price against today's list price, and
what the difference is worth at our run-rate volume.

For each contracted (vendor, model, meter):

- contracted price: the contract's listed rate, else the list price as of
  the as-of date × (1 − discount off list), per basis (MTok for tokens), in
  the contract's currency;
- market price: the same model's list price at the vendor's own catalog
  provider as of the as-of date, for the same meter (batch and cache meters
  against their own list prices; never derived), converted to the contract
  currency;
- gap per MTok = contracted − market; gap % = gap ÷ contracted × 100;
- annual volume (MTok) = units used in the run-rate window × 365 ÷ window
  days ÷ basis;
- annual value = gap × annual volume, in the contract currency, and at the
  user's FX rate in the reporting currency.

A line that cannot be priced says why and how to fix it; it is never
dropped and never fails the analysis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from core.market.prices import Pricing, evidence
from core.market.results import (
    ComparablePrice,
    ContractReference,
    MarketGapLine,
    VolumeEvidence,
)
from core.market.specs import LineSpec
from core.money import round_money
from core.pricing import PriceQuote
from core.reference import BillingUnit, Meter

if TYPE_CHECKING:
    import pandas as pd

DAYS_PER_YEAR = Decimal(365)
HUNDRED = Decimal(100)
_BATCH = frozenset({Meter.BATCH_INPUT, Meter.BATCH_OUTPUT})

ComparablesFor = Callable[
    [LineSpec, Decimal | None], tuple[list[ComparablePrice], ComparablePrice | None]
]


@dataclass(frozen=True)
class Window:
    """The run-rate window: ``days`` days ending on ``end`` (inclusive)."""

    start: date
    end: date
    days: int

    @classmethod
    def ending(cls, as_of: date, days: int) -> Window:
        return cls(as_of - timedelta(days=days - 1), as_of, days)


@dataclass(frozen=True)
class Volume:
    """Units used in the window by one (vendor, model key, meter)."""

    quantity: Decimal
    rows: int
    files: tuple[str, ...]


NO_VOLUME = Volume(Decimal(0), 0, ())


def window_volumes(
    keyed: pd.DataFrame, window: Window
) -> dict[tuple[str, str, str], Volume]:
    """Quantity, row count and files per (vendor, model_key, meter) in the
    window. Only rows with a quantity count: money-only rows add no volume.
    """
    rows = keyed[
        (keyed["day"] >= window.start)
        & (keyed["day"] <= window.end)
        & (keyed["quantity"] != 0)
    ]
    if rows.empty:
        return {}
    keys = ["vendor", "model_key", "meter"]
    grouped = rows.groupby(keys, observed=True, sort=False)
    sums = grouped["quantity"].sum()
    counts = grouped.size()
    files = rows[[*keys, "source_file"]].drop_duplicates()
    file_lists: dict[tuple[str, str, str], list[str]] = {}
    for vendor, key, meter, name in files.itertuples(index=False):
        file_lists.setdefault((str(vendor), str(key), str(meter)), []).append(str(name))
    return {
        (str(v), str(k), str(m)): Volume(
            Decimal(sums[(v, k, m)]),
            int(counts[(v, k, m)]),
            tuple(sorted(file_lists[(str(v), str(k), str(m))])),
        )
        for v, k, m in sums.index
    }


def build_line(
    spec: LineSpec,
    volume: Volume,
    window: Window,
    pricing: Pricing,
    comparables_for: ComparablesFor,
) -> MarketGapLine:
    """One line with its figures, or the reason it has none."""
    annual = volume.quantity * DAYS_PER_YEAR / window.days / spec.meter.price_basis
    quote = pricing.quote(spec.catalog, spec.meter) if spec.catalog else None
    common = _common(spec, quote, volume, window, annual)
    contracted = spec.rate.price if spec.rate else None
    priced = _market(spec, quote, pricing)
    if isinstance(priced, _Problem):
        comparables, best = comparables_for(spec, contracted)
        return MarketGapLine(
            **common,
            comparable=False,
            reason=priced.reason,
            fix=priced.fix,
            contracted_price_per_mtok=contracted,
            comparables=comparables,
            best_published=best,
            formula=f"Not compared: {priced.reason}.",
        )

    market, fx_rate = priced
    if contracted is None:
        discount = spec.contract.discount_off_list_pct
        contracted = market * (1 - discount / HUNDRED)
    gap = contracted - market
    comparables, best = comparables_for(spec, contracted)
    return MarketGapLine(
        **common,
        comparable=True,
        contracted_price_per_mtok=contracted,
        market_price_per_mtok=market,
        gap_per_mtok=gap,
        gap_pct=gap / contracted * HUNDRED if contracted else None,
        annual_value=gap * annual,
        annual_value_reporting=gap * annual * fx_rate,
        fx_rate=fx_rate,
        comparables=comparables,
        best_published=best,
        formula=_formula(spec, contracted, market, volume, window, annual),
    )


def _common(
    spec: LineSpec,
    quote: PriceQuote | None,
    volume: Volume,
    window: Window,
    annual: Decimal,
) -> dict[str, Any]:
    """The fields every line has, priced or not."""
    return {
        "vendor": spec.vendor.value,
        "vendor_label": spec.vendor.label,
        "model": spec.model,
        "meter": spec.meter.value,
        "basis": "MTok" if spec.meter.unit is BillingUnit.TOKEN else spec.meter.unit,
        "catalog_provider": spec.vendor.catalog_provider,
        "catalog_model_id": spec.catalog.model_id if spec.catalog else None,
        "currency": spec.contract.currency,
        "annual_volume_mtok": annual,
        "contract": _reference(spec),
        "quote": evidence(quote) if quote else None,
        "volume": _volume_evidence(volume, window, annual),
    }


@dataclass(frozen=True)
class _Problem:
    reason: str
    fix: str


def _market(
    spec: LineSpec, quote: PriceQuote | None, pricing: Pricing
) -> tuple[Decimal, Decimal] | _Problem:
    """The market price in the contract currency and the contract
    currency's FX rate to the reporting currency; or why there are none."""
    provider = spec.vendor.catalog_provider
    if provider is None:
        return _Problem(
            f"the price catalog has no provider for {spec.vendor.label}",
            "add a price override for this model",
        )
    if spec.catalog is None:
        return _Problem(
            f"'{spec.model}' is not a model the catalog lists for {provider}",
            "map the name to a catalog model under Model names",
        )
    if quote is None:
        return _no_price(spec, pricing.as_of)
    currency = spec.contract.currency
    reporting = pricing.assumptions.reporting_currency
    market = pricing.convert(quote.price_per_mtok, quote.currency, currency)
    fx_rate = pricing.convert(Decimal(1), currency, reporting)
    if market is None or fx_rate is None:
        return _Problem(
            f"no exchange rate to compare {quote.currency} list prices with "
            f"{currency} contract prices in {reporting}",
            pricing.fx_fix(quote.currency, currency),
        )
    return market, fx_rate


def _no_price(spec: LineSpec, as_of: date) -> _Problem:
    model_id = spec.catalog.model_id if spec.catalog else spec.model
    if spec.meter in _BATCH:
        return _Problem(
            f"the catalog publishes no batch price for {model_id} on {as_of}; "
            "a batch price is never derived from the standard one",
            "add a price override with the vendor's batch price",
        )
    return _Problem(
        f"the catalog has no {spec.meter.label} price for {model_id} on {as_of}",
        "add a price override with the vendor's quoted price",
    )


def _reference(spec: LineSpec) -> ContractReference:
    contract = spec.contract
    return ContractReference(
        contract=contract.name,
        rate_source="listed rate" if spec.rate else "discount off list",
        rate_model=spec.rate.model if spec.rate else spec.model,
        rate_note=spec.rate.note if spec.rate else "",
        discount_off_list_pct=None if spec.rate else contract.discount_off_list_pct,
        term_start=contract.term_start,
        term_end=contract.term_end,
    )


def _volume_evidence(volume: Volume, window: Window, annual: Decimal) -> VolumeEvidence:
    return VolumeEvidence(
        window_start=window.start,
        window_end=window.end,
        window_days=window.days,
        quantity=volume.quantity,
        annual_volume_mtok=annual,
        rows=volume.rows,
        source_files=list(volume.files),
    )


def _formula(
    spec: LineSpec,
    contracted: Decimal,
    market: Decimal,
    volume: Volume,
    window: Window,
    annual: Decimal,
) -> str:
    """The line's arithmetic in words, figures rounded for reading only."""
    currency = spec.contract.currency
    basis = "MTok" if spec.meter.unit is BillingUnit.TOKEN else str(spec.meter.unit)
    source = (
        f"listed rate {_num(contracted)}"
        if spec.rate
        else f"list {_num(market)} × (1 − {spec.contract.discount_off_list_pct}%)"
    )
    return (
        f"Contracted {_num(contracted)} {currency}/{basis} ({source}) − market "
        f"{_num(market)} = gap {_num(contracted - market)} {currency}/{basis}. "
        f"Volume {_num(volume.quantity, 2)} units from {window.start} to "
        f"{window.end} × "
        f"365 ÷ {window.days} ÷ {spec.meter.price_basis:,} = {_num(annual)} "
        f"{basis}/year. Annual value = gap × volume = "
        f"{_num((contracted - market) * annual, 2)} {currency}."
    )


def _num(value: Decimal, places: int = 4) -> str:
    rounded = round_money(value, places)
    text = f"{rounded:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
