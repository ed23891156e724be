"""The analyst's assumptions: dates, exchange rates, horizons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.errors import DataError


class Assumptions(BaseModel):
    """Inputs the user sets rather than imports.

    ``fx_rates`` maps a currency code to how many units of
    ``reporting_currency`` one unit of it is worth (EUR → 1.08 for USD).
    Percentages are percent (5 means 5%).
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    as_of: date | None = Field(
        None, description="Date the analysis is made for; defaults to the data's end"
    )
    reporting_currency: str = Field("USD", pattern=r"^[A-Z]{3}$")
    fx_rates: dict[str, Decimal] = Field(default_factory=dict)
    run_rate_window_days: int = Field(90, ge=7, le=730)
    price_decline_pct_per_year: Decimal = Field(Decimal(30), ge=0, lt=100)
    horizon_months: int = Field(24, ge=1, le=120)
    audit_tolerance_pct: Decimal = Field(
        Decimal(1),
        ge=0,
        le=100,
        description="Invoice audit: deviation from our rate allowed, in %",
    )
    price_decline_overrides: dict[str, Decimal] = Field(
        default_factory=dict,
        description='Annual decline in % set per "vendor/class" ("openai/small")',
    )

    @field_validator("fx_rates")
    @classmethod
    def _positive_rates(cls, rates: dict[str, Decimal]) -> dict[str, Decimal]:
        for currency, rate in rates.items():
            if len(currency) != 3 or not currency.isupper():
                raise ValueError(f"{currency!r} is not a three-letter currency code")
            if rate <= 0:
                raise ValueError(f"the FX rate for {currency} must be above zero")
        return rates

    def fx_rate(self, currency: str) -> Decimal:
        """Units of the reporting currency per unit of ``currency``.

        Raises:
            DataError: no rate was entered for that currency.
        """
        if currency == self.reporting_currency:
            return Decimal(1)
        try:
            return self.fx_rates[currency]
        except KeyError:
            raise DataError.single(
                f"no exchange rate from {currency} to {self.reporting_currency}",
                f"enter one under Assumptions (1 {currency} = ? "
                f"{self.reporting_currency})",
            ) from None
