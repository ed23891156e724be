"""The contract workbook read back: round trip, every bad cell, hostile files."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from core.contract import Commitment, CommitmentTier, Contract, ContractRate
from core.contract_template import write_contract_workbook
from core.demo import build_demo
from core.errors import DataError
from core.importing.base import PasswordRequiredError
from core.importing.formats.contract import (
    FORMATS,
    is_contract_workbook,
    read_contract_workbook,
)
from core.reference import Meter, Vendor


def small_contract(**changes: object) -> Contract:
    fields: dict[str, object] = {
        "name": "Acme 2026",
        "vendor": Vendor.OPENAI,
        "currency": "EUR",
        "term_start": date(2026, 1, 1),
        "term_end": date(2026, 12, 31),
        "notice_period_days": 60,
        "rates": [
            ContractRate(model="gpt-x", meter=Meter.INPUT, price=Decimal("1.25")),
            ContractRate(model="gpt-x", meter=Meter.OUTPUT, price=Decimal("10")),
            ContractRate(model="img", meter=Meter.IMAGE, price=Decimal("0.04")),
        ],
        "commitment": Commitment(
            amount=Decimal(100_000),
            tiers=[
                CommitmentTier(min_commitment=Decimal(0), discount_pct=Decimal(0)),
                CommitmentTier(
                    min_commitment=Decimal(50_000), discount_pct=Decimal("7.5")
                ),
            ],
        ),
    }
    fields.update(changes)
    return Contract(**fields)  # type: ignore[arg-type]


def edited(path: Path, **cells: object) -> Path:
    """The workbook at ``path`` with cells changed: ``Rates_C3=...``."""
    workbook = load_workbook(path)
    for key, value in cells.items():
        sheet, cell = key.split("_")
        workbook[sheet][cell] = value
    workbook.save(path)
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        read_contract_workbook(path)
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture(scope="module")
def demo_contracts() -> list[Contract]:
    return build_demo().contracts


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    return write_contract_workbook(tmp_path / "contract.xlsx", small_contract())


def test_demo_contracts_round_trip(tmp_path: Path, demo_contracts) -> None:
    for index, contract in enumerate(demo_contracts):
        path = write_contract_workbook(tmp_path / f"c{index}.xlsx", contract)

        assert is_contract_workbook(path)
        assert read_contract_workbook(path) == contract


def test_formula_like_text_and_fractional_percent_round_trip(tmp_path: Path) -> None:
    contract = small_contract(
        name="=HYPERLINK(1)", notes="-5% below list", discount_off_list_pct=Decimal(3)
    )
    path = write_contract_workbook(tmp_path / "c.xlsx", contract)

    assert read_contract_workbook(path) == contract


def test_four_bad_cells_on_three_sheets_are_all_reported(filled: Path) -> None:
    edited(
        filled,
        Terms_B3="Acme AI",
        Terms_B6=datetime(2025, 1, 1),
        Rates_C3="12,5O",
        Tiers_B3=10,
    )

    problems = problems_of(filled)

    assert len(problems) == 4
    assert problems[0].startswith("contract.xlsx, Terms!B3:")
    assert "vendor is not a vendor we know (value 'Acme AI')" in problems[0]
    assert "Amazon Bedrock" in problems[0]
    assert problems[1].startswith("contract.xlsx, Rates!C3:")
    assert "price is not a number (value '12,5O')" in problems[1]
    assert "Write digits such as 12.50" in problems[1]
    assert problems[2].startswith("contract.xlsx, Tiers!B3:")
    assert "discount is 1000%, above 100%" in problems[2]
    assert "Type it with a % sign" in problems[2]
    assert problems[3].startswith("contract.xlsx, Terms!B6:")
    assert "term end 2025-01-01 is not after term start 2026-01-01" in problems[3]


def test_blank_template_says_it_is_empty(tmp_path: Path) -> None:
    path = write_contract_workbook(tmp_path / "blank.xlsx")

    problems = problems_of(path)

    assert problems == [
        "blank.xlsx: the contract workbook is empty: nothing is filled in. Fill "
        "in the Terms sheet (contract name, vendor, currency, term start and end) "
        "and the Rates sheet, then import it again"
    ]


def test_empty_required_cells_are_named(filled: Path) -> None:
    edited(filled, Terms_B2=None, Terms_B4="  ", Rates_B2=None)

    problems = problems_of(filled)

    assert problems == [
        "contract.xlsx, Terms!B2: contract name is empty. Fill it in",
        "contract.xlsx, Terms!B4: currency is empty. Fill it in",
        "contract.xlsx, Rates!B2: meter is empty. Fill it in",
    ]


def test_cells_typed_as_text_serials_and_labels_are_read(filled: Path) -> None:
    edited(
        filled,
        Terms_B3="amazon bedrock",
        Terms_B4="usd",
        Terms_B5="2026-02-01",
        Terms_B6=46387,  # Excel serial of 2026-12-31
        Terms_B8="12.5%",
        Terms_B9="$1,250,000.50",
        Terms_B14="Yes",
        Rates_B2="Prompt",
        Rates_C2="1.10",
    )

    contract = read_contract_workbook(filled)

    assert contract.vendor is Vendor.AWS_BEDROCK
    assert contract.currency == "USD"
    assert (contract.term_start, contract.term_end) == (
        date(2026, 2, 1),
        date(2026, 12, 31),
    )
    assert contract.discount_off_list_pct == Decimal("12.5")
    assert contract.commitment is not None
    assert contract.commitment.amount == Decimal("1250000.50")
    assert contract.clauses.mfn is True
    assert contract.rates[0].meter is Meter.INPUT
    assert contract.rates[0].price == Decimal("1.10")


def test_formula_noise_is_read_as_excel_shows_it(filled: Path) -> None:
    edited(filled, Rates_C2=0.1 + 0.2, Tiers_B3=0.07)

    contract = read_contract_workbook(filled)

    assert str(contract.rates[0].price) == "0.3"
    assert contract.commitment is not None
    assert str(contract.commitment.tiers[1].discount_pct) == "7"


def test_unknown_meter_and_wrong_unit(filled: Path) -> None:
    edited(filled, Rates_B3="thinking", Rates_D4="per MTok", Rates_D2="per unit")

    problems = problems_of(filled)

    assert len(problems) == 3
    assert "!D2: the meter input is not priced per unit" in problems[0]
    assert "Write per MTok and the price per million tokens" in problems[0]
    assert "!B3: meter is not a meter we know" in problems[1]
    assert "cached input" in problems[1]
    assert "!D4: the meter image is not priced per MTok" in problems[2]
    assert "Write per unit and the price per image" in problems[2]


def test_commitment_cells_need_an_amount(filled: Path) -> None:
    edited(filled, Terms_B9=None)

    problems = problems_of(filled)

    assert [p.split(":")[0] for p in problems] == [
        "contract.xlsx, Terms!B10",
        "contract.xlsx, Terms!B11",
        "contract.xlsx, Terms!B12",
        "contract.xlsx, Tiers!A2",
    ]
    assert all("the commitment amount is empty" in p for p in problems)


def test_model_rules_are_reported_at_their_cells(filled: Path) -> None:
    edited(filled, Rates_C4=-1, Tiers_A3=0)

    problems = problems_of(filled)

    assert problems[0].startswith(
        "contract.xlsx, Rates!C4: price: input should be greater than or equal to 0"
    )
    assert problems[1].startswith(
        "contract.xlsx, Tiers!A2: minimum commitment: tiers "
        "must be listed from the smallest"
    )


def test_excel_errors_and_formulas_without_values(filled: Path) -> None:
    edited(filled, Terms_B7="#N/A", Rates_C2="=1+1")

    problems = problems_of(filled)

    assert "!B7: notice period (days) holds an Excel error" in problems[0]
    assert "!C2: price is empty" in problems[1]


def test_rows_and_columns_found_by_label_not_position(tmp_path: Path) -> None:
    path = write_contract_workbook(tmp_path / "c.xlsx", small_contract())
    workbook = load_workbook(path)
    workbook["Terms"].insert_rows(5, amount=2)
    workbook["Rates"].delete_cols(5)  # the optional Note column
    workbook["Rates"].insert_rows(3)
    workbook.save(path)

    assert read_contract_workbook(path) == small_contract()


def test_missing_sheet_and_header(filled: Path) -> None:
    workbook = load_workbook(filled)
    del workbook["Tiers"]
    workbook["Rates"]["C1"] = "Cost"
    workbook.save(filled)

    problems = problems_of(filled)

    assert problems == [
        "contract.xlsx, Rates!A1: the header lacks Price. "
        "Start from a fresh template (counteroffer template contract)",
        "contract.xlsx, Tiers!A1: the sheet is missing. "
        "Start from a fresh template (counteroffer template contract)",
    ]


def test_other_files_are_not_contract_workbooks(tmp_path: Path) -> None:
    csv = tmp_path / "usage.csv"
    csv.write_text("date,amount\n2026-01-01,1\n")
    usage = tmp_path / "usage.xlsx"
    workbook = Workbook()
    workbook.active.append(["date", "amount"])
    workbook.save(usage)

    assert not is_contract_workbook(csv)
    assert not is_contract_workbook(usage)
    assert not is_contract_workbook(tmp_path / "missing.xlsx")
    assert FORMATS == []


def test_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("date,amount\n")

    with pytest.raises(DataError, match=r"fake\.xlsx: .*damaged"):
        read_contract_workbook(path)


def test_encrypted_workbook_needs_its_password(filled: Path, tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    locked = tmp_path / "locked.xlsx"
    with filled.open("rb") as plain, locked.open("wb") as out:
        OOXMLFile(plain).encrypt("s3cret", out)

    with pytest.raises(PasswordRequiredError) as missing:
        read_contract_workbook(locked)
    with pytest.raises(PasswordRequiredError) as wrong:
        read_contract_workbook(locked, password="guess")

    assert not missing.value.wrong
    assert wrong.value.wrong
    assert not is_contract_workbook(locked)
    assert is_contract_workbook(locked, password="s3cret")
    assert read_contract_workbook(locked, password="s3cret") == small_contract()


def test_xml_entities_are_refused(filled: Path, tmp_path: Path) -> None:
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(filled) as source, zipfile.ZipFile(bomb, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "xl/worksheets/sheet2.xml":
                content = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + content
            target.writestr(entry, content)

    with pytest.raises(DataError, match="entities"):
        read_contract_workbook(bomb)


def test_overlong_sheets_are_refused(filled: Path, monkeypatch) -> None:
    from core.importing.formats import _contract_cells

    monkeypatch.setattr(_contract_cells, "MAX_ROWS", 20)

    with pytest.raises(DataError, match="sheet Rates: the sheet has more than 20 rows"):
        read_contract_workbook(filled)
