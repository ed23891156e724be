"""Catalog look-ups the market analysis shares: models, quotes, paths, FX.

Catalog prices are per million tokens (per unit for other meters) in the
quote's currency, USD for the catalogs themselves. Converting between
currencies goes through the reporting currency with the user's FX rates;
a missing rate gives None, never an error, so a line can say what is
missing instead of stopping the analysis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.assumptions import Assumptions
from core.catalog import CatalogModel, CatalogSnapshot
from core.market.results import PriceEvidence
from core.pricing import PriceOverride, PriceQuote, find_model, price_as_of
from core.reference import Meter, Vendor

BEFORE_RECORDS = date.min


@dataclass(frozen=True)
class Pricing:
    """What every price look-up of one analysis needs."""

    snapshot: CatalogSnapshot
    overrides: Sequence[PriceOverride]
    aliases: Mapping[str, str]
    assumptions: Assumptions
    as_of: date

    def model_for(self, vendor: Vendor, name: str) -> CatalogModel | None:
        """The catalog model ``name`` means at ``vendor``'s catalog provider.

        The user's alias for the name wins; a vendor without a catalog
        provider has no catalog model.
        """
        provider = vendor.catalog_provider
        if provider is None:
            return None
        return find_model(self.snapshot, provider, self.aliases.get(name, name))

    def quote(
        self, model: CatalogModel, meter: Meter, day: date | None = None
    ) -> PriceQuote | None:
        """The list price of ``model``'s meter on ``day`` (default as-of)."""
        return price_as_of(
            self.snapshot, model, meter, day or self.as_of, self.overrides
        )

    def convert(self, amount: Decimal, source: str, target: str) -> Decimal | None:
        """``amount`` in ``source`` currency expressed in ``target``; None
        when either currency lacks an FX rate to the reporting currency."""
        if source == target:
            return amount
        rates = self.assumptions.fx_rates
        reporting = self.assumptions.reporting_currency
        source_rate = Decimal(1) if source == reporting else rates.get(source)
        target_rate = Decimal(1) if target == reporting else rates.get(target)
        if source_rate is None or target_rate is None:
            return None
        return amount * source_rate / target_rate

    def fx_fix(self, *currencies: str) -> str:
        """What to enter so that ``currencies`` convert."""
        reporting = self.assumptions.reporting_currency
        missing = [
            c
            for c in dict.fromkeys(currencies)
            if c != reporting and c not in self.assumptions.fx_rates
        ]
        wanted = ", ".join(f"1 {c} = ? {reporting}" for c in missing)
        return f"enter the exchange rate under Assumptions ({wanted})"

    def path(
        self, model: CatalogModel, meter: Meter
    ) -> list[tuple[date, PriceQuote | None]]:
        """Each price change of ``model``'s meter up to the as-of date.

        The first point is dated :data:`BEFORE_RECORDS` (the price before
        any dated record); then each day the catalog or an override changes
        anything, oldest first. Points whose quote is None are days the
        meter had no price.
        """
        days = {p.start for p in model.history if p.start is not None}
        days |= {
            o.quoted_on
            for o in self.overrides
            if (o.provider, o.model_id) == (model.provider, model.model_id)
        }
        wanted = sorted(day for day in days if day <= self.as_of)
        return [
            (day, self.quote(model, meter, day)) for day in [BEFORE_RECORDS, *wanted]
        ]


def evidence(quote: PriceQuote) -> PriceEvidence:
    """A quote's price and provenance as a result model."""
    return PriceEvidence(
        price_per_mtok=quote.price_per_mtok,
        currency=quote.currency,
        provider=quote.provider,
        model_id=quote.model_id,
        valid_from=quote.valid_from,
        source=quote.source,
        pricing_url=quote.pricing_url,
        checked=quote.checked,
        override_note=quote.override.note if quote.override else None,
        tiered=quote.tiered,
    )
