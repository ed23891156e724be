"""Pieces shared by the vendor exports (OpenAI, Anthropic, DeepSeek).

Each vendor export is recognised by a :class:`Signature` of header names,
read through the column names the file actually uses (:func:`resolve`), and
turned into usage rows either one row per line (cost files) or one row per
line and meter (:func:`assemble_meters`, for usage files that give several
token counts on one line).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import Problem
from core.importing.assemble import assemble
from core.importing.base import Converted, RawTable, RowIssues
from core.importing.cells import decimals, header_key, text
from core.reference import Meter
from core.usage import QUANTITY_SCALE

if TYPE_CHECKING:
    import pyarrow as pa

# How much of a score the format's key columns carry; the other columns of
# its signature add the rest. A header with every key column but none of the
# others (an API page that was not grouped) still scores 0.8.
_KEY_WEIGHT = 0.8

_QUANTITY_TYPE_SCALE = 6


@dataclass(frozen=True)
class Signature:
    """The header names that identify an export, as :func:`header_key` keys.

    ``key`` columns must all be there for a confident match; ``other`` ones
    raise the score when present; any ``foreign`` column means the file is
    another export (score 0).
    """

    key: tuple[str, ...]
    other: tuple[str, ...] = ()
    foreign: tuple[str, ...] = ()

    def score(self, header: Sequence[str]) -> float:
        """From 0 to 1: 1 with every column, about 0.8 with the key ones."""
        found = {header_key(name) for name in header}
        if found.intersection(self.foreign):
            return 0.0
        key_share = sum(k in found for k in self.key) / len(self.key)
        other_share = (
            sum(k in found for k in self.other) / len(self.other) if self.other else 1
        )
        if key_share < 1:
            # Missing key columns weigh heavily: two of five missing is
            # already below the detection threshold.
            key_share = key_share**2
        return round(_KEY_WEIGHT * key_share + (1 - _KEY_WEIGHT) * other_share, 4)


def resolve(raw: RawTable) -> dict[str, str]:
    """Map each header key (``amount_value``) to the file's own column name.

    ``amount.value``, ``Amount Value`` and ``amount_value`` share a key; the
    first column wins when two do.
    """
    found: dict[str, str] = {}
    for name in raw.header:
        found.setdefault(header_key(name), name)
    return found


def missing_columns(raw: RawTable, missing: Sequence[str], label: str) -> Converted:
    """The result for a file lacking columns the format needs: no rows."""
    from core.usage import empty_usage

    shown = ", ".join(raw.header[:12])
    problems = [
        Problem(
            f"the column {name!r} of the {label} is missing",
            "choose the format that fits the file, or import the export as the "
            f"vendor wrote it (columns found: {shown})",
            file=raw.file_name,
            sheet=raw.sheet,
            column=name,
        )
        for name in missing
    ]
    return Converted(
        usage=empty_usage(), problems=problems, rejected_rows=raw.table.num_rows
    )


def column_text(
    raw: RawTable, columns: Mapping[str, str], key: str, default: str = ""
) -> pa.Array:
    """The trimmed text of the column with header key ``key``, or ``default``
    on every row when the file has no such column."""
    return text(raw, columns.get(key, key), default=default)


def first_present(*candidates: pa.Array) -> pa.Array:
    """Per row, the first candidate that is not empty text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    chosen = candidates[-1]
    for candidate in reversed(candidates[:-1]):
        chosen = pc.if_else(pc.equal(candidate, ""), chosen, candidate)
    return chosen.cast(pa.string())


def lookup(
    values: pa.Array, table: Mapping[str, str], default: str
) -> tuple[pa.Array, pa.Array]:
    """Translate each value through ``table``: ``(result, unknown)``.

    Values missing from the table become ``default``; ``unknown`` is a
    boolean mask of those rows.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    keys = pa.array(list(table), pa.string())
    targets = pa.array(list(table.values()), pa.string())
    positions = pc.index_in(values, value_set=keys)
    unknown = pc.is_null(positions)
    result = pc.take(targets, positions).fill_null(default)
    return result, unknown


def sample(values: pa.Array, mask: pa.Array, limit: int = 5) -> list[str]:
    """Up to ``limit`` distinct values where ``mask`` is true, for notes."""
    import pyarrow.compute as pc

    distinct = pc.unique(values.filter(mask)).to_pylist()
    return sorted(str(v) for v in distinct if v is not None)[:limit]


def unknown_note(
    count: int, what: str, examples: list[str], meter: Meter = Meter.OTHER
) -> list[str]:
    """A note for rows imported under a catch-all meter, or none."""
    if not count:
        return []
    shown = ", ".join(repr(e) for e in examples)
    return [
        f"{count} rows have a {what} we do not know ({shown}); they are "
        f"imported under the meter {meter.value!r}"
    ]


def currency_codes(
    raw: RawTable, issues: RowIssues, column: str | None, default: str = "USD"
) -> pa.Array:
    """Three-letter currency codes, upper case; others are flagged.

    ``column`` None (the file has none) or an empty cell gives ``default``.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if column is None:
        return pa.repeat(pa.scalar(default, pa.string()), raw.table.num_rows)
    codes = pc.utf8_upper(text(raw, column, default=default))
    wrong = pc.invert(pc.match_substring_regex(codes, r"^[A-Z]{3}$"))
    issues.add(
        wrong,
        column,
        "not a currency code",
        "write a three-letter ISO code such as USD",
    )
    return codes


def check_period(
    issues: RowIssues, start: pa.Array, end: pa.Array, end_column: str
) -> None:
    """Flag rows whose period ends before it starts."""
    import pyarrow.compute as pc

    issues.add(
        pc.less(end, start),
        end_column,
        "the period ends before it starts",
        "check the start and end times of the row",
    )


def check_not_negative(issues: RowIssues, values: pa.Array, column: str) -> None:
    """Flag negative counts: usage cannot be negative."""
    import pyarrow.compute as pc

    issues.add(
        pc.less(values, 0),
        column,
        "a usage count cannot be negative",
        "check the cell; refunds come as credits on the invoice",
    )


def count_column(
    raw: RawTable, issues: RowIssues, columns: Mapping[str, str], key: str
) -> pa.Array:
    """A count of tokens or requests, ``decimal128(38, 6)``.

    An empty cell or a column the file lacks counts 0; unreadable and
    negative counts are flagged.
    """
    if key not in columns:
        return zeros(raw)
    count = decimals(raw, issues, columns[key], required=False, scale=QUANTITY_SCALE)
    check_not_negative(issues, count, columns[key])
    return count.fill_null(0)


def count_true(mask: pa.Array) -> int:
    """How many rows ``mask`` marks."""
    import pyarrow.compute as pc

    return int(pc.sum(mask).as_py() or 0)


def zeros(raw: RawTable, scale: int = _QUANTITY_TYPE_SCALE) -> pa.Array:
    """A decimal zero on every row."""
    import pyarrow as pa

    kind = pa.decimal128(38, scale)
    return pa.repeat(pa.scalar(0, kind), raw.table.num_rows)


def subtract(left: pa.Array, right: pa.Array) -> pa.Array:
    """``left - right`` for two quantity columns, as ``decimal128(38, 6)``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    # Arrow widens the precision by one digit on subtraction; 38 is the most
    # decimal128 holds, so narrow first (counts never need 31 digits).
    narrow = pa.decimal128(37, _QUANTITY_TYPE_SCALE)
    difference = pc.subtract(left.cast(narrow), right.cast(narrow))
    return difference.cast(pa.decimal128(38, _QUANTITY_TYPE_SCALE))


@dataclass(frozen=True)
class MeterCount:
    """One meter of a usage file: its name per row and its count per row."""

    meter: pa.Array | str
    quantity: pa.Array


def assemble_meters(
    raw: RawTable,
    issues: RowIssues,
    common: dict[str, Any],
    counts: Sequence[MeterCount],
    notes: list[str],
) -> Converted:
    """Usage rows for a file whose lines carry several meters' counts.

    Each line gives one row per meter with a count other than zero, in the
    order of ``counts``; ``common`` holds the columns shared by a line's rows
    (arrays over the raw rows, or scalars). Every row keeps the line's
    ``source_row``. Bad lines give no rows and are counted once.
    """
    import pyarrow as pa

    rows, orders = _pick_rows(issues, counts)
    taken = pa.array(rows, pa.int64())
    columns = {
        name: value.take(taken)
        if isinstance(value, (pa.Array, pa.ChunkedArray))
        else value
        for name, value in common.items()
    }
    columns["meter"] = _per_order(counts, "meter", taken, orders)
    columns["quantity"] = _per_order(counts, "quantity", taken, orders)
    lines = RawTable(
        file_name=raw.file_name,
        table=raw.table.take(taken),
        source_rows=raw.source_rows.take(taken),
        sheet=raw.sheet,
        notes=raw.notes,
    )
    converted = assemble(lines, RowIssues(lines), columns, notes=notes)
    converted.problems = issues.problems
    converted.rejected_rows = issues.bad_count
    return converted


def _pick_rows(issues: RowIssues, counts: Sequence[MeterCount]) -> tuple[Any, Any]:
    """Raw row index and meter order of every row to make, line by line."""
    import numpy as np
    import pyarrow.compute as pc

    good = ~issues.bad
    rows, orders = [np.array([], dtype=np.int64)], [np.array([], dtype=np.int64)]
    for order, count in enumerate(counts):
        nonzero = pc.not_equal(count.quantity, 0).fill_null(False)
        picked = np.flatnonzero(good & nonzero.to_numpy(zero_copy_only=False))
        rows.append(picked)
        orders.append(np.full(picked.size, order, dtype=np.int64))
    all_rows, all_orders = np.concatenate(rows), np.concatenate(orders)
    sequence = np.lexsort((all_orders, all_rows))
    return all_rows[sequence], all_orders[sequence]


def _per_order(
    counts: Sequence[MeterCount], field: str, taken: pa.Array, orders: Any
) -> pa.Array:
    """For each picked (row, meter), the meter's ``field`` value on that row."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = pa.string() if field == "meter" else pa.decimal128(38, QUANTITY_SCALE)
    result = pa.nulls(len(taken), kind)
    for order, count in enumerate(counts):
        value = getattr(count, field)
        if isinstance(value, str):
            column = pa.repeat(pa.scalar(value, kind), len(taken))
        else:
            column = value.take(taken).cast(kind)
        result = pc.if_else(pa.array(orders == order), column, result)
    return result
