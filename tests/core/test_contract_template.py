"""The contract workbook: layout, round trip, guards and stable bytes."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.contract import (
    Clauses,
    Commitment,
    CommitmentTier,
    Contract,
    ContractRate,
)
from core.contract_template import contract_workbook_bytes, write_contract_workbook
from core.reference import Meter, Vendor

TERM_LABELS = [
    "Contract name", "Vendor", "Currency", "Term start", "Term end",
    "Notice period (days)", "Discount off list %", "Commitment amount",
    "Commitment period", "Unused fee %", "Rollover %",
    "Price review threshold %", "MFN", "Reassessment (months)", "Notes",
]  # fmt: skip


def committed_contract(**changes) -> Contract:
    fields = {
        "name": "Acme enterprise 2026",
        "vendor": Vendor.OPENAI,
        "term_start": date(2026, 1, 1),
        "term_end": date(2027, 12, 31),
        "notice_period_days": 90,
        "rates": [
            ContractRate(
                model="gpt-5.6-luna", meter=Meter.INPUT, price=Decimal("0.90")
            ),
            ContractRate(
                model="gpt-5.6-luna",
                meter=Meter.CACHED_INPUT,
                price=Decimal("0.09"),
                note="clause 4.2",
            ),
            ContractRate(model="dall-e", meter=Meter.IMAGE, price=Decimal("0.04")),
        ],
        "commitment": Commitment(
            amount=Decimal(480_000),
            tiers=[
                CommitmentTier(min_commitment=Decimal(0), discount_pct=Decimal(0)),
                CommitmentTier(
                    min_commitment=Decimal(250_000), discount_pct=Decimal("7.5")
                ),
            ],
        ),
        "clauses": Clauses(
            price_review_threshold_pct=Decimal(25), mfn=True, reassessment_months=12
        ),
        "notes": "Signed by the CFO.",
    }
    fields.update(changes)
    return Contract(**fields)


def load(content: bytes):
    return load_workbook(io.BytesIO(content))


def terms(workbook) -> dict[str, object]:
    sheet = workbook["Terms"]
    return {row[0].value: row[1].value for row in sheet.iter_rows(min_row=2)}


@pytest.fixture(scope="module")
def filled():
    return load(contract_workbook_bytes(committed_contract()))


def test_sheets_in_order_with_frozen_headers(filled):
    assert filled.sheetnames == ["Instructions", "Terms", "Rates", "Tiers"]
    for name in ("Terms", "Rates", "Tiers"):
        assert filled[name].freeze_panes == "A2"


def test_terms_round_trip(filled):
    values = terms(filled)

    assert list(values) == TERM_LABELS
    assert values["Contract name"] == "Acme enterprise 2026"
    assert values["Vendor"] == "OpenAI"
    assert values["Currency"] == "USD"
    assert values["Term start"] == datetime(2026, 1, 1)
    assert values["Term end"] == datetime(2027, 12, 31)
    assert values["Notice period (days)"] == 90
    assert values["Discount off list %"] == 0
    assert values["Commitment amount"] == 480_000
    assert values["Commitment period"] == "annual"
    assert values["Unused fee %"] == 1
    assert values["Rollover %"] == 0
    assert values["Price review threshold %"] == pytest.approx(0.25)
    assert values["MFN"] == "yes"
    assert values["Reassessment (months)"] == 12
    assert values["Notes"] == "Signed by the CFO."


def test_terms_formats_show_dates_money_and_percentages(filled):
    sheet = filled["Terms"]

    assert sheet["B5"].is_date
    assert sheet["B5"].number_format == "yyyy-mm-dd"
    assert sheet["B9"].number_format == "#,##0.00"
    assert sheet["B8"].number_format.endswith("%")
    assert sheet["B13"].number_format.endswith("%")


def test_rates_and_tiers_round_trip(filled):
    rates = list(filled["Rates"].iter_rows(values_only=True))
    tiers = list(filled["Tiers"].iter_rows(values_only=True))

    assert rates[0] == ("Model", "Meter", "Price", "Unit", "Note")
    assert rates[1] == ("gpt-5.6-luna", "input", 0.9, "per MTok", None)
    assert rates[2] == ("gpt-5.6-luna", "cached input", 0.09, "per MTok", "clause 4.2")
    assert rates[3] == ("dall-e", "image", 0.04, "per unit", None)
    assert tiers[:3] == [("Min commitment", "Discount %"), (0, 0), (250_000, 0.075)]
    assert filled["Tiers"]["B3"].number_format.endswith("%")


def test_drop_downs_guard_vendor_meter_period_and_mfn(filled):
    def lists(sheet) -> dict[str, str]:
        return {
            str(validation.sqref): validation.formula1
            for validation in sheet.data_validations.dataValidation
            if validation.type == "list"
        }

    term_lists = lists(filled["Terms"])
    assert "OpenAI" in term_lists["B3"]
    assert "Amazon Bedrock" in term_lists["B3"]
    assert term_lists["B10"] == '"monthly,quarterly,annual,term"'
    assert term_lists["B14"] == '"yes,no"'
    rate_lists = lists(filled["Rates"])
    assert "cached input" in rate_lists["B2:B501"]
    assert rate_lists["D2:D501"] == '"per MTok,per unit"'


def test_anthropic_style_contract_leaves_commitment_empty():
    contract = Contract(
        name="Pay as you go",
        vendor=Vendor.ANTHROPIC,
        term_start=date(2025, 6, 1),
        term_end=date(2026, 12, 31),
        notice_period_days=30,
        discount_off_list_pct=Decimal(10),
    )

    workbook = load(contract_workbook_bytes(contract))

    values = terms(workbook)
    assert values["Vendor"] == "Anthropic"
    assert values["Discount off list %"] == pytest.approx(0.1)
    assert values["Commitment amount"] is None
    assert values["Price review threshold %"] is None
    assert values["MFN"] == "no"
    assert workbook["Rates"].max_row == 1 or workbook["Rates"]["A2"].value is None
    assert workbook["Tiers"]["A2"].value is None


def test_text_that_looks_like_a_formula_stays_text():
    contract = committed_contract(name="=HYPERLINK(1)", notes="-5% below list")

    content = contract_workbook_bytes(contract)

    sheet = load(content)["Terms"]
    for cell in (sheet["B2"], sheet["B16"]):
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert sheet["B2"].value == "=HYPERLINK(1)"
    assert sheet["B16"].value == "-5% below list"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet2.xml")


def test_blank_template_has_headers_and_labels_but_no_values():
    workbook = load(contract_workbook_bytes())

    values = terms(workbook)
    assert list(values) == TERM_LABELS
    assert all(value is None for value in values.values())
    assert workbook["Terms"]["A1"].value == "Field"
    assert workbook["Rates"]["A1"].value == "Model"
    assert workbook["Tiers"]["B1"].value == "Discount %"
    assert "Rates" in " ".join(
        str(row[0]) for row in workbook["Instructions"].iter_rows(values_only=True)
    )


def test_bytes_are_deterministic_and_written_to_the_path(tmp_path):
    first = contract_workbook_bytes(committed_contract())

    path = write_contract_workbook(tmp_path / "contract.xlsx", committed_contract())

    assert path == tmp_path / "contract.xlsx"
    assert path.read_bytes() == first
    assert load(first).properties.modified == datetime(2026, 1, 1)
