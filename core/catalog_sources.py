"""Where price catalogs come from: the bundled one, or a file the user picks.

Two file formats are read, told apart by their shape:

- a genai-prices data file (``prices/new_data/v2/data.json``): a JSON
  array of providers, parsed by genai-prices' own reader;
- LiteLLM's ``model_prices_and_context_window.json``: a JSON object keyed
  by model id.

Nothing here reaches the network: genai-prices' updater is never built.
Loading a file only returns a snapshot; the workspace keeps its current
catalog until the caller stores the new one, so a bad file changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import warnings
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from core.catalog import CatalogSnapshot, newest_checked_date
from core.catalog_genai import models_from_providers
from core.catalog_litellm import models_from_litellm
from core.errors import DataError

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 200 * 1024 * 1024
GENAI_PRICES, LITELLM = "genai-prices", "litellm"

_FIX = "load a genai-prices data file or LiteLLM's price file"
_VERSION_IN_NAME = re.compile(r"\d+\.\d+(?:\.\d+)*")
# What a provider needs for prices; extractors and matching rules for API
# responses are left out, so their oddities cannot fail a price file.
_PROVIDER_FIELDS = (
    "id",
    "name",
    "api_pattern",
    "pricing_urls",
    "description",
    "price_comments",
    "models",
)
# genai-prices' reader raises these on shapes it does not expect; its own
# match-rule parser asserts rather than raising a validation error.
_PARSE_ERRORS = (
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    AssertionError,
    StopIteration,
    IndexError,
)


@cache
def bundled_snapshot() -> CatalogSnapshot:
    """The genai-prices catalog installed with the app, read offline.

    Its date is the newest "checked", "verified on" or "as of" remark in the
    data (see :func:`core.catalog.newest_checked_date`).
    """
    from importlib.metadata import version

    from genai_prices.data_snapshot import get_snapshot

    providers = get_snapshot().providers
    as_of = _remarks_date(providers)
    snapshot = CatalogSnapshot(
        source=GENAI_PRICES,
        version=version("genai-prices"),
        as_of=as_of,
        models=models_from_providers(providers, as_of),
    )
    log.debug("bundled catalog: %d models", len(snapshot.models))
    return snapshot


def load_catalog_file(
    path: str | os.PathLike[str], *, as_of: date | None = None
) -> CatalogSnapshot:
    """Read a genai-prices or LiteLLM price file into a snapshot.

    ``as_of`` is the day the user vouches the prices were current; without
    it a genai-prices file is dated by its newest "checked" remark and a
    LiteLLM file (which carries no date) is undated. The version is the one
    in the file's name ("litellm-prices-1.110.2.json" gives 1.110.2), else
    the start of the file's SHA-256, so the exact data stays identifiable.

    Raises:
        DataError: the file cannot be read, is over 200 MB, is not JSON,
            has neither format's shape, holds no priced model, or has a
            price that is negative or not a number. One line names the file
            and what is wrong.
    """
    source = Path(path)
    data = _read(source)
    raw = _parse_json(data, source.name)
    version = _version(source.name, data)
    if isinstance(raw, list):
        providers = _genai_providers(raw, source.name)
        dated = as_of or _remarks_date(providers)
        models = models_from_providers(providers, dated, source.name)
        kind = GENAI_PRICES
    elif isinstance(raw, dict):
        dated = as_of
        models = models_from_litellm(raw, dated, source.name)
        kind = LITELLM
    else:
        raise DataError.single(
            "is JSON but not a price catalog", _FIX, file=source.name
        )

    if not models:
        raise DataError.single("has no priced models", _FIX, file=source.name)
    log.info("read a %s catalog file of %d models", kind, len(models))
    return CatalogSnapshot(
        source=kind,
        version=version,
        as_of=dated,
        loaded_from=source.name,
        models=models,
    )


def _remarks_date(providers: list[Any]) -> date | None:
    texts = [provider.price_comments for provider in providers]
    for provider in providers:
        texts.extend(model.price_comments for model in provider.models)
    return newest_checked_date(texts)


def _read(source: Path) -> bytes:
    try:
        size = source.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError.single(
                f"is {size // (1024 * 1024)} MB; price files over "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB are refused",
                _FIX,
                file=source.name,
            )
        return source.read_bytes()
    except FileNotFoundError:
        raise DataError.single(
            "does not exist", "check the path", file=source.name
        ) from None
    except OSError as exc:
        raise DataError.single(
            f"cannot be read ({exc.strerror or exc})",
            "check the file is a readable file, not a folder",
            file=source.name,
        ) from None


def _parse_json(data: bytes, name: str) -> Any:
    """JSON with every number as an exact Decimal (NaN and Infinity too)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError.single("is not UTF-8 text", _FIX, file=name) from None
    if not text.strip():
        raise DataError.single("is empty", _FIX, file=name)
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=Decimal)
    except json.JSONDecodeError as exc:
        raise DataError.single(
            f"is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            _FIX,
            file=name,
        ) from None
    except RecursionError:
        raise DataError.single(
            "is nested too deeply to be JSON we read", _FIX, file=name
        ) from None


def _version(name: str, data: bytes) -> str:
    found = _VERSION_IN_NAME.search(name)
    return found.group(0) if found else hashlib.sha256(data).hexdigest()[:12]


def _genai_providers(raw: list[Any], name: str) -> list[Any]:
    """genai-prices ``Provider`` objects, read by genai-prices itself."""
    if not raw:
        raise DataError.single("has no providers", _FIX, file=name)
    providers = []
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise DataError.single(
                f"item {index} of the array is not a provider object, so this "
                "is not a genai-prices data file",
                _FIX,
                file=name,
            )
        kept = {key: item[key] for key in _PROVIDER_FIELDS if key in item}
        providers.append(_parse_provider(kept, name))
    return providers


def _parse_provider(raw: dict[str, Any], name: str) -> Any:
    try:
        return _library_parse(raw)
    except _PARSE_ERRORS as exc:
        raise DataError.single(
            f"{_failing_part(raw)}: {_reason(exc)}",
            "correct the file or load another catalog",
            file=name,
        ) from None


def _library_parse(raw: dict[str, Any]) -> Any:
    from genai_prices.types import _providers_from_raw

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (provider,) = _providers_from_raw([raw])
    for warning in caught:
        log.debug("genai-prices reader: %s", warning.message)
    return provider


def _failing_part(raw: dict[str, Any]) -> str:
    """Which provider, and which of its models, genai-prices refused."""
    where = f"provider '{raw.get('id', '?')}'"
    models = raw.get("models")
    if not isinstance(models, list):
        return where
    for model in models:
        try:
            _library_parse({**raw, "models": [model]})
        except _PARSE_ERRORS:
            model_id = model.get("id", "?") if isinstance(model, dict) else "?"
            return f"{where}, model '{model_id}'"
    return where


def _reason(exc: BaseException) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        place = list(first.get("loc", ()))
        # One provider is parsed at a time: its index in that list is noise.
        if place[:1] == [0]:
            place = place[1:]
        message = first.get("msg", "")
        text = f"{'.'.join(map(str, place))}: {message}" if place else message
    else:
        text = str(exc) or type(exc).__name__
    return " ".join(str(text).split())[:200]
