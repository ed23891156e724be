"""Column mappings for generic invoices, saved as named presets."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# The usage fields a generic file can fill, in the order the mapping
# editor shows them. Required ones must be mapped or given a fixed value.
MAPPABLE_FIELDS = (
    "period_start",
    "period_end",
    "vendor",
    "model",
    "meter",
    "quantity",
    "unit",
    "unit_price",
    "billed_amount",
    "list_amount",
    "currency",
    "account",
    "workload",
)
REQUIRED_FIELDS = ("period_start", "vendor", "model", "billed_amount", "currency")


class ColumnMapping(BaseModel):
    """How one generic file's columns become usage fields.

    ``columns`` maps a usage field to the file's column name; ``fixed``
    gives a field one value for every row (a vendor, a currency) when the
    file has no such column. ``quantity_multiplier`` turns the file's unit
    into the meter's (1000 when quantities are in thousands of tokens).
    """

    model_config = ConfigDict(extra="forbid")

    columns: dict[str, str] = Field(default_factory=dict)
    fixed: dict[str, str] = Field(default_factory=dict)
    quantity_multiplier: int = Field(1, ge=1)
    date_order: str | None = Field(None, pattern="^(dmy|mdy)$")


class MappingPreset(BaseModel):
    """A saved mapping, applied to the next file with the same header."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    header: list[str] = Field(description="The file's header keys, normalised")
    mapping: ColumnMapping
