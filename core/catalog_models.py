"""The catalog's model ids per vendor, for choosing what a billed name means."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from core.catalog import CatalogSnapshot
from core.pricing import PriceOverride, price_as_of
from core.reference import Meter, Vendor

if TYPE_CHECKING:
    import pandas as pd

CATALOG_TABLE_METERS = (Meter.INPUT, Meter.OUTPUT, Meter.CACHED_INPUT)


def catalog_model_ids(vendor: str) -> list[str]:
    """Model ids the bundled catalog prices for ``vendor``, sorted.

    ``vendor`` is a :class:`~core.reference.Vendor` id (``"openai"``). The
    ids are those :func:`core.modelmatch.resolve_model` accepts as an alias
    target. A vendor the catalog does not cover, or an unknown id, gives an
    empty list.
    """
    try:
        provider = Vendor(vendor).catalog_provider
    except ValueError:
        return []
    if provider is None:
        return []
    return list(_provider_model_ids(provider))


@cache
def _provider_model_ids(provider_id: str) -> tuple[str, ...]:
    from genai_prices.data_snapshot import get_snapshot

    ids = {
        model.id
        for provider in get_snapshot().providers
        if provider.id == provider_id
        for model in provider.models
    }
    return tuple(sorted(ids, key=lambda model_id: (model_id.casefold(), model_id)))


def catalog_price_table(
    snapshot: CatalogSnapshot, day: date, overrides: Iterable[PriceOverride] = ()
) -> pd.DataFrame:
    """Every model of ``snapshot`` with its prices on ``day``, one row each.

    Columns: ``provider``, ``model_id``, ``name``, ``input``, ``output``,
    ``cached_input`` (Decimal USD per MTok, or None where the meter has no
    price that day), ``valid_from`` (the input price's start, None when it
    predates every record), ``checked`` and ``override`` (True when one of
    the user's ``overrides`` sets a price shown). Nothing is rounded.
    """
    import pandas as pd

    stated = list(overrides)
    rows = []
    for model in snapshot.models:
        quotes = {
            meter: price_as_of(snapshot, model, meter, day, stated)
            for meter in CATALOG_TABLE_METERS
        }
        first = quotes[Meter.INPUT]
        rows.append(
            {
                "provider": model.provider,
                "model_id": model.model_id,
                "name": model.name or "",
                **{
                    meter.value: quote.price_per_mtok if quote else None
                    for meter, quote in quotes.items()
                },
                "valid_from": first.valid_from if first else None,
                "checked": model.checked,
                "override": any(q is not None and q.override for q in quotes.values()),
            }
        )
    columns = ["provider", "model_id", "name", *CATALOG_TABLE_METERS]
    columns += ["valid_from", "checked", "override"]
    return pd.DataFrame(rows, columns=[str(c) for c in columns], dtype=object)
