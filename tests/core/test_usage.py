from datetime import date
from decimal import Decimal

import pytest

from core.errors import DataError
from core.usage import COLUMNS, empty_usage, usage_frame

from .factories import row


def test_money_columns_keep_exact_decimals():
    frame = usage_frame(
        [row(date(2026, 1, 1), billed="0.1"), row(date(2026, 1, 2), billed="0.2")]
    )

    assert frame["billed_amount"].sum() == Decimal("0.3")
    assert list(frame.columns) == list(COLUMNS)


def test_empty_table_has_declared_columns():
    frame = empty_usage()

    assert frame.empty
    assert str(frame["billed_amount"].dtype).startswith("decimal128(38, 10)")


def test_problems_name_file_row_column_and_fix():
    rows = [
        row(date(2026, 1, 1), source_row=2),
        row(date(2026, 1, 2), meter="tokens", source_row=3),
        row(date(2026, 1, 3), currency="usd", source_row=4),
    ]

    with pytest.raises(DataError) as caught:
        usage_frame(rows)

    problems = caught.value.problems
    assert [(p.row, p.column) for p in problems] == [(3, "meter"), (4, "currency")]
    assert str(problems[0]).startswith("usage.csv, row 3, column meter: unknown meter")
    assert "Use one of input, output" in str(problems[0])


def test_negative_usage_quantity_is_refused():
    with pytest.raises(DataError, match="cannot be negative"):
        usage_frame([row(date(2026, 1, 1), quantity=-5)])


def test_missing_required_value_is_reported():
    bad = row(date(2026, 1, 1))
    bad["model"] = None

    with pytest.raises(DataError, match="column model: a value is required"):
        usage_frame([bad])
