"""Helpers shared by the cell parsers: columns, blanks and reported reasons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import DataError

if TYPE_CHECKING:
    import pyarrow as pa

    from core.importing.base import RawTable, RowIssues


PRECISION = 38


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


def _try_cast(
    values: pa.Array, target: pa.DataType, *, sample: bool = True
) -> pa.Array | None:
    """``values`` cast to ``target``, or None. A failing cast costs as much
    as a whole pass, so a slice of the first cells is tried first."""
    import pyarrow as pa

    try:
        if sample and len(values) > 4096:
            values.slice(0, 4096).cast(target)
        return values.cast(target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
