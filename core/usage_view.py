"""Filtering, sorting and pivoting the usage table for people to read.

The window shows up to millions of usage rows. Sorting or filtering them
cell by cell through a view is far too slow, so these plain functions do
it column-wise on the Arrow-backed frame and return a new frame to show.
Amounts stay exact Arrow decimals throughout; nothing here rounds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from core.usage import MONEY_PRECISION, MONEY_SCALE

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

PivotColumns = Literal["vendor", "model", "workload", "meter", "account"]
PivotValue = Literal[
    "billed_amount", "list_amount", "contracted_amount", "effective_amount"
]

PIVOT_COLUMNS: tuple[str, ...] = ("vendor", "model", "workload", "meter", "account")
PIVOT_VALUES: tuple[str, ...] = (
    "billed_amount",
    "list_amount",
    "contracted_amount",
    "effective_amount",
)
MONTH_COLUMN = "month"
TOTAL_LABEL = "Total"
UNATTRIBUTED = "(unattributed)"
"""Label of rows whose pivot key is empty, as the spend section calls them."""


def filter_usage(
    usage: pd.DataFrame, text: str, column: str | None = None
) -> pd.DataFrame:
    """The rows where ``column`` (or any text column) contains ``text``.

    The match ignores case and surrounding spaces. Non-text columns, when
    named, are matched on their stored text: amounts with all their decimal
    places (``4.5000000000``), timestamps as ``2026-01-31 00:00:00``. An
    empty ``text`` keeps every row.

    Raises:
        ValueError: ``column`` is not a column of ``usage``.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    needle = text.strip()
    if column is not None and column not in usage.columns:
        raise ValueError(f"the usage table has no column {column!r}")
    if not needle or usage.empty:
        return usage.reset_index(drop=True)

    names = [column] if column is not None else _text_columns(usage)
    mask: pa.Array | None = None
    for name in names:
        cells = pc.cast(_arrow(usage[name]), pa.string())
        found = pc.match_substring(cells, needle, ignore_case=True).fill_null(False)
        mask = found if mask is None else pc.or_(mask, found)
    if mask is None:
        return usage.iloc[0:0].reset_index(drop=True)
    keep = mask.to_numpy(zero_copy_only=False)
    return usage[keep].reset_index(drop=True)


def sort_usage(
    usage: pd.DataFrame, column: str, ascending: bool = True
) -> pd.DataFrame:
    """The rows ordered by ``column``; ties keep their order, empty cells last.

    Text is compared without regard to case; amounts and quantities as
    exact decimals; timestamps in time order.

    Raises:
        ValueError: ``column`` is not a column of ``usage``.
    """
    import pandas as pd

    if column not in usage.columns:
        raise ValueError(f"the usage table has no column {column!r}")

    def key(values: pd.Series) -> pd.Series:
        if pd.api.types.is_string_dtype(values.dtype):
            return values.str.casefold()
        return values

    ordered = usage.sort_values(
        column, ascending=ascending, kind="stable", na_position="last", key=key
    )
    return ordered.reset_index(drop=True)


def pivot_usage(
    usage: pd.DataFrame,
    rows: Literal["month"] = "month",
    columns: PivotColumns = "vendor",
    value: PivotValue = "billed_amount",
) -> pd.DataFrame:
    """Sum ``value`` by calendar month (rows) and ``columns``, exactly.

    The result has a ``month`` column (``YYYY-MM``, UTC, of each row's period
    start) followed by one column per key of ``columns``, largest total
    first; empty keys are labelled ``(unattributed)``. Amounts are in each
    row's own currency: when the table holds several currencies, every key
    is split per currency (``openai (EUR)``) and no cross-currency total is
    given. Otherwise a ``Total`` column is added. The last row, ``Total``,
    sums each column. Cells with no rows are 0; sums skip empty amounts.

    Raises:
        ValueError: an unknown ``rows``, ``columns`` or ``value``.
    """
    if rows != MONTH_COLUMN:
        raise ValueError(f"pivot rows must be {MONTH_COLUMN!r}, not {rows!r}")
    if columns not in PIVOT_COLUMNS:
        raise ValueError(f"pivot columns must be one of {', '.join(PIVOT_COLUMNS)}")
    if value not in PIVOT_VALUES:
        raise ValueError(f"pivot values must be one of {', '.join(PIVOT_VALUES)}")

    sums = _monthly_sums(usage, columns, value)
    labels = _ranked_labels(sums)
    months = sorted({month for month, _ in sums})
    cells = {
        label: [sums.get((month, label), Decimal(0)) for month in months]
        for label in labels
    }
    single_currency = usage["currency"].nunique() <= 1
    if single_currency:
        total_label = TOTAL_LABEL if TOTAL_LABEL not in cells else "Total (all)"
        cells[total_label] = [
            sum((cells[label][i] for label in labels), Decimal(0))
            for i in range(len(months))
        ]
    return _pivot_frame(months, cells)


def _monthly_sums(
    usage: pd.DataFrame, columns: str, value: str
) -> dict[tuple[str, str], Decimal]:
    """Exact sums per (month, key label), the label carrying the currency
    when there are several."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if usage.empty:
        return {}
    several = usage["currency"].nunique() > 1
    table = pa.table(
        {
            "month": pc.strftime(_arrow(usage["period_start"]), format="%Y-%m"),
            "key": _arrow(usage[columns]),
            "currency": _arrow(usage["currency"]),
            "value": _arrow(usage[value]),
        }
    )
    grouped = table.group_by(["month", "key", "currency"]).aggregate([("value", "sum")])
    sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in grouped.to_pylist():
        key = row["key"] or UNATTRIBUTED
        label = f"{key} ({row['currency']})" if several else key
        sums[(row["month"], label)] += row["value_sum"] or Decimal(0)
    return dict(sums)


def _ranked_labels(sums: dict[tuple[str, str], Decimal]) -> list[str]:
    """Column labels by total, largest first; ties by label."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for (_, label), amount in sums.items():
        totals[label] += amount
    return sorted(totals, key=lambda label: (-totals[label], label))


def _pivot_frame(
    months: Sequence[str], cells: dict[str, list[Decimal]]
) -> pd.DataFrame:
    """The pivot as a frame of exact decimals, with a ``Total`` row below."""
    import pandas as pd
    import pyarrow as pa

    money = pa.decimal128(MONEY_PRECISION, MONEY_SCALE)
    data: dict[str, pd.Series] = {
        MONTH_COLUMN: pd.Series(
            [*months, TOTAL_LABEL], dtype=pd.ArrowDtype(pa.string())
        )
    }
    for label, values in cells.items():
        column = [*values, sum(values, Decimal(0))]
        data[label] = pd.Series(
            pa.array(column, type=money), dtype=pd.ArrowDtype(money)
        )
    return pd.DataFrame(data)


def _text_columns(usage: pd.DataFrame) -> list[str]:
    import pandas as pd

    return [
        str(name)
        for name in usage.columns
        if pd.api.types.is_string_dtype(usage[name].dtype)
    ]


def _arrow(values: pd.Series) -> pa.Array:
    """A column as an Arrow array, without copying Arrow-backed data."""
    import pyarrow as pa

    return pa.array(values)
