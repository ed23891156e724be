"""Anthropic's cost report (cents, no tokens) and usage report (tokens)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from core.demo import PERIOD, RESOURCE_FOLDER
from core.errors import DataError
from core.importing.detect import choose_format
from core.importing.formats.anthropic import FORMATS
from tests.core.importing.formats import (
    HEADERS,
    demo,
    own_format,
    read,
    write_csv,
    write_pages,
)

FIRST_DAY = datetime(2026, 5, 1, tzinfo=UTC)
DAYS = 3
SONNET = "claude-sonnet-4-6"
HAIKU = "claude-haiku-4-5"

# One day of the cost report: cost type, token type, model, service tier,
# workspace, amount in CENTS.
COST_DAY = [
    ("tokens", "uncached_input_tokens", SONNET, "standard", "wrkspc_a", "123.45"),
    ("tokens", "output_tokens", SONNET, "standard", "wrkspc_a", "2500"),
    ("tokens", "cache_read_input_tokens", SONNET, "standard", "wrkspc_a", "7.5"),
    ("tokens", "cache_creation.ephemeral_5m_input_tokens", SONNET, "standard",
     "wrkspc_a", "30.125"),
    ("tokens", "cache_creation.ephemeral_1h_input_tokens", SONNET, "standard",
     "wrkspc_a", "48.2"),
    ("tokens", "uncached_input_tokens", HAIKU, "batch", "", "50"),
    ("tokens", "output_tokens", HAIKU, "batch", "", "125.5"),
    ("web_search", "", "", "standard", "wrkspc_a", "100"),
    ("code_execution", "", "", "standard", "wrkspc_a", "5"),
    ("tokens", "audio_input_tokens", SONNET, "standard", "wrkspc_a", "1.1"),
]  # fmt: skip
# By hand, in cents: 123.45 + 2500 + 7.5 + 30.125 + 48.2 + 50 + 125.5 + 100
# + 5 + 1.1 = 2990.875, so 29.90875 USD a day.
COST_PER_DAY_USD = Decimal("29.90875")

# One day of the usage report: model, workspace, API key, service tier,
# uncached input, cache read, cache write 5m, cache write 1h, output.
USAGE_DAY = [
    (SONNET, "wrkspc_a", "apikey_a", "standard",
     1_000_000, 3_000_000, 200_000, 50_000, 100_000),
    (HAIKU, "", "apikey_b", "batch", 2_000_000, 0, 0, 0, 400_000),
    (HAIKU, "wrkspc_a", "apikey_a", "standard", 0, 0, 0, 0, 0),
]  # fmt: skip


def _times(day: int) -> list[str]:
    start = FIRST_DAY + timedelta(days=day)
    end = start + timedelta(days=1)
    return [start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ")]


def _cost_file(tmp_path: Path, bad: dict[int, str] | None = None) -> Path:
    """30 lines, rows 2-31; ``bad`` replaces amounts by row."""
    lines = []
    for day in range(DAYS):
        for cost_type, token_type, model, tier, workspace, cents in COST_DAY:
            lines.append(
                [
                    *_times(day), cents, "USD", cost_type, token_type, model,
                    tier, "0-200k", workspace, f"{model} {token_type}",
                ]
            )  # fmt: skip
    for row, amount in (bad or {}).items():
        lines[row - 2][2] = amount
    path = tmp_path / "anthropic_cost_report.csv"
    return write_csv(path, HEADERS["anthropic-cost-report"], lines)


def _usage_file(tmp_path: Path) -> Path:
    """9 lines, rows 2-10."""
    lines = [
        [*_times(day), *counts, model, workspace, key, tier, "0-200k"]
        for day in range(DAYS)
        for model, workspace, key, tier, *counts in USAGE_DAY
    ]
    path = tmp_path / "anthropic_usage_report.csv"
    return write_csv(path, HEADERS["anthropic-usage-report"], lines)


def _quantities(usage: pd.DataFrame) -> dict[str, Decimal]:
    sums = usage.groupby("meter", observed=True)["quantity"].sum()
    return {str(meter): Decimal(value) for meter, value in sums.items()}


# ------------------------------------------------------------- detection


@pytest.mark.parametrize("header_name", sorted(HEADERS))
def test_each_header_is_claimed_only_by_its_own_format(header_name: str) -> None:
    header = HEADERS[header_name]
    for fmt in FORMATS:
        score = fmt.match(header)
        if fmt.name == own_format(header_name):
            assert score >= (0.8 if header_name.endswith("-api") else 1.0)
        else:
            assert score < 0.6, fmt.name


@pytest.mark.parametrize(
    "header_name",
    ["anthropic-cost-report", "anthropic-usage-report", "anthropic-usage-report-api"],
)
def test_detection_picks_the_anthropic_format(header_name: str) -> None:
    chosen = choose_format(HEADERS[header_name], None, file_name="x.csv")

    assert chosen.name == own_format(header_name)


# ----------------------------------------------------------- cost report


def test_cost_report_cents_become_dollars_to_the_cent(tmp_path: Path) -> None:
    result = read(_cost_file(tmp_path))

    assert result.format == "anthropic-cost-report"
    assert result.totals_by_currency() == {"USD": COST_PER_DAY_USD * DAYS}
    assert result.totals_by_currency()["USD"] == Decimal("89.72625")
    first = result.usage.iloc[0]
    assert Decimal(first["billed_amount"]) == Decimal("1.2345")
    assert first["period_start"] == FIRST_DAY


def test_cost_report_meters_per_line(tmp_path: Path) -> None:
    result = read(_cost_file(tmp_path))
    first_day = result.usage[result.usage["source_row"] <= 11]

    assert list(first_day["meter"]) == [
        "input", "output", "cached_input", "cache_write", "cache_write",
        "batch_input", "batch_output", "request", "other", "other",
    ]  # fmt: skip
    assert list(first_day["account"]) == ["wrkspc_a"] * 5 + [""] * 2 + ["wrkspc_a"] * 3
    assert list(first_day["model"])[:2] == [SONNET, SONNET]
    assert any("'audio_input_tokens'" in note for note in result.notes)


def test_cost_report_rows_count_no_units_and_say_so(tmp_path: Path) -> None:
    result = read(_cost_file(tmp_path))

    assert set(result.usage["quantity"]) == {0}
    assert any("no token counts" in note for note in result.notes)
    assert set(result.usage["vendor"]) == {"anthropic"}
    assert result.usage["list_amount"].isna().all()


def test_a_bad_amount_names_its_row_and_the_rest_can_be_kept(tmp_path: Path) -> None:
    path = _cost_file(tmp_path, bad={7: "fifty"})

    with pytest.raises(DataError) as caught:
        read(path)
    result = read(path, skip_bad_rows=True)

    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "anthropic_cost_report.csv",
        7,
        "amount",
        "fifty",
    )
    assert len(result.usage) == DAYS * len(COST_DAY) - 1
    assert result.totals_by_currency() == {"USD": Decimal("89.72625") - Decimal("0.50")}


def test_an_unknown_cost_type_goes_to_other_with_a_note(tmp_path: Path) -> None:
    line = [*_times(0), "250", "USD", "fine_tuning", "", "", "", "", "w", ""]
    path = write_csv(tmp_path / "c.csv", HEADERS["anthropic-cost-report"], [line])

    result = read(path)

    assert list(result.usage["meter"]) == ["other"]
    assert result.totals_by_currency() == {"USD": Decimal("2.50")}
    assert any("'fine_tuning'" in note for note in result.notes)


def test_cost_api_pages_read_as_the_csv(tmp_path: Path) -> None:
    start, end = _times(0)
    bucket = {
        "starting_at": start,
        "ending_at": end,
        "results": [
            {
                "currency": "USD",
                "amount": cents,
                "workspace_id": None,
                "description": None,
                "cost_type": "tokens",
                "context_window": "0-200k",
                "model": SONNET,
                "service_tier": "standard",
                "token_type": token_type,
            }
            for token_type, cents in (
                ("uncached_input_tokens", "1234.5"),
                ("output_tokens", "0.75"),
            )
        ],
    }
    path = write_pages(tmp_path / "cost_report.json", [bucket])

    result = read(path)

    assert result.format == "anthropic-cost-report"
    assert result.totals_by_currency() == {"USD": Decimal("12.3525")}
    assert list(result.usage["meter"]) == ["input", "output"]


# ---------------------------------------------------------- usage report


def test_usage_report_gives_tokens_per_meter_and_no_money(tmp_path: Path) -> None:
    result = read(_usage_file(tmp_path))

    assert result.format == "anthropic-usage-report"
    assert _quantities(result.usage) == {
        "input": DAYS * 1_000_000,
        "cached_input": DAYS * 3_000_000,
        "cache_write": DAYS * (200_000 + 50_000),
        "output": DAYS * 100_000,
        "batch_input": DAYS * 2_000_000,
        "batch_output": DAYS * 400_000,
    }
    assert result.totals_by_currency() == {"USD": Decimal(0)}
    assert len(result.usage) == DAYS * 7
    assert any("no amounts" in note for note in result.notes)


def test_the_two_reports_add_up_to_spend_and_volume(tmp_path: Path) -> None:
    both = pd.concat(
        [read(_cost_file(tmp_path)).usage, read(_usage_file(tmp_path)).usage]
    )
    keys = ["period_start", "account", "model", "meter"]

    sums = both.groupby(keys, observed=True)[["billed_amount", "quantity"]].sum()

    day = pd.Timestamp(FIRST_DAY)
    assert sums.loc[(day, "wrkspc_a", SONNET, "input")].tolist() == [
        Decimal("1.2345"),
        Decimal(1_000_000),
    ]
    assert sums.loc[(day, "wrkspc_a", SONNET, "cache_write")].tolist() == [
        Decimal("0.78325"),
        Decimal(250_000),
    ]
    assert sums.loc[(day, "", HAIKU, "batch_output")].tolist() == [
        Decimal("1.255"),
        Decimal(400_000),
    ]


def test_usage_api_pages_flatten_nested_counts(tmp_path: Path) -> None:
    start, end = _times(0)
    bucket = {
        "starting_at": start,
        "ending_at": end,
        "results": [
            {
                "uncached_input_tokens": 1_000,
                "cache_creation": {
                    "ephemeral_1h_input_tokens": 30,
                    "ephemeral_5m_input_tokens": 70,
                },
                "cache_read_input_tokens": 400,
                "output_tokens": 250,
                "server_tool_use": {"web_search_requests": 2},
                "api_key_id": None,
                "workspace_id": "wrkspc_a",
                "model": SONNET,
                "service_tier": "standard",
                "context_window": "0-200k",
            }
        ],
    }
    path = write_pages(tmp_path / "usage_report.json", [bucket])

    result = read(path)

    assert result.format == "anthropic-usage-report"
    assert _quantities(result.usage) == {
        "input": 1_000,
        "cached_input": 400,
        "cache_write": 100,
        "output": 250,
        "request": 2,
    }


# ------------------------------------------------------------------ demo


def test_the_demo_cost_report_imports_to_the_generators_total() -> None:
    result = read(RESOURCE_FOLDER / f"anthropic_cost_report_{PERIOD}.csv")

    assert result.problems == []
    assert result.totals_by_currency() == {"USD": demo().expected_totals["anthropic"]}


def test_the_demo_usage_report_counts_the_generators_tokens() -> None:
    result = read(RESOURCE_FOLDER / f"anthropic_usage_report_{PERIOD}.csv")
    generated = demo().usage
    expected = _quantities(generated[generated["vendor"] == "anthropic"])

    assert _quantities(result.usage) == expected
