"""The contract spreadsheet: a signed agreement retyped by hand, as xlsx.

Layout, version 1 (a reader should find things by sheet name and label, not
by position, and ignore empty rows):

- ``Instructions``: plain-language help in column A. Not read back.
- ``Terms``: header row ``Field | Value | How to fill it in``, then one row
  per field of :data:`TERM_FIELDS`, labelled in column A, value in column B:
  contract name, vendor (one of :data:`VENDOR_CHOICES`' labels), currency
  (ISO code), term start and end (real Excel dates), notice period (whole
  days), discount off list %, commitment amount (contract currency per
  period; empty = no commitment), commitment period (monthly, quarterly,
  annual, term), unused fee %, rollover %, price review threshold % (empty =
  no clause), MFN (yes/no), reassessment (whole months; empty = none), notes.
- ``Rates``: header ``Model | Meter | Price | Unit | Note``, then one row per
  model and meter. Meter is a label of :data:`METER_CHOICES` ("cached
  input"); price is in the contract currency per million tokens (unit
  ``per MTok``) for token meters, per single unit (``per unit``) otherwise.
- ``Tiers``: header ``Min commitment | Discount %``, one row per band of
  committed spend, smallest first.

Percentages are stored the way Excel stores them: as a fraction of one with
a percent format (0.1 shows as 10%). Empty cells mean "not in the contract".
Text cells that begin with ``= + - @`` are written as plain text with a
quote prefix, never as formulas. Headers are frozen; drop-downs guard the
vendor, meter, unit, commitment period and MFN cells. The bytes are
deterministic: document times and zip entry times are fixed.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from core.contract import Contract
from core.reference import BillingUnit, CommitmentPeriod, Meter, Vendor

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

SHEET_INSTRUCTIONS = "Instructions"
SHEET_TERMS = "Terms"
SHEET_RATES = "Rates"
SHEET_TIERS = "Tiers"
TERMS_HEADERS = ("Field", "Value", "How to fill it in")
RATES_HEADERS = ("Model", "Meter", "Price", "Unit", "Note")
TIERS_HEADERS = ("Min commitment", "Discount %")
UNIT_PER_MTOK = "per MTok"
UNIT_PER_UNIT = "per unit"
VENDOR_CHOICES: dict[str, Vendor] = {vendor.label: vendor for vendor in Vendor}
METER_CHOICES: dict[str, Meter] = {meter.label: meter for meter in Meter}
PERIOD_CHOICES: tuple[str, ...] = tuple(period.value for period in CommitmentPeriod)
YES_NO = ("yes", "no")

# Rows of Rates and Tiers that carry drop-downs and formats in the template.
RATE_ROWS = 500
TIER_ROWS = 50
_FIXED_TIME = datetime(2026, 1, 1)
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
_FORMATS = {
    "date": "yyyy-mm-dd",
    "money": "#,##0.00",
    "price": "#,##0.00##",
    "percent": "0.0#%",
    "whole": "0",
}
# Number format of each Terms field kind that has one.
_KIND_FORMATS = {
    "date": "date",
    "money": "money",
    "percent": "percent",
    "whole": "whole",
}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class TermField:
    """One row of the Terms sheet.

    ``key`` is the :class:`~core.contract.Contract` attribute path it fills;
    ``kind`` one of text, vendor, date, whole, percent, money, period, yes_no.
    """

    key: str
    label: str
    kind: str
    help: str


TERM_FIELDS: tuple[TermField, ...] = (
    TermField("name", "Contract name", "text",
              "A name you will recognise, such as the vendor and the year."),
    TermField("vendor", "Vendor", "vendor", "Pick the vendor from the list."),
    TermField("currency", "Currency", "text",
              "Three-letter code of the contract currency: USD, EUR, GBP…"),
    TermField("term_start", "Term start", "date",
              "First day the contract applies, as a date."),
    TermField("term_end", "Term end", "date",
              "Last day the contract applies, as a date."),
    TermField("notice_period_days", "Notice period (days)", "whole",
              "Days before the term end by which notice must be given."),
    TermField("discount_off_list_pct", "Discount off list %", "percent",
              "Flat discount on every list price. A rate on the Rates sheet "
              "wins for its model and meter. Leave empty if there is none."),
    TermField("commitment.amount", "Commitment amount", "money",
              "Spend promised per commitment period, in the contract "
              "currency. Leave empty if there is no commitment."),
    TermField("commitment.period", "Commitment period", "period",
              "How often the commitment is measured: pick from the list."),
    TermField("commitment.unused_fee_pct", "Unused fee %", "percent",
              "Share of an unused commitment still paid at the end of a "
              "period. 100% means all of it."),
    TermField("commitment.rollover_pct", "Rollover %", "percent",
              "Share of an unused commitment carried into the next period."),
    TermField("clauses.price_review_threshold_pct", "Price review threshold %",
              "percent", "Prices may be reopened when the market falls this "
              "far below ours. Leave empty if there is no such clause."),
    TermField("clauses.mfn", "MFN", "yes_no",
              "Most-favoured-customer clause: yes or no."),
    TermField("clauses.reassessment_months", "Reassessment (months)", "whole",
              "How often the committed tier may be reassessed. Leave empty "
              "if never."),
    TermField("notes", "Notes", "text", "Anything worth remembering."),
)  # fmt: skip

INSTRUCTIONS: tuple[str, ...] = (
    "Contract terms for Counteroffer",
    "Type what the contract says; leave a cell empty when the contract is "
    "silent. Counteroffer reads the Terms, Rates and Tiers sheets; this one "
    "is help only.",
    "",
    "Terms: one row per term. Write the value in column B; column C says "
    "what it means. Dates are real dates (2026-01-01). Percentages are typed "
    "with a % sign (10%). Amounts are in the contract currency.",
    "",
    "Rates: one row per model and meter that has a negotiated price.",
    "  Model: the model name as the contract or invoice writes it.",
    "  Meter: what is priced (input, output, cached input, cache write, "
    "batch input, batch output, request…); pick from the list.",
    "  Price: our price in the contract currency.",
    "  Unit: per MTok (per million tokens) for token meters, per unit for "
    "requests, images, audio minutes and hours.",
    "  Note: where the price comes from, such as a clause number.",
    "",
    "Tiers: the bands of committed spend and the discount each earns, smallest first.",
    "  Min commitment: the lowest committed amount per period for the band.",
    "  Discount %: the discount that band earns.",
)


def write_contract_workbook(
    path: str | os.PathLike[str], contract: Contract | None = None
) -> Path:
    """Write the contract workbook to ``path``; without a contract, the blank one.

    An existing file is replaced. Returns the path written.
    """
    target = Path(path)
    target.write_bytes(contract_workbook_bytes(contract))
    return target


def contract_workbook_bytes(contract: Contract | None = None) -> bytes:
    """The xlsx bytes of the contract workbook (blank without a contract)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.properties.creator = "Counteroffer"
    workbook.properties.created = _FIXED_TIME
    workbook.properties.modified = _FIXED_TIME

    _fill_instructions(workbook.active)
    _fill_terms(workbook.create_sheet(SHEET_TERMS), contract)
    _fill_rates(workbook.create_sheet(SHEET_RATES), contract)
    _fill_tiers(workbook.create_sheet(SHEET_TIERS), contract)
    return _stable_xlsx(workbook)


def _fill_instructions(sheet: Worksheet) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.title = SHEET_INSTRUCTIONS
    sheet.column_dimensions["A"].width = 110
    for row, text in enumerate(INSTRUCTIONS, start=1):
        cell = sheet.cell(row=row, column=1)
        _set_text(cell, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=14)


def _fill_terms(sheet: Worksheet, contract: Contract | None) -> None:
    _write_header(sheet, TERMS_HEADERS, widths=(30, 30, 90))
    values = _term_values(contract) if contract else {}
    validations = _term_validations(sheet)
    for row, field in enumerate(TERM_FIELDS, start=2):
        _set_text(sheet.cell(row=row, column=1), field.label)
        _set_text(sheet.cell(row=row, column=3), field.help)
        cell = sheet.cell(row=row, column=2)
        _set_value(cell, values.get(field.key))
        if field.kind in _KIND_FORMATS:
            cell.number_format = _FORMATS[_KIND_FORMATS[field.kind]]
        if field.kind in validations:
            validations[field.kind].add(cell.coordinate)


def _term_values(contract: Contract) -> dict[str, Any]:
    commitment = contract.commitment
    clauses = contract.clauses
    values: dict[str, Any] = {
        "name": contract.name,
        "vendor": contract.vendor.label,
        "currency": contract.currency,
        "term_start": contract.term_start,
        "term_end": contract.term_end,
        "notice_period_days": contract.notice_period_days,
        "discount_off_list_pct": _fraction(contract.discount_off_list_pct),
        "clauses.price_review_threshold_pct": _fraction(
            clauses.price_review_threshold_pct
        ),
        "clauses.mfn": "yes" if clauses.mfn else "no",
        "clauses.reassessment_months": clauses.reassessment_months,
        "notes": contract.notes or None,
    }
    if commitment is not None:
        values["commitment.amount"] = commitment.amount
        values["commitment.period"] = commitment.period.value
        values["commitment.unused_fee_pct"] = _fraction(commitment.unused_fee_pct)
        values["commitment.rollover_pct"] = _fraction(commitment.rollover_pct)
    return values


def _term_validations(sheet: Worksheet) -> dict[str, Any]:
    validations = {
        "vendor": _list_validation(tuple(VENDOR_CHOICES), "Pick a vendor."),
        "period": _list_validation(PERIOD_CHOICES, "Pick a commitment period."),
        "yes_no": _list_validation(YES_NO, "Write yes or no."),
        "date": _number_validation("date", "Type a date, such as 2026-01-01."),
        "percent": _number_validation("decimal", "Type a percentage, 0% to 100%.", 1),
        "money": _number_validation("decimal", "Type an amount of 0 or more."),
        "whole": _number_validation("whole", "Type a whole number of 0 or more."),
    }
    for validation in validations.values():
        sheet.add_data_validation(validation)
    return validations


def _fill_rates(sheet: Worksheet, contract: Contract | None) -> None:
    _write_header(sheet, RATES_HEADERS, widths=(30, 16, 14, 12, 50))
    rates = contract.rates if contract else []
    for row, rate in enumerate(rates, start=2):
        unit = UNIT_PER_MTOK if rate.meter.unit is BillingUnit.TOKEN else UNIT_PER_UNIT
        line = (rate.model, rate.meter.label, rate.price, unit, rate.note or None)
        for column, value in enumerate(line, start=1):
            _set_value(sheet.cell(row=row, column=column), value)

    last = RATE_ROWS + 1
    meters = _list_validation(tuple(METER_CHOICES), "Pick a meter.")
    units = _list_validation((UNIT_PER_MTOK, UNIT_PER_UNIT), "Pick a unit.")
    prices = _number_validation("decimal", "Type a price of 0 or more.")
    for validation, letter in ((meters, "B"), (units, "D"), (prices, "C")):
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{last}")
    _format_column(sheet, "C", last, _FORMATS["price"])


def _fill_tiers(sheet: Worksheet, contract: Contract | None) -> None:
    _write_header(sheet, TIERS_HEADERS, widths=(18, 14))
    commitment = contract.commitment if contract else None
    tiers = commitment.tiers if commitment else []
    for row, tier in enumerate(tiers, start=2):
        sheet.cell(row=row, column=1, value=tier.min_commitment)
        sheet.cell(row=row, column=2, value=_fraction(tier.discount_pct))

    last = TIER_ROWS + 1
    amounts = _number_validation("decimal", "Type an amount of 0 or more.")
    discounts = _number_validation("decimal", "Type a percentage, 0% to 100%.", 1)
    for validation, letter in ((amounts, "A"), (discounts, "B")):
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{last}")
    _format_column(sheet, "A", last, _FORMATS["money"])
    _format_column(sheet, "B", last, _FORMATS["percent"])


def _write_header(
    sheet: Worksheet, headers: Sequence[str], widths: Sequence[int]
) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    fill = PatternFill(fill_type="solid", start_color="FFDDE4EE", end_color="FFDDE4EE")
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), 1):
        cell = sheet.cell(row=1, column=column)
        _set_text(cell, header)
        cell.font = Font(bold=True)
        cell.fill = fill
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def _format_column(
    sheet: Worksheet, column: str, last_row: int, number_format: str
) -> None:
    for row in range(2, last_row + 1):
        sheet[f"{column}{row}"].number_format = number_format


def _list_validation(choices: Sequence[str], error: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type="list",
        formula1='"' + ",".join(choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        error=error,
    )


def _number_validation(kind: str, error: str, maximum: int | None = None) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    if kind == "date":
        # Excel compares dates as serial numbers; 36526 is 2000-01-01.
        bounds = {"operator": "greaterThanOrEqual", "formula1": "36526"}
    elif maximum is None:
        bounds = {"operator": "greaterThanOrEqual", "formula1": "0"}
    else:
        bounds = {"operator": "between", "formula1": "0", "formula2": str(maximum)}
    return DataValidation(
        type=kind, allow_blank=True, showErrorMessage=True, error=error, **bounds
    )


def _fraction(percent: Decimal | None) -> Decimal | None:
    """A percentage (10 for 10%) as Excel stores it (0.1)."""
    return None if percent is None else percent / 100


def _set_value(cell: Cell, value: object) -> None:
    if isinstance(value, str):
        _set_text(cell, value)
    elif isinstance(value, date | Decimal | int) or value is None:
        cell.value = value
    else:
        raise TypeError(f"cannot write {type(value).__name__} to a contract cell")


def _set_text(cell: Cell, text: str) -> None:
    """Put text in a cell; text that looks like a formula stays text."""
    cell.value = text
    if text.startswith(_FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def _stable_xlsx(workbook: Workbook) -> bytes:
    """Save a workbook with fixed zip entry times, so equal input gives equal bytes."""
    from openpyxl.writer.excel import ExcelWriter

    # ExcelWriter, unlike Workbook.save, keeps our fixed "modified" time.
    raw = io.BytesIO()
    ExcelWriter(workbook, ZipFile(raw, "w", ZIP_DEFLATED)).save()

    stable = io.BytesIO()
    with ZipFile(raw) as source, ZipFile(stable, "w", ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = ZipInfo(entry.filename, date_time=_ZIP_TIME)
            fixed.compress_type = ZIP_DEFLATED
            fixed.create_system = 3
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(entry.filename))
    return stable.getvalue()
