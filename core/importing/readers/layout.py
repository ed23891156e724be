"""Where the table is: header row, title rows above it, trailer rows below.

Exports made for people carry decoration around the table. These rules,
applied to the first and last rows of a file or sheet, find the table:

Header row
    Among the first 30 rows, the header is the widest row that looks like
    names (at least half of its cells filled, at least 60% of them not
    numbers or dates, and 60% distinct) and is followed by data rows of about
    its width (at most as wide, at least half as wide). Rows above it are
    title rows and are skipped, with a note.

Two-row headers
    Spreadsheets group columns under a merged cell ("Input tokens" over
    "Count" and "Cost"). Without a merge map, the row just above the header
    is taken as a group row when it holds only text, has two or more filled
    cells (or one not in the first column, which a title would be), and a
    filled cell is followed by a blank one. Each group label is carried
    right across the blanks and joined to the names below:
    ``"Input tokens Count"``. A lone title in the first column is just a
    title. A merge map, when the reader has one, replaces the guess.

Names
    Blank names become ``column_7`` (its 1-based position); repeated names
    get ``_2``, ``_3``: ``amount``, ``amount_2``. Whitespace inside a name
    is collapsed to single spaces.

Trailer rows
    Walking up from the last row: a row whose first filled cell starts with
    total, subtotal, grand total, sum, summe, totaal or gesamt; a row holding
    only a cell starting with note(s); a blank row; or a row with at most a
    third as many filled cells as the data's typical row (when that is three
    or more) is a trailer; the walk stops at the first row that is none.
    Trailers are left out with a note naming their row numbers.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

HEADER_SCAN = 30
TRAILER_SCAN = 50

_NUMBERISH = re.compile(
    r"[\s(+\-−]*[$€£¥]?\s*[\d.,'\s/:\-]*\d[\d.,'\s/:\-]*\s*%?\)?\s*"
    r"(?:[A-Z]{3})?\s*(?:[T ]\d.*)?"
)
_TOTAL = re.compile(
    r"(grand\s*|sub\s*-?\s*)?totals?\b|sum\b|summe\b|totaal\b|gesamt",
    re.IGNORECASE,
)
_NOTE = re.compile(r"notes?\b", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_data_like(value: Any) -> bool:
    """Numbers, dates and times, typed or written as text."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal | date | datetime | time):
        return True
    return isinstance(value, str) and bool(_NUMBERISH.fullmatch(value.strip()))


def width(row: Sequence[Any]) -> int:
    """Position after the last filled cell."""
    for index in range(len(row) - 1, -1, -1):
        if not is_blank(row[index]):
            return index + 1
    return 0


def filled(row: Sequence[Any]) -> list[Any]:
    return [value for value in row if not is_blank(value)]


def find_header(rows: Sequence[Sequence[Any]]) -> int:
    """Index of the header row in ``rows`` (0 when nothing looks better)."""
    best: tuple[bool, int] | None = None
    chosen = 0
    for index, row in enumerate(rows[:HEADER_SCAN]):
        span = width(row)
        if span == 0 or not _names_like(row, span):
            continue
        followers = [r for r in rows[index + 1 : index + 6] if width(r)]
        fits = [span // 2 <= width(r) <= span for r in followers]
        if followers and sum(fits) * 2 < len(fits):
            continue
        score = (bool(followers), span)
        if best is None or score > best:
            best, chosen = score, index
    return chosen


def _names_like(row: Sequence[Any], span: int) -> bool:
    cells = filled(row[:span])
    if len(cells) * 2 < span:
        return False
    texts = [str(v).strip() for v in cells if not is_data_like(v)]
    return len(texts) >= 0.6 * len(cells) and len(set(texts)) >= 0.6 * len(cells)


@dataclass
class Header:
    """The header found in a block of rows."""

    index: int
    names: list[str]
    group_row: bool = False
    notes: list[str] = field(default_factory=list)


def read_header(
    rows: Sequence[Sequence[Any]],
    *,
    first_row_number: int = 1,
    merges: Sequence[tuple[int, int, int, int]] | None = None,
    total_width: int | None = None,
) -> Header:
    """Find the header in ``rows`` and name the columns.

    ``first_row_number`` is the 1-based number of ``rows[0]`` in the file;
    ``merges`` (row, column, last row, last column; 0-based, relative to
    ``rows``) is the sheet's merge map when the reader has one.
    """
    index = find_header(rows)
    lower = list(rows[index]) if rows else []
    span = max(total_width or 0, _data_width(rows, index), width(lower))
    lower += [None] * (span - len(lower))
    upper = list(rows[index - 1]) if index > 0 else []
    upper += [None] * (span - len(upper))
    labels = _group_labels(upper, lower, index - 1, merges)
    names = [
        _join(label, _name(value)) for label, value in zip(labels, lower, strict=True)
    ]
    grouped = any(labels)
    notes = []
    above = index - (1 if grouped else 0)
    if above > 0:
        last = first_row_number + above - 1
        shown = (
            f"row {first_row_number}"
            if above == 1
            else (f"rows {first_row_number}–{last}")
        )
        notes.append(f"skipped title {shown} above the header")
    return Header(index, unique_names(names), grouped, notes)


def _data_width(rows: Sequence[Sequence[Any]], index: int) -> int:
    spans = [width(r) for r in rows[index + 1 : index + 1 + HEADER_SCAN] if width(r)]
    if not spans:
        return 0
    return Counter(spans).most_common(1)[0][0]


def _group_labels(
    upper: list[Any],
    lower: list[Any],
    upper_index: int,
    merges: Sequence[tuple[int, int, int, int]] | None,
) -> list[str]:
    blank = [""] * len(lower)
    if upper_index < 0 or not filled(upper):
        return blank
    if merges is not None:
        return _labels_from_merges(upper, upper_index, merges, len(lower))
    cells = [(i, v) for i, v in enumerate(upper) if not is_blank(v)]
    if any(is_data_like(v) for _, v in cells):
        return blank
    if len(cells) == 1 and cells[0][0] == 0:
        return blank
    spans_blank = any(
        i + 1 < len(upper) and is_blank(upper[i + 1]) and not is_blank(lower[i + 1])
        for i, _ in cells
    )
    if not spans_blank:
        return blank
    labels = []
    current = ""
    for value in upper:
        if not is_blank(value):
            current = _name(value)
        labels.append(current)
    return labels


def _labels_from_merges(
    upper: list[Any],
    upper_index: int,
    merges: Sequence[tuple[int, int, int, int]],
    count: int,
) -> list[str]:
    labels = [""] * count
    found = False
    for top, left, bottom, right in merges:
        if top <= upper_index <= bottom and right > left:
            if top < upper_index:
                continue
            label = _name(upper[left]) if left < len(upper) else ""
            if not label or (left == 0 and right >= count - 1):
                continue  # a title across the whole table, not a group
            for column in range(left, min(right + 1, count)):
                labels[column] = label
            found = True
    return labels if found else [""] * count


def _join(label: str, name: str) -> str:
    if label and name:
        return f"{label} {name}"
    return label or name


def _name(value: Any) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime) and value.time() == time(0):
        value = value.date()
    if isinstance(value, date | time):
        return value.isoformat()
    return _SPACE.sub(" ", str(value).replace("\ufeff", "")).strip()


def unique_names(names: Sequence[str]) -> list[str]:
    """Blank names become ``column_N``; repeats get ``_2``, ``_3``."""
    result: list[str] = []
    taken = {name for name in names if name}
    seen: Counter[str] = Counter()
    for position, name in enumerate(names, start=1):
        if not name:
            name = f"column_{position}"
            while name in taken:
                name += "_"
            taken.add(name)
            result.append(name)
            continue
        seen[name] += 1
        if seen[name] == 1:
            result.append(name)
            continue
        number = seen[name]
        candidate = f"{name}_{number}"
        while candidate in taken:
            number += 1
            candidate = f"{name}_{number}"
        seen[name] = number
        taken.add(candidate)
        result.append(candidate)
    return result


def trailer_count(rows: Sequence[Sequence[Any]], typical: int) -> int:
    """How many of the last ``rows`` are totals, notes or near-empty rows.

    ``typical`` is the usual number of filled cells in a data row.
    """
    count = 0
    sparse = max(1, math.floor(typical / 3))
    for row in reversed(rows):
        cells = filled(row)
        if not cells:
            count += 1
            continue
        first = str(cells[0]).strip()
        note = _NOTE.match(first) is not None and len(cells) == 1
        if _TOTAL.match(first) or note or (typical >= 3 and len(cells) <= sparse):
            count += 1
            continue
        break
    return count


def typical_filled(rows: Sequence[Sequence[Any]]) -> int:
    """The most common number of filled cells among ``rows``."""
    counts = Counter(len(filled(row)) for row in rows if filled(row))
    return counts.most_common(1)[0][0] if counts else 0


def row_list(numbers: Sequence[int]) -> str:
    """``"rows 12, 13"`` or ``"row 12"``."""
    shown = ", ".join(str(n) for n in numbers[:10])
    if len(numbers) > 10:
        shown += f" and {len(numbers) - 10} more"
    return f"row {shown}" if len(numbers) == 1 else f"rows {shown}"
