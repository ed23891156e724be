"""FOCUS 1.0, 1.1 and 1.2 exports: CSV, gzip and typed Parquet."""

from __future__ import annotations

import gzip
import shutil
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from core.errors import DataError
from core.importing.detect import rank_formats
from core.importing.formats._cloud import (
    meter_from_words,
    model_from_label,
    unit_multiplier,
    vendor_of,
)
from core.importing.formats.aws_cur import FORMATS as CUR_FORMATS
from core.importing.formats.azure import FORMATS as AZURE_FORMATS
from core.importing.formats.focus import FORMATS
from tests.core.importing.formats import read, write_csv
from tests.core.importing.formats.test_aws_cur import HEADER as CUR_HEADER
from tests.core.importing.formats.test_azure import HEADER as AZURE_HEADER

V1_0 = (
    "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName",
    "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart",
    "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency",
    "ChargePeriodEnd", "ChargePeriodStart", "CommitmentDiscountCategory",
    "CommitmentDiscountId", "CommitmentDiscountName",
    "CommitmentDiscountStatus", "CommitmentDiscountType", "ConsumedQuantity",
    "ConsumedUnit", "ContractedCost", "ContractedUnitPrice", "EffectiveCost",
    "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory",
    "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
    "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType",
    "ServiceCategory", "ServiceName", "SkuId", "SkuPriceId", "SubAccountId",
    "SubAccountName", "Tags",
)  # fmt: skip
V1_1 = (
    *V1_0, "CapacityReservationId", "CapacityReservationStatus",
    "CommitmentDiscountQuantity", "CommitmentDiscountUnit",
    "ServiceSubcategory", "SkuMeter", "SkuPriceDetails",
)  # fmt: skip
V1_2 = (
    *V1_1, "BillingAccountType", "SubAccountType", "InvoiceId",
    "PricingCurrency", "PricingCurrencyContractedUnitPrice",
    "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice",
)  # fmt: skip
# FOCUS 1.0 has no SkuMeter; Azure's 1.0 export names the meter in an
# extension column instead.
VERSIONS = {"1.0": (*V1_0, "x_SkuMeterName"), "1.1": V1_1, "1.2": V1_2}

AZURE = {
    "ProviderName": "Microsoft", "PublisherName": "Microsoft",
    "ServiceName": "Azure OpenAI Service", "ServiceCategory": "AI and Machine Learning",
    "SubAccountId": "sub-0001", "SubAccountName": "Prod subscription",
}  # fmt: skip
MARCH = {"ChargePeriodStart": "2026-03-01T00:00:00Z",
         "ChargePeriodEnd": "2026-04-01T00:00:00Z"}  # fmt: skip

# A month with a committed-spend purchase (amortised into the usage that
# draws on it), plain usage, a credit, tax, a Bedrock line, a Vertex line in
# EUR and a virtual machine.
LINES: list[dict[str, str]] = [
    {**AZURE, **MARCH, "ChargeCategory": "Purchase", "SkuId": "AOAI-COMMIT-1Y",
     "BilledCost": "1200", "EffectiveCost": "0", "ListCost": "1200",
     "ContractedCost": "1200", "PricingQuantity": "1", "PricingUnit": "Units",
     "CommitmentDiscountId": "commit-1", "ChargePeriodEnd": "2027-03-01T00:00:00Z"},
    {**AZURE, **MARCH, "ChargeCategory": "Usage", "SkuMeter": "gpt-4o-0806-Inp-glbl",
     "SkuId": "DZH318Z0BQ4L", "PricingUnit": "1M Tokens", "PricingQuantity": "12.5",
     "ConsumedQuantity": "12500000", "ConsumedUnit": "Tokens",
     "ListCost": "31.25", "ContractedCost": "28.125", "BilledCost": "0",
     "EffectiveCost": "28.125", "CommitmentDiscountId": "commit-1",
     "Tags": '{"workload": "support-bot", "env": "prod"}'},
    {**AZURE, **MARCH, "ChargeCategory": "Usage", "SkuMeter": "gpt-4o-0806-Outp-glbl",
     "SkuId": "DZH318Z0BQ4M", "PricingUnit": "1K Tokens", "PricingQuantity": "2000",
     "ListCost": "20", "ContractedCost": "18", "BilledCost": "18",
     "EffectiveCost": "18", "SubAccountName": "",
     "Tags": '{"project": "other", "Workload": "doc-extraction"}'},
    {**AZURE, **MARCH, "ChargeCategory": "Credit", "BilledCost": "-50",
     "EffectiveCost": "-50", "ChargeDescription": "Service credit",
     "Tags": '{"app": "support-bot"}'},
    {**AZURE, **MARCH, "ChargeCategory": "Tax", "BilledCost": "9.6",
     "EffectiveCost": "9.6", "ChargeDescription": "VAT"},
    {"ProviderName": "AWS", "PublisherName": "Anthropic", **MARCH,
     "ServiceName": "Amazon Bedrock", "ChargeCategory": "Usage",
     "SkuMeter": "Claude Sonnet 4.6 Output Tokens", "SkuId": "WXYZ1234",
     "PricingUnit": "1K tokens", "PricingQuantity": "300",
     "ConsumedQuantity": "300000", "ConsumedUnit": "Tokens", "BilledCost": "4.5",
     "EffectiveCost": "4.5", "ListCost": "4.5", "ContractedCost": "4.5",
     "SubAccountId": "345678901234", "Tags": '{"application": "rag"}'},
    {"ProviderName": "Google Cloud", "PublisherName": "Google", **MARCH,
     "ServiceName": "Vertex AI", "ChargeCategory": "Usage",
     "SkuMeter": "Gemini 2.5 Pro Input Tokens", "SkuId": "A1B2-C3D4",
     "PricingUnit": "1M Tokens", "PricingQuantity": "4", "BillingCurrency": "EUR",
     "BilledCost": "4.50", "EffectiveCost": "4.50", "ListCost": "5",
     "ContractedCost": "4.50", "Tags": '{"project": "translation"}'},
    {**AZURE, **MARCH, "ServiceName": "Virtual Machines", "ChargeCategory": "Usage",
     "SkuMeter": "D4s v5", "SkuId": "VM-D4S", "PricingUnit": "1 Hour",
     "PricingQuantity": "24", "BilledCost": "4.608", "EffectiveCost": "4.608",
     "ListCost": "4.608", "ContractedCost": "4.608"},
]  # fmt: skip
# By hand: 1200 + 0 + 18 - 50 + 9.6 + 4.5 + 4.608 (the Vertex line is EUR).
BILLED = {"USD": Decimal("1186.708"), "EUR": Decimal("4.50")}
# By hand: 0 + 28.125 + 18 - 50 + 9.6 + 4.5 + 4.608 (EUR left out).
EFFECTIVE_USD = Decimal("14.833")


def _cells(line: dict[str, str], version: str) -> dict[str, str]:
    cells = {"BillingCurrency": "USD", "ChargeClass": "", **line}
    if version == "1.0":
        cells["x_SkuMeterName"] = cells.pop("SkuMeter", "")
    return cells


def write_focus(
    path: Path, version: str = "1.2", lines: list[dict[str, str]] = LINES
) -> Path:
    """The lines as a FOCUS CSV of ``version``'s columns."""
    header = VERSIONS[version]
    rows = [[_cells(line, version).get(name, "") for name in header] for line in lines]
    return write_csv(path, header, rows)


_MONEY = ("BilledCost", "EffectiveCost", "ListCost", "ContractedCost",
          "PricingQuantity", "ConsumedQuantity")  # fmt: skip
_TIMES = ("ChargePeriodStart", "ChargePeriodEnd")


def write_parquet(path: Path, version: str) -> Path:
    """The lines as typed Parquet: decimals, timestamps and a Tags map."""
    header = VERSIONS[version]
    cells = [_cells(line, version) for line in LINES]
    columns = {}
    for name in header:
        values = [line.get(name) or None for line in cells]
        if name in _MONEY:
            columns[name] = pa.array(
                [None if v is None else Decimal(v) for v in values],
                pa.decimal128(20, 6),
            )
        elif name in _TIMES:
            columns[name] = pa.array(
                [datetime.fromisoformat(v).astimezone(UTC) for v in values],
                pa.timestamp("us", tz="UTC"),
            )
        elif name == "Tags":
            columns[name] = pa.array(
                [_pairs(v) for v in values], pa.map_(pa.string(), pa.string())
            )
        else:
            columns[name] = pa.array(values, pa.string())
    pq.write_table(pa.table(columns), path)
    return path


def _pairs(tags: str | None) -> list[tuple[str, str]] | None:
    import json

    return None if tags is None else list(json.loads(tags).items())


def _file(tmp_path: Path, version: str, kind: str) -> Path:
    if kind == "parquet":
        return write_parquet(tmp_path / "focus.parquet", version)
    plain = write_focus(tmp_path / "focus.csv", version)
    if kind == "csv":
        return plain
    packed = tmp_path / "focus.csv.gz"
    with plain.open("rb") as source, gzip.open(packed, "wb") as target:
        shutil.copyfileobj(source, target)
    return packed


# ------------------------------------------------------------- versions


@pytest.mark.parametrize("kind", ["csv", "gz", "parquet"])
@pytest.mark.parametrize("version", sorted(VERSIONS))
def test_every_version_and_container_totals_to_the_cent(
    tmp_path: Path, version: str, kind: str
) -> None:
    result = read(_file(tmp_path, version, kind))

    assert result.format == "focus"
    assert result.totals_by_currency() == BILLED
    usage = result.usage
    usd = usage[usage["currency"] == "USD"]
    assert Decimal(usd["effective_amount"].sum()) == EFFECTIVE_USD
    assert list(usage["charge_category"]) == [
        "Purchase", "Usage", "Usage", "Credit", "Tax", "Usage", "Usage", "Usage",
    ]  # fmt: skip
    # Parquet has no header line: its first record is row 1.
    first = 1 if kind == "parquet" else 2
    assert list(usage["source_row"]) == list(range(first, first + 8))
    assert list(usage["workload"]) == [
        "", "support-bot", "doc-extraction", "support-bot", "", "rag",
        "translation", "",
    ]  # fmt: skip


@pytest.mark.parametrize("version", sorted(VERSIONS))
def test_labels_vendors_models_meters_and_quantities(
    tmp_path: Path, version: str
) -> None:
    usage = read(write_focus(tmp_path / "focus.csv", version)).usage

    assert list(usage["vendor"]) == [
        "azure-openai", "azure-openai", "azure-openai", "azure-openai",
        "azure-openai", "aws-bedrock", "google", "other",
    ]  # fmt: skip
    assert list(usage["model"]) == [
        "Azure OpenAI Service", "gpt-4o-0806", "gpt-4o-0806",
        "Azure OpenAI Service", "Azure OpenAI Service", "Claude Sonnet 4.6",
        "Gemini 2.5 Pro", "Virtual Machines",
    ]  # fmt: skip
    assert list(usage["meter"]) == [
        "other", "input", "output", "other", "other", "output", "input",
        "provisioned",
    ]  # fmt: skip
    # Consumed tokens where given, else PricingQuantity × the unit.
    assert [Decimal(q) for q in usage["quantity"]] == [
        1, 12_500_000, 2_000_000, 0, 0, 300_000, 4_000_000, 24,
    ]  # fmt: skip


def test_purchase_amortisation_commitments_and_accounts(tmp_path: Path) -> None:
    usage = read(write_focus(tmp_path / "focus.csv")).usage
    purchase, drawn = usage.iloc[0], usage.iloc[1]

    assert purchase["billed_amount"] == Decimal(1200)
    assert purchase["effective_amount"] == 0
    assert drawn["billed_amount"] == 0
    assert drawn["effective_amount"] == Decimal("28.125")
    assert drawn["list_amount"] == Decimal("31.25")
    assert drawn["contracted_amount"] == Decimal("28.125")
    assert _texts(usage["commitment_id"].iloc[:3]) == ["commit-1", "commit-1", None]
    assert list(usage["account"].iloc[:3]) == [
        "Prod subscription", "Prod subscription", "sub-0001",
    ]  # fmt: skip
    assert usage["period_end"].iloc[0] == datetime(2027, 3, 1, tzinfo=UTC)
    credit = usage[usage["charge_category"] == "Credit"]
    assert list(credit["billed_amount"]) == [Decimal(-50)]


def _texts(values: object) -> list[str | None]:
    import pandas as pd

    return [None if pd.isna(v) else str(v) for v in values]


def test_tag_values_with_json_escapes_are_decoded(tmp_path: Path) -> None:
    tagged = {**LINES[2], "Tags": '{"env":"prod","WORKLOAD":"Donn\\u00e9es \\"EU\\""}'}

    usage = read(write_focus(tmp_path / "tags.csv", lines=[tagged])).usage

    assert list(usage["workload"]) == ['Données "EU"']


def test_notes_name_lines_of_other_vendors(tmp_path: Path) -> None:
    result = read(write_focus(tmp_path / "focus.csv"))

    assert any(
        note.startswith("1 lines are not from an AI vendor") for note in result.notes
    )


# ----------------------------------------------------------- bad cells


def test_bad_cells_name_file_row_column_and_value(tmp_path: Path) -> None:
    lines = [dict(line) for line in LINES]
    lines[1]["BilledCost"] = "12,3x"
    lines[2]["ChargeCategory"] = "Refund"
    lines[5]["BillingCurrency"] = "US Dollar"
    lines[6]["ChargePeriodStart"] = "yesterday"
    path = write_focus(tmp_path / "bad.csv", lines=lines)

    with pytest.raises(DataError) as caught:
        read(path)

    found = {(p.row, p.column, p.value) for p in caught.value.problems}
    assert found == {
        (3, "BilledCost", "12,3x"),
        (4, "ChargeCategory", "Refund"),
        (7, "BillingCurrency", "US Dollar"),
        (8, "ChargePeriodStart", "yesterday"),
    }
    assert {p.file for p in caught.value.problems} == {"bad.csv"}


def test_skipping_bad_rows_keeps_the_others(tmp_path: Path) -> None:
    lines = [dict(line) for line in LINES]
    lines[2]["BilledCost"] = "n/a"
    lines[6]["PricingQuantity"] = "-4"
    path = write_focus(tmp_path / "bad.csv", lines=lines)

    result = read(path, skip_bad_rows=True)

    assert result.rejected_rows == 2
    assert list(result.usage["source_row"]) == [2, 3, 5, 6, 7, 9]
    # By hand: 1186.708 less the rejected 18 USD line; no EUR line is left.
    assert result.totals_by_currency() == {"USD": Decimal("1168.708")}
    assert sorted(p.row for p in result.problems) == [4, 8]


def test_a_usage_correction_may_be_negative_as_an_adjustment(tmp_path: Path) -> None:
    correction = {**LINES[2], "ChargeClass": "Correction", "PricingQuantity": "-100",
                  "BilledCost": "-0.9", "EffectiveCost": "-0.9"}  # fmt: skip

    usage = read(write_focus(tmp_path / "fix.csv", lines=[correction])).usage

    assert list(usage["charge_category"]) == ["Adjustment"]
    assert usage["quantity"].iloc[0] == -100_000


def test_missing_mandatory_columns_are_named(tmp_path: Path) -> None:
    header = [name for name in V1_2 if name not in ("BilledCost", "BillingCurrency")]
    path = write_csv(
        tmp_path / "thin.csv",
        header,
        [[_cells(LINES[1], "1.2").get(name, "") for name in header]],
    )

    with pytest.raises(DataError) as caught:
        read(path, format="focus")

    assert {p.column for p in caught.value.problems} == {
        "billed_cost",
        "billing_currency",
    }


# ------------------------------------------------------------- detection


@pytest.mark.parametrize("version", sorted(VERSIONS))
def test_a_focus_header_is_claimed_by_focus_alone(version: str) -> None:
    header = VERSIONS[version]

    assert rank_formats(header)[0][1].name == "focus"
    assert FORMATS[0].match(header) == 1.0
    for other in (*AZURE_FORMATS, *CUR_FORMATS):
        assert other.match(header) < 0.6, other.name


def test_the_azure_and_cur_headers_score_low_as_focus() -> None:
    assert FORMATS[0].match(AZURE_HEADER) < 0.6
    assert FORMATS[0].match(CUR_HEADER) < 0.6


# ------------------------------------------------------------ vocabulary


@pytest.mark.parametrize(
    ("label", "meter"),
    [
        ("gpt-4o-0806-Inp-glbl", "input"),
        ("gpt-4o-0806-Outp-glbl 1K", "output"),
        ("gpt-4o-0806-cached-Inp-glbl", "cached_input"),
        ("USE1-Claude4.6Sonnet-cache-read-input-token-count", "cached_input"),
        ("USE1-Claude4.6Sonnet-cache-write-input-token-count", "cache_write"),
        ("USE1-Claude3Haiku-batch-output-tokens", "batch_output"),
        ("Provisioned Managed Global 1 Hour", "provisioned"),
        ("InputTokenCount", "input"),
        ("1M Tokens", "other"),
    ],
)
def test_meter_words(label: str, meter: str) -> None:
    assert meter_from_words(label) == meter


@pytest.mark.parametrize(
    ("unit", "multiplier"),
    [("1M Tokens", 1_000_000), ("1K tokens", 1_000), ("Tokens", 1), ("1K", 1_000),
     ("1 Hour", 1), ("10 Hours", 10), ("1,000 Tokens", 1_000), ("Count", 1),
     ("1 Million Tokens", 1_000_000)],
)  # fmt: skip
def test_unit_multipliers(unit: str, multiplier: int) -> None:
    assert unit_multiplier(unit) == multiplier


@pytest.mark.parametrize(
    ("label", "model"),
    [
        ("gpt-4o-0806-Inp-glbl", "gpt-4o-0806"),
        ("USE1-Llama3.1-70B-input-tokens", "Llama3.1-70B"),
        ("USE1-Claude4.6Sonnet-cache-read-input-token-count", "Claude4.6Sonnet"),
        ("gpt 4.1 mini Inp Data Zone", "gpt 4.1 mini"),
    ],
)
def test_models_from_labels(label: str, model: str) -> None:
    assert model_from_label(label) == model


@pytest.mark.parametrize(
    ("provider", "publisher", "service", "vendor"),
    [
        ("Microsoft", "OpenAI", "Azure AI Foundry", "azure-openai"),
        ("Microsoft", "Microsoft", "Virtual Machines", "other"),
        ("AWS", "Anthropic", "Amazon Bedrock", "aws-bedrock"),
        ("Amazon Web Services", "Amazon", "Amazon EC2", "other"),
        ("Google Cloud", "Google", "Vertex AI", "google"),
        ("OpenAI", "OpenAI", "API", "openai"),
        ("Anthropic, PBC", "", "Claude API", "anthropic"),
        ("Mistral AI", "", "La Plateforme", "mistral"),
        ("DeepSeek", "", "API", "deepseek"),
        ("ACMECORP", "ACMECORP", "Widgets", "other"),
    ],
)
def test_vendors(provider: str, publisher: str, service: str, vendor: str) -> None:
    assert vendor_of(provider, publisher, service) == vendor
