"""Generic invoices read through a column mapping, checked to the cent."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest

from core.errors import DataError
from core.importing.base import ImportOptions, RawTable
from core.importing.formats import format_named
from core.importing.formats.generic import (
    GenericFormat,
    meter_from_text,
    vendor_from_text,
)
from core.mapping import ColumnMapping
from core.reference import Meter, Vendor

INVOICE = """
2026-03-01 | OpenAI | gpt-x | Prompt tokens | 1,200,000 | $1,234.56 | USD | support
2026-03-01 | openai | gpt-x | completion | 300000 | 2,469.13 | usd | support
2026-03-02 | Anthropic | claude-y | Cache read | 5000 | 0.0150 | USD | search
2026-03-02 | AWS Bedrock | claude-y | cache_write | 10 | (12.50) | USD |
2026-03-03 | Amazon Bedrock | claude-y | Batch input | 7 | 3.30 | EUR | etl
2026-03-03 | Azure OpenAI | gpt-x | requests | | 99.99 | EUR | etl
"""
PRICED = """
2026-04-01 | 2026-04-30 | openai | m | input | 2500 | per 1M tokens | 2.50
2026-04-01 | 2026-04-30 | openai | m | output | 1500 | 1K tokens | 0.006
2026-04-01 | 2026-04-30 | openai | m | image | 0.003 | image | 40
2026-04-01 | 2026-04-30 | openai | m | input | 1 | MTok | 3
"""
HEADER = ["Invoice Date", "Provider", "Model", "Line", "Qty", "Amount", "Cur", "Team"]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def cells(block: str) -> list[list[str]]:
    """Rows written as ``a | b | c`` lines, for tables that read like tables."""
    lines = [line.strip() for line in block.strip().splitlines()]
    return [[cell.strip() for cell in line.split("|")] for line in lines]


def raw_from_csv(path: Path) -> RawTable:
    """The file as text cells, the way the CSV reader hands it over."""
    with path.open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    columns = {name: [row[i] for row in rows] for i, name in enumerate(header)}
    table = pa.table({name: pa.array(v, pa.string()) for name, v in columns.items()})
    return RawTable(path.name, table, pa.array(range(2, len(rows) + 2), pa.int64()))


def convert(raw: RawTable, mapping: ColumnMapping, **options: object):
    return GenericFormat().convert(raw, ImportOptions(mapping=mapping, **options))


def invoice_mapping(**changes: object) -> ColumnMapping:
    fields: dict[str, object] = {
        "columns": {
            "period_start": "Invoice Date",
            "vendor": "Provider",
            "model": "Model",
            "meter": "Line",
            "quantity": "Qty",
            "billed_amount": "Amount",
            "currency": "Cur",
            "workload": "Team",
        }
    }
    fields.update(changes)
    return ColumnMapping.model_validate(fields)


def totals(usage) -> dict[str, Decimal]:
    sums = usage.groupby("currency", observed=True)["billed_amount"].sum()
    return {str(k): Decimal(v) for k, v in sums.items()}


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_invoice_lines_become_usage_rows(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "invoice.csv",
        HEADER,
        cells(INVOICE),
    )

    result = convert(raw_from_csv(path), invoice_mapping())

    usage = result.usage
    assert result.problems == []
    assert len(usage) == 6
    # 1234.56 + 2469.13 + 0.015 - 12.50 = 3691.205; 3.30 + 99.99 = 103.29
    assert totals(usage) == {"USD": Decimal("3691.205"), "EUR": Decimal("103.29")}
    assert list(usage["vendor"]) == [
        "openai", "openai", "anthropic", "aws-bedrock", "aws-bedrock", "azure-openai",
    ]  # fmt: skip
    assert list(usage["meter"]) == [
        "input", "output", "cached_input", "cache_write", "batch_input", "request",
    ]  # fmt: skip
    assert list(usage["quantity"])[:2] == [Decimal(1_200_000), Decimal(300_000)]
    assert usage["quantity"].iloc[5] == 0
    assert list(usage["workload"]) == ["support", "support", "search", "", "etl", "etl"]
    assert list(usage["source_row"]) == [2, 3, 4, 5, 6, 7]
    assert usage["period_start"].iloc[0] == utc(2026, 3, 1)
    assert usage["period_end"].iloc[0] == utc(2026, 3, 2)
    assert any("cover one day" in note for note in result.notes)
    assert any("without a quantity count 0 units: 1" in n for n in result.notes)


def test_unit_price_times_quantity_per_million_thousand_and_unit(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "priced.csv",
        ["Start", "End", "Vendor", "Model", "Meter", "Qty", "Unit", "Price"],
        cells(PRICED),
    )
    mapping = ColumnMapping(
        columns={
            "period_start": "Start",
            "period_end": "End",
            "vendor": "Vendor",
            "model": "Model",
            "meter": "Meter",
            "quantity": "Qty",
            "unit": "Unit",
            "unit_price": "Price",
        },
        fixed={"currency": "USD"},
        quantity_multiplier=1000,
    )

    result = convert(raw_from_csv(path), mapping)

    usage = result.usage
    assert result.problems == []
    # 2,500,000 tokens at $2.50/MTok = 6.25; 1,500,000 at $0.006/1K = 9.00;
    # 3 images at $40 = 120; 1,000 tokens at $3/MTok = 0.003
    assert list(usage["quantity"]) == [
        Decimal(2_500_000), Decimal(1_500_000), Decimal(3), Decimal(1000),
    ]  # fmt: skip
    assert list(usage["billed_amount"]) == [
        Decimal("6.25"), Decimal("9"), Decimal("120"), Decimal("0.003"),
    ]  # fmt: skip
    assert totals(usage) == {"USD": Decimal("135.253")}
    assert usage["period_end"].iloc[0] == utc(2026, 4, 30)


def test_fixed_values_and_unmapped_meter(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "anthropic.csv",
        ["Day", "Model", "Cost"],
        [["03/04/2026", "claude-y", "10.10"], ["05/04/2026", "claude-y", "0.01"]],
    )
    mapping = ColumnMapping(
        columns={"period_start": "day", "model": "MODEL", "billed_amount": "cost"},
        fixed={"vendor": "Anthropic", "currency": "€"},
        date_order="dmy",
    )

    result = convert(raw_from_csv(path), mapping)

    usage = result.usage
    assert totals(usage) == {"EUR": Decimal("10.11")}
    assert set(usage["vendor"]) == {"anthropic"}
    assert set(usage["meter"]) == {"other"}
    assert list(usage["quantity"]) == [0, 0]
    assert usage["period_start"].iloc[0] == utc(2026, 4, 3)
    assert any("meter is not mapped" in note for note in result.notes)
    assert any("quantity is not mapped" in note for note in result.notes)


def test_bad_cells_reject_their_rows_and_keep_the_rest(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "messy.csv",
        HEADER,
        [
            ["2026-03-01", "OpenAI", "gpt-x", "input", "10", "1.00", "USD", ""],
            ["someday", "OpenAI", "gpt-x", "input", "10", "2.00", "USD", ""],
            ["2026-03-01", "Acme AI", "gpt-x", "input", "10", "4.00", "USD", ""],
            ["2026-03-01", "OpenAI", "", "input", "10", "8.00", "USD", ""],
            ["2026-03-01", "OpenAI", "gpt-x", "input", "-5", "16.00", "USD", ""],
            ["2026-03-01", "OpenAI", "gpt-x", "input", "10", "12,5O", "USD", ""],
            ["2026-03-01", "OpenAI", "gpt-x", "thinking", "10", "0.25", "US", ""],
            ["2026-03-02", "OpenAI", "gpt-x", "output", "10", "0.50", "USD", ""],
        ],
    )

    result = convert(raw_from_csv(path), invoice_mapping())

    found = {(p.row, p.column): p for p in result.problems}
    assert set(found) == {
        (3, "Invoice Date"), (4, "Provider"), (5, "Model"), (6, "Qty"),
        (7, "Amount"), (8, "Cur"),
    }  # fmt: skip
    assert found[(4, "Provider")].value == "Acme AI"
    assert "Azure OpenAI" in found[(4, "Provider")].fix
    assert str(found[(7, "Amount")]).startswith("messy.csv, row 7, column Amount:")
    assert result.rejected_rows == 6
    assert totals(result.usage) == {"USD": Decimal("1.50")}
    assert any("'thinking'" in note for note in result.notes)


def test_mapping_problems_are_reported_together(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bill.csv", ["When", "What"], [["2026-01-01", "x"]])
    mapping = ColumnMapping(
        columns={"period_start": "When", "model": "Product", "colour": "What"},
        fixed={"vendor": "Acme AI", "model": "x", "currency": "dollars"},
    )

    with pytest.raises(DataError) as caught:
        convert(raw_from_csv(path), mapping)

    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        "bill.csv, column colour: 'colour' is not a field a mapping can fill. Use "
        "one of period_start, period_end, vendor, model, meter, quantity, unit, "
        "unit_price, billed_amount, list_amount, currency, account, workload",
        "bill.csv, column model: model is both mapped to a column and given a "
        "fixed value. Keep one of the two",
        "bill.csv, column billed_amount: billed_amount is neither mapped nor "
        "fixed. Map it to a column of the file, or give it a fixed value, or map "
        "both unit_price and quantity",
        "bill.csv, column vendor: the fixed vendor 'Acme AI' is not a vendor we "
        "know. Use one of OpenAI, Anthropic, Amazon Bedrock, Azure OpenAI, "
        "Google, Mistral, DeepSeek, Other",
        "bill.csv, column currency: the fixed currency 'dollars' is not a "
        "currency code. Write a three-letter code such as USD",
        "bill.csv, column model: the column 'Product' mapped to model is not in "
        "the file. Choose one of the file's columns: 'When', 'What'",
    ]


def test_a_mapping_is_required() -> None:
    raw = RawTable("bill.csv", pa.table({"a": ["1"]}), pa.array([2]))

    with pytest.raises(DataError, match="needs a column mapping"):
        GenericFormat().convert(raw, ImportOptions())


def test_typed_spreadsheet_cells_and_implausible_quantities() -> None:
    table = pa.table(
        {
            "date": pa.array([utc(2026, 5, 1), utc(2026, 5, 2)]),
            "amount": pa.array([0.1, 2.25]),
            "tokens": pa.array([1500, 10**18]),
        }
    )
    raw = RawTable("book.xlsx", table, pa.array([2, 3]), sheet="Costs")
    mapping = ColumnMapping(
        columns={
            "period_start": "date",
            "billed_amount": "amount",
            "quantity": "tokens",
        },
        fixed={"vendor": "deepseek", "model": "deepseek-chat", "currency": "CNY"},
        quantity_multiplier=1000,
    )

    result = convert(raw, mapping)

    assert totals(result.usage) == {"CNY": Decimal("0.1")}
    assert list(result.usage["quantity"]) == [Decimal(1_500_000)]
    [problem] = result.problems
    assert (problem.sheet, problem.row, problem.column) == ("Costs", 3, "tokens")
    assert "too large" in problem.reason


def test_never_detected_but_found_by_name() -> None:
    assert GenericFormat().match(HEADER) == 0
    assert isinstance(format_named("generic"), GenericFormat)


@pytest.mark.parametrize(
    ("text", "vendor"),
    [
        ("OpenAI", Vendor.OPENAI),
        ("open-ai", Vendor.OPENAI),
        ("AWS Bedrock", Vendor.AWS_BEDROCK),
        ("amazon bedrock", Vendor.AWS_BEDROCK),
        ("aws-bedrock", Vendor.AWS_BEDROCK),
        ("Azure OpenAI", Vendor.AZURE_OPENAI),
        ("azure_openai", Vendor.AZURE_OPENAI),
        ("DeepSeek", Vendor.DEEPSEEK),
        ("Acme", None),
    ],
)
def test_vendor_names(text: str, vendor: Vendor | None) -> None:
    assert vendor_from_text(text) is vendor


@pytest.mark.parametrize(
    ("text", "meter"),
    [
        ("Prompt", Meter.INPUT),
        ("input_tokens", Meter.INPUT),
        ("Completion tokens", Meter.OUTPUT),
        ("cached input", Meter.CACHED_INPUT),
        ("Cache-Read", Meter.CACHED_INPUT),
        ("cache write", Meter.CACHE_WRITE),
        ("batch output", Meter.BATCH_OUTPUT),
        ("Requests", Meter.REQUEST),
        ("audio minutes", Meter.AUDIO),
        ("reasoning", None),
    ],
)
def test_meter_words(text: str, meter: Meter | None) -> None:
    assert meter_from_text(text) is meter


def test_csv_and_xlsx_files_through_the_pipeline(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from core.importing.pipeline import read_import
    from core.importing.presets import save_preset
    from core.workspace import WorkspaceSettings

    csv_path = write_csv(tmp_path / "invoice.csv", HEADER, cells(INVOICE))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Invoice"
    sheet.append(HEADER)
    sheet.append([datetime(2026, 3, 1), "OpenAI", "gpt-x", "input", 1000, 0.1])
    sheet.append([datetime(2026, 3, 2), "OpenAI", "gpt-x", "output", 500, 0.2])
    xlsx_path = tmp_path / "invoice.xlsx"
    workbook.save(xlsx_path)
    settings = save_preset(WorkspaceSettings(), "Invoices", HEADER, invoice_mapping())
    columns = dict(invoice_mapping().columns)
    del columns["currency"], columns["workload"]
    xlsx_mapping = ColumnMapping(columns=columns, fixed={"currency": "USD"})

    from_csv = read_import(
        csv_path, ImportOptions(presets=tuple(settings.mapping_presets))
    )
    from_xlsx = read_import(
        xlsx_path, ImportOptions(format="generic", mapping=xlsx_mapping)
    )

    assert from_csv.format == "generic"
    assert from_csv.totals_by_currency() == {
        "USD": Decimal("3691.205"),
        "EUR": Decimal("103.29"),
    }
    # 0.1 + 0.2 read from spreadsheet numbers, exactly
    assert from_xlsx.totals_by_currency() == {"USD": Decimal("0.3")}
    assert list(from_xlsx.usage["source_row"]) == [2, 3]
