"""Reading the cells of one raw column as text, amounts or timestamps.

Each parser takes a whole column of a :class:`RawTable` (text as written, or
values the file itself typed) and returns one Arrow array of the same length.
A cell that cannot be read becomes null and its row is flagged in
:class:`RowIssues` with a reason and a fix naming what is expected.

Fast path first. The whole column goes through Arrow's own cast (text to
``decimal128``, ISO text to ``timestamp``); on a clean export that is all the
work there is, with no Python per row. Only when that cast fails are the
column's *distinct* values parsed one by one by the robust parsers below and
spread back to the rows, so a messy column of a million rows with a few
thousand distinct values stays quick.

Amounts (:func:`decimals`)
    Accepted: thousands separators (``1,234.50``, ``1.234,50``,
    ``1 234,50`` with ordinary, non-breaking or thin spaces, ``1'234.50``),
    currency symbols and ISO codes before or after the number (``$12``,
    ``12 €``, ``USD 12``), negatives written ``-12``, ``(12)``, ``12-`` or
    with the Unicode minus, and exponents (``1.5E-05``). Percentages are
    refused: ``12%`` is a rate, not an amount.

    Whether ``,`` or ``.`` is the decimal separator is decided per column,
    from the cells that can only be read one way: a cell with both marks
    (the last one is decimal), a mark repeated (``1.234.567``: thousands), a
    mark followed by other than three digits (``12,5``: decimal) or with a
    leading zero (``0,500``). Cells such as ``1,234`` that read either way
    follow the column; with no evidence at all the decimal point wins.
    Cells whose own evidence contradicts the column's are reported.
    Values with more decimals than ``scale`` are rounded half away from
    zero.

Dates (:func:`timestamps`)
    ISO dates and date-times (``2026-03-04``, ``2026-03-04T05:06:07Z``,
    offsets such as ``+02:00`` are converted to UTC; naive times are taken
    as UTC); ``M/D/YY``, ``M/D/YYYY``, ``D/M/YYYY`` (also with ``-``);
    ``D.M.YYYY`` (always day first); ``YYYY/MM/DD``; English month names
    (``4 Mar 2026``, ``Mar 4, 2026``, ``04-Mar-2026``); an optional time
    with ``AM``/``PM``; and numbers, in cells typed as numbers or written as
    digits: Excel serials (1900 date system), ``YYYYMMDD``, Unix seconds,
    milliseconds or microseconds, told apart by magnitude.

    Whether ``03/04/2026`` is day or month first is decided by the whole
    column: a first part above 12 anywhere means day first, a second part
    above 12 means month first; both at once flags every such cell; neither
    uses ``date_order`` (``"dmy"`` or ``"mdy"``), and without it raises
    :class:`DataError` asking the user to choose.

Header names (:func:`header_key`)
    Compared by a key that ignores case, spacing, punctuation and camel
    case, so ``BilledCost``, ``billed_cost`` and ``Billed Cost`` match, and
    ``lineItem/UnblendedCost`` matches ``line_item_unblended_cost``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from core.errors import DataError

if TYPE_CHECKING:
    import pyarrow as pa

    from core.importing.base import RawTable, RowIssues

PRECISION = 38

DATE_ORDERS = ("dmy", "mdy")

# ----------------------------------------------------------------- columns


def text(raw: RawTable, column: str, *, default: str = "") -> pa.Array:
    """The column as trimmed text; missing columns and empty cells give
    ``default``.

    Typed cells are written out: numbers in their shortest exact form
    (``0.1``, ``3``), timestamps in ISO form.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    values = _column(raw, column)
    if values is None:
        return pa.array([default] * raw.table.num_rows, pa.string())
    strings = _trimmed(values)
    blank = _blank(strings)
    if not pc.any(blank).as_py():
        return strings
    return pc.if_else(blank, pa.scalar(default, pa.string()), strings)


def decimals(
    raw: RawTable,
    issues: RowIssues,
    column: str,
    *,
    required: bool = True,
    scale: int = 10,
    divide_by: Decimal | int | None = None,
) -> pa.Array:
    """The column as exact numbers, ``decimal128(38, scale)``.

    ``divide_by`` converts units on the way in (``100`` for amounts in
    cents, ``1_000_000`` for a price per million); the result is rounded
    half away from zero to ``scale`` decimals. Empty cells are null, and
    flagged when ``required``. Unreadable cells are null and flagged.

    Raises:
        DataError: ``column`` is not in the table and ``required`` is true.
    """
    import pyarrow as pa

    target = pa.decimal128(PRECISION, scale)
    values = _column(raw, column)
    if values is None:
        if required:
            raise _missing(raw, column)
        return pa.nulls(raw.table.num_rows, target)

    parsed = _parse_decimals(raw, issues, column, values, scale, required)
    if divide_by is not None:
        parsed = _divide(parsed, Decimal(divide_by), scale)
    return parsed


def timestamps(
    raw: RawTable,
    issues: RowIssues,
    column: str,
    *,
    required: bool = True,
    date_order: str | None = None,
) -> pa.Array:
    """The column as instants, ``timestamp[us, UTC]``.

    ``date_order`` (``"dmy"`` or ``"mdy"``, as ``ImportOptions.date_order``)
    reads slash dates the column itself cannot settle. Empty cells are null,
    and flagged when ``required``. Unreadable cells are null and flagged.

    Raises:
        DataError: ``column`` is missing while ``required``; or the column
            holds only ambiguous slash dates (``03/04/2026``) and no
            ``date_order`` was given.
    """
    import pyarrow as pa

    target = pa.timestamp("us", tz="UTC")
    if date_order is not None and date_order not in DATE_ORDERS:
        raise DataError.single(
            f"the date order {date_order!r} is not known",
            "choose dmy or mdy",
            file=raw.file_name,
        )
    values = _column(raw, column)
    if values is None:
        if required:
            raise _missing(raw, column)
        return pa.nulls(raw.table.num_rows, target)
    return _parse_timestamps(raw, issues, column, values, required, date_order)


_CAMEL_LOWER_UPPER = re.compile(r"([a-z0-9])([A-Z])")
_CAMEL_ACRONYM = re.compile(r"([A-Z]+)([A-Z][a-z])")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def header_key(name: str) -> str:
    """A header name reduced for matching: ``"Billed Cost (USD)"`` →
    ``"billed_cost_usd"``, ``"lineItem/UnblendedCost"`` →
    ``"line_item_unblended_cost"``.

    Unicode is normalised (NFKC) and accents dropped, a byte order mark is
    removed, camel case is split into words, every run of other characters
    becomes one underscore, and the result is lower case without leading
    or trailing underscores.
    """
    cleaned = unicodedata.normalize("NFKC", name.replace("\ufeff", ""))
    cleaned = "".join(
        ch
        for ch in unicodedata.normalize("NFKD", cleaned)
        if not unicodedata.combining(ch)
    )
    cleaned = _CAMEL_ACRONYM.sub(r"\1_\2", cleaned)
    cleaned = _CAMEL_LOWER_UPPER.sub(r"\1_\2", cleaned)
    return _NOT_ALNUM.sub("_", cleaned.lower()).strip("_")


# ----------------------------------------------------------------- helpers


def _column(raw: RawTable, column: str) -> pa.Array | None:
    import pyarrow as pa

    if column not in raw.table.column_names:
        return None
    values = raw.table.column(column)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    return values


def _missing(raw: RawTable, column: str) -> DataError:
    shown = ", ".join(raw.header[:12])
    return DataError.single(
        f"the column {column!r} is missing",
        f"add it, or map another column to it (columns found: {shown})",
        file=raw.file_name,
        sheet=raw.sheet,
        column=column,
    )


def _trimmed(values: pa.Array) -> pa.Array:
    """Cells as text without surrounding whitespace (incl. no-break spaces)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = values.type
    if pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
        values = values.cast(pa.string())
    elif pa.types.is_null(kind):
        return pa.nulls(len(values), pa.string())
    elif not pa.types.is_string(kind):
        values = _typed_as_text(values)
    return pc.utf8_trim_whitespace(values)


def _typed_as_text(values: pa.Array) -> pa.Array:
    import pyarrow as pa

    kind = values.type
    if pa.types.is_timestamp(kind):
        if kind.tz is None:
            values = values.cast(pa.timestamp("us"))
        else:
            values = values.cast(pa.timestamp("us", tz="UTC"))
        return pa.array(
            [None if v is None else v.isoformat() for v in values.to_pylist()],
            pa.string(),
        )
    try:
        # Arrow writes floats in their shortest round-trip form ("0.1").
        return values.cast(pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.array(
            [None if v is None else str(v) for v in values.to_pylist()],
            pa.string(),
        )


def _blank(strings: pa.Array) -> pa.Array:
    import pyarrow.compute as pc

    return pc.or_kleene(pc.is_null(strings), pc.equal(strings, "")).fill_null(True)


@dataclass(frozen=True)
class _Reason:
    reason: str
    fix: str


def _report(
    issues: RowIssues,
    column: str,
    codes: pa.Array,
    reasons: list[_Reason],
) -> None:
    """Flag rows per reason; ``codes`` holds 1-based indexes into ``reasons``
    (0 for a good cell) for every row."""
    import numpy as np

    flat = codes.fill_null(0).to_numpy(zero_copy_only=False)
    for number in np.unique(flat):
        if number == 0:
            continue
        found = reasons[int(number) - 1]
        issues.add(flat == number, column, found.reason, found.fix)


def _spread(
    raw_values: pa.Array,
    parse: Any,
) -> tuple[pa.Array, pa.Array]:
    """Parse the distinct values of a string column with ``parse`` and map
    the results back to every row: ``(values, codes)``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(raw_values)
    distinct = encoded.dictionary.to_pylist()
    parsed, codes = parse(distinct)
    indices = encoded.indices
    return parsed.take(indices), pa.array(codes, pa.int16()).take(indices)


# ----------------------------------------------------------------- amounts

_NOT_NUMBER = _Reason("not a number", "write digits such as 12.50")
_PERCENT = _Reason(
    "a percentage, not an amount", "write the amount itself, such as 12.50"
)
_TOO_LARGE = _Reason(
    "too large to be read as a number",
    "check the cell: at most 28 digits before the decimal separator",
)
_EMPTY_NUMBER = _Reason("a number is required", "fill in a number such as 12.50")
_CONTRADICTS = _Reason(
    "uses the decimal separator the other way round from the rest of the column",
    "write every number in the column the same way, such as 1234.50",
)
_NUMBER_REASONS = [_NOT_NUMBER, _PERCENT, _TOO_LARGE, _CONTRADICTS]

_SPACES = str.maketrans(
    {"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2212": "-"}
)
_CODE_FRONT = re.compile(r"^([A-Z]{3})(?=[\s\d.,(+\-]|$)\s*")
_CODE_BACK = re.compile(r"(?<=[\s\d.,)\-])\s*([A-Z]{3})$")
_SYMBOL_EXTRA = ("US$", "A$", "C$", "NZ$", "HK$", "S$", "R$", "CHF", "kr")
_PLAIN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_EXPONENT = re.compile(r"\d+(?:\.\d+)?[eE][+-]?\d+|\d*\.\d+[eE][+-]?\d+")
_CORE = re.compile(r"[\d.,' ’]*\d[\d.,' ’]*")
_GROUP_SPLIT = re.compile(r"[ '’]")


def _parse_decimals(
    raw: RawTable,
    issues: RowIssues,
    column: str,
    values: pa.Array,
    scale: int,
    required: bool,
) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    target = pa.decimal128(PRECISION, scale)
    if pa.types.is_integer(values.type) or pa.types.is_decimal(values.type):
        try:
            return values.cast(target)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    if pa.types.is_string(values.type):
        try:
            # The happy path: clean text, empty cells already null.
            parsed = values.cast(target)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        else:
            if required and parsed.null_count:
                empty = pc.is_null(parsed)
                issues.add(empty, column, _EMPTY_NUMBER.reason, _EMPTY_NUMBER.fix)
            return parsed
    strings = _trimmed(values)
    blank = _blank(strings)
    cells = pc.if_else(blank, pa.scalar(None, pa.string()), strings)
    if required and pc.any(blank).as_py():
        issues.add(blank, column, _EMPTY_NUMBER.reason, _EMPTY_NUMBER.fix)
    try:
        return cells.cast(target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass

    parsed, codes = _spread(
        cells, lambda distinct: _decimal_dictionary(distinct, scale)
    )
    _report(issues, column, codes, _NUMBER_REASONS)
    return parsed


def _decimal_dictionary(
    distinct: list[str | None], scale: int
) -> tuple[pa.Array, list[int]]:
    """Parse every distinct cell with the column's decimal style."""
    import pyarrow as pa

    cores: list[tuple[bool, str] | int] = [_number_core(v or "") for v in distinct]
    style = _column_style(c[1] for c in cores if isinstance(c, tuple))
    quantum = Decimal(1).scaleb(-scale)
    limit = Decimal(10) ** (PRECISION - scale)
    out: list[Decimal | None] = []
    codes: list[int] = []
    for core in cores:
        if isinstance(core, int):
            out.append(None)
            codes.append(core)
            continue
        negative, digits = core
        number = _read_core(digits, style)
        if isinstance(number, int):
            out.append(None)
            codes.append(number)
            continue
        number = -number if negative else number
        number = number.quantize(quantum, rounding=ROUND_HALF_UP)
        if abs(number) >= limit:
            out.append(None)
            codes.append(_NUMBER_REASONS.index(_TOO_LARGE) + 1)
            continue
        out.append(number)
        codes.append(0)
    return pa.array(out, pa.decimal128(PRECISION, scale)), codes


def _code(reason: _Reason) -> int:
    return _NUMBER_REASONS.index(reason) + 1


def _number_core(cell: str) -> tuple[bool, str] | int:
    """Strip currency, signs and brackets: ``(negative, digits and
    separators)``, or a reason code."""
    text_ = cell.translate(_SPACES).strip()
    if "%" in text_ or "‰" in text_:
        return _code(_PERCENT)
    negative = False
    for _ in range(6):
        before = text_
        if text_.startswith("(") and text_.endswith(")"):
            negative = not negative
            text_ = text_[1:-1].strip()
        if text_.startswith(("-", "+")) or text_.endswith(("-", "+")):
            sign = text_[0] if text_[0] in "+-" else text_[-1]
            text_ = text_[1:] if text_[0] in "+-" else text_[:-1]
            negative = negative != (sign == "-")
            text_ = text_.strip()
        text_ = _strip_currency(text_)
        if text_ == before:
            break
    if not text_:
        return _code(_NOT_NUMBER)
    if _EXPONENT.fullmatch(text_):
        return negative, text_
    if not _CORE.fullmatch(text_):
        return _code(_NOT_NUMBER)
    return negative, text_


def _strip_currency(text_: str) -> str:
    for extra in _SYMBOL_EXTRA:
        if text_.startswith(extra):
            text_ = text_[len(extra) :]
        elif text_.endswith(extra):
            text_ = text_[: -len(extra)]
    text_ = _CODE_FRONT.sub("", text_)
    text_ = _CODE_BACK.sub("", text_)
    while text_ and unicodedata.category(text_[0]) == "Sc":
        text_ = text_[1:]
    while text_ and unicodedata.category(text_[-1]) == "Sc":
        text_ = text_[:-1]
    return text_.strip()


def _evidence(core: str) -> str | None:
    """``"dot"`` or ``"comma"`` when the cell can only be read one way."""
    if _EXPONENT.fullmatch(core):
        return "dot"
    dots, commas = core.count("."), core.count(",")
    if dots and commas:
        return "dot" if core.rfind(".") > core.rfind(",") else "comma"
    if not dots and not commas:
        return None
    mark, count = (".", dots) if dots else (",", commas)
    own, other = ("dot", "comma") if mark == "." else ("comma", "dot")
    if count > 1:
        return other
    head, tail = core.split(mark)
    head = _GROUP_SPLIT.sub("", head)
    if len(tail) == 3 and head and head != "0" and len(head) <= 3:
        return None if not _GROUP_SPLIT.search(core) else own
    return own


def _column_style(cores: Iterable[str]) -> str:
    votes = Counter(_evidence(core) for core in cores)
    return "comma" if votes["comma"] > votes["dot"] else "dot"


def _read_core(core: str, style: str) -> Decimal | int:
    if _EXPONENT.fullmatch(core):
        return Decimal(core)
    evidence = _evidence(core)
    if evidence is not None and evidence != style:
        return _code(_CONTRADICTS)
    decimal_mark, group_mark = (".", ",") if style == "dot" else (",", ".")
    if core.count(decimal_mark) > 1:
        return _code(_NOT_NUMBER)
    head, _, tail = core.partition(decimal_mark)
    if not _digits_only(tail):
        return _code(_NOT_NUMBER)
    groups = re.split(rf"[{re.escape(group_mark)} '’]", head)
    if len(groups) > 1 and not _valid_groups(groups):
        return _code(_NOT_NUMBER)
    whole = "".join(groups)
    if not _digits_only(whole) or not (whole or tail):
        return _code(_NOT_NUMBER)
    try:
        return Decimal(f"{whole or '0'}.{tail or '0'}")
    except InvalidOperation:
        return _code(_NOT_NUMBER)


def _digits_only(part: str) -> bool:
    return part == "" or (part.isascii() and part.isdigit())


def _valid_groups(groups: list[str]) -> bool:
    """Thousands groups: 1–3 digits first, then threes (Indian 2-digit
    groups allowed in the middle)."""
    first, *middle, last = groups
    return (
        1 <= len(first) <= 3
        and all(len(g) in (2, 3) for g in middle)
        and len(last) == 3
    )


def _divide(parsed: pa.Array, divisor: Decimal, scale: int) -> pa.Array:
    """``parsed / divisor``, exact to ``scale`` decimals (half away from 0)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    target = pa.decimal128(PRECISION, scale)
    if divisor == 0:
        raise ValueError("divide_by must not be zero")
    _sign, digits, exponent = divisor.normalize().as_tuple()
    assert isinstance(exponent, int)
    places = max(-exponent, 0)
    width = max(len(digits) + max(exponent, 0), places + 1)
    scalar = pa.scalar(divisor, pa.decimal256(width, places))
    try:
        wide = parsed.cast(pa.decimal256(PRECISION + 6, scale + 6))
        quotient = pc.divide(wide, scalar)
        rounded = pc.round(quotient, scale, round_mode="half_towards_infinity")
        return rounded.cast(target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        quantum = Decimal(1).scaleb(-scale)
        limit = Decimal(10) ** (PRECISION - scale)
        out: list[Decimal | None] = []
        for value in parsed.to_pylist():
            if value is None:
                out.append(None)
                continue
            result = (value / divisor).quantize(quantum, rounding=ROUND_HALF_UP)
            out.append(result if abs(result) < limit else None)
        return pa.array(out, target)


# ------------------------------------------------------------------- dates

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EXCEL_EPOCH = datetime(1899, 12, 30, tzinfo=UTC)
_US_PER_DAY = 86_400_000_000
_EXCEL_MAX_SERIAL = 2_958_465  # 9999-12-31

_NOT_DATE = _Reason(
    "not a date",
    "write dates such as 2026-03-31 (or 03/31/2026, 31.03.2026)",
)
_BAD_DATE = _Reason(
    "not a valid calendar date", "check the day and month, such as 2026-03-31"
)
_MIXED_ORDER = _Reason(
    "the column mixes day-first and month-first dates",
    "write dates as YYYY-MM-DD, or choose the day/month order "
    "(--date-order dmy|mdy on the command line)",
)
_EMPTY_DATE = _Reason("a date is required", "fill in a date such as 2026-03-31")
_DATE_REASONS = [_NOT_DATE, _BAD_DATE, _MIXED_ORDER]

_TIME = (
    r"(?:[T ]+(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?"
)
_ZONE = r"\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"
_ISO = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})" + _TIME + _ZONE
)
_YMD_SLASH = re.compile(
    r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})" + _TIME + _ZONE
)
_SLASH = re.compile(
    r"(?P<first>\d{1,2})(?P<mark>[/-])(?P<second_>\d{1,2})(?P=mark)"
    r"(?P<year>\d{4}|\d{2})" + _TIME + _ZONE
)
_DOTTED = re.compile(
    r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4}|\d{2})" + _TIME + _ZONE
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<mname>[A-Za-z]{3,9})\.?"
_DAY_MONTH_NAME = re.compile(
    r"(?P<day>\d{1,2})[\s\-/]+"
    + _MONTH
    + r"[\s\-/,]+(?P<year>\d{4}|\d{2})"
    + _TIME
    + _ZONE
)
_MONTH_NAME_DAY = re.compile(
    _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME + _ZONE
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class _SlashDate:
    """A ``a/b/year`` date whose day/month order the column decides."""

    first: int
    second: int
    match: re.Match[str]


def _parse_timestamps(
    raw: RawTable,
    issues: RowIssues,
    column: str,
    values: pa.Array,
    required: bool,
    date_order: str | None,
) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    target = pa.timestamp("us", tz="UTC")
    kind = values.type
    if pa.types.is_timestamp(kind) or pa.types.is_date(kind):
        typed = values.cast(pa.timestamp("us", tz=getattr(kind, "tz", None)))
        result = typed.cast(target)
        _flag_empty_dates(issues, column, pc.is_null(result), required)
        return result
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        micros, codes = _numbers_to_micros(values.cast(pa.float64()))
        result = micros.cast(target)
        _flag_empty_dates(issues, column, pc.is_null(values), required)
        _report(issues, column, codes, _DATE_REASONS)
        return result

    if pa.types.is_string(values.type):
        for attempt in (target, pa.timestamp("us")):
            try:
                # The happy path: clean ISO text, empty cells already null.
                parsed = values.cast(attempt).cast(target)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                continue
            _flag_empty_dates(issues, column, pc.is_null(parsed), required)
            return parsed
    strings = _trimmed(values)
    blank = _blank(strings)
    cells = pc.if_else(blank, pa.scalar(None, pa.string()), strings)
    _flag_empty_dates(issues, column, blank, required)
    for attempt in (target, pa.timestamp("us")):
        try:
            return cells.cast(attempt).cast(target)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue

    def parse(distinct: list[str | None]) -> tuple[pa.Array, list[int]]:
        return _date_dictionary(raw, column, distinct, date_order)

    parsed, codes = _spread(cells, parse)
    _report(issues, column, codes, _DATE_REASONS)
    return parsed.cast(target)


def _flag_empty_dates(
    issues: RowIssues, column: str, blank: pa.Array, required: bool
) -> None:
    import pyarrow.compute as pc

    if required and pc.any(blank).as_py():
        issues.add(blank, column, _EMPTY_DATE.reason, _EMPTY_DATE.fix)


def _numbers_to_micros(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Excel serials, YYYYMMDD, Unix s/ms/µs to µs since 1970 (vectorised)."""
    import numpy as np
    import pyarrow as pa

    numbers = values.to_numpy(zero_copy_only=False).astype(np.float64)
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(numbers)
        safe = np.where(finite, numbers, 0.0)
        micros = np.zeros(len(numbers), dtype=np.int64)
        ok = np.zeros(len(numbers), dtype=bool)

        excel = finite & (safe >= 1) & (safe <= _EXCEL_MAX_SERIAL)
        days = np.where(safe >= 61, safe, safe + 1)  # Excel's 1900-02-29
        offset = int((_EXCEL_EPOCH - _EPOCH).total_seconds()) * 1_000_000
        excel_us = np.round(days * 86_400_000).astype(np.int64) * 1000 + offset
        micros = np.where(excel, excel_us, micros)
        ok |= excel

        compact = finite & (safe >= 19000101) & (safe <= 21001231) & (safe % 1 == 0)
        for index in np.flatnonzero(compact):
            found = _compact_date(int(safe[index]))
            if found is not None:
                micros[index] = found
                ok[index] = True

        for low, high, factor in ((1e8, 1e11, 1e6), (1e11, 1e14, 1e3), (1e14, 1e17, 1)):
            unix = finite & ~ok & (safe >= low) & (safe < high)
            micros = np.where(unix, np.round(safe * factor).astype(np.int64), micros)
            ok |= unix

    present = ~values.is_null().to_numpy(zero_copy_only=False)
    codes = np.where(present & ~ok, 1, 0).astype(np.int16)
    result = pa.array(micros, pa.int64(), mask=~ok)
    return result, pa.array(codes)


def _compact_date(number: int) -> int | None:
    try:
        day = date(number // 10000, number // 100 % 100, number % 100)
    except ValueError:
        return None
    return (day - date(1970, 1, 1)).days * _US_PER_DAY


def _date_dictionary(
    raw: RawTable,
    column: str,
    distinct: list[str | None],
    date_order: str | None,
) -> tuple[pa.Array, list[int]]:
    """Parse every distinct cell; slash dates wait for the column's order."""
    import pyarrow as pa

    first_pass = [_read_date(cell or "") for cell in distinct]
    slashes = [item for item in first_pass if isinstance(item, _SlashDate)]
    order: str | None = None
    mixed = False
    if slashes:
        order, mixed = _slash_order(raw, column, slashes, date_order)

    micros: list[int | None] = []
    codes: list[int] = []
    for item in first_pass:
        if isinstance(item, _SlashDate):
            if mixed:
                item = _DATE_REASONS.index(_MIXED_ORDER) + 1
            else:
                day, month = (
                    (item.first, item.second)
                    if order == "dmy"
                    else (item.second, item.first)
                )
                item = _to_micros(item.match, day=day, month=month)
        if isinstance(item, tuple):
            micros.append(item[0])
            codes.append(0)
        else:
            micros.append(None)
            codes.append(int(item))
    return pa.array(micros, pa.int64()), codes


def _slash_order(
    raw: RawTable,
    column: str,
    slashes: list[_SlashDate],
    date_order: str | None,
) -> tuple[str | None, bool]:
    """The column's day/month order: ``(order, mixed)``."""
    if date_order is not None:
        return date_order, False
    day_first = any(item.first > 12 for item in slashes)
    month_first = any(item.second > 12 for item in slashes)
    if day_first and month_first:
        return None, True
    if day_first:
        return "dmy", False
    if month_first:
        return "mdy", False
    example = slashes[0].match.group(0)
    raise DataError.single(
        f"dates such as {example} could be day/month or month/day",
        "choose the day/month order (--date-order dmy|mdy on the command line)",
        file=raw.file_name,
        sheet=raw.sheet,
        column=column,
        value=example,
    )


def _read_date(cell: str) -> tuple[int] | _SlashDate | int:
    """A cell as ``(micros,)``, a pending slash date, or a reason code
    (1-based index into :data:`_DATE_REASONS`)."""
    bad = _DATE_REASONS.index(_NOT_DATE) + 1
    if _NUMBER.fullmatch(cell):
        return _number_date(cell, bad)
    for pattern in (_ISO, _YMD_SLASH, _DOTTED, _DAY_MONTH_NAME, _MONTH_NAME_DAY):
        match = pattern.fullmatch(cell)
        if match is not None:
            fields = match.groupdict()
            if "mname" in fields:
                month = _MONTHS.get(fields["mname"].lower())
                if month is None:
                    return bad
                return _to_micros(match, month=month)
            return _to_micros(match)
    match = _SLASH.fullmatch(cell)
    if match is not None:
        return _SlashDate(int(match["first"]), int(match["second_"]), match)
    return bad


def _number_date(cell: str, bad: int) -> tuple[int] | int:
    import pyarrow as pa

    micros, _codes = _numbers_to_micros(pa.array([float(cell)]))
    value = micros[0].as_py()
    return bad if value is None else (int(value),)


def _to_micros(
    match: re.Match[str], *, day: int | None = None, month: int | None = None
) -> tuple[int] | int:
    """Microseconds since 1970 UTC, or a positive reason code."""
    fields = match.groupdict()
    year = int(fields["year"])
    if len(fields["year"]) == 2:
        year += 2000 if year < 69 else 1900
    day = int(fields["day"]) if day is None else day
    month = int(fields["month"]) if month is None else month
    hour = int(fields["hour"] or 0)
    minute = int(fields["minute"] or 0)
    second = int(fields["second"] or 0)
    fraction = int((fields["fraction"] or "0")[:6].ljust(6, "0"))
    ampm = (fields["ampm"] or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return _DATE_REASONS.index(_BAD_DATE) + 1
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    try:
        moment = datetime(year, month, day, hour, minute, second, fraction, UTC)
    except ValueError:
        return _DATE_REASONS.index(_BAD_DATE) + 1
    moment -= _zone_offset(fields["zone"])
    return ((moment - _EPOCH) // timedelta(microseconds=1),)


def _zone_offset(zone: str | None) -> timedelta:
    if not zone or zone in ("Z", "UTC", "GMT"):
        return timedelta(0)
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return sign * timedelta(hours=hours, minutes=minutes)
