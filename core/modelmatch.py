"""Which catalog model a billed model name means.

Vendors name the same model differently: ``gpt-4o-2024-08-06`` in OpenAI's
exports, ``USE1-Claude4.5Sonnet-input-tokens`` in AWS's, ``gpt-4o-0806``
in Azure's meters. A name resolves through, in order: the user's alias
table, genai-prices' own matching for the vendor's catalog provider, and a
few spelling rules for the vendor's conventions. Names that still do not
resolve are listed for the user to map; they are never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from core.reference import Vendor

if TYPE_CHECKING:
    import pandas as pd

Via = Literal["alias", "catalog", "spelling"]

_CLAUDE_CAMEL = re.compile(r"^claude(\d+)(?:[.-](\d+))?(sonnet|opus|haiku)$")
_LLAMA = re.compile(r"^llama(\d+)(?:[.-](\d+))?-(\d+)b$")
_AZURE_DATE = re.compile(r"^(?P<base>.+?)-(?:\d{4}|\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class ModelMatch:
    """How one billed model name resolved against the catalog."""

    vendor: str
    reported: str
    provider_id: str | None = None
    model_id: str | None = None
    model_name: str | None = None
    via: Via | None = None

    @property
    def resolved(self) -> bool:
        return self.model_id is not None


def resolve_model(
    vendor: str, reported: str, aliases: Mapping[str, str] | None = None
) -> ModelMatch:
    """Resolve ``reported`` (a model name as billed by ``vendor``)."""
    aliases = aliases or {}
    if reported in aliases:
        found = _lookup(vendor, aliases[reported])
        if found:
            return ModelMatch(vendor, reported, *found, via="alias")
    found = _lookup(vendor, reported)
    if found:
        return ModelMatch(vendor, reported, *found, via="catalog")
    for spelling in _spellings(vendor, reported):
        found = _lookup(vendor, spelling)
        if found:
            return ModelMatch(vendor, reported, *found, via="spelling")
    return ModelMatch(vendor, reported)


def resolve_usage_models(
    usage: pd.DataFrame, aliases: Mapping[str, str] | None = None
) -> list[ModelMatch]:
    """One resolution per distinct (vendor, model) pair in a usage table."""
    if usage.empty:
        return []
    pairs = usage[["vendor", "model"]].drop_duplicates().itertuples(index=False)
    return sorted(
        (resolve_model(str(v), str(m), aliases) for v, m in pairs),
        key=lambda match: (match.vendor, match.reported),
    )


def _lookup(vendor: str, name: str) -> tuple[str, str, str | None] | None:
    return _cached_lookup(vendor, name.strip().lower())


@cache
def _cached_lookup(vendor: str, name: str) -> tuple[str, str, str | None] | None:
    from genai_prices.data_snapshot import get_snapshot

    provider_id = _provider_for(vendor)
    snapshot = get_snapshot()
    try:
        provider, model = snapshot.find_provider_model(name, None, provider_id, None)
    except LookupError:
        return _prefix_lookup(provider_id, name) if provider_id else None
    return provider.id, model.id, model.name


def _prefix_lookup(provider_id: str, name: str) -> tuple[str, str, str | None] | None:
    """A model whose id extends ``name`` by a date or version, in-region first.

    Bedrock ids carry a release date (``…claude-sonnet-4-5-20250929-v1:0``)
    that cost reports leave out.
    """
    from genai_prices.data_snapshot import get_snapshot

    pattern = re.compile(rf"(^|\.){re.escape(name)}(-\d{{8}})?(-v\d+(:\d+)?)?$")
    candidates = [
        (provider.id, model.id, model.name)
        for provider in get_snapshot().providers
        if provider.id == provider_id
        for model in provider.models
        if pattern.search(model.id)
    ]
    candidates.sort(key=lambda found: (not found[1].startswith("regional."), found[1]))
    return candidates[0] if candidates else None


def _spellings(vendor: str, reported: str) -> Iterator[str]:
    """Other ways of writing ``reported`` that the catalog may know."""
    name = reported.strip().lower()
    if claude := _CLAUDE_CAMEL.match(name):
        major, minor, family = claude.groups()
        version = f"{major}-{minor}" if minor else major
        yield f"anthropic.claude-{family}-{version}"
        yield f"claude-{family}-{version}"
    if llama := _LLAMA.match(name):
        major, minor, size = llama.groups()
        version = f"{major}-{minor}" if minor else major
        yield f"meta.llama{version}-{size}b-instruct"
    if vendor == Vendor.AZURE_OPENAI and (dated := _AZURE_DATE.match(name)):
        yield dated.group("base")


def _provider_for(vendor: str) -> str | None:
    try:
        return Vendor(vendor).catalog_provider
    except ValueError:
        return None
