"""Turn genai-prices' providers and models into catalog models.

genai-prices keeps, per model, a list of prices each with an optional
condition: a start date (a price change) or a time of day (DeepSeek's
off-peak discount). The last price whose condition holds wins; when none
holds, the first is used. Request variants (``processing: batch``,
``service_tier: priority|flex``) override some keys on top, each with its
own start date. This module replays those rules on every date where
something changes, which gives each model a plain price history.

Time-of-day prices are resolved to the price in force for most of the day:
DeepSeek's standard daytime rate, not its off-peak discount. Tiered prices
keep their base (smallest-prompt) price and mark the period tiered.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from itertools import pairwise
from typing import Any

from core.catalog import FLEX, PRIORITY, CatalogModel, PricePeriod, newest_checked_date
from core.errors import DataError
from core.reference import Meter

log = logging.getLogger(__name__)

_STANDARD_KEYS = {
    "input_mtok": Meter.INPUT,
    "output_mtok": Meter.OUTPUT,
    "cache_read_mtok": Meter.CACHED_INPUT,
    "cache_write_mtok": Meter.CACHE_WRITE,
    "requests_kcount": Meter.REQUEST,
}
_BATCH_KEYS = {"input_mtok": Meter.BATCH_INPUT, "output_mtok": Meter.BATCH_OUTPUT}
_VARIANT_KEYS = {k: m for k, m in _STANDARD_KEYS.items() if m is not Meter.REQUEST}
# genai-prices prices requests per thousand; the catalog prices one request.
_PER_THOUSAND = frozenset({"requests_kcount"})
_MINUTES_PER_DAY = 24 * 60


def models_from_providers(
    providers: Iterable[Any], as_of: date | None, file: str | None = None
) -> list[CatalogModel]:
    """Catalog models for every model of genai-prices ``providers``.

    ``as_of`` is the snapshot's date, used as the checked date of models
    whose remarks name none. ``file`` names the source in errors.

    Raises:
        DataError: a price is negative or not a finite number.
    """
    models = []
    for provider in providers:
        url = (provider.pricing_urls or [None])[0]
        provider_checked = newest_checked_date([provider.price_comments])
        for model in provider.models:
            checked = newest_checked_date([model.price_comments])
            models.append(
                CatalogModel(
                    provider=provider.id,
                    model_id=model.id,
                    name=model.name,
                    match_names=_exact_names(model.match, model.id),
                    history=_history(model, (provider.id, model.id), file),
                    pricing_url=url,
                    checked=checked or provider_checked or as_of,
                    deprecated=bool(model.deprecated),
                    context_window=model.context_window,
                )
            )
    return models


def _exact_names(match: Any, model_id: str) -> list[str]:
    """Names a match rule accepts exactly, other than the model's id."""
    names: list[str] = []
    pending = [match]
    while pending:
        clause = pending.pop(0)
        if hasattr(clause, "equals"):
            names.append(clause.equals)
        pending.extend(getattr(clause, "or_", []))
    return sorted({name for name in names if name != model_id})


def _history(model: Any, where: tuple[str, str], file: str | None) -> list[PricePeriod]:
    """The model's prices on each date where any of them changes."""
    entries = model.prices if isinstance(model.prices, list) else None
    if entries is None:
        entries = [_Entry(None, model.prices)]
    variants = list(model.price_variants or [])
    conditions = [e.constraint for e in entries] + [v.constraint for v in variants]
    starts = sorted({c.start_date for c in conditions if hasattr(c, "start_date")})

    periods: list[PricePeriod] = []
    for day in [None, *starts]:
        standard = _standard_prices(entries, day)
        if standard is None:
            continue
        period = _period(day, standard, variants, where, file)
        if periods and periods[-1].same_prices(period):
            continue
        periods.append(period)
    return periods


class _Entry:
    """A price without condition, when a model has a single price."""

    def __init__(self, constraint: Any, prices: Any) -> None:
        self.constraint = constraint
        self.prices = prices


def _standard_prices(entries: Sequence[Any], day: date | None) -> Any:
    """The standard prices on ``day`` (None: before every start date)."""
    cuts = sorted(
        {0, _MINUTES_PER_DAY}
        | {
            _utc_minute(moment)
            for entry in entries
            if hasattr(entry.constraint, "start_time")
            for moment in (entry.constraint.start_time, entry.constraint.end_time)
        }
    )
    minutes: Counter[int | None] = Counter()
    for start, end in pairwise(cuts):
        minutes[_entry_at(entries, day, start)] += end - start
    chosen = max(minutes, key=lambda index: (minutes[index], index or 0))
    return None if chosen is None else entries[chosen].prices


def _entry_at(entries: Sequence[Any], day: date | None, minute: int) -> int | None:
    """genai-prices' rule: the last entry whose condition holds, else the first.

    Before every start date (``day`` None) there is no fallback: a catalog
    that starts a model's prices on a date says nothing about earlier days.
    """
    for index in range(len(entries) - 1, -1, -1):
        if _holds(entries[index].constraint, day, minute):
            return index
    return 0 if day is not None else None


def _holds(constraint: Any, day: date | None, minute: int) -> bool:
    if constraint is None:
        return True
    if hasattr(constraint, "start_date"):
        return day is not None and day >= constraint.start_date
    start = _utc_minute(constraint.start_time)
    end = _utc_minute(constraint.end_time)
    if end < start:
        return minute >= start or minute < end
    return start <= minute < end


def _utc_minute(moment: time) -> int:
    """Minutes after midnight UTC; times without a zone are UTC already."""
    offset = moment.utcoffset() if moment.tzinfo is not None else None
    if offset is None:
        return moment.hour * 60 + moment.minute
    local = datetime.combine(date(2000, 1, 1), moment.replace(tzinfo=None))
    shifted = local - offset
    return shifted.hour * 60 + shifted.minute


def _period(
    day: date | None,
    standard: Any,
    variants: Sequence[Any],
    where: tuple[str, str],
    file: str | None,
) -> PricePeriod:
    """Standard, batch and service-tier prices on ``day``, per MTok."""
    tiered: list[bool] = []
    prices = _meters(vars(standard), _STANDARD_KEYS, tiered, where, file)
    batch = _variant(variants, ("processing", "batch"), day)
    prices.update(_meters(batch, _BATCH_KEYS, tiered, where, file))
    tiers = {}
    for name in (PRIORITY, FLEX):
        raw = _variant(variants, ("service_tier", name), day)
        if found := _meters(raw, _VARIANT_KEYS, tiered, where, file):
            tiers[name] = found
    return PricePeriod(start=day, prices=prices, variants=tiers, tiered=any(tiered))


def _variant(
    variants: Sequence[Any], when: tuple[str, str], day: date | None
) -> dict[str, Any]:
    """The keys the variants for ``when`` set on ``day``, first one winning.

    Only start dates are honoured on variants: genai-prices has no
    time-of-day variant, and one would not be a list price anyway.
    """
    found: dict[str, Any] = {}
    for variant in variants:
        if variant.when != dict([when]):
            continue
        condition = variant.constraint
        if condition is not None and not (
            hasattr(condition, "start_date")
            and day is not None
            and day >= condition.start_date
        ):
            continue
        for key, price in vars(variant.prices).items():
            if price is not None:
                found.setdefault(key, price)
    return found


def _meters(
    raw: Mapping[str, Any],
    keys: Mapping[str, Meter],
    tiered: list[bool],
    where: tuple[str, str],
    file: str | None,
) -> dict[Meter, Decimal]:
    """Our meters from genai-prices price keys; appends to ``tiered``."""
    prices = {}
    for key, meter in keys.items():
        value = raw.get(key)
        if value is None:
            continue
        if hasattr(value, "base"):
            tiered.append(True)
            _check([tier.price for tier in value.tiers], key, where, file)
            value = value.base
        _check([value], key, where, file)
        prices[meter] = value / 1000 if key in _PER_THOUSAND else value
    return prices


def _check(
    values: Iterable[Any], key: str, where: tuple[str, str], file: str | None
) -> None:
    for value in values:
        if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
            provider, model = where
            raise DataError.single(
                f"model '{model}' of provider '{provider}' has {key} {value}, "
                "not a price (prices are numbers of zero or more)",
                "correct the file or load another catalog",
                file=file,
            )
