"""Turn LiteLLM's ``model_prices_and_context_window.json`` into catalog models.

The file is a JSON object keyed by model id ("gpt-4o", "azure/gpt-4o",
"anthropic.claude-sonnet-4-6", …) with prices in US dollars per single
token. They become dollars per million tokens exactly, in Decimal. LiteLLM
keeps no price history, so each model has one period with no start date;
its ``deprecation_date`` is the day the vendor retires the model, so a
model that has one is marked deprecated (announced, still running).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from core.catalog import FLEX, PRIORITY, CatalogModel, PricePeriod
from core.errors import DataError
from core.money import MILLION, to_decimal
from core.reference import Meter

log = logging.getLogger(__name__)

_TOKEN_KEYS = {
    "input_cost_per_token": Meter.INPUT,
    "output_cost_per_token": Meter.OUTPUT,
    "cache_read_input_token_cost": Meter.CACHED_INPUT,
    "cache_creation_input_token_cost": Meter.CACHE_WRITE,
    "input_cost_per_token_batches": Meter.BATCH_INPUT,
    "output_cost_per_token_batches": Meter.BATCH_OUTPUT,
}
_REQUEST_KEYS = {"input_cost_per_request": Meter.REQUEST}
_STANDARD = ("input_cost_per_token", "output_cost_per_token")
_CACHE = ("cache_read_input_token_cost", "cache_creation_input_token_cost")
_VARIANT_KEYS = {
    tier: {f"{key}_{tier}": _TOKEN_KEYS[key] for key in (*_STANDARD, *_CACHE)}
    for tier in (PRIORITY, FLEX)
}
_TIER_KEY = re.compile(r"_above_\d+k_tokens")
_SKIPPED = frozenset({"sample_spec"})

# LiteLLM's provider names → genai-prices provider ids; others are kept.
_PROVIDERS = {
    "text-completion-openai": "openai",
    "bedrock": "aws",
    "bedrock_converse": "aws",
    "bedrock_mantle": "aws",
    "azure": "azure",
    "azure_ai": "azure",
    "azure_text": "azure",
    "gemini": "google",
    "xai": "x-ai",
    "together_ai": "together",
    "fireworks_ai": "fireworks",
    "cohere_chat": "cohere",
    "text-completion-codestral": "mistral",
    "codestral": "mistral",
}


def models_from_litellm(
    raw: Mapping[str, Any], as_of: date | None, file: str | None
) -> list[CatalogModel]:
    """Catalog models for every LiteLLM entry with at least one known price.

    Entries priced only in units the catalog does not hold (images,
    seconds of audio, …) are left out. ``as_of`` is the date the user vouches
    for, the models' checked date.

    Raises:
        DataError: an entry is not an object, or a price is negative or not
            a number.
    """
    models = []
    for key, entry in raw.items():
        if key in _SKIPPED:
            continue
        if not isinstance(entry, Mapping):
            raise DataError.single(
                f"entry '{key}' is not an object with prices, so this is not a "
                "LiteLLM price file",
                "load LiteLLM's model_prices_and_context_window.json or a "
                "genai-prices data file",
                file=file,
            )
        model = _model(str(key), entry, as_of, file)
        if model is not None:
            models.append(model)
    log.debug("LiteLLM file: %d of %d entries priced", len(models), len(raw))
    return models


def provider_id(litellm_provider: str | None, key: str) -> str:
    """Our provider id for a LiteLLM entry; its key's prefix when unnamed."""
    name = litellm_provider or (key.split("/", 1)[0] if "/" in key else "other")
    if name.startswith("vertex_ai"):
        return "google"
    return _PROVIDERS.get(name, name)


def _model(
    key: str, entry: Mapping[str, Any], as_of: date | None, file: str | None
) -> CatalogModel | None:
    prices = _prices(key, entry, {**_TOKEN_KEYS, **_REQUEST_KEYS}, file)
    variants = {
        tier: found
        for tier, keys in _VARIANT_KEYS.items()
        if (found := _prices(key, entry, keys, file))
    }
    if not prices:
        return None
    litellm_provider = _text(entry.get("litellm_provider"))
    deprecation = _day(entry.get("deprecation_date"))
    period = PricePeriod(
        prices=prices,
        variants=variants,
        tiered=any(_TIER_KEY.search(name) for name in entry),
    )
    return CatalogModel(
        provider=provider_id(litellm_provider, key),
        model_id=key,
        match_names=[key.split("/", 1)[1]] if "/" in key else [],
        history=[period],
        pricing_url=_url(entry.get("source")),
        checked=as_of,
        deprecated=deprecation is not None,
        deprecation_date=deprecation,
        successor=_text(entry.get("successor_model")),
        context_window=_count(entry.get("max_input_tokens")),
    )


def _prices(
    key: str, entry: Mapping[str, Any], keys: Mapping[str, Meter], file: str | None
) -> dict[Meter, Decimal]:
    """Prices per MTok (per request for requests) for the ``keys`` present."""
    prices = {}
    for name, meter in keys.items():
        raw = entry.get(name)
        if raw is None:
            continue
        value = _amount(key, name, raw, file)
        prices[meter] = _tidy(value * MILLION) if meter is not Meter.REQUEST else value
    return prices


def _amount(key: str, name: str, raw: object, file: str | None) -> Decimal:
    try:
        value = to_decimal(raw)
    except ValueError:
        raise DataError.single(
            f"entry '{key}' has {name} {_shown(raw)}, not a number",
            "correct the entry or load another catalog",
            file=file,
        ) from None
    if value < 0:
        raise DataError.single(
            f"entry '{key}' has {name} {_shown(raw)}, below zero",
            "correct the entry or load another catalog",
            file=file,
        )
    return value


def _tidy(value: Decimal) -> Decimal:
    """The same number without trailing zeros or an exponent: 2.5, not 2.5000."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _shown(raw: object) -> str:
    return repr(raw) if isinstance(raw, str) else str(raw)


def _text(raw: object) -> str | None:
    return (raw.strip() or None) if isinstance(raw, str) else None


def _url(raw: object) -> str | None:
    text = _text(raw)
    return text if text and text.startswith(("https://", "http://")) else None


def _day(raw: object) -> date | None:
    # Metadata, not a price: an unreadable date is dropped, not fatal.
    text = _text(raw)
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        log.debug("unreadable deprecation date left out")
        return None


def _count(raw: object) -> int | None:
    return raw if isinstance(raw, int) and not isinstance(raw, bool) else None
