"""Price trends: how fast list prices fall, fitted from the catalog's history.

Each of our models is put in a size class by its input list price as of
the as-of date (below $0.50 per MTok small, below $3 mid, else frontier),
unless the user set its class. Its input and output list prices are sampled
on the first day of each month over the look-back (24 months up to the
as-of date) and on the as-of date; a price the catalog records as holding
"since before any record" counts over the whole look-back.

Per vendor and class, the annual decline is fitted log-linearly: least
squares of ln(price) on years, each (model, meter) series with its own
intercept (a pooled within-series slope), so a cheap model does not read
as a price cut of an expensive one. Decline % = (1 − e^slope) × 100. With
fewer than two points, or when every price is equal, the assumption
``price_decline_pct_per_year`` is used instead, and the note says so. A
rate the user sets for the vendor and class wins over both.

Projections apply the base rate and a low and a high rate (half and one and
a half times the base, the high one capped at 95%) to today's market price:
price(t) = price × (1 − rate)^t, t in years, over the rest of the contract
term and over a new term of the same length starting when it ends.

The fit and the projection factors are floats (logarithms, powers); prices
go back to Decimal at the boundary, as Decimal(price) × Decimal(factor).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from core.market.prices import Pricing
from core.market.results import (
    DeclineBasis,
    DeclineRate,
    LineProjection,
    MarketGapLine,
    ModelPricePath,
    PricePoint,
    ScenarioProjection,
)
from core.market.settings import ModelClass
from core.market.specs import LineSpec
from core.money import to_decimal
from core.reference import Meter

LOOKBACK_MONTHS = 24
SMALL_BELOW = Decimal("0.5")
MID_BELOW = Decimal(3)
LOW_FACTOR, HIGH_FACTOR = Decimal("0.5"), Decimal("1.5")
MAX_DECLINE_PCT = Decimal(95)
CATALOG_CURRENCY = "USD"
DAYS_PER_YEAR = 365.25
_TREND_METERS = (Meter.INPUT, Meter.OUTPUT)
HUNDRED = Decimal(100)
FORMULA = (
    "Decline per year = 1 − e^slope, the slope of a least-squares line "
    "through ln(list price) against years, per vendor and model class, each "
    "model and meter with its own intercept; prices sampled monthly over "
    f"the {LOOKBACK_MONTHS} months up to the as-of date. Without two "
    "distinct prices the assumed decline is used; a rate set by the user "
    "wins. Projection: price × (1 − rate)^years; low = base × 0.5, high = "
    "base × 1.5 (at most 95%). A new term is as long as the current one and "
    "starts when it ends."
)


@dataclass(frozen=True)
class ModelClassing:
    """A model's class and whether the user set it."""

    model_class: ModelClass
    source: Literal["proposed", "user"]


def propose_class(input_price_per_mtok: Decimal) -> ModelClass:
    """The class a model's input list price (USD per MTok) suggests."""
    if input_price_per_mtok < SMALL_BELOW:
        return "small"
    if input_price_per_mtok < MID_BELOW:
        return "mid"
    return "frontier"


def classify(
    specs: list[LineSpec], pricing: Pricing, chosen: Mapping[str, ModelClass]
) -> dict[str, ModelClassing]:
    """Each line model's class, keyed by the spec's model key.

    ``chosen`` is the user's map from a model name (as contracted or billed,
    or its catalog id) to a class.
    """
    classes: dict[str, ModelClassing] = {}
    for spec in specs:
        if spec.key in classes or spec.catalog is None:
            continue
        for name in (spec.model, spec.catalog.model_id):
            if name in chosen:
                classes[spec.key] = ModelClassing(chosen[name], "user")
                break
        else:
            quote = pricing.quote(spec.catalog, Meter.INPUT)
            price = None
            if quote is not None:
                price = pricing.convert(
                    quote.price_per_mtok, quote.currency, CATALOG_CURRENCY
                )
            if price is not None:
                classes[spec.key] = ModelClassing(propose_class(price), "proposed")
    return classes


def lookback_start(as_of: date) -> date:
    """The first day of the month ``LOOKBACK_MONTHS`` before ``as_of``."""
    months = as_of.year * 12 + as_of.month - 1 - LOOKBACK_MONTHS
    return date(months // 12, months % 12 + 1, 1)


def price_paths(
    specs: list[LineSpec], pricing: Pricing, classes: Mapping[str, ModelClassing]
) -> list[ModelPricePath]:
    """Sampled input and output price paths of each classed line model."""
    days = _sample_days(pricing.as_of)
    paths = []
    seen: set[str] = set()
    for spec in specs:
        if spec.catalog is None or spec.key in seen or spec.key not in classes:
            continue
        seen.add(spec.key)
        for meter in _TREND_METERS:
            points = _points(spec, meter, days, pricing)
            if points:
                paths.append(
                    ModelPricePath(
                        vendor=spec.vendor.value,
                        model=spec.model,
                        provider=spec.catalog.provider,
                        model_id=spec.catalog.model_id,
                        meter=meter.value,
                        model_class=classes[spec.key].model_class,
                        class_source=classes[spec.key].source,
                        points=points,
                    )
                )
    return paths


def decline_rates(
    paths: list[ModelPricePath],
    assumed_pct: Decimal,
    overrides: Mapping[str, Decimal],
    as_of: date,
) -> list[DeclineRate]:
    """One rate per (vendor, class) among ``paths``.

    ``overrides`` maps ``"vendor/class"`` ("openai/small") to a rate the
    user sets, in percent per year.
    """
    groups: dict[tuple[str, str], list[ModelPricePath]] = defaultdict(list)
    for path in paths:
        groups[(path.vendor, path.model_class)].append(path)
    rates = []
    for (vendor, model_class), members in sorted(groups.items()):
        fitted, points = _fit(members, as_of)
        override = overrides.get(f"{vendor}/{model_class}")
        base, basis, note = _base(fitted, points, assumed_pct, override)
        rates.append(
            DeclineRate(
                vendor=vendor,
                model_class=model_class,
                models=sorted({p.model for p in members}),
                points=points,
                fitted_pct=fitted,
                base_pct=base,
                low_pct=base * LOW_FACTOR,
                high_pct=min(base * HIGH_FACTOR, MAX_DECLINE_PCT),
                basis=basis,
                note=note,
            )
        )
    return rates


def project(
    line: MarketGapLine, rate: DeclineRate, as_of: date
) -> LineProjection | None:
    """The line's market price under the low, base and high decline."""
    market = line.market_price_per_mtok
    if market is None:
        return None
    term = line.contract
    length = term.term_end - term.term_start
    rest = max(0.0, (term.term_end - as_of).days / DAYS_PER_YEAR)
    renewal = rest + length.days / DAYS_PER_YEAR
    scenarios = [
        _scenario("low", rate.low_pct, market, rest, renewal),
        _scenario("base", rate.base_pct, market, rest, renewal),
        _scenario("high", rate.high_pct, market, rest, renewal),
    ]
    return LineProjection(
        vendor=line.vendor,
        model=line.model,
        meter=line.meter,
        currency=line.currency,
        market_price_per_mtok=market,
        contracted_price_per_mtok=line.contracted_price_per_mtok,
        as_of=as_of,
        term_end=term.term_end,
        new_term_end=term.term_end + length,
        scenarios=scenarios,
    )


def _sample_days(as_of: date) -> list[date]:
    start = lookback_start(as_of)
    days = []
    months = start.year * 12 + start.month - 1
    while (day := date(months // 12, months % 12 + 1, 1)) <= as_of:
        days.append(day)
        months += 1
    return days if days[-1] == as_of else [*days, as_of]


def _points(
    spec: LineSpec, meter: Meter, days: list[date], pricing: Pricing
) -> list[PricePoint]:
    points = []
    for day in days:
        quote = pricing.quote(spec.catalog, meter, day) if spec.catalog else None
        if quote is None:
            continue
        price = pricing.convert(quote.price_per_mtok, quote.currency, CATALOG_CURRENCY)
        if price is not None and price > 0:
            points.append(PricePoint(day=day, price_per_mtok=price))
    return points


def _fit(paths: list[ModelPricePath], as_of: date) -> tuple[Decimal | None, int]:
    """Pooled within-series least-squares slope of ln(price) on years.

    Returns the decline in percent per year (None when not fitted: fewer
    than two points, or no series whose price ever moved) and the number
    of points.
    """
    sxy = sxx = 0.0
    points = 0
    moved = False
    for path in paths:
        years = [(p.day - as_of).days / DAYS_PER_YEAR for p in path.points]
        logs = [math.log(float(p.price_per_mtok)) for p in path.points]
        points += len(years)
        moved = moved or len({p.price_per_mtok for p in path.points}) > 1
        mean_t, mean_y = sum(years) / len(years), sum(logs) / len(logs)
        sxy += sum(
            (t - mean_t) * (y - mean_y) for t, y in zip(years, logs, strict=True)
        )
        sxx += sum((t - mean_t) ** 2 for t in years)
    if points < 2 or not moved or sxx == 0:
        return None, points
    slope = sxy / sxx
    return to_decimal((1 - math.exp(slope)) * 100), points


def _base(
    fitted: Decimal | None,
    points: int,
    assumed: Decimal,
    override: Decimal | None,
) -> tuple[Decimal, DeclineBasis, str]:
    if override is not None:
        return override, "override", f"Set by the user at {override}% a year."
    if fitted is None:
        why = "fewer than 2 price points" if points < 2 else "no price changed"
        return (
            assumed,
            "assumption",
            f"Not fitted ({why} over {points} points): the assumed "
            f"{assumed}% a year is used.",
        )
    return fitted, "fitted", f"Fitted log-linearly over {points} price points."


def _scenario(
    name: Literal["low", "base", "high"],
    pct: Decimal,
    market: Decimal,
    rest: float,
    renewal: float,
) -> ScenarioProjection:
    keep = 1 - float(pct) / 100

    def factor(years: float) -> Decimal:
        return to_decimal(keep**years)

    def average(start: float, end: float) -> Decimal:
        if end <= start or keep == 1:
            return factor(start)
        rate = math.log(keep)
        return to_decimal((keep**end - keep**start) / (rate * (end - start)))

    return ScenarioProjection(
        scenario=name,
        decline_pct=pct,
        at_term_end=market * factor(rest),
        average_rest_of_term=market * average(0.0, rest),
        at_new_term_end=market * factor(renewal),
        average_new_term=market * average(rest, renewal),
    )
