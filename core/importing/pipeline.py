"""An import from file to workspace, as one transaction.

:func:`read_import` reads and converts a file without touching any
workspace; :func:`apply_imports` then adds the results to a workspace, or
adds nothing if any of them cannot be taken whole.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import DataError, Problem
from core.importing.base import (
    CancelCheck,
    ColumnPlan,
    ImportCancelledError,
    ImportFormat,
    ImportOptions,
    ImportResult,
    ProgressCallback,
)
from core.importing.dedupe import new_rows_mask
from core.importing.detect import choose_format
from core.importing.files import read_raw
from core.workspace import Workspace

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)


def read_import(
    path: Path,
    options: ImportOptions | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> ImportResult:
    """Read, recognise and convert one file.

    Raises:
        DataError: the file cannot be read, or has bad rows and
            ``options.skip_bad_rows`` is false; every problem is listed.
        PasswordRequiredError: an encrypted workbook without the right password.
        ImportCancelledError: ``cancel`` returned true.
    """
    options = options or ImportOptions()
    report = progress or _no_progress
    stop = cancel or _never

    choice = _FormatChoice(options, path.name)
    raw, fingerprint = read_raw(
        path, options, progress=report, cancel=stop, columns_for=choice.columns
    )
    if stop():
        raise ImportCancelledError
    chosen, options = choice.settle(raw.header)
    report(0.8, f"Converting as {chosen.label}")
    converted = chosen.convert(raw, options)
    if stop():
        raise ImportCancelledError
    if converted.problems and not options.skip_bad_rows:
        raise DataError(converted.problems)
    report(1.0, "Read")
    log.info(
        "read %d rows as %s (%d rejected)",
        raw.table.num_rows,
        chosen.name,
        converted.rejected_rows,
    )
    return ImportResult(
        file_name=raw.file_name,
        format=chosen.name,
        format_label=chosen.label,
        rows_read=raw.table.num_rows,
        usage=converted.usage,
        problems=converted.problems,
        rejected_rows=converted.rejected_rows,
        fingerprint=fingerprint,
        sheet=raw.sheet,
        notes=[*raw.notes, *converted.notes],
        contracts=converted.contracts,
    )


class _FormatChoice:
    """Chooses the format from the header, before the rows are parsed when
    the reader asks (text exports), so only the columns it reads are."""

    def __init__(self, options: ImportOptions, file_name: str) -> None:
        self.options = options
        self.file_name = file_name
        self.chosen: ImportFormat | None = None

    def columns(self, header: list[str]) -> ColumnPlan | None:
        self.options = _apply_preset(header, self.options)
        self.chosen = choose_format(
            header, self.options.format, file_name=self.file_name
        )
        plan = getattr(self.chosen, "plan_columns", None)
        return plan(header) if plan else None

    def settle(self, header: list[str]) -> tuple[ImportFormat, ImportOptions]:
        """The format and options to convert with (chosen now if not yet)."""
        if self.chosen is None:
            self.columns(header)
        assert self.chosen is not None
        return self.chosen, self.options


@dataclass
class ImportSummary:
    """What one file added to the workspace."""

    file_name: str
    format: str
    rows_read: int
    imported: int
    duplicates: int
    rejected: int
    contracts: int = 0
    totals: dict[str, Decimal] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def apply_imports(
    workspace: Workspace, results: list[ImportResult]
) -> list[ImportSummary]:
    """Add every result to ``workspace``, skipping rows it already holds.

    A file whose content was imported before adds nothing; rows identical
    to rows already present (overlapping exports) are counted as duplicates
    and skipped. Validation happens before the workspace changes, so either
    every result is applied or, on error, none is.
    """
    planned = []
    seen = workspace.usage
    for result in results:
        if any(b.fingerprint == result.fingerprint for b in workspace.batches):
            planned.append((result, result.usage.iloc[0:0]))
            continue
        keep = new_rows_mask(result.usage, seen)
        fresh = result.usage[keep]
        planned.append((result, fresh))
        if len(fresh):
            import pandas as pd

            seen = pd.concat([seen, fresh], ignore_index=True)

    summaries = []
    for result, fresh in planned:
        if len(fresh):
            workspace.add_batch(
                fresh,
                file_name=result.file_name,
                source_format=result.format,
                fingerprint=result.fingerprint,
                sheet=result.sheet,
                duplicates=len(result.usage) - len(fresh),
                rejected=result.problems,
                notes=result.notes,
            )
        workspace.contracts.extend(result.contracts)
        summaries.append(_summary(result, fresh))
    return summaries


def _summary(result: ImportResult, fresh: pd.DataFrame) -> ImportSummary:
    imported = len(fresh)
    totals: dict[str, Decimal] = {}
    if imported:
        sums = fresh.groupby("currency", observed=True)["billed_amount"].sum()
        totals = {str(k): Decimal(v) for k, v in sums.items()}
    return ImportSummary(
        file_name=result.file_name,
        format=result.format,
        rows_read=result.rows_read,
        imported=imported,
        duplicates=len(result.usage) - imported,
        rejected=result.rejected_rows,
        contracts=len(result.contracts),
        totals=totals,
        problems=result.problems,
        notes=result.notes,
    )


def _apply_preset(header: list[str], options: ImportOptions) -> ImportOptions:
    """Read a file as generic with a saved mapping when its header has one."""
    if options.format not in (None, "generic") or options.mapping is not None:
        return options
    from core.importing.presets import find_preset

    preset = find_preset(header, options.presets)
    if preset is None:
        return options
    log.debug("using mapping preset %s", preset.name)
    return replace(options, format="generic", mapping=preset.mapping)


def _no_progress(_fraction: float, _step: str) -> None:
    return None


def _never() -> bool:
    return False
