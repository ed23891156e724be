"""Results of an analysis, as plain serialisable models.

One :class:`AnalysisResult` feeds the ``analyze --json`` output, the window,
the PDF brief and the workbook alike. Money is Decimal, unrounded, in the
reporting currency named on each section; JSON carries it as strings so no
precision is lost. Sections whose capability has not been built yet are
present and empty, with ``available`` false.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from core.market.results import MarketGapSection

SCHEMA_VERSION = "1"


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WorkspaceSummary(_Result):
    """What was analysed."""

    name: str
    as_of: date = Field(description="Date the analysis is made for")
    reporting_currency: str
    usage_rows: int
    imports: int
    contracts: list[str] = Field(description="Contract names")
    vendors: list[str] = Field(description="Vendor ids found in the usage")
    first_day: date | None = Field(description="First day covered by usage")
    last_day: date | None = Field(description="Last day covered by usage")
    catalog: str = Field(description="Price catalog used, with its date")
    app_version: str
    generated_at: datetime


class SpendLine(_Result):
    """Billed spend for one key of a breakdown (a vendor, a model, ...)."""

    key: str
    label: str
    amount: Decimal = Field(description="Billed, reporting currency, unrounded")
    share: Decimal = Field(description="Fraction of total spend, 0..1")
    quantity: Decimal | None = Field(
        None, description="Units consumed where the key has one unit (meters)"
    )
    rows: int = Field(description="Usage rows behind the figure")


class MonthSpend(_Result):
    """Billed spend in one calendar month, split by vendor."""

    month: str = Field(description="YYYY-MM")
    amount: Decimal
    by_vendor: dict[str, Decimal]


class VendorSpend(_Result):
    """One vendor's spend and its breakdowns; shares are within the vendor."""

    key: str
    label: str
    amount: Decimal
    list_total: Decimal | None
    by_model: list[SpendLine]
    by_meter: list[SpendLine]
    by_workload: list[SpendLine]


class SpendSection(_Result):
    """Where the money went: billed amounts, converted to one currency."""

    available: bool = True
    currency: str
    total: Decimal
    list_total: Decimal | None = Field(
        None, description="At list price, where every row carries one"
    )
    discount_vs_list: Decimal | None = Field(
        None, description="(list_total - total) / list_total, a fraction"
    )
    by_vendor: list[SpendLine]
    by_model: list[SpendLine]
    by_meter: list[SpendLine]
    by_workload: list[SpendLine]
    by_month: list[MonthSpend]
    vendors: list[VendorSpend] = Field(
        description="Per-vendor breakdowns, in the order of by_vendor"
    )
    formula: str = Field(
        description="How the figures were computed, for the audit trail"
    )


class PendingSection(_Result):
    """A section whose capability has not been built yet."""

    available: bool = False
    note: str


class AnalysisResult(_Result):
    """Everything an analysis found, section by section."""

    schema_version: str = SCHEMA_VERSION
    workspace: WorkspaceSummary
    spend: SpendSection
    market_gap: MarketGapSection
    commitment: PendingSection
    self_hosting: PendingSection
    workloads: PendingSection
    position: PendingSection


def analysis_json_schema() -> dict[str, object]:
    """The published JSON Schema of ``counteroffer analyze --json``."""
    schema = AnalysisResult.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "urn:counteroffer:analysis:1"
    return schema
