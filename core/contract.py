"""What we signed: rates, committed spend, tiers and clauses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.reference import CommitmentPeriod, Meter, Vendor


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class ContractRate(_Model):
    """Our price for one model and meter.

    ``price`` is in the contract's currency per ``meter.price_basis`` units:
    per million tokens for token meters, per unit otherwise.
    """

    model: str = Field(min_length=1, description="Model name as in the contract")
    meter: Meter
    price: Decimal = Field(ge=0, description="Per MTok for tokens, else per unit")
    note: str = ""


class CommitmentTier(_Model):
    """A band of committed spend and the discount it earns."""

    min_commitment: Decimal = Field(ge=0, description="Lower bound, per period")
    discount_pct: Decimal = Field(ge=0, le=100, description="Percent off")


class Commitment(_Model):
    """Committed spend: what we promised to spend per period for a discount.

    Amounts are in the contract currency per ``period``. ``unused_fee_pct`` is
    the share of any shortfall we must pay at the end of the period;
    ``rollover_pct`` the share of the unused amount carried to the next.
    """

    amount: Decimal = Field(gt=0, description="Committed spend per period")
    period: CommitmentPeriod = CommitmentPeriod.ANNUAL
    tiers: list[CommitmentTier] = Field(default_factory=list)
    unused_fee_pct: Decimal = Field(Decimal(100), ge=0, le=100)
    rollover_pct: Decimal = Field(Decimal(0), ge=0, le=100)

    @field_validator("tiers")
    @classmethod
    def _tiers_ascend(cls, tiers: list[CommitmentTier]) -> list[CommitmentTier]:
        bounds = [tier.min_commitment for tier in tiers]
        if bounds != sorted(bounds) or len(set(bounds)) != len(bounds):
            raise ValueError(
                "tiers must be listed from the smallest commitment to the "
                "largest, each bound once; reorder the tier rows"
            )
        return tiers

    def discount_pct(self) -> Decimal:
        """The discount earned by the committed amount under the tiers."""
        earned = Decimal(0)
        for tier in self.tiers:
            if self.amount >= tier.min_commitment:
                earned = tier.discount_pct
        return earned


class Clauses(_Model):
    """Terms that let us reopen prices."""

    price_review_threshold_pct: Decimal | None = Field(
        None,
        gt=0,
        le=100,
        description="Review if the market falls more than this % below our rate",
    )
    mfn: bool = Field(False, description="Most-favoured-customer clause")
    reassessment_months: int | None = Field(
        None, gt=0, description="We may reassess the committed tier this often"
    )


class Contract(_Model):
    """One signed agreement with a vendor.

    Either ``rates`` lists our price per model and meter, or
    ``discount_off_list_pct`` applies a flat discount to list prices, or both
    (a listed rate wins over the flat discount for its line).
    """

    name: str = Field(min_length=1)
    vendor: Vendor
    currency: str = Field("USD", pattern=r"^[A-Z]{3}$")
    term_start: date
    term_end: date
    notice_period_days: int = Field(90, ge=0)
    rates: list[ContractRate] = Field(default_factory=list)
    discount_off_list_pct: Decimal = Field(Decimal(0), ge=0, le=100)
    commitment: Commitment | None = None
    clauses: Clauses = Field(default_factory=Clauses)
    notes: str = ""

    @model_validator(mode="after")
    def _term_in_order(self) -> Contract:
        if self.term_end <= self.term_start:
            raise ValueError(
                f"term_end {self.term_end} is not after term_start "
                f"{self.term_start}; check the two dates"
            )
        return self

    def rate_for(self, model: str, meter: Meter) -> ContractRate | None:
        """Our listed rate for a model and meter, if the contract has one."""
        for rate in self.rates:
            if rate.model == model and rate.meter is meter:
                return rate
        return None
