"""The contract workbook read back: every cell checked, every problem at once.

Reads the workbook :mod:`core.contract_template` writes, finding things by
sheet name and label, never by position, and skipping empty rows:

- Terms: a row per field, found by its label in column A (any case); the
  value is in column B. Contract name, vendor, currency and the term dates
  are required. Other empty cells take the contract's defaults (notice
  period 90 days, no discount, unused fee 100%, rollover 0%, no MFN, no
  review clause); an empty commitment amount means no commitment, and then
  the commitment's other cells and the Tiers sheet must be empty too.
- Rates and Tiers: columns found by the header in row 1. A rate's unit
  must fit its meter: per MTok for token meters, per unit for the others.

How single cells are read (numbers to Excel's 15 digits, percentages as
Excel's fractions, dates) is told in :mod:`._contract_cells`.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from core.contract import Contract
from core.contract_template import (
    RATES_HEADERS,
    SHEET_RATES,
    SHEET_TERMS,
    SHEET_TIERS,
    TERM_FIELDS,
    TIERS_HEADERS,
    UNIT_PER_MTOK,
    UNIT_PER_UNIT,
)
from core.errors import CounterofferError, DataError, Problem
from core.importing.base import ImportFormat
from core.importing.formats._contract_cells import (
    EXCEL_ERRORS,
    FRESH,
    PARSERS,
    CellError,
    Rows,
    is_blank,
    read_sheets,
    sheet_names,
    shown,
    workbook_bytes,
)
from core.reference import BillingUnit, Meter
from core.validation import validate_as

_REQUIRED_TERMS = ("name", "vendor", "currency", "term_start", "term_end")

FORMATS: list[ImportFormat] = []
"""None: contract workbooks are routed by :func:`is_contract_workbook`."""


def is_contract_workbook(
    path: str | os.PathLike[str], *, password: str | None = None
) -> bool:
    """True for an xlsx workbook with Terms and Rates sheets.

    Cheap: reads the zip directory and the workbook part only. An encrypted
    workbook is looked into only with its ``password``. Any file that
    cannot be read that way (CSV, damaged, wrong password) gives False.
    """
    source = Path(path)
    try:
        target: Path | io.BytesIO = source
        if password is not None and source.suffix.casefold() in (".xlsx", ".xlsm"):
            target = io.BytesIO(workbook_bytes(source, password))
        with zipfile.ZipFile(target) as archive:
            part = archive.getinfo("xl/workbook.xml")
            if part.file_size > 5_000_000:
                return False
            content = archive.read(part)
    except (OSError, zipfile.BadZipFile, KeyError, CounterofferError):
        return False
    names = {name.casefold() for name in sheet_names(content)}
    return {SHEET_TERMS.casefold(), SHEET_RATES.casefold()} <= names


def read_contract_workbook(
    path: str | os.PathLike[str], *, password: str | None = None
) -> Contract:
    """The contract a filled-in contract workbook describes.

    Raises:
        DataError: listing every bad cell as file, sheet, row and column
            with the fix; or the file is not a readable contract workbook.
        PasswordRequiredError: the workbook is encrypted and ``password`` is
            missing or wrong.
    """
    source = Path(path)
    sheets = read_sheets(
        source.name,
        workbook_bytes(source, password),
        (SHEET_TERMS, SHEET_RATES, SHEET_TIERS),
    )
    reader = _Reader(source.name)
    data = _contract_data(reader, sheets)
    if reader.filled == 0:
        raise DataError.single(
            "the contract workbook is empty: nothing is filled in",
            "fill in the Terms sheet (contract name, vendor, currency, term "
            "start and end) and the Rates sheet, then import it again",
            file=source.name,
        )
    if reader.problems:
        raise DataError(reader.problems)
    try:
        return validate_as(Contract, data, file=source.name)
    except DataError as exc:
        raise DataError([reader.locate(p) for p in exc.problems]) from exc


@dataclass
class _Origin:
    """Where a field's value came from, and what to call it in messages."""

    sheet: str
    row: int
    column: int
    label: str
    key: str = ""


@dataclass
class _Reader:
    """Reads cells one by one, collecting problems and each field's cell."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    origins: dict[str, _Origin] = field(default_factory=dict)
    filled: int = 0
    unreadable: set[str] = field(default_factory=set)

    def add(self, at: _Origin, reason: str, fix: str, value: object = None) -> None:
        from openpyxl.utils import get_column_letter

        quoted = None if value is None else shown(value)
        letter = get_column_letter(at.column)
        self.problems.append(
            Problem(
                reason,
                fix,
                file=self.file,
                sheet=at.sheet,
                row=at.row,
                column=letter,
                value=quoted,
                cell=f"{letter}{at.row}",
            )
        )

    def read(
        self, at: _Origin, value: object, kind: str, *, required: bool = False
    ) -> Any:
        """The cell's value as ``kind``, or None if empty or bad (reported)."""
        if is_blank(value):
            if required:
                self.add(at, f"{at.label} is empty", "fill it in")
            return None
        self.filled += 1
        if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
            self.add(at, f"{at.label} holds an Excel error", "type the value", value)
            self.unreadable.add(at.key)
            return None
        try:
            return PARSERS[kind](value)
        except CellError as bad:
            self.add(at, f"{at.label} {bad.reason}", bad.fix, value)
            self.unreadable.add(at.key)
            return None

    def locate(self, problem: Problem) -> Problem:
        """A validation problem moved to the cell its field came from."""
        from openpyxl.utils import get_column_letter

        origin = self.origins.get(problem.column or "term_end")
        if origin is None:
            return problem
        letter = get_column_letter(origin.column)
        return replace(
            problem,
            reason=f"{origin.label}: {problem.reason}",
            sheet=origin.sheet,
            row=origin.row,
            column=letter,
            cell=f"{letter}{origin.row}",
        )


def _contract_data(reader: _Reader, sheets: dict[str, Rows]) -> dict[str, Any]:
    """The contract as plain data for validation; problems go to ``reader``."""
    terms = _read_terms(reader, sheets.get(SHEET_TERMS))
    rates = _read_table(reader, sheets.get(SHEET_RATES), SHEET_RATES, _rate)
    tiers = _read_table(reader, sheets.get(SHEET_TIERS), SHEET_TIERS, _tier)
    _check_term_order(reader, terms)

    data: dict[str, Any] = {"rates": rates, "clauses": {}}
    for key, value in terms.items():
        group, _, name = key.rpartition(".")
        target = data.setdefault(group, {}) if group else data
        target[name] = value
    commitment = data.get("commitment")
    if commitment is not None or tiers:
        _check_commitment(reader, commitment, tiers)
        if commitment is not None:
            commitment["tiers"] = tiers
    return data


def _read_terms(reader: _Reader, rows: Rows | None) -> dict[str, Any]:
    """Terms values by :class:`TermField` key; empty cells left out."""
    if rows is None:
        raise DataError.single(
            f"has no {SHEET_TERMS} sheet, so it is not a contract workbook",
            FRESH,
            file=reader.file,
        )
    by_label = {term.label.casefold(): term for term in TERM_FIELDS}
    found: dict[str, tuple[int, object]] = {}
    for number, row in enumerate(rows, start=1):
        label = row[0] if row else None
        term = (
            by_label.get(label.strip().casefold()) if isinstance(label, str) else None
        )
        if term is not None and term.key not in found:
            found[term.key] = (number, row[1] if len(row) > 1 else None)

    values: dict[str, Any] = {}
    for term in TERM_FIELDS:
        if term.key not in found:
            at = _Origin(SHEET_TERMS, len(rows) + 1, 1, term.label)
            reader.add(at, f"the row {term.label!r} is missing", f"add it; {FRESH}")
            continue
        number, raw = found[term.key]
        at = _Origin(SHEET_TERMS, number, 2, term.label.lower(), term.key)
        reader.origins[term.key] = at
        kind = "currency" if term.key == "currency" else term.kind
        value = reader.read(at, raw, kind, required=term.key in _REQUIRED_TERMS)
        if value is not None:
            values[term.key] = value
    return values


RowReader = Callable[[_Reader, dict[str, tuple[int, object]], int, int], dict[str, Any]]


def _read_table(
    reader: _Reader, rows: Rows | None, sheet: str, read_row: RowReader
) -> list[dict[str, Any]]:
    """Each non-empty row below the header, read by ``read_row``."""
    headers = RATES_HEADERS if sheet == SHEET_RATES else TIERS_HEADERS
    # Unit and Note may be left out of Rates; the other columns may not.
    needed = headers[:3]
    if rows is None:
        reader.add(_Origin(sheet, 1, 1, sheet), "the sheet is missing", FRESH)
        return []
    first = rows[0] if rows else ()
    places = {
        str(text).strip().casefold(): column
        for column, text in enumerate(first, start=1)
        if isinstance(text, str)
    }
    missing = [h for h in needed if h.casefold() not in places]
    if missing:
        at = _Origin(sheet, 1, 1, sheet)
        reader.add(at, f"the header lacks {', '.join(missing)}", FRESH)
        return []

    result: list[dict[str, Any]] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = {h: _cell(row, places.get(h.casefold(), 0)) for h in headers}
        if all(is_blank(value) for _, value in cells.values()):
            continue
        result.append(read_row(reader, cells, number, len(result) + 1))
    return result


def _rate(
    reader: _Reader, cells: dict[str, tuple[int, object]], row: int, index: int
) -> dict[str, Any]:
    """One Rates row: model, meter, price per MTok or per unit, note."""
    read = _row_reader(reader, cells, SHEET_RATES, row, f"rates[{index}]")
    model = read("Model", "model", "text", "model", required=True)
    meter = read("Meter", "meter", "meter", "meter", required=True)
    price = read("Price", "price", "money", "price", required=True)
    unit = read("Unit", "unit", "unit", None)
    note = read("Note", "note", "text", "note")
    if isinstance(meter, Meter) and unit is not None:
        _check_unit(
            reader, _Origin(SHEET_RATES, row, cells["Unit"][0], "unit"), meter, unit
        )
    rate = {"model": model, "meter": meter, "price": price}
    return rate | ({"note": note} if note else {})


def _check_unit(reader: _Reader, at: _Origin, meter: Meter, per_mtok: bool) -> None:
    """A token meter is priced per MTok, any other per unit."""
    if per_mtok == (meter.unit is BillingUnit.TOKEN):
        return
    if meter.unit is BillingUnit.TOKEN:
        fix = f"write {UNIT_PER_MTOK} and the price per million tokens"
    else:
        each = meter.unit.value.replace("_", " ")
        fix = f"write {UNIT_PER_UNIT} and the price per {each}"
    unit = UNIT_PER_MTOK if per_mtok else UNIT_PER_UNIT
    reader.add(at, f"the meter {meter.label} is not priced {unit}", fix, unit)


def _tier(
    reader: _Reader, cells: dict[str, tuple[int, object]], row: int, index: int
) -> dict[str, Any]:
    """One Tiers row: the lowest commitment of the band and its discount."""
    path = f"commitment.tiers[{index}]"
    read = _row_reader(reader, cells, SHEET_TIERS, row, path)
    return {
        "min_commitment": read(
            "Min commitment", "minimum commitment", "money", "min_commitment",
            required=True,
        ),
        "discount_pct": read(
            "Discount %", "discount", "percent", "discount_pct", required=True
        ),
    }  # fmt: skip


def _row_reader(
    reader: _Reader,
    cells: dict[str, tuple[int, object]],
    sheet: str,
    row: int,
    path: str,
) -> Callable[..., Any]:
    def read(
        header: str, label: str, kind: str, key: str | None, *, required: bool = False
    ) -> Any:
        column, value = cells[header]
        at = _Origin(sheet, row, column, label)
        if key is not None:
            reader.origins[f"{path}.{key}"] = at
            reader.origins.setdefault(path.rpartition("[")[0], at)
        return reader.read(at, value, kind, required=required)

    return read


def _check_term_order(reader: _Reader, terms: dict[str, Any]) -> None:
    start, end = terms.get("term_start"), terms.get("term_end")
    if start is not None and end is not None and end <= start:
        reader.add(
            reader.origins["term_end"],
            f"term end {end} is not after term start {start}",
            "check the two dates: the end is the last day the contract applies",
        )


def _check_commitment(
    reader: _Reader, commitment: dict[str, Any] | None, tiers: list[Any]
) -> None:
    """Commitment cells and tiers need a commitment amount."""
    amount_read = commitment is not None and "amount" in commitment
    if amount_read or "commitment.amount" in reader.unreadable:
        return
    filled = [f"commitment.{key}" for key in commitment or {}]
    filled += ["commitment.tiers"] if tiers else []
    for key in filled:
        reader.add(
            reader.origins[key],
            f"{reader.origins[key].label} is filled in but the commitment "
            "amount is empty",
            "fill in the commitment amount on the Terms sheet, or clear this",
        )


def _cell(row: tuple[Any, ...], column: int) -> tuple[int, object]:
    """``(column, value)`` of a row's cell; column 0 stands for "absent"."""
    value = row[column - 1] if 0 < column <= len(row) else None
    return column, value
