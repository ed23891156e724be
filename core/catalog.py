"""The market price catalog: list prices per model, with their history.

A :class:`CatalogSnapshot` is the whole catalog an analysis uses, frozen at
the moment it was loaded and stored in the workspace, so a brief made later
shows the same numbers. The default is the genai-prices snapshot installed
with the app (see :mod:`core.catalog_sources`); it is read offline and its
network updater is never constructed.

Prices are US dollars per million tokens for token meters and per request
for :attr:`~core.reference.Meter.REQUEST`. They are exact Decimals as the
source states them; nothing is rounded here.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import PureWindowsPath

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.reference import Meter

# Remarks in which a catalog's maintainers vouch for a price on a day:
# "checked 2026-10-19", "checked on …", "verified on …", "as of …".
_CHECKED_IN_TEXT = re.compile(
    r"(?:checked|verified|as of)(?:\s+on)?\s+(\d{4}-\d{2}-\d{2})", re.IGNORECASE
)

PRIORITY, FLEX = "priority", "flex"
# A stored snapshot larger than this once inflated is refused as damaged:
# the bundled catalog is under 1 MB of JSON.
_MAX_STORED_JSON = 256 * 1024 * 1024


class CatalogInfo(BaseModel):
    """Where market prices come from and the newest date they vouch for."""

    source: str
    version: str
    as_of: date | None
    models: int
    loaded_from: str | None = None

    @property
    def label(self) -> str:
        when = self.as_of.isoformat() if self.as_of else "undated"
        return f"{self.source} {self.version} (prices as of {when})"


class PricePeriod(BaseModel):
    """A model's prices from ``start`` until the next period starts.

    ``prices`` are USD per million tokens (per request for the request
    meter). Batch prices sit under the batch meters only when the source
    states them; they are never derived from the standard price.
    ``variants`` holds the service tiers' prices ("priority", "flex") on the
    same basis. ``tiered`` says a price depends on the prompt's size and the
    base (smallest-prompt) price was kept.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: date | None = Field(None, description="None: since before any record")
    prices: dict[Meter, Decimal] = Field(default_factory=dict)
    variants: dict[str, dict[Meter, Decimal]] = Field(default_factory=dict)
    tiered: bool = False

    def same_prices(self, other: PricePeriod) -> bool:
        """Whether both periods charge the same, whatever their start."""
        return (self.prices, self.variants, self.tiered) == (
            other.prices,
            other.variants,
            other.tiered,
        )


class CatalogModel(BaseModel):
    """One priced model of one provider, with its price history.

    ``provider`` is a genai-prices provider id ("openai", "aws", "azure",
    "google", …). ``history`` is oldest first; ``checked`` is the last day
    the catalog's maintainers confirmed the price.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    provider: str
    model_id: str
    name: str | None = None
    match_names: list[str] = Field(default_factory=list)
    history: list[PricePeriod] = Field(default_factory=list)
    pricing_url: str | None = None
    checked: date | None = None
    deprecated: bool = False
    deprecation_date: date | None = None
    successor: str | None = None
    context_window: int | None = None

    def period_on(self, day: date) -> PricePeriod | None:
        """The period in force on ``day``; None before the first one."""
        found = None
        for period in self.history:
            if period.start is not None and period.start > day:
                break
            found = period
        return found


class CatalogSnapshot(BaseModel):
    """A whole price catalog as loaded: source, version, date and models.

    ``loaded_from`` is the file's name (never its folder, which may say more
    about the user than the prices do); None for the bundled catalog.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    version: str
    as_of: date | None = None
    loaded_from: str | None = None
    models: list[CatalogModel] = Field(default_factory=list)

    @field_validator("loaded_from")
    @classmethod
    def _name_only(cls, value: str | None) -> str | None:
        # PureWindowsPath splits on both separators, so no folder survives.
        return None if value is None else PureWindowsPath(value).name

    def info(self) -> CatalogInfo:
        """The short description shown with every market figure."""
        return CatalogInfo(
            source=self.source,
            version=self.version,
            as_of=self.as_of,
            models=len(self.models),
            loaded_from=self.loaded_from,
        )

    @property
    def source_label(self) -> str:
        """The catalog and its version: ``genai-prices 0.2.3``."""
        return f"{self.source} {self.version}"

    @property
    def label(self) -> str:
        return self.info().label


def snapshot_to_bytes(snapshot: CatalogSnapshot) -> bytes:
    """The snapshot as zlib-compressed JSON, as a workspace stores it.

    Fields at their default are left out; reading them back restores them,
    so the round trip gives an equal snapshot.
    """
    return zlib.compress(snapshot.model_dump_json(exclude_defaults=True).encode(), 9)


def snapshot_from_bytes(data: bytes) -> CatalogSnapshot:
    """Read back :func:`snapshot_to_bytes`.

    Raises:
        ValueError: the bytes are not a stored snapshot (damaged, or larger
            than 256 MB once inflated).
    """
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(data, _MAX_STORED_JSON)
    except zlib.error as exc:
        raise ValueError(f"the stored price catalog is damaged ({exc})") from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise ValueError("the stored price catalog is damaged or too large")
    return CatalogSnapshot.model_validate_json(text)


def newest_checked_date(texts: Iterable[str | None]) -> date | None:
    """The newest "checked/verified/as of YYYY-MM-DD" date in ``texts``."""
    newest: date | None = None
    for text in texts:
        for found in _CHECKED_IN_TEXT.findall(text or ""):
            try:
                day = date.fromisoformat(found)
            except ValueError:
                continue
            if newest is None or day > newest:
                newest = day
    return newest


@cache
def bundled_catalog_info() -> CatalogInfo:
    """Describe the genai-prices snapshot shipped with the app.

    Its date is the newest "checked", "verified on" or "as of" remark in the
    data: the last day its maintainers vouch for. Price start dates are not
    used, since some announce changes that are still to come.
    """
    from core.catalog_sources import bundled_snapshot

    return bundled_snapshot().info()
