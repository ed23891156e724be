"""Comparable models for a line: other channels, successors, the user's peers.

Proposed automatically: the same model sold through another first-party or
cloud channel of the catalog (a Claude model at Anthropic, AWS and Google;
an OpenAI model at OpenAI, Azure and AWS) and the successor the catalog
names. Resellers and aggregators are not proposed, since their prices are
not the vendor's published price; the user may add any model as a peer.
The user's stored :class:`~core.market.settings.Comparable` entries confirm,
add or exclude comparables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from core.catalog import CatalogModel, CatalogSnapshot
from core.market.prices import Pricing, evidence
from core.market.results import ComparableKind, ComparableOrigin, ComparablePrice
from core.market.settings import Comparable
from core.market.specs import LineSpec
from core.pricing import find_model, normalized_name
from core.reference import Vendor

HUNDRED = Decimal(100)
# Channels whose prices count as published list prices of the same model.
CHANNEL_PROVIDERS = frozenset(
    provider for vendor in Vendor if (provider := vendor.catalog_provider)
)


@dataclass(frozen=True)
class _Candidate:
    kind: ComparableKind
    origin: ComparableOrigin
    model: CatalogModel | None
    provider: str
    model_id: str
    note: str = ""


@dataclass
class ComparableFinder:
    """Proposes and prices comparables for the lines of one analysis."""

    pricing: Pricing
    stored: Sequence[Comparable]
    _channels: dict[str, list[CatalogModel]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for model in self.pricing.snapshot.models:
            if model.provider in CHANNEL_PROVIDERS:
                key = normalized_name(model.model_id)
                self._channels.setdefault(key, []).append(model)

    def for_line(
        self, spec: LineSpec, contracted: Decimal | None
    ) -> tuple[list[ComparablePrice], ComparablePrice | None]:
        """The line's comparables priced as of as-of, and the best published
        price for the same model (the line's own price or another channel's).

        ``contracted`` is our price per basis in the contract currency.
        """
        priced = [
            self._price(candidate, spec, contracted)
            for candidate in self._candidates(spec)
        ]
        own = self._own(spec, contracted)
        same_model = [c for c in priced if c.kind == "channel"]
        if own is not None:
            same_model.insert(0, own)
        offered = [
            (c.price_per_mtok, index, c)
            for index, c in enumerate(same_model)
            if c.price_per_mtok is not None
        ]
        best = min(offered)[2] if offered else None
        return priced, best

    def channel_models(self, spec: LineSpec) -> list[CatalogModel]:
        """The line's own model and its channel comparables, for MFN paths."""
        models = [spec.catalog] if spec.catalog is not None else []
        for candidate in self._candidates(spec):
            if candidate.kind == "channel" and candidate.model is not None:
                models.append(candidate.model)
        return models

    def _candidates(self, spec: LineSpec) -> list[_Candidate]:
        stored = [
            c
            for c in self.stored
            if c.vendor is spec.vendor and c.model in _names(spec)
        ]
        excluded = {(c.provider, c.model_id) for c in stored if c.excluded}
        chosen: dict[tuple[str, str], _Candidate] = {}
        for candidate in self._proposals(spec):
            chosen[(candidate.provider, candidate.model_id)] = candidate
        for entry in stored:
            where = (entry.provider, entry.model_id)
            if entry.excluded:
                continue
            origin: ComparableOrigin = "confirmed" if where in chosen else "user"
            model = _lookup(self.pricing.snapshot, entry.provider, entry.model_id)
            chosen[where] = _Candidate(
                entry.kind, origin, model, entry.provider, entry.model_id, entry.note
            )
        return [c for where, c in chosen.items() if where not in excluded]

    def _proposals(self, spec: LineSpec) -> list[_Candidate]:
        own = spec.catalog
        if own is None:
            return []
        found = [
            _Candidate("channel", "proposed", model, model.provider, model.model_id)
            for model in self._channels.get(normalized_name(own.model_id), [])
            if (model.provider, model.model_id) != (own.provider, own.model_id)
        ]
        if own.successor:
            successor = find_model(self.pricing.snapshot, own.provider, own.successor)
            if successor is not None:
                found.append(
                    _Candidate(
                        "successor",
                        "proposed",
                        successor,
                        successor.provider,
                        successor.model_id,
                    )
                )
        return found

    def _own(
        self, spec: LineSpec, contracted: Decimal | None
    ) -> ComparablePrice | None:
        if spec.catalog is None:
            return None
        own = _Candidate(
            "channel",
            "proposed",
            spec.catalog,
            spec.catalog.provider,
            spec.catalog.model_id,
            "the vendor's own list price",
        )
        return self._price(own, spec, contracted)

    def _price(
        self, candidate: _Candidate, spec: LineSpec, contracted: Decimal | None
    ) -> ComparablePrice:
        base = {
            "kind": candidate.kind,
            "origin": candidate.origin,
            "provider": candidate.provider,
            "model_id": candidate.model_id,
            "name": candidate.model.name if candidate.model else None,
            "note": candidate.note,
        }
        if candidate.model is None:
            return ComparablePrice(**base, reason="not in the price catalog")
        quote = self.pricing.quote(candidate.model, spec.meter)
        if quote is None:
            return ComparablePrice(
                **base, reason=f"no {spec.meter.label} price on {self.pricing.as_of}"
            )
        currency = spec.contract.currency
        price = self.pricing.convert(quote.price_per_mtok, quote.currency, currency)
        if price is None:
            return ComparablePrice(
                **base,
                quote=evidence(quote),
                reason=self.pricing.fx_fix(quote.currency, currency),
            )
        gap = contracted - price if contracted is not None else None
        return ComparablePrice(
            **base,
            quote=evidence(quote),
            price_per_mtok=price,
            gap_per_mtok=gap,
            gap_pct=gap / contracted * HUNDRED
            if gap is not None and contracted
            else None,
        )


def _names(spec: LineSpec) -> set[str]:
    names = {spec.model}
    if spec.catalog is not None:
        names.add(spec.catalog.model_id)
    return names


def _lookup(
    snapshot: CatalogSnapshot, provider: str, model_id: str
) -> CatalogModel | None:
    exact = [
        m for m in snapshot.models if (m.provider, m.model_id) == (provider, model_id)
    ]
    return exact[0] if exact else find_model(snapshot, provider, model_id)
