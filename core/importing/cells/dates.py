"""Dates and times: instants in UTC from the many ways files write them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from core.errors import DataError

if TYPE_CHECKING:
    import pyarrow as pa

    from core.importing.base import RawTable, RowIssues


from core.importing.cells._shared import (
    _blank,
    _column,
    _missing,
    _Reason,
    _report,
    _spread,
    _trimmed,
    _try_cast,
)

DATE_ORDERS = ("dmy", "mdy")


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
        parsed = _iso_cast(values)
        if parsed is not None:
            # The happy path: clean ISO text, empty cells already null.
            _flag_empty_dates(issues, column, pc.is_null(parsed), required)
            return parsed
    strings = _trimmed(values)
    blank = _blank(strings)
    cells = pc.if_else(blank, pa.scalar(None, pa.string()), strings)
    _flag_empty_dates(issues, column, blank, required)
    parsed = _iso_cast(cells)
    if parsed is not None:
        return parsed

    def parse(distinct: list[str | None]) -> tuple[pa.Array, list[int]]:
        return _date_dictionary(raw, column, distinct, date_order)

    parsed, codes = _spread(cells, parse)
    _report(issues, column, codes, _DATE_REASONS)
    return parsed.cast(target)


def _iso_cast(cells: pa.Array) -> pa.Array | None:
    """ISO text with offsets (to UTC), or all naive (taken as UTC), or None."""
    import pyarrow as pa

    target = pa.timestamp("us", tz="UTC")
    for attempt in (target, pa.timestamp("us")):
        parsed = _try_cast(cells, attempt)
        if parsed is not None:
            return parsed.cast(target)
    return None


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
