"""Azure cost details exports: Azure OpenAI lines, 1K and 1M units, PTU hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from core.errors import DataError
from core.importing.detect import rank_formats
from core.importing.formats.aws_cur import FORMATS as CUR_FORMATS
from core.importing.formats.azure import FORMATS
from tests.core.importing.formats import read, write_csv

HEADER = (
    "InvoiceSectionName", "AccountName", "SubscriptionId", "SubscriptionName",
    "ResourceGroup", "ResourceLocation", "Date", "ProductName",
    "MeterCategory", "MeterSubCategory", "MeterId", "MeterName",
    "MeterRegion", "UnitOfMeasure", "Quantity", "EffectivePrice",
    "CostInBillingCurrency", "CostCenter", "ConsumedService", "ResourceId",
    "Tags", "OfferId", "AdditionalInfo", "ResourceName", "ReservationId",
    "ReservationName", "UnitPrice", "ProductOrderId", "ProductOrderName",
    "Term", "PublisherType", "PublisherName", "ChargeType", "Frequency",
    "PricingModel", "AvailabilityZone", "BillingAccountId",
    "BillingAccountName", "BillingCurrencyCode", "BillingPeriodStartDate",
    "BillingPeriodEndDate", "BillingProfileId", "BillingProfileName",
    "IsAzureCreditEligible", "PartNumber", "PAYGPrice", "PlanName",
    "ServiceFamily", "benefitId", "benefitName",
)  # fmt: skip

AOAI = {
    "SubscriptionId": "6f1c-0001", "SubscriptionName": "Prod",
    "ResourceGroup": "rg-ai", "MeterCategory": "Cognitive Services",
    "MeterSubCategory": "Azure OpenAI",
    "ConsumedService": "Microsoft.CognitiveServices",
    "ChargeType": "Usage", "PricingModel": "OnDemand", "BillingCurrencyCode": "USD",
    "Date": "09/15/2026",
}  # fmt: skip

# Per-1K and per-1M token meters, cached input, provisioned throughput
# drawing on a reservation and its purchase, a refund, two other services,
# and a line billed in EUR.
LINES: list[dict[str, str]] = [
    {**AOAI, "MeterName": "gpt-4o-0806-Inp-glbl", "UnitOfMeasure": "1K",
     "Quantity": "1500", "PAYGPrice": "0.0025", "UnitPrice": "0.00225",
     "EffectivePrice": "0.00225", "CostInBillingCurrency": "3.375",
     "Tags": '"workload": "support-bot","env": "prod"'},
    {**AOAI, "MeterName": "gpt-4o-0806-Outp-glbl", "UnitOfMeasure": "1K",
     "Quantity": "400", "PAYGPrice": "0.01", "UnitPrice": "0.009",
     "EffectivePrice": "0.009", "CostInBillingCurrency": "3.6",
     "Tags": '"workload": "support-bot"'},
    {**AOAI, "MeterName": "gpt-4.1-mini-Inp-glbl", "UnitOfMeasure": "1M",
     "Quantity": "2.5", "PAYGPrice": "0.4", "UnitPrice": "0.36",
     "EffectivePrice": "0.36", "CostInBillingCurrency": "0.9",
     "Date": "10/01/2026", "Tags": '{"Project": "doc-extraction"}'},
    {**AOAI, "MeterName": "gpt-4o-0806-cached-Inp-glbl", "UnitOfMeasure": "1K",
     "Quantity": "2000", "PAYGPrice": "0.00125", "UnitPrice": "0.001125",
     "EffectivePrice": "0.001125", "CostInBillingCurrency": "2.25",
     "ResourceGroup": ""},
    {**AOAI, "MeterName": "Provisioned Managed Global", "UnitOfMeasure": "1 Hour",
     "Quantity": "24", "PAYGPrice": "2", "UnitPrice": "1", "EffectivePrice": "0.75",
     "CostInBillingCurrency": "0", "PricingModel": "Reservation",
     "ReservationId": "res-1"},
    {**AOAI, "MeterName": "Provisioned Managed Global", "UnitOfMeasure": "1 Hour",
     "Quantity": "1", "PAYGPrice": "0", "UnitPrice": "500",
     "EffectivePrice": "500", "CostInBillingCurrency": "500",
     "ChargeType": "Purchase", "PricingModel": "Reservation",
     "ReservationId": "res-1"},
    {**AOAI, "MeterName": "gpt-4o-0806-Inp-glbl", "UnitOfMeasure": "1K",
     "Quantity": "-100", "PAYGPrice": "0.0025", "UnitPrice": "0.00225",
     "EffectivePrice": "0.00225", "CostInBillingCurrency": "-0.225",
     "ChargeType": "Refund"},
    {**AOAI, "MeterCategory": "Virtual Machines", "MeterSubCategory": "Dv5 Series",
     "MeterName": "D4s v5", "UnitOfMeasure": "1 Hour", "Quantity": "24",
     "PAYGPrice": "0.192", "UnitPrice": "0.192", "EffectivePrice": "0.192",
     "CostInBillingCurrency": "4.608"},
    {**AOAI, "MeterCategory": "Storage", "MeterSubCategory": "Blob",
     "MeterName": "Hot LRS Data Stored", "UnitOfMeasure": "1 GB/Month",
     "Quantity": "10", "PAYGPrice": "0.02", "UnitPrice": "0.02",
     "EffectivePrice": "0.02", "CostInBillingCurrency": "0.2"},
    {**AOAI, "MeterName": "gpt-4o-0806-Inp-glbl", "UnitOfMeasure": "1K",
     "Quantity": "1000", "PAYGPrice": "0.0023", "UnitPrice": "0.0021",
     "EffectivePrice": "0.0021", "CostInBillingCurrency": "2.10",
     "BillingCurrencyCode": "EUR", "SubscriptionName": "", "ResourceGroup": "rg-eu"},
]  # fmt: skip
# By hand: 3.375 + 3.6 + 0.9 + 2.25 + 0 + 500 - 0.225; the VM and storage
# lines are skipped; 2.10 is EUR.
BILLED = {"USD": Decimal("509.9"), "EUR": Decimal("2.10")}


def write_azure(path: Path, lines: list[dict[str, str]] = LINES) -> Path:
    rows = [[line.get(name, "") for name in HEADER] for line in lines]
    return write_csv(path, HEADER, rows)


def _decimals(values: object) -> list[Decimal | None]:
    return [None if pd.isna(v) else Decimal(v) for v in values]


def test_openai_lines_total_per_currency_to_the_cent(tmp_path: Path) -> None:
    result = read(write_azure(tmp_path / "costs.csv"))

    assert result.format == "azure-cost-details"
    assert result.totals_by_currency() == BILLED
    assert list(result.usage["source_row"]) == [2, 3, 4, 5, 6, 7, 8, 11]
    assert any(
        note.startswith("2 lines of other Azure services (Storage, Virtual Machines)")
        for note in result.notes
    )
    assert set(result.usage["vendor"]) == {"azure-openai"}


def test_units_of_1k_1m_and_hours_become_tokens_and_hours(tmp_path: Path) -> None:
    usage = read(write_azure(tmp_path / "costs.csv")).usage

    assert _decimals(usage["quantity"]) == [
        1_500_000, 400_000, 2_500_000, 2_000_000, 24, 1, -100_000, 1_000_000,
    ]  # fmt: skip
    assert list(usage["meter"]) == [
        "input", "output", "input", "cached_input", "provisioned", "other",
        "input", "input",
    ]  # fmt: skip
    assert list(usage["model"]) == [
        "gpt-4o-0806", "gpt-4o-0806", "gpt-4.1-mini", "gpt-4o-0806",
        "Provisioned Managed", "Provisioned Managed", "gpt-4o-0806", "gpt-4o-0806",
    ]  # fmt: skip
    assert list(usage["charge_category"]) == [
        "Usage", "Usage", "Usage", "Usage", "Usage", "Purchase", "Credit", "Usage",
    ]  # fmt: skip


def test_list_contracted_and_effective_amounts(tmp_path: Path) -> None:
    usage = read(write_azure(tmp_path / "costs.csv")).usage

    # PAYGPrice × Quantity on on-demand lines only.
    assert _decimals(usage["list_amount"]) == [
        Decimal("3.75"), Decimal("4"), Decimal("1"), Decimal("2.5"), None, None,
        Decimal("-0.25"), Decimal("2.3"),
    ]  # fmt: skip
    # UnitPrice × Quantity.
    assert _decimals(usage["contracted_amount"]) == [
        Decimal("3.375"), Decimal("3.6"), Decimal("0.9"), Decimal("2.25"),
        Decimal(24), Decimal(500), Decimal("-0.225"), Decimal("2.1"),
    ]  # fmt: skip
    # EffectivePrice × Quantity; a purchase is amortised, so 0.
    assert _decimals(usage["effective_amount"])[4:6] == [Decimal(18), Decimal(0)]


def test_days_accounts_workloads_and_commitments(tmp_path: Path) -> None:
    usage = read(write_azure(tmp_path / "costs.csv")).usage
    day = datetime(2026, 9, 15, tzinfo=UTC)

    assert usage["period_start"].iloc[0] == day
    assert usage["period_end"].iloc[0] == day + timedelta(days=1)
    assert usage["period_start"].iloc[2] == datetime(2026, 10, 1, tzinfo=UTC)
    assert list(usage["account"].iloc[[0, 3, 7]]) == [
        "Prod / rg-ai",
        "Prod",
        "6f1c-0001 / rg-eu",
    ]
    assert list(usage["workload"].iloc[:4]) == [
        "support-bot", "support-bot", "doc-extraction", "",
    ]  # fmt: skip
    commitments = usage["commitment_id"].iloc[3:7]
    assert [None if pd.isna(v) else v for v in commitments] == [
        None, "res-1", "res-1", None,
    ]  # fmt: skip


def test_pay_g_price_spelled_the_mca_way_is_the_list_price(tmp_path: Path) -> None:
    header = ["PayGPrice" if name == "PAYGPrice" else name for name in HEADER]
    rows = [[LINES[0].get(name, "") for name in HEADER]]
    path = write_csv(tmp_path / "mca.csv", header, rows)

    usage = read(path).usage

    assert _decimals(usage["list_amount"]) == [Decimal("3.75")]


def test_bad_cells_are_named_and_can_be_skipped(tmp_path: Path) -> None:
    lines = [dict(line) for line in LINES]
    lines[0]["Quantity"] = "lots"
    lines[1]["CostInBillingCurrency"] = ""
    lines[2]["Date"] = "13/13/2026"
    lines[3]["BillingCurrencyCode"] = "dollars"
    path = write_azure(tmp_path / "bad.csv", lines)

    with pytest.raises(DataError) as caught:
        read(path)
    result = read(path, skip_bad_rows=True)

    found = {(p.file, p.row, p.column) for p in caught.value.problems}
    assert found == {
        ("bad.csv", 2, "Quantity"),
        ("bad.csv", 3, "CostInBillingCurrency"),
        ("bad.csv", 4, "Date"),
        ("bad.csv", 5, "BillingCurrencyCode"),
    }
    assert result.rejected_rows == 4
    # By hand: 509.9 less 3.375, 3.6, 0.9 and 2.25.
    assert result.totals_by_currency() == {
        "USD": Decimal("499.775"),
        "EUR": Decimal("2.10"),
    }


def test_a_negative_usage_quantity_is_a_problem(tmp_path: Path) -> None:
    line = {**LINES[0], "Quantity": "-5", "CostInBillingCurrency": "-0.01"}

    with pytest.raises(DataError) as caught:
        read(write_azure(tmp_path / "neg.csv", [line]))

    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "Quantity")]


def test_the_azure_header_is_claimed_by_azure_alone() -> None:
    from tests.core.importing.formats.test_aws_cur import HEADER as CUR_HEADER

    assert rank_formats(HEADER)[0][1].name == "azure-cost-details"
    assert FORMATS[0].match(HEADER) == 1.0
    for other in CUR_FORMATS:
        assert other.match(HEADER) < 0.6
    assert FORMATS[0].match(CUR_HEADER) < 0.6


def test_an_unknown_charge_type_is_an_adjustment_with_a_note(tmp_path: Path) -> None:
    line = {**LINES[0], "ChargeType": "RoundingAdjustment"}

    result = read(write_azure(tmp_path / "costs.csv", [line]))

    assert list(result.usage["charge_category"]) == ["Adjustment"]
    assert any("(RoundingAdjustment)" in note for note in result.notes)
