"""Column parsers: fast Arrow casts, robust fallbacks, problems per cell."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import DataError
from core.importing import cells
from core.importing.base import RawTable, RowIssues


def table(**columns: object) -> RawTable:
    data = pa.table(columns)
    return RawTable("bill.csv", data, pa.array(range(2, data.num_rows + 2)))


def amounts(*values: object, **options: object) -> tuple[list, RowIssues]:
    raw = table(amount=pa.array(values))
    issues = RowIssues(raw)
    return cells.decimals(raw, issues, "amount", **options).to_pylist(), issues


def dates(*values: object, **options: object) -> tuple[list, RowIssues]:
    raw = table(day=pa.array(values))
    issues = RowIssues(raw)
    return cells.timestamps(raw, issues, "day", **options).to_pylist(), issues


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# ------------------------------------------------------------------ text


def test_text_trims_fills_and_writes_numbers_exactly() -> None:
    raw = table(a=pa.array([" x\u00a0", None, ""]), b=pa.array([0.1, 3.0, None]))

    assert cells.text(raw, "a", default="?").to_pylist() == ["x", "?", "?"]
    assert cells.text(raw, "b").to_pylist() == ["0.1", "3", ""]
    assert cells.text(raw, "missing", default="n/a").to_pylist() == ["n/a"] * 3


# --------------------------------------------------------------- amounts


def test_plain_column_takes_the_fast_path_with_the_requested_scale() -> None:
    values, issues = amounts("12.50", "-3", "0.1", scale=2)

    assert values == [Decimal("12.50"), Decimal("-3.00"), Decimal("0.10")]
    assert (
        pa.decimal128(38, 2)
        == cells.decimals(table(amount=["1"]), issues, "amount", scale=2).type
    )
    assert not issues.problems


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("$1,234.50", "1234.50"),
        ("(1,234.50)", "-1234.50"),
        ("1234.50-", "-1234.50"),
        ("−12.5", "-12.5"),
        ("€\u00a01 234.5", "1234.5"),
        ("USD 3", "3"),
        ("3 EUR", "3"),
        ("-$5", "-5"),
        ("1'234.50", "1234.50"),
        ("1.5E-05", "0.000015"),
        ("12,34,567.00", "1234567.00"),
    ],
)
def test_robust_amounts(cell: str, expected: str) -> None:
    values, issues = amounts(cell, "1.00")

    assert values[0] == Decimal(expected)
    assert not issues.problems


def test_decimal_comma_is_inferred_from_unambiguous_cells() -> None:
    values, issues = amounts("1.234,50", "1.234", "12,5", "0,500", "1 234,56")

    assert values == [
        Decimal("1234.5"),
        Decimal("1234"),
        Decimal("12.5"),
        Decimal("0.5"),
        Decimal("1234.56"),
    ]
    assert not issues.problems


def test_ambiguous_thousands_default_to_decimal_point() -> None:
    values, _ = amounts("1,234", "5,000")

    assert values == [Decimal(1234), Decimal(5000)]


def test_bad_amounts_become_null_with_reasons() -> None:
    values, issues = amounts("12,5O", "5%", "", "1.00", "1,234.56", "1,5")

    assert values[:4] == [None, None, None, Decimal(1)]
    by_row = {p.row: p for p in issues.problems}
    assert by_row[2].reason == "not a number"
    assert by_row[2].fix == "write digits such as 12.50"
    assert by_row[2].value == "12,5O"
    assert "percentage" in by_row[3].reason
    assert by_row[4].reason == "a number is required"
    # "1,5" contradicts the column's decimal point (majority of evidence).
    assert "the other way round" in by_row[7].reason
    assert issues.bad_count == 4


def test_optional_amounts_leave_empty_cells_null_and_missing_columns() -> None:
    raw = table(amount=["", "1"])
    issues = RowIssues(raw)

    assert cells.decimals(raw, issues, "amount", required=False).to_pylist() == [
        None,
        Decimal(1),
    ]
    assert cells.decimals(raw, issues, "nope", required=False).null_count == 2
    assert not issues.problems
    with pytest.raises(DataError, match="'nope' is missing"):
        cells.decimals(raw, issues, "nope")


def test_typed_numbers_keep_their_shortest_decimal_form() -> None:
    values, _ = amounts(0.1, 1234567.891, None, required=False)

    assert values == [Decimal("0.1"), Decimal("1234567.891"), None]


def test_divide_by_rounds_half_away_from_zero() -> None:
    values, _ = amounts("1250", "-2", "1", divide_by=100, scale=2)
    thirds, _ = amounts("1", "-2", divide_by=3, scale=4)

    assert values == [Decimal("12.50"), Decimal("-0.02"), Decimal("0.01")]
    assert thirds == [Decimal("0.3333"), Decimal("-0.6667")]


def test_rows_are_flagged_in_issues() -> None:
    _, issues = amounts("x", "1", "y")

    assert issues.bad.tolist() == [True, False, True]


MONEY = st.integers(min_value=-(10**17), max_value=10**17).map(
    lambda cents: Decimal(cents).scaleb(-2)
)


def _grouped(number: Decimal, group: str, mark: str) -> str:
    whole, _, fraction = f"{abs(number):.2f}".partition(".")
    parts = []
    while len(whole) > 3:
        parts.insert(0, whole[-3:])
        whole = whole[:-3]
    parts.insert(0, whole)
    return group.join(parts) + mark + fraction


STYLES = {
    "plain": lambda n: f"{n:.2f}",
    "us": lambda n: ("-" if n < 0 else "") + _grouped(n, ",", "."),
    "eu": lambda n: ("-" if n < 0 else "") + _grouped(n, ".", ","),
    "fr": lambda n: ("-" if n < 0 else "") + _grouped(n, "\u202f", ","),
    "swiss": lambda n: ("-" if n < 0 else "") + _grouped(n, "'", "."),
    "dollars": lambda n: ("-" if n < 0 else "") + "$" + _grouped(n, ",", "."),
    "brackets": lambda n: (
        f"({_grouped(n, ',', '.')})" if n < 0 else _grouped(n, ",", ".")
    ),
    "trailing": lambda n: _grouped(n, ".", ",") + (" EUR-" if n < 0 else " EUR"),
}


@settings(max_examples=60, deadline=None)
@given(
    numbers=st.lists(MONEY, min_size=1, max_size=20),
    style=st.sampled_from(sorted(STYLES)),
)
def test_decimals_round_trip_in_every_style(numbers: list, style: str) -> None:
    written = [STYLES[style](n) for n in numbers]

    values, issues = amounts(*written)

    assert values == numbers, written
    assert not issues.problems


# ----------------------------------------------------------------- dates


def test_iso_dates_take_the_fast_path_and_end_in_utc() -> None:
    values, issues = dates("2026-03-04T05:06:07+02:00", "2026-03-04T00:00:00Z")
    naive, _ = dates("2026-03-04", "2026-03-04 05:06:07")

    assert values == [utc(2026, 3, 4, 3, 6, 7), utc(2026, 3, 4)]
    assert naive == [utc(2026, 3, 4), utc(2026, 3, 4, 5, 6, 7)]
    assert not issues.problems


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-03-04T05:06:07 +0200", utc(2026, 3, 4, 3, 6, 7)),
        ("31.12.2025", utc(2025, 12, 31)),
        ("4 Mar 2026", utc(2026, 3, 4)),
        ("Mar 4, 2026", utc(2026, 3, 4)),
        ("04-Mar-26", utc(2026, 3, 4)),
        ("2026/03/04", utc(2026, 3, 4)),
        ("45321", utc(2024, 1, 30)),
        ("45321.75", utc(2024, 1, 30, 18)),
        ("1700000000", utc(2023, 11, 14, 22, 13, 20)),
        ("1700000000000", utc(2023, 11, 14, 22, 13, 20)),
        ("20260304", utc(2026, 3, 4)),
    ],
)
def test_robust_dates(cell: str, expected: datetime) -> None:
    values, issues = dates(cell, "2026-01-01")

    assert values[0] == expected
    assert not issues.problems


def test_typed_numbers_are_excel_serials_or_unix_times() -> None:
    values, _ = dates(45321.5, 1_700_000_000, None, required=False)

    assert values == [utc(2024, 1, 30, 12), utc(2023, 11, 14, 22, 13, 20), None]


def test_excel_1900_leap_year_bug() -> None:
    values, _ = dates(59.0, 61.0)

    assert values == [utc(1900, 2, 28), utc(1900, 3, 1)]


def test_typed_timestamps_naive_are_utc() -> None:
    values, _ = dates(datetime(2026, 3, 4, 5), datetime(2026, 3, 5))

    assert values == [utc(2026, 3, 4, 5), utc(2026, 3, 5)]


def test_slash_dates_resolved_by_the_whole_column() -> None:
    day_first, _ = dates("03/04/2026", "13/04/2026")
    month_first, _ = dates("03/04/2026", "04/13/2026 5:06 PM")

    assert day_first[0] == utc(2026, 4, 3)
    assert month_first == [utc(2026, 3, 4), utc(2026, 4, 13, 17, 6)]


def test_slash_dates_with_both_orders_are_problems() -> None:
    values, issues = dates("13/04/2026", "04/13/2026", "2026-01-01")

    assert values == [None, None, utc(2026, 1, 1)]
    assert {p.row for p in issues.problems} == {2, 3}
    assert "mixes" in issues.problems[0].reason


def test_ambiguous_slash_dates_need_an_order() -> None:
    with pytest.raises(DataError) as caught:
        dates("03/04/2026", "05/06/2026")

    assert "--date-order dmy|mdy" in str(caught.value)
    chosen, _ = dates("03/04/2026", "05/06/26", date_order="dmy")
    assert chosen == [utc(2026, 4, 3), utc(2026, 6, 5)]


def test_bad_dates_become_null_with_reasons() -> None:
    values, issues = dates("soon", "2026-02-30", "", "2026-01-01")

    assert values == [None, None, None, utc(2026, 1, 1)]
    reasons = [p.reason for p in issues.problems]
    assert sorted(reasons) == [
        "a date is required",
        "not a date",
        "not a valid calendar date",
    ]


DAYS = st.datetimes(
    min_value=datetime(1950, 1, 1), max_value=datetime(2100, 12, 31)
).map(lambda d: d.replace(microsecond=0, tzinfo=UTC))

DATE_STYLES = {
    "iso": (lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ"), None, True),
    "offset": (
        lambda d: (d + timedelta(hours=5, minutes=30)).strftime(
            "%Y-%m-%dT%H:%M:%S+05:30"
        ),
        None,
        True,
    ),
    "iso_date": (lambda d: d.strftime("%Y-%m-%d"), None, False),
    "mdy": (lambda d: f"{d.month}/{d.day}/{d.year}", "mdy", False),
    "mdy_short": (lambda d: f"{d.month}/{d.day}/{d:%y}", "mdy", False),
    "dmy": (lambda d: d.strftime("%d/%m/%Y %H:%M:%S"), "dmy", True),
    "dotted": (lambda d: d.strftime("%d.%m.%Y"), None, False),
    "excel": (
        lambda d: str((d - datetime(1899, 12, 30, tzinfo=UTC)).days),
        None,
        False,
    ),
    "unix": (lambda d: str(int(d.timestamp())), None, True),
}


@settings(max_examples=60, deadline=None)
@given(
    moments=st.lists(DAYS, min_size=1, max_size=15),
    style=st.sampled_from(sorted(DATE_STYLES)),
)
def test_timestamps_round_trip_in_every_style(moments: list, style: str) -> None:
    write, order, keeps_time = DATE_STYLES[style]
    if style == "mdy_short":
        moments = [m for m in moments if 1969 <= m.year <= 2068] or [DAYS_2026]
    if style == "unix":
        moments = [m for m in moments if m.year >= 1974] or [DAYS_2026]
    if style == "excel":
        moments = [m for m in moments if m.year >= 1901]

    expected = [
        m if keeps_time else m.replace(hour=0, minute=0, second=0) for m in moments
    ]
    values, issues = dates(*[write(m) for m in moments], date_order=order)

    assert values == expected
    assert not issues.problems


DAYS_2026 = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


# ----------------------------------------------------------------- headers


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Billed Cost (USD)", "billed_cost_usd"),
        ("BilledCost", "billed_cost"),
        ("lineItem/UnblendedCost", "line_item_unblended_cost"),
        ("line_item_unblended_cost", "line_item_unblended_cost"),
        ("\ufeffDate", "date"),
        ("HTTPRequests", "http_requests"),
        ("Coût", "cout"),
        ("amount.value", "amount_value"),
    ],
)
def test_header_key(name: str, key: str) -> None:
    assert cells.header_key(name) == key


def test_huge_or_infinite_amounts_are_reported_not_raised() -> None:
    values, issues = amounts("1e999", "$1e40", "1,5e30", "12.5")

    assert values == [None, None, None, Decimal("12.5")]
    reasons = {p.row: p.reason for p in issues.problems}
    assert reasons == {
        2: "too large to be read as a number",
        3: "too large to be read as a number",
        4: "not a number",
    }


def test_clean_amounts_with_more_decimals_than_the_scale_round_half_away() -> None:
    values, issues = amounts(
        "0.12345678905", "-0.12345678905", "2.0000000000499999", None
    )

    assert values == [
        Decimal("0.1234567891"),
        Decimal("-0.1234567891"),
        Decimal("2.0000000000"),
        None,
    ]
    assert [p.row for p in issues.problems] == [5]  # the empty, required cell
