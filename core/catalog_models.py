"""The catalog's model ids per vendor, for choosing what a billed name means."""

from __future__ import annotations

from functools import cache

from core.reference import Vendor


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
