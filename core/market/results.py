"""Result models of the market-gap analysis: plain, serialisable, unrounded.

Prices are per ``basis``: per million tokens (``MTok``) for token meters,
per unit otherwise; the field names say ``per_mtok`` as the catalog's do.
A line's prices and its ``annual_value`` are in the contract's currency;
fields ending ``_reporting`` are in the analysis' reporting currency.
Percentages are percent (25 means 25%). Nothing here is rounded.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ComparableKind = Literal["channel", "successor", "peer"]
ComparableOrigin = Literal["proposed", "confirmed", "user"]
RateSource = Literal["listed rate", "discount off list"]
DeclineBasis = Literal["fitted", "assumption", "override"]


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PriceEvidence(_Result):
    """One published price and where it comes from."""

    price_per_mtok: Decimal = Field(description="In ``currency``, per basis")
    currency: str
    provider: str = Field(description='Catalog provider id: "openai", "aws"')
    model_id: str
    valid_from: date | None = Field(description="None: since before any record")
    source: str = Field(description='"genai-prices 0.2.3" or "price override"')
    pricing_url: str | None = None
    checked: date | None = Field(None, description="Last day the price was checked")
    override_note: str | None = Field(None, description="The user's note, if any")
    tiered: bool = Field(False, description="Base price of a size-tiered price")


class SourceRow(_Result):
    """One usage row behind a figure: its file and 1-based row."""

    file: str
    row: int


class VolumeEvidence(_Result):
    """The run-rate behind a line: what was used in the window, annualised."""

    window_start: date
    window_end: date = Field(description="Inclusive")
    window_days: int
    quantity: Decimal = Field(description="Units used in the window (tokens)")
    annual_volume_mtok: Decimal = Field(
        description="quantity × 365 ÷ window_days ÷ basis (MTok for tokens)"
    )
    rows: int = Field(description="Usage rows in the window")
    source_files: list[str]


class ContractReference(_Result):
    """Which contract and term gave a line its contracted price."""

    contract: str
    rate_source: RateSource
    rate_model: str = Field(description="Model name as the contract writes it")
    rate_note: str = ""
    discount_off_list_pct: Decimal | None = None
    term_start: date
    term_end: date


class ComparablePrice(_Result):
    """A comparable model's price as of the as-of date and its gap to ours."""

    kind: ComparableKind
    origin: ComparableOrigin = Field(
        description="proposed by the app, confirmed by the user, or user-added"
    )
    provider: str
    model_id: str
    name: str | None = None
    note: str = ""
    quote: PriceEvidence | None = None
    price_per_mtok: Decimal | None = Field(
        None, description="In the line's contract currency"
    )
    gap_per_mtok: Decimal | None = Field(None, description="contracted − this")
    gap_pct: Decimal | None = Field(None, description="gap ÷ contracted × 100")
    reason: str = Field("", description="Why no price, when there is none")


class MarketGapLine(_Result):
    """One contracted (vendor, model, meter) against its market price."""

    vendor: str
    vendor_label: str
    model: str = Field(description="Model as contracted or billed")
    meter: str
    basis: str = Field(description='"MTok" for tokens, else the unit')
    catalog_provider: str | None
    catalog_model_id: str | None
    model_class: str | None = None
    currency: str = Field(description="The contract's currency")
    comparable: bool
    reason: str = Field("", description="Why not comparable")
    fix: str = Field("", description="What would make it comparable")
    contracted_price_per_mtok: Decimal | None
    market_price_per_mtok: Decimal | None = Field(
        None, description="List price as of as-of, in the contract currency"
    )
    gap_per_mtok: Decimal | None = Field(None, description="contracted − market")
    gap_pct: Decimal | None = Field(None, description="gap ÷ contracted × 100")
    annual_volume_mtok: Decimal
    annual_value: Decimal | None = Field(
        None, description="gap × annual volume, contract currency"
    )
    annual_value_reporting: Decimal | None = Field(
        None, description="annual_value in the reporting currency"
    )
    fx_rate: Decimal | None = Field(
        None, description="Reporting currency per unit of contract currency"
    )
    contract: ContractReference
    quote: PriceEvidence | None = None
    volume: VolumeEvidence
    comparables: list[ComparablePrice] = Field(default_factory=list)
    best_published: ComparablePrice | None = Field(
        None, description="Cheapest published price for the same model"
    )
    formula: str = Field(description="This line's arithmetic, in words")


class VendorGapTotal(_Result):
    """A vendor's lines added up, in the reporting currency."""

    vendor: str
    label: str
    lines: int
    comparable_lines: int
    annual_value_reporting: Decimal


class AuditFinding(_Result):
    """A month in which our effective price strayed from the contracted one."""

    vendor: str
    model: str
    meter: str
    month: str = Field(description="YYYY-MM")
    contract: str
    currency: str = Field(description="The contract's currency")
    quantity: Decimal = Field(description="Units billed (tokens)")
    billed: Decimal = Field(description="What was invoiced, contract currency")
    expected: Decimal = Field(description="quantity × contracted price ÷ basis")
    effective_price_per_mtok: Decimal
    contracted_price_per_mtok: Decimal = Field(
        description="Quantity-weighted over the month when the list price moved"
    )
    deviation_pct: Decimal = Field(description="(effective − contracted) ÷ contracted")
    at_stake: Decimal = Field(description="billed − expected, contract currency")
    at_stake_reporting: Decimal | None
    rows: int
    source_rows: list[SourceRow] = Field(description="The first rows, capped")


class AuditSkip(_Result):
    """A vendor's (line, month) groups that could not be audited, by reason."""

    vendor: str
    reason: str
    groups: int


class AuditResult(_Result):
    """Effective prices paid against contracted prices, month by month."""

    tolerance_pct: Decimal
    checked_groups: int = Field(description="(line, month) groups audited")
    checked_by_vendor: dict[str, int] = Field(default_factory=dict)
    findings: list[AuditFinding]
    skipped: list[AuditSkip]
    total_at_stake_reporting: Decimal = Field(
        description="Sum of at_stake over findings, reporting currency"
    )
    formula: str


class ClauseCheck(_Result):
    """Whether a price-review or MFN clause would apply to one line now."""

    clause: Literal["price_review", "mfn"]
    vendor: str
    contract: str
    model: str
    meter: str
    threshold_pct: Decimal | None = Field(
        None, description="Review threshold; None for MFN"
    )
    contracted_price_per_mtok: Decimal
    market_price_per_mtok: Decimal | None = Field(
        None, description="The compared price, contract currency"
    )
    fall_pct: Decimal | None = Field(
        None, description="(contracted − market) ÷ contracted × 100"
    )
    triggered: bool
    since: date | None = Field(
        None, description="First day from which the condition has held"
    )
    since_first_record: bool = Field(
        False, description="It held from the catalog's first price on; maybe earlier"
    )
    evidence: PriceEvidence | None = None
    status: str = Field(description="One sentence for people")


class PricePoint(_Result):
    """A price on a day (per basis, USD as the catalog states it)."""

    day: date
    price_per_mtok: Decimal


class ModelPricePath(_Result):
    """A model's sampled list-price path, as used by the trend fit."""

    vendor: str
    model: str
    provider: str
    model_id: str
    meter: str
    model_class: str
    class_source: Literal["proposed", "user"]
    points: list[PricePoint]


class DeclineRate(_Result):
    """The annual price decline of one vendor's models of one class."""

    vendor: str
    model_class: str
    models: list[str]
    points: int = Field(description="Price points in the fit")
    fitted_pct: Decimal | None = Field(
        None, description="1 − e^slope, ×100; None when not fitted"
    )
    base_pct: Decimal = Field(description="The rate used: fitted, assumed or set")
    low_pct: Decimal
    high_pct: Decimal
    basis: DeclineBasis
    note: str


class ScenarioProjection(_Result):
    """Market price projected under one decline rate."""

    scenario: Literal["low", "base", "high"]
    decline_pct: Decimal
    at_term_end: Decimal
    average_rest_of_term: Decimal
    at_new_term_end: Decimal
    average_new_term: Decimal


class LineProjection(_Result):
    """One line's market price over the rest of the term and a new term."""

    vendor: str
    model: str
    meter: str
    currency: str
    market_price_per_mtok: Decimal
    contracted_price_per_mtok: Decimal | None
    as_of: date
    term_end: date
    new_term_end: date = Field(description="A new term as long as the current")
    scenarios: list[ScenarioProjection]


class TrendResult(_Result):
    """Price paths, fitted decline rates and projections."""

    paths: list[ModelPricePath]
    rates: list[DeclineRate]
    projections: list[LineProjection]
    lookback_start: date
    formula: str

    def path_for(self, vendor: str, model: str, meter: str) -> ModelPricePath | None:
        """The sampled path of one line's model and meter, if it was sampled."""
        wanted = (vendor, model, meter)
        return next(
            (p for p in self.paths if (p.vendor, p.model, p.meter) == wanted), None
        )

    def projection_for(
        self, vendor: str, model: str, meter: str
    ) -> LineProjection | None:
        """The projection of one line's market price, if it was projected."""
        wanted = (vendor, model, meter)
        return next(
            (p for p in self.projections if (p.vendor, p.model, p.meter) == wanted),
            None,
        )


class MarketGapSection(_Result):
    """Our contracted prices against today's published prices."""

    available: bool = True
    note: str = Field(description="One-line summary")
    currency: str = Field(description="Reporting currency")
    as_of: date | None = None
    window_start: date | None = None
    window_end: date | None = None
    catalog: str = ""
    lines: list[MarketGapLine] = Field(default_factory=list)
    totals_by_vendor: list[VendorGapTotal] = Field(default_factory=list)
    total_annual_value: Decimal = Field(
        Decimal(0), description="Sum over comparable lines, reporting currency"
    )
    audit: AuditResult | None = None
    triggers: list[ClauseCheck] = Field(default_factory=list)
    mfn: list[ClauseCheck] = Field(default_factory=list)
    trends: TrendResult | None = None
    uncontracted_vendors: list[str] = Field(
        default_factory=list, description="Vendors with usage but no contract"
    )
    cautions: list[str] = Field(default_factory=list)
    formulas: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def not_available(cls, note: str, currency: str = "USD") -> MarketGapSection:
        """A section with nothing to compare, and why."""
        return cls(available=False, note=note, currency=currency)
