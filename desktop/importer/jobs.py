"""The import wizard's background calls: read a file, or its raw columns.

Like :mod:`desktop.jobs`, these only call the core and return plain data;
the task runner runs them off the GUI thread with a progress callback and
a cancel check. A file is always read with bad rows skipped, so the wizard
can list every problem; whether such a file may be imported is the user's
choice, made in the wizard.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import DataError
from core.importing.service import CONTRACT_FORMAT

if TYPE_CHECKING:
    import pandas as pd

    from core.errors import Problem
    from core.importing.base import (
        CancelCheck,
        ImportOptions,
        ImportResult,
        ProgressCallback,
    )
    from core.mapping import ColumnMapping

log = logging.getLogger(__name__)

PREVIEW_ROWS = 200
SAMPLE_ROWS = 20
PROBLEM_COLUMNS = ("file", "sheet", "row", "column", "value", "reason", "fix")


@dataclass(frozen=True)
class FileReview:
    """A file read and converted, ready to be looked at and imported.

    ``preview`` holds the first rows to import; ``problems`` one row per
    problem (see :data:`PROBLEM_COLUMNS`); ``totals`` the billed amount per
    currency of the rows to import; ``preset_used`` whether a saved mapping
    preset chose the columns.
    """

    result: ImportResult
    preview: pd.DataFrame
    problems: pd.DataFrame
    totals: dict[str, Decimal]
    preset_used: bool = False

    @property
    def is_contract(self) -> bool:
        return self.result.format == CONTRACT_FORMAT


@dataclass(frozen=True)
class NeedsMapping:
    """A file whose columns the user must map: its header and first rows."""

    file_name: str
    header: list[str]
    sample: pd.DataFrame
    sheet: str | None
    guess: ColumnMapping


FileRead = FileReview | NeedsMapping


def read_file(
    path: Path,
    options: ImportOptions,
    *,
    progress: ProgressCallback,
    cancel: CancelCheck,
) -> FileRead:
    """Read ``path`` for the wizard: a review, or its columns to map.

    A contract workbook is read as a contract. A file no format recognises
    (or asked for as generic without a mapping or a saved preset) gives
    :class:`NeedsMapping`.

    Raises:
        DataError, PasswordRequiredError, ImportCancelledError: as
            :func:`core.importing.pipeline.read_import` does.
    """
    from core.importing.pipeline import read_import

    if options.format in (None, CONTRACT_FORMAT) and _is_contract(path, options):
        from core.importing.service import read_contract_file

        return review_of(read_contract_file(path, options))
    try:
        result = read_import(
            path,
            replace(options, skip_bad_rows=True),
            progress=progress,
            cancel=cancel,
        )
    except DataError:
        if options.mapping is None and options.format in (None, "generic"):
            columns = read_columns(path, options, progress=progress, cancel=cancel)
            if options.format == "generic" or not _recognised(columns.header):
                return columns
        raise
    preset_used = result.format == "generic" and options.mapping is None
    return review_of(result, preset_used=preset_used)


def read_columns(
    path: Path,
    options: ImportOptions,
    *,
    progress: ProgressCallback,
    cancel: CancelCheck,
) -> NeedsMapping:
    """The raw header and first rows of ``path``, for the mapping editor."""
    from core.importing.files import read_raw
    from core.mapping_guess import guess_mapping

    raw, _ = read_raw(path, options, progress=progress, cancel=cancel)
    return NeedsMapping(
        file_name=raw.file_name,
        header=raw.header,
        sample=_text_frame(raw.table.slice(0, SAMPLE_ROWS).to_pydict()),
        sheet=raw.sheet,
        guess=guess_mapping(raw.header),
    )


def review_of(result: ImportResult, *, preset_used: bool = False) -> FileReview:
    """What the wizard shows of a read file."""
    return FileReview(
        result=result,
        preview=result.usage.head(PREVIEW_ROWS),
        problems=problems_frame(result.problems),
        totals=result.totals_by_currency(),
        preset_used=preset_used,
    )


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table, one row each, in :data:`PROBLEM_COLUMNS`."""
    import pandas as pd

    frame = pd.DataFrame(
        [[getattr(p, name) for name in PROBLEM_COLUMNS] for p in problems],
        columns=list(PROBLEM_COLUMNS),
        dtype=object,
    )
    return frame.astype({"row": "Int64"})


def _is_contract(path: Path, options: ImportOptions) -> bool:
    from core.importing.formats.contract import is_contract_workbook

    return is_contract_workbook(path, password=options.password)


def _recognised(header: list[str]) -> bool:
    from core.importing.detect import rank_formats

    return bool(rank_formats(header))


def _text_frame(columns: dict[str, list[object]]) -> pd.DataFrame:
    """Raw cells as text, empty cells as None, in the file's column order."""
    import pandas as pd

    return pd.DataFrame(
        {
            name: [None if value is None else str(value) for value in values]
            for name, values in columns.items()
        },
        dtype=object,
    )
