"""AWS CUR 2.0 for Amazon Bedrock: the demo's file and hand-made reports."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from core.demo import PERIOD, RESOURCE_FOLDER
from core.demo.bedrock_files import HEADER
from core.errors import DataError
from core.importing.detect import rank_formats
from core.importing.formats.aws_cur import FORMATS
from tests.core.importing.formats import demo, read, write_csv

SONNET_ARN = (
    "arn:aws:bedrock:us-east-1::foundation-model/"
    "anthropic.claude-sonnet-4-6-20260101-v1:0"
)
BEDROCK = {
    "line_item_line_item_type": "Usage", "line_item_product_code": "AmazonBedrock",
    "line_item_usage_start_date": "2026-03-01T00:00:00Z",
    "line_item_usage_end_date": "2026-03-02T00:00:00Z",
    "line_item_usage_account_id": "345678901234", "pricing_unit": "1K tokens",
    "line_item_currency_code": "USD", "line_item_resource_id": SONNET_ARN,
    "resource_tags": '{"user_workload":"RAG search"}',
}  # fmt: skip


def _usage(usage_type: str, amount: str, cost: str, **cells: str) -> dict[str, str]:
    return {
        **BEDROCK, "line_item_usage_type": usage_type,
        "line_item_usage_amount": amount, "line_item_unblended_cost": cost,
        "pricing_public_on_demand_cost": cost, **cells,
    }  # fmt: skip


LINES: list[dict[str, str]] = [
    _usage("USE1-Claude4.6Sonnet-input-tokens", "1500", "4.5"),
    _usage("USE1-Claude4.6Sonnet-output-tokens", "100", "1.5"),
    _usage("USE1-Claude4.6Sonnet-cache-read-input-token-count", "2000", "0.6"),
    _usage("USE1-Claude4.6Sonnet-cache-write-input-token-count", "300", "1.125"),
    _usage("USE1-Llama3.1-70B-input-tokens", "500", "0.36",
           line_item_resource_id="", resource_tags='{"user_Workload":"Translation"}'),
    _usage("USE1-BoxUsage:m7i.large", "24", "2.4", line_item_product_code="AmazonEC2",
           pricing_unit="Hrs"),
    _usage("USE1-TimedStorage-ByteHrs", "10", "0.23", line_item_product_code="AmazonS3",
           pricing_unit="GB-Mo"),
    _usage("", "", "0.80", line_item_line_item_type="Tax", pricing_unit="",
           line_item_resource_id="", resource_tags=""),
    _usage("USE1-Claude4.6Sonnet-input-tokens", "", "-2.00",
           line_item_line_item_type="Credit", pricing_public_on_demand_cost=""),
]  # fmt: skip
# By hand: 4.5 + 1.5 + 0.6 + 1.125 + 0.36 + 0.80 - 2.00 (EC2 and S3 skipped).
BILLED_USD = Decimal("6.885")


def write_cur(path: Path, lines: list[dict[str, str]] = LINES) -> Path:
    rows = [[line.get(name, "") for name in HEADER] for line in lines]
    return write_csv(path, HEADER, rows)


def test_the_demo_file_totals_the_generators_bedrock_spend() -> None:
    result = read(RESOURCE_FOLDER / f"aws_cur2_bedrock_{PERIOD}.csv")

    assert result.format == "aws-cur2"
    expected = demo().expected_totals["aws-bedrock"]
    assert result.totals_by_currency() == {"USD": expected}


def test_the_demo_file_gives_the_generators_rows() -> None:
    usage = read(RESOURCE_FOLDER / f"aws_cur2_bedrock_{PERIOD}.csv").usage
    expected = demo().usage
    expected = expected[expected["vendor"] == "aws-bedrock"].reset_index(drop=True)

    compared = ("period_start", "account", "workload", "model", "meter",
                "quantity", "list_amount", "billed_amount", "source_row")  # fmt: skip
    for column in compared:
        assert list(usage[column]) == list(expected[column]), column


def test_bedrock_lines_total_to_the_cent_and_others_are_noted(tmp_path: Path) -> None:
    result = read(write_cur(tmp_path / "cur.csv"))

    assert result.totals_by_currency() == {"USD": BILLED_USD}
    assert list(result.usage["source_row"]) == [2, 3, 4, 5, 6, 9, 10]
    assert result.rejected_rows == 0
    assert any(
        note.startswith("2 lines of other AWS services (AmazonEC2, AmazonS3)")
        for note in result.notes
    )


def test_usage_types_give_models_meters_and_tokens(tmp_path: Path) -> None:
    usage = read(write_cur(tmp_path / "cur.csv")).usage
    sonnet = "anthropic.claude-sonnet-4-6-20260101-v1:0"

    # The tax line names no model: it is the service's.
    models = [sonnet] * 4 + ["Llama3.1-70B", "AmazonBedrock", sonnet]
    assert list(usage["model"]) == models
    assert list(usage["meter"]) == [
        "input", "output", "cached_input", "cache_write", "input", "other", "input",
    ]  # fmt: skip
    assert [Decimal(q) for q in usage["quantity"]] == [
        1_500_000, 100_000, 2_000_000, 300_000, 500_000, 0, 0,
    ]  # fmt: skip
    assert list(usage["charge_category"]) == ["Usage"] * 5 + ["Tax", "Credit"]
    assert list(usage["workload"]) == ["RAG search"] * 4 + [
        "Translation",
        "",
        "RAG search",
    ]
    assert set(usage["account"]) == {"345678901234"}
    assert set(usage["vendor"]) == {"aws-bedrock"}


def test_the_usage_type_names_the_model_when_no_resource_does(tmp_path: Path) -> None:
    line = _usage("EUC1-Claude4.6Sonnet-output-tokens", "1", "0.015",
                  line_item_resource_id="")  # fmt: skip

    usage = read(write_cur(tmp_path / "cur.csv", [line])).usage

    assert list(usage["model"]) == ["Claude4.6Sonnet"]


def test_bad_cells_are_named_and_can_be_skipped(tmp_path: Path) -> None:
    lines = [dict(line) for line in LINES]
    lines[1]["line_item_unblended_cost"] = "abc"
    lines[2]["line_item_usage_amount"] = "-3"
    lines[3]["line_item_usage_start_date"] = "someday"
    path = write_cur(tmp_path / "bad.csv", lines)

    with pytest.raises(DataError) as caught:
        read(path)
    result = read(path, skip_bad_rows=True)

    assert {(p.file, p.row, p.column) for p in caught.value.problems} == {
        ("bad.csv", 3, "line_item_unblended_cost"),
        ("bad.csv", 4, "line_item_usage_amount"),
        ("bad.csv", 5, "line_item_usage_start_date"),
    }
    assert result.rejected_rows == 3
    # By hand: 6.885 less the rejected 1.5, 0.6 and 1.125 lines.
    assert result.totals_by_currency() == {"USD": Decimal("3.66")}


def test_parquet_with_a_tag_map_reads_the_same(tmp_path: Path) -> None:
    lines = [
        line for line in LINES if line["line_item_product_code"] == "AmazonBedrock"
    ]
    columns = {
        name: pa.array([line.get(name, "") for line in lines]) for name in HEADER
    }
    columns["resource_tags"] = pa.array(
        [list(json.loads(line["resource_tags"] or "{}").items()) for line in lines],
        pa.map_(pa.string(), pa.string()),
    )
    columns["line_item_unblended_cost"] = pa.array(
        [Decimal(line["line_item_unblended_cost"]) for line in lines],
        pa.decimal128(18, 8),
    )
    path = tmp_path / "cur.parquet"
    pq.write_table(pa.table(columns), path)

    result = read(path)

    assert result.totals_by_currency() == {"USD": BILLED_USD}
    assert list(result.usage["workload"])[4:6] == ["Translation", ""]


def test_the_cur_header_is_claimed_by_the_cur_format_alone() -> None:
    from tests.core.importing.formats.test_azure import HEADER as AZURE_HEADER

    assert rank_formats(HEADER)[0][1].name == "aws-cur2"
    assert FORMATS[0].match(HEADER) == 1.0
    assert FORMATS[0].match(AZURE_HEADER) < 0.6


def test_legacy_cur_column_names_are_read_too(tmp_path: Path) -> None:
    legacy = [
        "lineItem/" + name.removeprefix("line_item_").title().replace("_", "")
        if name.startswith("line_item_") else name
        for name in HEADER
    ]  # fmt: skip
    rows = [[line.get(name, "") for name in HEADER] for line in LINES[:2]]

    result = read(write_csv(tmp_path / "legacy.csv", legacy, rows))

    assert result.format == "aws-cur2"
    assert result.totals_by_currency() == {"USD": Decimal("6.0")}


def test_an_unknown_line_item_type_is_an_adjustment_with_a_note(
    tmp_path: Path,
) -> None:
    line = _usage("USE1-Claude4.6Sonnet-input-tokens", "1", "0.5",
                  line_item_line_item_type="FancyNewFee")  # fmt: skip
    ordinary = LINES[4]

    result = read(write_cur(tmp_path / "cur.csv", [line, ordinary]))

    assert list(result.usage["charge_category"]) == ["Adjustment", "Usage"]
    assert any("(FancyNewFee)" in note for note in result.notes)
