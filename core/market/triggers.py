"""Price-review and MFN clauses: would they apply now, and since when?

Price review at X%: the clause applies when the market price sits more than
X% below our contracted price, that is when market < contracted × (1 − X ÷
100). MFN: the clause applies when any published price for the same model
(the vendor's own or another channel's) is below ours.

"Since" walks the catalog's price history (and the user's overrides) back
from the as-of date: it is the first day of the unbroken run of prices that
satisfy the condition up to the as-of date. When the run reaches back to
the catalog's first price for the meter, the condition may have held
earlier too, and ``since_first_record`` says so. Prices on other days are
converted at today's FX rates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

from core.catalog import CatalogModel
from core.market.prices import BEFORE_RECORDS, Pricing, evidence
from core.market.results import ClauseCheck, MarketGapLine, PriceEvidence
from core.market.specs import LineSpec
from core.money import format_percent
from core.pricing import PriceQuote

HUNDRED = Decimal(100)

# A day's comparison: the market price in the contract currency and its
# quote, or None when nothing prices the meter that day.
_Point = tuple[date, Decimal | None, PriceQuote | None]


def review_check(
    spec: LineSpec, line: MarketGapLine, pricing: Pricing
) -> ClauseCheck | None:
    """The price-review test for one comparable line; None without a clause."""
    threshold = spec.contract.clauses.price_review_threshold_pct
    if threshold is None or not line.comparable or spec.catalog is None:
        return None
    points = _points(spec, [spec.catalog], pricing)
    factor = 1 - threshold / HUNDRED

    def holds(day: date, market: Decimal) -> bool:
        contracted = _contracted_on(spec, day, pricing)
        return contracted is not None and market < contracted * factor

    return _check("price_review", spec, line, points, holds, threshold)


def mfn_check(
    spec: LineSpec,
    line: MarketGapLine,
    pricing: Pricing,
    channel_models: Sequence[CatalogModel],
) -> ClauseCheck | None:
    """The MFN test against the best published price of the same model."""
    if not spec.contract.clauses.mfn or not line.comparable or not channel_models:
        return None
    points = _points(spec, channel_models, pricing)

    def holds(day: date, market: Decimal) -> bool:
        contracted = _contracted_on(spec, day, pricing)
        return contracted is not None and market < contracted

    return _check("mfn", spec, line, points, holds, None)


def _check(
    clause: str,
    spec: LineSpec,
    line: MarketGapLine,
    points: list[_Point],
    holds: Callable[[date, Decimal], bool],
    threshold: Decimal | None,
) -> ClauseCheck:
    contracted = line.contracted_price_per_mtok or Decimal(0)
    _, market, quote = points[-1]
    triggered = market is not None and holds(points[-1][0], market)
    since, first_record = _since(points, holds) if triggered else (None, False)
    fall = (
        (contracted - market) / contracted * HUNDRED if market and contracted else None
    )
    return ClauseCheck(
        clause="mfn" if clause == "mfn" else "price_review",
        vendor=spec.vendor.value,
        contract=spec.contract.name,
        model=spec.model,
        meter=spec.meter.value,
        threshold_pct=threshold,
        contracted_price_per_mtok=contracted,
        market_price_per_mtok=market,
        fall_pct=fall,
        triggered=triggered,
        since=since,
        since_first_record=first_record,
        evidence=evidence(quote) if quote else None,
        status=_status(clause, triggered, since, first_record, fall, threshold, quote),
    )


def _points(
    spec: LineSpec, models: Sequence[CatalogModel], pricing: Pricing
) -> list[_Point]:
    """The cheapest of ``models``' prices on every day any of them changes,
    up to the as-of date, in the contract currency."""
    paths = [pricing.path(model, spec.meter) for model in models]
    days = sorted({day for path in paths for day, _ in path})
    points: list[_Point] = []
    for day in days:
        offers: list[tuple[Decimal, int, PriceQuote]] = []
        for model in models:
            quote = pricing.quote(model, spec.meter, day)
            if quote is None:
                continue
            price = pricing.convert(
                quote.price_per_mtok, quote.currency, spec.contract.currency
            )
            if price is not None:
                offers.append((price, len(offers), quote))
        best = min(offers) if offers else None
        points.append((day, best[0], best[2]) if best else (day, None, None))
    return points


def _contracted_on(spec: LineSpec, day: date, pricing: Pricing) -> Decimal | None:
    """Our price on ``day`` in the contract currency: the listed rate, or
    the vendor's own list price that day × (1 − discount off list)."""
    if spec.rate is not None:
        return spec.rate.price
    quote = pricing.quote(spec.catalog, spec.meter, day) if spec.catalog else None
    if quote is None:
        return None
    listed = pricing.convert(
        quote.price_per_mtok, quote.currency, spec.contract.currency
    )
    if listed is None:
        return None
    return listed * (1 - spec.contract.discount_off_list_pct / HUNDRED)


def _since(
    points: list[_Point], holds: Callable[[date, Decimal], bool]
) -> tuple[date | None, bool]:
    """Start of the final run of points where the condition holds."""
    index = len(points) - 1
    while index > 0:
        _, market, _ = points[index - 1]
        if market is None or not holds(points[index - 1][0], market):
            break
        index -= 1
    day = points[index][0]
    reaches_back = index == 0 or points[index - 1][1] is None
    return (None if day == BEFORE_RECORDS else day), reaches_back


def _status(
    clause: str,
    triggered: bool,
    since: date | None,
    first_record: bool,
    fall: Decimal | None,
    threshold: Decimal | None,
    quote: PriceQuote | None,
) -> str:
    """One sentence with the evidence."""
    if quote is None or fall is None:
        return "No published price to compare."
    where = _where(evidence(quote))
    falls = format_percent(abs(fall) / HUNDRED)
    if fall <= 0:
        subject = "The best published price" if clause == "mfn" else "The market"
        relation = f"is {falls} above" if fall else "equals"
        return f"{subject} {relation} our price ({where})."
    if clause == "mfn":
        if not triggered:
            return f"Our price is not above the best published price ({where})."
        when = _when(since, first_record)
        return f"A published price is {falls} below ours{when} ({where})."
    if not triggered:
        return (
            f"The market is {falls} below our price, within the {threshold}% "
            f"threshold ({where})."
        )
    return (
        f"The market is {falls} below our price, beyond the {threshold}% "
        f"threshold{_when(since, first_record)} ({where})."
    )


def _when(since: date | None, first_record: bool) -> str:
    if since is None:
        return " since before the catalog's first record"
    if first_record:
        return f" since at least {since} (the catalog's first price)"
    return f" since {since}"


def _where(quote: PriceEvidence) -> str:
    valid = f", valid from {quote.valid_from}" if quote.valid_from else ""
    checked = f", checked {quote.checked}" if quote.checked else ""
    return (
        f"{quote.provider}/{quote.model_id} at {quote.price_per_mtok} "
        f"{quote.currency}{valid}{checked}, {quote.source}"
    )
