"""The contract workbook's file and cells: opened safely, read as values.

The file is checked before openpyxl sees it: its size, encryption
(decrypted in memory with the password), and its zip by the import's own
guard (:func:`core.importing.readers.safety.inspect_zip`: zip bombs, XML
entity declarations). The cells are then read one by one by the parsers
in :data:`PARSERS`, each raising :class:`CellError` with a reason and a
fix.

Numbers follow Excel: it keeps 15 significant digits, so a number is read
to 15 significant digits (a formula's 0.30000000000000004 is the 0.3 Excel
shows). A percentage is the fraction Excel stores for a typed ``10%`` (0.1,
read as 10), or text such as ``"10%"``; above 100% is refused, since it
usually means 10 was typed where 10% was meant. Dates may be real dates,
ISO text or Excel serial numbers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

from core.contract_template import (
    METER_CHOICES,
    PERIOD_CHOICES,
    UNIT_PER_MTOK,
    UNIT_PER_UNIT,
    VENDOR_CHOICES,
)
from core.errors import DataError
from core.importing.base import PasswordRequiredError
from core.importing.formats.generic import (
    currency_code,
    meter_from_text,
    vendor_from_text,
)
from core.money import to_decimal

# Contract workbooks are small: the template is 12 kB.
MAX_FILE_BYTES = 20_000_000
MAX_UNPACKED_BYTES = 100_000_000
MAX_ROWS = 10_000
FRESH = "start from a fresh template (counteroffer template contract)"
EXCEL_ERRORS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!")

Rows = list[tuple[Any, ...]]

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_EXCEL_DIGITS = 15
_EXCEL_MAX_SERIAL = 2_958_465  # 9999-12-31
_TOO_LARGE = Decimal(10) ** 15
_NUMBER_FIX = "write digits such as 12.50"
# Unit cell text → whether the price is per million tokens.
_PER_MTOK = {
    "per mtok": True,
    "mtok": True,
    "per 1m tokens": True,
    "per million tokens": True,
    "per unit": False,
    "unit": False,
}
_YES_NO = {"yes": True, "y": True, "true": True, "no": False, "n": False}


# ---------------------------------------------------------------- the file


def workbook_bytes(source: Path, password: str | None) -> bytes:
    """The xlsx bytes, decrypted if need be, once the zip looks sane.

    Raises:
        DataError: too large, not an xlsx, or would unpack to too much.
        PasswordRequiredError: encrypted, and the password is missing or wrong.
    """
    name = source.name
    try:
        if source.stat().st_size > MAX_FILE_BYTES:
            raise DataError.single(
                "too large to be a contract workbook", FRESH, file=name
            )
        data = source.read_bytes()
    except OSError as exc:
        raise DataError.single(
            exc.strerror or "cannot be read", "check the path", file=name
        ) from exc
    if data.startswith(_OLE_MAGIC):
        data = _decrypted(data, name, password)
    _check_zip(data, name)
    return data


def _decrypted(data: bytes, name: str, password: str | None) -> bytes:
    import msoffcrypto  # type: ignore[import-untyped]
    from msoffcrypto.exceptions import (  # type: ignore[import-untyped]
        DecryptionError,
        FileFormatError,
        InvalidKeyError,
        ParseError,
    )

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        if not office.is_encrypted():
            raise DataError.single(
                "is an old-style .xls workbook, not the contract template",
                f"save it as .xlsx, or {FRESH}",
                file=name,
            )
        if password is None:
            raise PasswordRequiredError(name)
        office.load_key(password=password)
        plain = io.BytesIO()
        office.decrypt(plain)
    except InvalidKeyError as exc:
        raise PasswordRequiredError(name, wrong=True) from exc
    except (DecryptionError, FileFormatError, ParseError) as exc:
        raise DataError.single(
            "cannot be decrypted", f"save it without a password; {FRESH}", file=name
        ) from exc
    return plain.getvalue()


def _check_zip(data: bytes, name: str) -> None:
    """Refuse zip bombs, XML entities, and zips that are not xlsx."""
    from core.importing.readers.safety import inspect_zip

    facts = inspect_zip(io.BytesIO(data), name, MAX_UNPACKED_BYTES)
    if facts.kind != "xlsx":
        raise DataError.single(
            "is not an xlsx workbook", f"save it as .xlsx, or {FRESH}", file=name
        )


def sheet_names(workbook_xml: bytes) -> list[str]:
    """The sheet names listed in ``xl/workbook.xml``; none if unreadable."""
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
    from defusedxml.ElementTree import (  # type: ignore[import-untyped]
        ParseError,
        fromstring,
    )

    try:
        root = fromstring(workbook_xml)
    except (ParseError, DefusedXmlException):
        return []
    return [
        str(element.get("name", ""))
        for element in root.iter()
        if str(element.tag).endswith("}sheet")
    ]


def read_sheets(name: str, data: bytes, wanted: Sequence[str]) -> dict[str, Rows]:
    """The cell values of each ``wanted`` sheet present, found in any case.

    Raises:
        DataError: openpyxl cannot read the workbook (defusedxml makes it
            refuse XML entity tricks), or a sheet is far too long.
    """
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return _sheet_rows(workbook, name, wanted)
        finally:
            workbook.close()
    except (
        InvalidFileException,
        DefusedXmlException,
        ParseError,
        KeyError,
        ValueError,
    ) as exc:
        raise DataError.single(
            f"cannot be read as a workbook ({exc})", FRESH, file=name
        ) from exc


def _sheet_rows(workbook: Any, name: str, wanted: Sequence[str]) -> dict[str, Rows]:
    titles = {title.casefold(): title for title in workbook.sheetnames}
    found: dict[str, Rows] = {}
    for sheet in wanted:
        title = titles.get(sheet.casefold())
        if title is None:
            continue
        rows = workbook[title].iter_rows(max_row=MAX_ROWS + 1, values_only=True)
        found[sheet] = list(rows)
        if len(found[sheet]) > MAX_ROWS:
            raise DataError.single(
                f"the sheet has more than {MAX_ROWS:,} rows",
                "a contract needs far fewer; delete the rows below the last one in use",
                file=name,
                sheet=title,
            )
    return found


# --------------------------------------------------------------- the cells


class CellError(Exception):
    """A cell cannot be read as the value its field needs."""

    def __init__(self, reason: str, fix: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix


def is_blank(value: object) -> bool:
    """An empty cell, or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: object) -> str:
    """A cell's value as a message quotes it."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float):
        return str(_excel_number(value))
    return str(value)


def _as_text(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, float | int) and not isinstance(value, bool):
        return str(_excel_number(value))
    return str(value).strip()


def _as_number(value: object) -> Decimal:
    if isinstance(value, float | int) and not isinstance(value, bool):
        number = _excel_number(value)
    elif isinstance(value, str):
        cleaned = re.sub(r"[\s$€£]", "", value)
        if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
            cleaned = cleaned.replace(",", "")
        try:
            number = to_decimal(cleaned)
        except ValueError:
            raise CellError("is not a number", _NUMBER_FIX) from None
    else:
        raise CellError("is not a number", _NUMBER_FIX)
    if abs(number) >= _TOO_LARGE:
        raise CellError("is too large for a contract", "check the number of digits")
    return number


def _as_percent(value: object) -> Decimal:
    """Percent (10 for 10%) from a fraction (0.1) or text such as "10%"."""
    if isinstance(value, str) and value.strip().endswith("%"):
        percent = _as_number(value.strip()[:-1])
    else:
        percent = _as_number(value) * 100
    percent = _plain(percent)
    if percent > 100:
        raise CellError(
            f"is {percent}%, above 100%",
            "type it with a % sign, such as 10%, so Excel stores 0.1",
        )
    return percent


def _as_whole(value: object) -> int:
    number = _as_number(value)
    if number != number.to_integral_value():
        raise CellError("is not a whole number", "type a whole number such as 90")
    return int(number)


def _as_date(value: object) -> date:
    from openpyxl.utils.datetime import from_excel

    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 1 <= value <= _EXCEL_MAX_SERIAL:
        return from_excel(value).date()  # type: ignore[no-any-return]
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CellError("is not a date", "type a date such as 2026-01-01")


def _as_yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    found = _YES_NO.get(_as_text(value).casefold())
    if found is None:
        raise CellError("is not yes or no", "write yes or no")
    return found


def _choice(
    table: dict[str, Any], reason: str, choices: Sequence[str]
) -> Callable[[object], Any]:
    def parse(value: object) -> Any:
        found = table.get(_as_text(value).casefold())
        if found is None:
            raise CellError(reason, f"pick one of {', '.join(choices)}")
        return found

    return parse


def _as_vendor(value: object) -> Any:
    vendor = vendor_from_text(_as_text(value))
    if vendor is None:
        choices = ", ".join(VENDOR_CHOICES)
        raise CellError("is not a vendor we know", f"pick one of {choices}")
    return vendor


def _as_meter(value: object) -> Any:
    meter = meter_from_text(_as_text(value))
    if meter is None:
        choices = ", ".join(METER_CHOICES)
        raise CellError("is not a meter we know", f"pick one of {choices}")
    return meter


def _as_currency(value: object) -> str:
    code = currency_code(_as_text(value))
    if code is None:
        raise CellError("is not a currency code", "write a code such as USD or EUR")
    return code


PARSERS: dict[str, Callable[[object], Any]] = {
    "text": _as_text,
    "vendor": _as_vendor,
    "currency": _as_currency,
    "meter": _as_meter,
    "date": _as_date,
    "whole": _as_whole,
    "money": _as_number,
    "percent": _as_percent,
    "period": _choice(
        {p: p for p in PERIOD_CHOICES}, "is not a period", PERIOD_CHOICES
    ),
    "yes_no": _as_yes_no,
    "unit": _choice(_PER_MTOK, "is not a unit", (UNIT_PER_MTOK, UNIT_PER_UNIT)),
}
"""Cell parsers by field kind (the kinds of ``TermField`` plus a few)."""


def _excel_number(value: float | int) -> Decimal:
    """A cell's number as Excel shows it: at most 15 significant digits."""
    number = to_decimal(value)
    with localcontext() as context:
        context.prec = _EXCEL_DIGITS
        number = +number
    return _plain(number)


def _plain(number: Decimal) -> Decimal:
    """Without trailing zeros or exponent: 7.500 → 7.5, 1E+3 → 1000."""
    if number.is_finite() and number == number.to_integral_value():
        with localcontext() as context:
            context.prec = max(28, number.adjusted() + 1)
            return number.quantize(Decimal(1))
    return number.normalize()
