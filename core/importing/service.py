"""Importing several files into a workspace: what the CLI and window call."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from core.importing.base import (
    CancelCheck,
    ImportCancelledError,
    ImportOptions,
    ImportResult,
    ProgressCallback,
)
from core.importing.pipeline import ImportSummary, apply_imports, read_import
from core.workspace import Workspace

log = logging.getLogger(__name__)

OptionsFor = Callable[[Path], ImportOptions]
CONTRACT_FORMAT = "contract"


def import_files(
    workspace: Workspace,
    paths: Sequence[Path],
    options: ImportOptions | OptionsFor | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> list[ImportSummary]:
    """Read every file, then add them all to ``workspace`` or none.

    ``options`` is one set for every file or a function giving each file's.
    Contract workbooks (the contract template) become contracts; any other
    file becomes usage rows. A generic file without a mapping uses the
    workspace's saved preset for its header, if there is one.

    Raises:
        DataError, PasswordRequiredError, ImportCancelledError: nothing was changed.
    """
    results = [
        _read_one(
            workspace,
            path,
            _options_for(options, path),
            index,
            len(paths),
            progress,
            cancel,
        )
        for index, path in enumerate(paths)
    ]
    summaries = apply_imports(workspace, results)
    log.info("imported %d files", len(summaries))
    return summaries


def _read_one(
    workspace: Workspace,
    path: Path,
    options: ImportOptions,
    index: int,
    count: int,
    progress: ProgressCallback | None,
    cancel: CancelCheck | None,
) -> ImportResult:
    def scaled(fraction: float, step: str) -> None:
        if progress:
            progress((index + fraction) / count, f"{path.name}: {step}")

    if cancel and cancel():
        raise ImportCancelledError
    from core.importing.formats.contract import is_contract_workbook

    if is_contract_workbook(path, password=options.password):
        return read_contract_file(path, options)
    presets = tuple(workspace.settings.mapping_presets)
    options = replace(options, presets=presets)
    return read_import(path, options, progress=scaled, cancel=cancel)


def _options_for(
    options: ImportOptions | OptionsFor | None, path: Path
) -> ImportOptions:
    if options is None:
        return ImportOptions()
    if isinstance(options, ImportOptions):
        return options
    return options(path)


def read_contract_file(path: Path, options: ImportOptions) -> ImportResult:
    """A contract workbook as an import result with no usage rows.

    Raises:
        DataError: every problem in the workbook, by sheet and cell.
        PasswordRequiredError: protected, without the right password.
    """
    from core.importing.formats.contract import read_contract_workbook
    from core.usage import empty_usage
    from core.workspace import fingerprint_bytes

    contract = read_contract_workbook(path, password=options.password)
    return ImportResult(
        file_name=path.name,
        format=CONTRACT_FORMAT,
        format_label="Contract workbook",
        rows_read=0,
        usage=empty_usage(),
        problems=[],
        rejected_rows=0,
        fingerprint=fingerprint_bytes(path.read_bytes()),
        contracts=[contract],
    )
