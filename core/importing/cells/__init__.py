"""Reading the cells of one raw column as text, amounts or timestamps.

Each parser takes a whole column of a :class:`RawTable` (text as written, or
values the file itself typed) and returns one Arrow array of the same length.
A cell that cannot be read becomes null and its row is flagged in
:class:`RowIssues` with a reason and a fix naming what is expected.

Fast path first. The whole column goes through Arrow's own cast (text to
``decimal128``, ISO text to ``timestamp``); on a clean export that is all the
work there is, with no Python per row (a failing cast is tried on the first
4,096 cells before the whole column, as a failure costs a full pass). For
amounts, a second vectorised pass handles well-formed messy cells: it
decides the column's decimal separator with regular expressions, rewrites
cells such as ``$1,234.50`` or ``(1.234,50 €)`` as plain numbers and casts
them. Only the cells left after that are parsed one by one by the robust
parsers below, once per *distinct* value, and spread back to the rows.

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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

    from core.importing.base import RawTable


from core.importing.cells._shared import (
    PRECISION,
    _blank,
    _column,
    _trimmed,
)
from core.importing.cells.amounts import decimals
from core.importing.cells.dates import DATE_ORDERS, timestamps

__all__ = ["DATE_ORDERS", "PRECISION", "decimals", "header_key", "text", "timestamps"]


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
