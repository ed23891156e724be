"""Market list prices from a catalog snapshot: find a model, quote a price.

Every quote says where the number comes from: the catalog's source and
version, the vendor's pricing page, the day the price was last checked and
the day it took effect. The user's own price overrides (a vendor's quote
for a model, say) win from the day they were quoted; before that day the
catalog's price stands, so older usage is still compared with the prices
that were public then.

Prices are USD per million tokens for token meters and per request for the
request meter; nothing is rounded here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from core.catalog import CatalogModel, CatalogSnapshot, PricePeriod
from core.reference import Meter, Vendor

# Providers whose own list prices are preferred when a name is ambiguous.
_FIRST_PARTY = ("openai", "anthropic", "google", "mistral", "deepseek", "aws", "azure")
_DOTTED_PREFIX = re.compile(r"^[a-z][a-z-]*\.")
_VERSION_SUFFIX = re.compile(r"-v\d+(?::\d+)?$")
_DATE_SUFFIX = re.compile(r"[-@](?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4})$")
_INDEX_CACHE_SIZE = 4


class PriceOverride(BaseModel):
    """A price the user states for one model and meter, with its origin.

    ``price_per_mtok`` is per million tokens for token meters and per
    request for the request meter, in ``currency``. It applies from
    ``quoted_on``; on earlier days the catalog's price stands.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    provider: str
    model_id: str
    meter: Meter
    price_per_mtok: Decimal = Field(ge=0)
    currency: str = "USD"
    note: str = ""
    quoted_on: date


class PriceQuote(BaseModel):
    """One list price with its provenance, ready to compare with a bill."""

    model_config = ConfigDict(frozen=True)

    price_per_mtok: Decimal
    currency: str = "USD"
    meter: Meter
    provider: str
    model_id: str
    valid_from: date | None = Field(description="None: since before any record")
    source: str = Field(description='The catalog: "genai-prices 0.2.3"')
    pricing_url: str | None = None
    checked: date | None = None
    tiered: bool = Field(False, description="The base price of a tiered price")
    variant: str | None = Field(None, description='"priority", "flex" or None')
    override: PriceOverride | None = None


def find_model(
    snapshot: CatalogSnapshot, provider: str | None, name: str
) -> CatalogModel | None:
    """The catalog model a name means, or None.

    ``provider`` is a genai-prices provider id ("aws") or a
    :class:`~core.reference.Vendor` id ("aws-bedrock"); None searches every
    provider, preferring first-party list prices. Tried in order: the exact
    id or another exact name of a model, genai-prices' own matching (for a
    genai-prices catalog), then the name lowercased without provider or
    region prefixes ("us.anthropic.", "azure/") and without a date or
    version suffix ("-2024-08-06", "-20250929-v1:0").
    """
    index = _index_of(snapshot)
    wanted = _provider_id(provider)
    exact = index.by_id.get(name, []) + index.by_name.get(name, [])
    for found in (
        _pick(exact, wanted, name),
        _library_match(index, provider, name),
        _pick(index.by_key.get(normalized_name(name), []), wanted, name),
    ):
        if found is not None:
            return found
    return None


def price_as_of(
    snapshot: CatalogSnapshot,
    model: CatalogModel,
    meter: Meter,
    day: date,
    overrides: Iterable[PriceOverride] = (),
    *,
    variant: str | None = None,
) -> PriceQuote | None:
    """The list price of ``model`` for ``meter`` on ``day``, or None.

    An override for the same provider, model and meter quoted on or before
    ``day`` wins (the latest quoted, then the last listed). ``variant``
    ("priority", "flex") asks for a service tier's price instead of the
    standard one; overrides are standard prices and do not apply to it.
    None when neither the catalog nor an override prices the meter that day.
    """
    override = _override_for(model, meter, day, overrides) if variant is None else None
    if override is not None:
        return _override_quote(model, meter, override)

    position = _position_on(model, day)
    if position is None:
        return None
    period = model.history[position]
    price = _price_in(period, meter, variant)
    if price is None:
        return None
    return PriceQuote(
        price_per_mtok=price,
        meter=meter,
        provider=model.provider,
        model_id=model.model_id,
        valid_from=_valid_from(model, position, meter, variant),
        source=snapshot.source_label,
        pricing_url=model.pricing_url,
        checked=model.checked,
        tiered=period.tiered,
        variant=variant,
    )


def price_history(
    snapshot: CatalogSnapshot,
    model: CatalogModel,
    meter: Meter,
    *,
    variant: str | None = None,
) -> list[tuple[date | None, Decimal]]:
    """Each price ``meter`` had and the day it started, oldest first.

    A start of None means "since before any record". Only changes are
    listed; periods in which the catalog does not price the meter are
    skipped. ``snapshot`` is the catalog the model comes from.
    """
    changes: list[tuple[date | None, Decimal]] = []
    for period in model.history:
        price = _price_in(period, meter, variant)
        if price is None or (changes and changes[-1][1] == price):
            continue
        changes.append((period.start, price))
    return changes


def normalized_name(name: str) -> str:
    """A model name reduced for loose matching: ``us.anthropic.claude-x``,
    ``bedrock/claude-x-20250929-v1:0`` and ``Claude-X`` all give ``claude-x``.
    """
    text = name.strip().lower().rsplit("/", 1)[-1]
    while _DOTTED_PREFIX.match(text):
        text = _DOTTED_PREFIX.sub("", text, count=1)
    text = _VERSION_SUFFIX.sub("", text)
    return _DATE_SUFFIX.sub("", text)


def _override_quote(
    model: CatalogModel, meter: Meter, override: PriceOverride
) -> PriceQuote:
    return PriceQuote(
        price_per_mtok=override.price_per_mtok,
        currency=override.currency,
        meter=meter,
        provider=model.provider,
        model_id=model.model_id,
        valid_from=override.quoted_on,
        source="price override",
        pricing_url=model.pricing_url,
        checked=override.quoted_on,
        override=override,
    )


def _price_in(period: PricePeriod, meter: Meter, variant: str | None) -> Decimal | None:
    if variant is None:
        return period.prices.get(meter)
    return period.variants.get(variant, {}).get(meter)


def _position_on(model: CatalogModel, day: date) -> int | None:
    found = None
    for position, period in enumerate(model.history):
        if period.start is not None and period.start > day:
            break
        found = position
    return found


def _valid_from(
    model: CatalogModel, position: int, meter: Meter, variant: str | None
) -> date | None:
    """When the price in force at ``position`` began: the earliest period of
    the unbroken run that charges the same for ``meter``."""
    price = _price_in(model.history[position], meter, variant)
    while (
        position > 0 and _price_in(model.history[position - 1], meter, variant) == price
    ):
        position -= 1
    return model.history[position].start


def _override_for(
    model: CatalogModel, meter: Meter, day: date, overrides: Iterable[PriceOverride]
) -> PriceOverride | None:
    chosen: PriceOverride | None = None
    for override in overrides:
        if (
            override.provider == model.provider
            and override.model_id == model.model_id
            and override.meter == meter
            and override.quoted_on <= day
            and (chosen is None or override.quoted_on >= chosen.quoted_on)
        ):
            chosen = override
    return chosen


@dataclass
class _Index:
    """A snapshot's models by exact id, exact other name and loose key."""

    snapshot: CatalogSnapshot
    by_id: dict[str, list[CatalogModel]] = field(default_factory=dict)
    by_name: dict[str, list[CatalogModel]] = field(default_factory=dict)
    by_key: dict[str, list[CatalogModel]] = field(default_factory=dict)
    by_provider: dict[tuple[str, str], CatalogModel] = field(default_factory=dict)


_INDEXES: dict[int, _Index] = {}


def _index_of(snapshot: CatalogSnapshot) -> _Index:
    # The entry holds the snapshot itself, so its id cannot be reused while
    # the entry lives.
    index = _INDEXES.get(id(snapshot))
    if index is not None and index.snapshot is snapshot:
        return index
    index = _Index(snapshot)
    for model in snapshot.models:
        index.by_id.setdefault(model.model_id, []).append(model)
        index.by_provider.setdefault((model.provider, model.model_id), model)
        for name in model.match_names:
            index.by_name.setdefault(name, []).append(model)
        keys = {normalized_name(model.model_id)}
        keys.update(normalized_name(name) for name in model.match_names)
        for key in keys:
            index.by_key.setdefault(key, []).append(model)
    if len(_INDEXES) >= _INDEX_CACHE_SIZE:
        _INDEXES.pop(next(iter(_INDEXES)))
    _INDEXES[id(snapshot)] = index
    return index


def _pick(
    models: Sequence[CatalogModel], provider: str | None, name: str
) -> CatalogModel | None:
    """The best of several candidates: the wanted provider's, else a
    first-party one; the one whose id is ``name``; current; shortest id."""
    if provider is not None:
        models = [model for model in models if model.provider == provider]
    if not models:
        return None
    return min(models, key=lambda model: _preference(model, name))


def _preference(model: CatalogModel, name: str) -> tuple[int, bool, bool, int, str]:
    rank = (
        _FIRST_PARTY.index(model.provider)
        if model.provider in _FIRST_PARTY
        else len(_FIRST_PARTY)
    )
    return (
        rank,
        model.model_id != name,
        model.deprecated,
        len(model.model_id),
        model.model_id,
    )


def _provider_id(provider: str | None) -> str | None:
    """A genai-prices provider id from a provider or vendor id."""
    if provider is None:
        return None
    try:
        return Vendor(provider).catalog_provider or provider
    except ValueError:
        return provider


def _vendor_of(provider: str) -> Vendor | None:
    try:
        return Vendor(provider)
    except ValueError:
        pass
    for vendor in Vendor:
        if vendor.catalog_provider == provider:
            return vendor
    return None


def _library_match(
    index: _Index, provider: str | None, name: str
) -> CatalogModel | None:
    """genai-prices' own matching, through :mod:`core.modelmatch`.

    Only for genai-prices catalogs, whose model ids are the library's. A
    provider that resells another's models (AWS and Anthropic's) may match
    a model the catalog lists under the other provider.
    """
    if index.snapshot.source != "genai-prices" or provider is None:
        return None
    vendor = _vendor_of(provider)
    if vendor is None or vendor.catalog_provider is None:
        return None
    from core.modelmatch import resolve_model

    match = resolve_model(vendor, name)
    if match.provider_id is None or match.model_id is None:
        return None
    own = index.by_provider.get((match.provider_id, match.model_id))
    return own or _pick(index.by_id.get(match.model_id, []), None, match.model_id)
