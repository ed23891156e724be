"""Parquet exports, read with pyarrow; typed columns are kept as they are.

The footer's row-group sizes are checked against ``max_bytes`` before any
data is decompressed. ``source_rows`` is the 1-based ordinal of the row.
"""

from __future__ import annotations

from pathlib import Path

from core.importing.base import RawTable
from core.importing.readers import layout
from core.importing.readers.safety import refuse


def read_parquet(path: Path, file_name: str, max_bytes: int) -> RawTable:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        meta = parquet.metadata
        expanded = sum(
            meta.row_group(i).total_byte_size for i in range(meta.num_row_groups)
        )
        if expanded > max_bytes:
            raise refuse(
                file_name,
                f"the Parquet file expands to {expanded / 1e9:.1f} GB, more than "
                "allowed",
                "export a shorter period",
            )
        table = parquet.read()
    except (pa.ArrowException, OSError, ValueError, IndexError) as exc:
        detail = str(exc).strip().splitlines()[0][:80] if str(exc).strip() else ""
        raise refuse(
            file_name,
            f"the Parquet file is damaged or incomplete ({detail})",
            "download or export it again",
        ) from None
    if table.num_rows == 0:
        raise refuse(
            file_name,
            "the file has a header but no rows",
            "export a period that has data",
        )
    names = layout.unique_names(
        ["" if layout.is_blank(n) else n for n in table.column_names]
    )
    table = table.rename_columns(names).combine_chunks()
    rows = pa.array(np.arange(1, table.num_rows + 1), pa.int64())
    return RawTable(file_name, table, rows)
