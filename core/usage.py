"""The usage table: what we paid, one row per vendor line, columnar.

Usage data can run to millions of rows, so it lives in a pandas DataFrame
backed by Arrow, with the schema declared once here. :class:`UsageRecord`
describes one row for people and for the JSON schema; it is not used per row
on the hot path. Money columns are ``decimal128(38, 10)`` so sums are exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from core.errors import DataError, Problem
from core.money import to_decimal
from core.reference import ChargeCategory, Meter, Vendor

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

MONEY_PRECISION = 38
MONEY_SCALE = 10
QUANTITY_SCALE = 6


class UsageRecord(BaseModel):
    """One usage or charge line as imported.

    Amounts are in ``currency``, unrounded. ``quantity`` is in the meter's
    unit (tokens, requests, images, audio minutes, hours).
    """

    period_start: datetime = Field(description="Start of the billed period, UTC")
    period_end: datetime = Field(description="End of the billed period, UTC")
    vendor: Vendor
    account: str = Field("", description="Project, workspace or sub-account")
    workload: str = Field("", description="Workload the line is attributed to")
    model: str = Field(description="Model name as the vendor reported it")
    meter: Meter
    quantity: Decimal = Field(description="Units consumed, in the meter's unit")
    list_amount: Decimal | None = Field(None, description="At list price")
    contracted_amount: Decimal | None = Field(None, description="At our rates")
    billed_amount: Decimal = Field(description="What was invoiced")
    effective_amount: Decimal | None = Field(
        None, description="Cost with commitment purchases amortised (FOCUS)"
    )
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    charge_category: ChargeCategory = ChargeCategory.USAGE
    commitment_id: str | None = Field(
        None, description="Commitment discount the row draws on or buys"
    )
    source_file: str = Field(description="File name the row came from")
    source_row: int = Field(ge=0, description="1-based row in the source file")


def _arrow_schema() -> pa.Schema:
    import pyarrow as pa

    money = pa.decimal128(MONEY_PRECISION, MONEY_SCALE)
    return pa.schema(
        [
            ("period_start", pa.timestamp("us", tz="UTC")),
            ("period_end", pa.timestamp("us", tz="UTC")),
            ("vendor", pa.string()),
            ("account", pa.string()),
            ("workload", pa.string()),
            ("model", pa.string()),
            ("meter", pa.string()),
            ("quantity", pa.decimal128(MONEY_PRECISION, QUANTITY_SCALE)),
            ("list_amount", money),
            ("contracted_amount", money),
            ("billed_amount", money),
            ("effective_amount", money),
            ("currency", pa.string()),
            ("charge_category", pa.string()),
            ("commitment_id", pa.string()),
            ("source_file", pa.string()),
            ("source_row", pa.int64()),
        ]
    )


COLUMNS: tuple[str, ...] = tuple(UsageRecord.model_fields)
_DEFAULTS = {
    "account": "",
    "workload": "",
    "charge_category": ChargeCategory.USAGE.value,
}
_DECIMAL_COLUMNS = frozenset(
    {
        "quantity",
        "list_amount",
        "contracted_amount",
        "billed_amount",
        "effective_amount",
    }
)
REQUIRED = (
    "period_start",
    "period_end",
    "vendor",
    "model",
    "meter",
    "quantity",
    "billed_amount",
    "currency",
    "source_file",
    "source_row",
)


def usage_schema() -> pa.Schema:
    """The Arrow schema of the usage table."""
    return _arrow_schema()


def empty_usage() -> pd.DataFrame:
    """An empty usage table with the declared column types."""
    return usage_frame([])


def usage_frame(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """Build a usage table from plain dicts (tests, small fixtures, the demo).

    Missing optional columns are filled with nulls or empty text; money may
    be given as Decimal, int or str. The table is validated.
    """
    import pyarrow as pa

    schema = usage_schema()
    rows = list(rows)
    columns: dict[str, list[Any]] = {name: [] for name in schema.names}
    for row in rows:
        for name in schema.names:
            value = row.get(name, _DEFAULTS.get(name))
            if name in _DECIMAL_COLUMNS and value is not None:
                value = to_decimal(value)
            columns[name].append(value)
    table = pa.table(columns, schema=schema)
    return from_arrow(table)


def from_arrow(table: pa.Table) -> pd.DataFrame:
    """Wrap an Arrow table of the usage schema as a validated DataFrame."""
    import pandas as pd

    table = table.select(list(COLUMNS)).cast(usage_schema())
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    validate_usage(frame)
    return frame


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """The usage table as Arrow, in the declared schema."""
    import pyarrow as pa

    return pa.Table.from_pandas(
        frame[list(COLUMNS)], schema=usage_schema(), preserve_index=False
    )


def validate_usage(frame: pd.DataFrame, *, max_problems: int = 50) -> None:
    """Check a usage table column by column, vectorised.

    Raises:
        DataError: with one problem per offending row (up to ``max_problems``),
            naming the source file, row and column.
    """

    problems: list[Problem] = []
    missing = [name for name in COLUMNS if name not in frame.columns]
    if missing:
        raise DataError.single(
            f"the usage table lacks columns {', '.join(missing)}",
            "rebuild the table with core.usage.usage_frame",
        )

    def report(mask: pd.Series, column: str, reason: str, fix: str) -> None:
        for index in frame.index[mask.fillna(True).to_numpy(dtype=bool)]:
            if len(problems) >= max_problems:
                return
            row = frame.loc[index]
            problems.append(
                Problem(
                    reason,
                    fix,
                    file=_text(row["source_file"]),
                    row=_int(row["source_row"]),
                    column=column,
                    value=_text(row[column]),
                )
            )

    for column in REQUIRED:
        report(frame[column].isna(), column, "a value is required", "fill it in")
    report(
        ~frame["vendor"].isin([v.value for v in Vendor]),
        "vendor",
        "unknown vendor",
        f"use one of {', '.join(v.value for v in Vendor)}",
    )
    report(
        ~frame["meter"].isin([m.value for m in Meter]),
        "meter",
        "unknown meter",
        f"use one of {', '.join(m.value for m in Meter)}",
    )
    report(
        ~frame["currency"].str.fullmatch(r"[A-Z]{3}"),
        "currency",
        "currency must be a three-letter ISO code",
        "write USD, EUR, GBP, …",
    )
    report(
        frame["period_end"] < frame["period_start"],
        "period_end",
        "the period ends before it starts",
        "swap the start and end dates",
    )
    is_usage = frame["charge_category"] == ChargeCategory.USAGE.value
    report(
        is_usage & (frame["quantity"] < 0),
        "quantity",
        "a usage quantity cannot be negative",
        "book refunds as charge category Credit",
    )
    if problems:
        raise DataError(problems)


def _text(value: object) -> str | None:
    import pandas as pd

    return None if pd.isna(value) else str(value)


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError):
        return None
