"""DeepSeek's usage export: counts and unit prices per type."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from core.errors import DataError
from core.importing.detect import choose_format
from core.importing.formats.deepseek import FORMATS, PER_MILLION_NOTE, USD_NOTE
from tests.core.importing.formats import HEADERS, own_format, read, write_csv

DAYS = 4
BEIJING = timezone(timedelta(hours=8))
# Beijing midnight: 16:00 UTC the day before.
FIRST_START = datetime(2026, 8, 31, 16, tzinfo=UTC)

# One day: key name, key, model, type, price of ONE unit, amount (count).
DAY = [
    ("Team, Primary", "sk-a***1", "deepseek-chat", "input_cache_hit_tokens",
     "0.000000028", 10_000_000),
    ("Team, Primary", "sk-a***1", "deepseek-chat", "input_cache_miss_tokens",
     "0.00000028", 2_000_000),
    ("Team, Primary", "sk-a***1", "deepseek-chat", "output_tokens",
     "0.00000042", 1_500_000),
    ("Team, Primary", "sk-a***1", "deepseek-chat", "request_count", "", 1_200),
    ("Batch jobs", "sk-b***2", "deepseek-reasoner", "input_cache_miss_tokens",
     "0.00000055", 3_000_000),
    ("Batch jobs", "sk-b***2", "deepseek-reasoner", "output_tokens",
     "0.00000219", 700_000),
    ("Batch jobs", "sk-b***2", "deepseek-reasoner", "request_count", "0", 90),
    ("", "", "deepseek-chat", "input_cache_hit_tokens", "0.000000028", 1),
]  # fmt: skip
# By hand: 0.28 + 0.56 + 0.63 + 0 + 1.65 + 1.533 + 0 + 0.000000028.
PER_DAY = Decimal("4.653000028")
METERS = [
    "cached_input", "input", "output", "request",
    "input", "output", "request", "cached_input",
]  # fmt: skip


def _lines(prices_per_million: bool = False) -> list[list[object]]:
    lines = []
    for day in range(DAYS):
        start = FIRST_START + timedelta(days=day)
        times = [
            start.astimezone(BEIJING).isoformat(),
            (start + timedelta(days=1)).astimezone(BEIJING).isoformat(),
        ]
        for name, key, model, kind, price, amount in DAY:
            if prices_per_million and price:
                price = str(Decimal(price) * 1_000_000)
            lines.append(["u-1", *times, model, name, key, kind, price, amount])
    return lines


def _file(tmp_path: Path, lines: list[list[object]] | None = None) -> Path:
    """32 lines, rows 2-33."""
    path = tmp_path / "amount-2026-09-01_2026-09-04.csv"
    return write_csv(path, HEADERS["deepseek"], lines or _lines())


# ------------------------------------------------------------- detection


@pytest.mark.parametrize("header_name", sorted(HEADERS))
def test_each_header_is_claimed_only_by_its_own_format(header_name: str) -> None:
    [fmt] = FORMATS
    score = fmt.match(HEADERS[header_name])

    if own_format(header_name) == "deepseek":
        assert score == 1.0
        chosen = choose_format(HEADERS[header_name], None, file_name="x.csv")
        assert chosen.name == "deepseek"
    else:
        assert score < 0.6


# ------------------------------------------------------------ conversion


def test_price_times_amount_totals_to_the_cent(tmp_path: Path) -> None:
    result = read(_file(tmp_path))

    assert result.format == "deepseek"
    assert result.totals_by_currency() == {"USD": PER_DAY * DAYS}
    assert result.totals_by_currency()["USD"] == Decimal("18.612000112")
    assert USD_NOTE in result.notes


def test_types_become_meters_and_amounts_quantities(tmp_path: Path) -> None:
    usage = read(_file(tmp_path)).usage
    first_day = usage[usage["source_row"] <= 9]

    assert list(first_day["meter"]) == METERS
    assert [int(q) for q in first_day["quantity"]] == [line[5] for line in DAY]
    assert Decimal(first_day["billed_amount"].iloc[3]) == 0
    assert first_day["period_start"].iloc[0] == FIRST_START
    assert first_day["period_end"].iloc[0] == FIRST_START + timedelta(days=1)
    assert list(first_day["account"]) == ["Team, Primary"] * 4 + ["Batch jobs"] * 3 + [
        "u-1"
    ]
    assert list(first_day["workload"])[-2:] == ["Batch jobs", ""]
    assert set(usage["vendor"]) == {"deepseek"}


def test_prices_per_million_tokens_are_recognised(tmp_path: Path) -> None:
    result = read(_file(tmp_path, _lines(prices_per_million=True)))

    assert result.totals_by_currency() == {"USD": Decimal("18.612000112")}
    assert PER_MILLION_NOTE in result.notes


def test_a_token_line_without_price_is_a_problem(tmp_path: Path) -> None:
    lines = _lines()
    lines[4][7] = ""  # row 6: the reasoner's input line on day 1

    with pytest.raises(DataError) as caught:
        read(_file(tmp_path, lines))
    result = read(_file(tmp_path, lines), skip_bad_rows=True)

    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (6, "price")
    assert result.totals_by_currency() == {
        "USD": Decimal("18.612000112") - Decimal("1.65")
    }


def test_an_unreadable_amount_names_row_column_and_value(tmp_path: Path) -> None:
    lines = _lines()
    lines[5][8] = "seven hundred"

    with pytest.raises(DataError) as caught:
        read(_file(tmp_path, lines))

    [problem] = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (
        7,
        "amount",
        "seven hundred",
    )


def test_a_currency_column_is_used_when_present(tmp_path: Path) -> None:
    header = [*HEADERS["deepseek"], "currency"]
    lines = [[*line, "cny"] for line in _lines()[:3]]
    path = write_csv(tmp_path / "amount.csv", header, lines)

    result = read(path)

    assert result.totals_by_currency() == {"CNY": Decimal("1.47")}
    assert USD_NOTE not in result.notes


def test_a_daily_export_without_times_covers_its_day(tmp_path: Path) -> None:
    header = ["api_key_name", "utc_date", "model", "type", "price", "amount"]
    lines = [
        ["Team", "2026-07-24", "deepseek-chat", "output_tokens", "0.000004", 200],
        ["Team", "2026-07-24", "deepseek-chat", "vision_tokens", "0.000001", 50],
    ]
    path = write_csv(tmp_path / "amount.csv", header, lines)

    result = read(path)

    assert result.totals_by_currency() == {"USD": Decimal("0.00085")}
    assert list(result.usage["meter"]) == ["output", "other"]
    day = datetime(2026, 7, 24, tzinfo=UTC)
    assert result.usage["period_start"].iloc[0] == day
    assert result.usage["period_end"].iloc[0] == day + timedelta(days=1)
    assert any("'vision_tokens'" in note for note in result.notes)
