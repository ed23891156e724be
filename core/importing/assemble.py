"""Assemble a converter's parsed columns into usage rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.importing.base import Converted, RawTable, RowIssues
from core.usage import COLUMNS, from_arrow, usage_schema

if TYPE_CHECKING:
    import pyarrow as pa


def assemble(
    raw: RawTable,
    issues: RowIssues,
    columns: dict[str, Any],
    *,
    notes: list[str] | None = None,
) -> Converted:
    """Build the usage table from parsed columns, dropping rejected rows.

    ``columns`` maps usage column names to Arrow arrays (one value per raw
    row) or to a scalar repeated on every row; ``source_file`` and
    ``source_row`` are filled from ``raw``. Columns left out are null (empty
    text for ``account`` and ``workload``, ``Usage`` for the charge
    category). Rows flagged in ``issues`` are left out and counted.
    """
    import numpy as np
    import pyarrow as pa

    schema = usage_schema()
    count = raw.table.num_rows
    defaults: dict[str, Any] = {
        "account": "",
        "workload": "",
        "charge_category": "Usage",
        "source_file": raw.file_name,
        "source_row": raw.source_rows,
    }
    arrays = []
    for name in COLUMNS:
        value = columns.get(name, defaults.get(name))
        arrays.append(_as_array(value, schema.field(name).type, count))
    table = pa.Table.from_arrays(arrays, schema=schema)
    keep = ~issues.bad
    if not keep.all():
        table = table.filter(pa.array(keep))
    return Converted(
        usage=from_arrow(table),
        problems=issues.problems,
        rejected_rows=int(np.count_nonzero(~keep)),
        notes=notes or [],
    )


def _as_array(value: Any, arrow_type: pa.DataType, count: int) -> pa.Array:
    import pyarrow as pa

    if isinstance(value, pa.ChunkedArray):
        value = value.combine_chunks()
    if isinstance(value, pa.Array):
        return value if value.type == arrow_type else value.cast(arrow_type)
    return pa.repeat(pa.scalar(value, type=arrow_type), count)
