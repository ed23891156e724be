"""OpenAI's cost export and completions usage export, CSV and API pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from core.demo import PERIOD, RESOURCE_FOLDER
from core.errors import DataError
from core.importing.detect import choose_format
from core.importing.formats.openai import FORMATS
from tests.core.importing.formats import (
    HEADERS,
    demo,
    own_format,
    read,
    write_csv,
    write_pages,
)

FIRST_DAY = datetime(2026, 3, 1, tzinfo=UTC)
DAYS = 3

# One day of the cost export: project id, project name, API key id, line
# item, quantity, amount in USD.
COST_DAY = [
    ("proj_a", "Support bot", "key_a", "gpt-5.6-luna, input", 1_000_000, "0.90"),
    ("proj_a", "Support bot", "key_a", "gpt-5.6-luna, cached input", 2_000_000, "0.18"),
    ("proj_a", "Support bot", "key_a", "gpt-5.6-luna, output", 500_000, "2.70"),
    ("proj_a", "Support bot", "key_a", "gpt-5.6-luna, batch input", 4_000_000, "1.80"),
    ("proj_a", "Support bot", "key_a", "gpt-5.6-luna, batch output", 1_000_000, "2.70"),
    ("", "", "key_b", "gpt-image-1, image", 10, "0.40"),
    ("", "", "key_b", "gpt-5.5, cache write", 100_000, "0.125"),
    ("", "", "key_b", "gpt-5.5, request", 1_000, "0.01"),
    ("", "", "key_b", "o3, reasoning tokens", 2_000, "0.016"),
]  # fmt: skip
# By hand: 0.90 + 0.18 + 2.70 + 1.80 + 2.70 + 0.40 + 0.125 + 0.01 + 0.016.
COST_PER_DAY_USD = Decimal("8.831")
EUR_LINE = ("proj_eu", "Paris team", "key_c", "gpt-5.5, input", 1_000_000, "5.00")


def _times(day: int) -> list[str]:
    start = FIRST_DAY + timedelta(days=day)
    end = start + timedelta(days=1)
    return [
        str(int(start.timestamp())),
        str(int(end.timestamp())),
        start.isoformat(),
        end.isoformat(),
    ]


def _cost_line(day: int, item: tuple, currency: str = "usd") -> list[object]:
    project, name, key, line_item, quantity, amount = item
    return [
        *_times(day), amount, currency, quantity, "tokens", line_item, "",
        key, project, "org-1", name, "Harbourline", "", "",
    ]  # fmt: skip


def _cost_file(tmp_path: Path, bad: dict[int, str] | None = None) -> Path:
    """27 USD lines (rows 2-28) and one EUR line (row 29)."""
    lines = [_cost_line(d, item) for d in range(DAYS) for item in COST_DAY]
    lines.append(_cost_line(0, EUR_LINE, "eur"))
    for row, amount in (bad or {}).items():
        lines[row - 2][4] = amount
    return write_csv(tmp_path / "costs.csv", HEADERS["openai-costs"], lines)


# One day of the usage export: project, API key, model, batch, input
# (cached included), cached input, output, audio in, audio out, requests.
USAGE_DAY = [
    ("proj_a", "", "gpt-5.6-luna", "false", 3_000_000, 2_000_000, 500_000, 0, 0, 900),
    ("proj_a", "", "gpt-5.6-luna", "true", 4_000_000, 0, 1_000_000, 0, 0, 40),
    ("", "key_b", "gpt-4o-audio", "false", 10_000, 0, 2_000, 7_000, 3_000, 12),
    ("proj_b", "", "gpt-5.5", "false", 0, 0, 0, 0, 0, 0),
]  # fmt: skip


def _usage_line(day: int, item: tuple) -> list[object]:
    project, key, model, batch, *counts = item
    return [*_times(day), *counts, project, model, batch, "default", key, ""]


def _usage_file(tmp_path: Path, bad: dict[tuple[int, int], str] | None = None) -> Path:
    """12 lines (rows 2-13); ``bad`` replaces cells by (row, field index)."""
    lines = [_usage_line(d, item) for d in range(DAYS) for item in USAGE_DAY]
    for (row, index), value in (bad or {}).items():
        lines[row - 2][index] = value
    path = tmp_path / "completions_usage_2026-03-01_2026-03-03.csv"
    return write_csv(path, HEADERS["openai-usage"], lines)


def _quantities(usage) -> dict[str, Decimal]:
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
    "header_name", ["openai-costs", "openai-costs-api", "openai-usage"]
)
def test_detection_picks_the_openai_format(header_name: str) -> None:
    chosen = choose_format(HEADERS[header_name], None, file_name="x.csv")

    assert chosen.name == own_format(header_name)


def test_a_partial_or_respelled_header_still_scores_between() -> None:
    header = [
        name.replace("_", " ").title()
        for name in HEADERS["openai-costs"]
        if name not in ("quantity_unit", "user_email", "api_source")
    ]

    score = FORMATS[0].match(header)

    assert 0.6 < score < 1.0


# ----------------------------------------------------------- cost export


def test_cost_export_totals_per_currency_to_the_cent(tmp_path: Path) -> None:
    result = read(_cost_file(tmp_path))

    assert result.format == "openai-costs"
    assert result.totals_by_currency() == {
        "USD": Decimal("26.493"),  # 3 days × 8.831
        "EUR": Decimal("5.00"),
    }
    assert result.totals_by_currency()["USD"] == COST_PER_DAY_USD * DAYS
    assert len(result.usage) == 28


def test_cost_export_splits_line_items_into_model_and_meter(tmp_path: Path) -> None:
    usage = read(_cost_file(tmp_path)).usage
    first_day = usage[usage["source_row"] <= 10]

    assert list(first_day["model"]) == [
        "gpt-5.6-luna", "gpt-5.6-luna", "gpt-5.6-luna", "gpt-5.6-luna",
        "gpt-5.6-luna", "gpt-image-1", "gpt-5.5", "gpt-5.5", "o3",
    ]  # fmt: skip
    assert list(first_day["meter"]) == [
        "input", "cached_input", "output", "batch_input", "batch_output",
        "image", "cache_write", "request", "other",
    ]  # fmt: skip
    assert list(first_day["source_row"]) == list(range(2, 11))


def test_cost_export_quantities_accounts_and_workloads(tmp_path: Path) -> None:
    usage = read(_cost_file(tmp_path)).usage
    usd = usage[usage["currency"] == "USD"]

    assert _quantities(usd)["cached_input"] == 3 * 2_000_000
    assert _quantities(usd)["image"] == 3 * 10
    on_key_b = usd[usd["model"] != "gpt-5.6-luna"]
    assert set(on_key_b["account"]) == {"key_b"}
    assert set(on_key_b["workload"]) == {""}
    on_project = usd[usd["model"] == "gpt-5.6-luna"]
    assert set(on_project["account"]) == {"proj_a"}
    assert set(on_project["workload"]) == {"Support bot"}
    assert usage["period_start"].iloc[0] == FIRST_DAY
    assert usage["period_end"].iloc[0] == FIRST_DAY + timedelta(days=1)
    assert set(usage["vendor"]) == {"openai"}
    assert usage["list_amount"].isna().all()
    assert usage["contracted_amount"].isna().all()


def test_unknown_meter_words_go_to_other_with_a_note(tmp_path: Path) -> None:
    result = read(_cost_file(tmp_path))
    other = result.usage[result.usage["meter"] == "other"]

    assert len(other) == 3
    assert Decimal(other["billed_amount"].sum()) == Decimal("0.048")
    assert any("'o3, reasoning tokens'" in note for note in result.notes)


def test_a_bad_amount_names_file_row_column_and_value(tmp_path: Path) -> None:
    path = _cost_file(tmp_path, bad={7: "n/a"})

    with pytest.raises(DataError) as caught:
        read(path)

    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "costs.csv",
        7,
        "amount_value",
        "n/a",
    )


def test_skipping_bad_rows_imports_the_others(tmp_path: Path) -> None:
    result = read(_cost_file(tmp_path, bad={7: "n/a"}), skip_bad_rows=True)

    assert result.rejected_rows == 1
    assert len(result.usage) == 27
    assert 7 not in set(result.usage["source_row"])
    assert result.totals_by_currency()["USD"] == Decimal("26.493") - Decimal("0.40")


def test_a_bad_currency_is_a_row_problem(tmp_path: Path) -> None:
    lines = [_cost_line(0, COST_DAY[0], "dollars"), _cost_line(0, COST_DAY[1])]
    path = write_csv(tmp_path / "costs.csv", HEADERS["openai-costs"], lines)

    result = read(path, skip_bad_rows=True)

    assert [(p.row, p.column) for p in result.problems] == [(2, "amount_currency")]
    assert result.totals_by_currency() == {"USD": Decimal("0.18")}


def test_costs_api_pages_carry_amounts_without_quantities(tmp_path: Path) -> None:
    start = int(FIRST_DAY.timestamp())
    results = [
        ("gpt-5.5, input", 0.06, "proj_a"),
        ("gpt-5.5, output", 1.2, "proj_a"),
        ("gpt-5.5, cached input", 0.005, None),
    ]
    bucket = {
        "object": "bucket",
        "start_time": start,
        "end_time": start + 86_400,
        "results": [
            {
                "object": "organization.costs.result",
                "amount": {"value": value, "currency": "usd"},
                "line_item": item,
                "project_id": project,
                "organization_id": "org-1",
            }
            for item, value, project in results
        ],
    }
    path = write_pages(tmp_path / "costs.json", [bucket])

    result = read(path)

    assert result.format == "openai-costs"
    assert result.totals_by_currency() == {"USD": Decimal("1.265")}
    assert list(result.usage["meter"]) == ["input", "output", "cached_input"]
    assert set(result.usage["quantity"]) == {0}
    assert result.usage["period_start"].iloc[0] == FIRST_DAY
    assert any("no quantities" in note for note in result.notes)


def test_forcing_the_cost_format_on_another_file_names_the_columns(
    tmp_path: Path,
) -> None:
    with pytest.raises(DataError) as caught:
        read(_usage_file(tmp_path), format="openai-costs")

    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column) == (
        "completions_usage_2026-03-01_2026-03-03.csv",
        None,
        "amount_value",
    )


def test_costs_without_line_items_go_to_other_with_a_note(tmp_path: Path) -> None:
    start = int(FIRST_DAY.timestamp())
    results = [
        {"amount": {"value": value, "currency": "usd"}, "line_item": None}
        for value in (12, 0.5)
    ]
    bucket = {"start_time": start, "end_time": start + 86_400, "results": results}
    path = write_pages(tmp_path / "costs.json", [bucket])

    result = read(path)

    assert result.totals_by_currency() == {"USD": Decimal("12.5")}
    assert list(result.usage["meter"]) == ["other", "other"]
    assert list(result.usage["model"]) == ["", ""]
    assert any("2 rows name no line item" in note for note in result.notes)


# ---------------------------------------------------------- usage export


def test_usage_export_gives_tokens_per_meter_and_no_money(tmp_path: Path) -> None:
    result = read(_usage_file(tmp_path))

    assert result.format == "openai-usage"
    assert _quantities(result.usage) == {
        "input": DAYS * (1_000_000 + 10_000),
        "cached_input": DAYS * 2_000_000,
        "output": DAYS * (500_000 + 2_000),
        "batch_input": DAYS * 4_000_000,
        "batch_output": DAYS * 1_000_000,
        "audio": DAYS * (7_000 + 3_000),
    }
    assert result.totals_by_currency() == {"USD": Decimal(0)}
    assert any("no amounts" in note for note in result.notes)


def test_usage_lines_become_one_row_per_nonzero_meter(tmp_path: Path) -> None:
    usage = read(_usage_file(tmp_path)).usage
    first_day = usage[usage["source_row"] <= 5]

    assert list(zip(first_day["source_row"], first_day["meter"], strict=True)) == [
        (2, "input"), (2, "cached_input"), (2, "output"),
        (3, "batch_input"), (3, "batch_output"),
        (4, "input"), (4, "output"), (4, "audio"), (4, "audio"),
    ]  # fmt: skip
    assert list(first_day["account"]) == ["proj_a"] * 5 + ["key_b"] * 4
    assert len(usage) == DAYS * 9


def test_more_cached_than_input_tokens_is_a_problem(tmp_path: Path) -> None:
    # Row 6 is day 2's first line; field 5 is input_cached_tokens.
    path = _usage_file(tmp_path, bad={(6, 5): "3000001"})

    result = read(path, skip_bad_rows=True)

    assert [(p.row, p.column) for p in result.problems] == [(6, "input_cached_tokens")]
    assert result.rejected_rows == 1
    assert len(result.usage) == DAYS * 9 - 3


def test_an_unreadable_count_rejects_the_whole_line(tmp_path: Path) -> None:
    path = _usage_file(tmp_path, bad={(5, 6): "12k"})

    with pytest.raises(DataError) as caught:
        read(path)
    result = read(path, skip_bad_rows=True)

    [problem] = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (5, "output_tokens", "12k")
    assert result.rejected_rows == 1
    assert len(result.usage) == DAYS * 9


def test_usage_api_pages_read_typed_counts_and_flags(tmp_path: Path) -> None:
    start = int(FIRST_DAY.timestamp())
    result_rows = [
        {
            "object": "organization.usage.completions.result",
            "input_tokens": 1_500,
            "input_cached_tokens": 500,
            "output_tokens": 300,
            "input_audio_tokens": 0,
            "output_audio_tokens": 0,
            "num_model_requests": 3,
            "project_id": "proj_a",
            "model": "gpt-5.5",
            "batch": batch,
        }
        for batch in (False, True)
    ]
    bucket = {
        "object": "bucket",
        "start_time": start,
        "end_time": start + 86_400,
        "results": result_rows,
    }
    path = write_pages(tmp_path / "usage.json", [bucket])

    result = read(path)

    assert result.format == "openai-usage"
    assert _quantities(result.usage) == {
        "input": 1_000,
        "batch_input": 1_000,
        "cached_input": 1_000,
        "output": 300,
        "batch_output": 300,
    }


# ------------------------------------------------------------------ demo


def test_the_demo_cost_export_imports_to_the_generators_total() -> None:
    result = read(RESOURCE_FOLDER / f"openai_costs_{PERIOD}.csv")

    assert result.problems == []
    assert result.totals_by_currency() == {"USD": demo().expected_totals["openai"]}


def test_the_demo_usage_export_counts_the_cost_exports_tokens() -> None:
    costs = read(RESOURCE_FOLDER / f"openai_costs_{PERIOD}.csv")
    usage = read(RESOURCE_FOLDER / f"completions_usage_{PERIOD}.csv")

    assert usage.format == "openai-usage"
    assert _quantities(usage.usage) == _quantities(costs.usage)
