"""Recognising rows we already hold, so nothing is counted twice.

A row's identity is its content, not where it came from: the same line in
two overlapping exports, or in the same file imported twice, has the same
vendor, account, model, meter, period, quantity and amount.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

IDENTITY_COLUMNS = (
    "period_start",
    "period_end",
    "vendor",
    "account",
    "workload",
    "model",
    "meter",
    "quantity",
    "billed_amount",
    "currency",
    "charge_category",
    "commitment_id",
)


def row_fingerprints(usage: pd.DataFrame) -> np.ndarray:
    """A 64-bit content hash per row of a usage table."""
    import numpy as np
    import pandas as pd

    # Every usage table has the same declared scale, so the text of a
    # decimal is canonical and equal values hash alike.
    as_text = pd.DataFrame(
        {
            name: usage[name].astype("string[pyarrow]").fillna("\x00")
            for name in IDENTITY_COLUMNS
        }
    )
    hashes = pd.util.hash_pandas_object(as_text, index=False)
    return np.asarray(hashes, dtype=np.uint64)


def new_rows_mask(incoming: pd.DataFrame, existing: pd.DataFrame) -> np.ndarray:
    """True for each incoming row whose content ``existing`` does not hold.

    Identical rows within one file are kept: a vendor may bill two equal
    lines, and only a second file can repeat what a first one said.
    """
    import numpy as np

    if incoming.empty or existing.empty:
        return np.ones(len(incoming), dtype=bool)
    return ~np.isin(row_fingerprints(incoming), row_fingerprints(existing))
