"""Types shared by every stage of an import."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from core.errors import CounterofferError, Problem

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from core.contract import Contract
    from core.mapping import ColumnMapping, MappingPreset

ProgressCallback = Callable[[float, str], None]
"""Called with the fraction done (0..1) and a short description of the step.

It may be called from a thread other than the one that started the import
(the file is hashed while it is parsed), so it must be thread-safe.
"""

CancelCheck = Callable[[], bool]
"""Returns True once the user has asked to stop; thread-safe, like progress."""


class ImportCancelledError(CounterofferError):
    """The user stopped the import; nothing was changed."""

    def __init__(self) -> None:
        super().__init__("the import was cancelled; nothing was imported")


class PasswordRequiredError(CounterofferError):
    """The workbook is encrypted and no (or a wrong) password was given."""

    def __init__(self, file_name: str, *, wrong: bool = False) -> None:
        self.file_name = file_name
        self.wrong = wrong
        reason = "the password is wrong" if wrong else "it is password-protected"
        super().__init__(
            f"{file_name}: {reason}; give the workbook's password "
            "(--password-file on the command line)"
        )


@dataclass(frozen=True)
class ImportOptions:
    """What the user told us about a file.

    ``date_order`` resolves ambiguous dates such as 03/04/2026: ``"mdy"`` or
    ``"dmy"``; ``None`` infers it from the whole column and asks when it
    cannot. ``presets`` are the workspace's saved mappings: a file whose
    header matches one is read as a generic file with that mapping.
    """

    format: str | None = None
    mapping: ColumnMapping | None = None
    presets: tuple[MappingPreset, ...] = ()
    skip_bad_rows: bool = False
    password: str | None = None
    sheet: str | None = None
    date_order: str | None = None
    max_bytes: int = 2_000_000_000


@dataclass
class RawTable:
    """A file's table before interpretation.

    ``table`` has one column per header name; cells are text exactly as
    written, or typed values where the file itself is typed (Parquet, JSON
    numbers, spreadsheet numbers and dates). ``source_rows`` gives, for each
    table row, its 1-based row number in the file as a spreadsheet shows it.
    """

    file_name: str
    table: pa.Table
    source_rows: pa.Array
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def header(self) -> list[str]:
        return list(self.table.column_names)


@dataclass
class Converted:
    """A converter's output: valid usage rows and what was wrong with others."""

    usage: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: int = 0
    notes: list[str] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)


class ImportFormat(Protocol):
    """A file format we understand, recognised by its header."""

    name: str
    label: str

    def match(self, header: Sequence[str]) -> float:
        """How surely this header is ours, from 0 (not at all) to 1."""
        ...

    def convert(self, raw: RawTable, options: ImportOptions) -> Converted:
        """Turn the raw table into usage rows; never raises for bad cells."""
        ...


# A format may also define ``plan_columns(header) -> ColumnPlan``: the
# columns ``convert`` reads, so wide text exports parse only those, and the
# amount columns the CSV reader may parse to decimals itself.


@dataclass(frozen=True)
class ColumnPlan:
    """Which columns of a text export to read, and how.

    ``keep``: the columns to read (None: all). ``exact``: columns the CSV
    reader parses straight to ``decimal128(38, scale)``, with their scale;
    if any cell of them is not a plain number with at most that many
    decimals, the file is read again as text and the cell parsers handle it
    (rounding, thousands separators, symbols...).
    """

    keep: frozenset[str] | None = None
    exact: Mapping[str, int] = field(default_factory=dict)


@dataclass
class ImportResult:
    """What one file gave, before it enters a workspace."""

    file_name: str
    format: str
    format_label: str
    rows_read: int
    usage: pd.DataFrame
    problems: list[Problem]
    rejected_rows: int
    fingerprint: str
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)

    def totals_by_currency(self) -> dict[str, Decimal]:
        """Billed amount per currency of the rows that will be imported."""
        if self.usage.empty:
            return {}
        sums = self.usage.groupby("currency", observed=True)["billed_amount"].sum()
        return {str(k): Decimal(v) for k, v in sums.items()}


class RowIssues:
    """Collects problems per row while a converter parses columns.

    Parsers mark the rows whose cell they could not read; a row with any
    problem is rejected as a whole. Detailed problems are kept up to
    ``max_details``; every bad row is still counted and flagged.
    """

    def __init__(self, raw: RawTable, *, max_details: int = 10_000) -> None:
        import numpy as np

        self.raw = raw
        self.max_details = max_details
        self.problems: list[Problem] = []
        self.bad = np.zeros(raw.table.num_rows, dtype=bool)

    def add(
        self,
        mask: object,
        column: str,
        reason: str,
        fix: str = "",
        values: object = None,
    ) -> None:
        """Flag the rows where ``mask`` is true as bad in ``column``.

        ``mask`` is a boolean NumPy or Arrow array over the table's rows (nulls
        count as false); ``values`` the cells to quote in messages (defaults to
        the raw column).
        """
        import numpy as np
        import pyarrow as pa

        if isinstance(mask, (pa.Array, pa.ChunkedArray)):
            flags = mask.fill_null(False).to_numpy(zero_copy_only=False)
        else:
            flags = np.asarray(mask, dtype=bool)
        rows = np.flatnonzero(flags)
        if rows.size == 0:
            return
        self.bad[rows] = True
        room = self.max_details - len(self.problems)
        if room <= 0:
            return
        shown = values if values is not None else self._column(column)
        for index in rows[:room]:
            self.problems.append(
                Problem(
                    reason,
                    fix,
                    file=self.raw.file_name,
                    sheet=self.raw.sheet,
                    row=int(self.raw.source_rows[int(index)].as_py()),
                    column=column,
                    value=_cell_text(shown, int(index)),
                )
            )

    @property
    def bad_count(self) -> int:
        return int(self.bad.sum())

    def _column(self, name: str) -> object:
        table = self.raw.table
        return table.column(name) if name in table.column_names else None


def _cell_text(values: object, index: int) -> str | None:
    if values is None:
        return None
    cell = values[index]  # type: ignore[index]
    value = cell.as_py() if hasattr(cell, "as_py") else cell
    return None if value is None else str(value)
