"""Reading a file into a :class:`RawTable`, safely.

:func:`read_raw` is the one entry point. It never trusts a file's name:

1. The size is checked (empty files, files above ``ImportOptions.max_bytes``).
2. The first bytes decide the kind: a zip (xlsx, xlsm, ods), an OLE file
   (xls, or any encrypted workbook), gzip (a compressed CSV), Parquet, JSON
   (text starting with ``{`` or ``[``), or text (CSV and friends). Known
   binary formats (PDF, images, archives) and text full of control bytes
   are refused as "not a spreadsheet or text export".
3. The kind's reader checks what it must before parsing (zip and gzip
   bombs, XML entity declarations, damaged or truncated files, encryption)
   and reads the table: see :mod:`core.importing.readers`.

Every refusal is a :class:`~core.errors.DataError` with a one-line reason
and a fix; an encrypted workbook without the right password raises
:class:`~core.importing.base.PasswordRequiredError`; cancelling raises
:class:`~core.importing.base.ImportCancelledError`. The fingerprint returned with
the table is the SHA-256 of the file's bytes, so a file imported twice is
recognised whatever it is called.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from core.importing.base import (
    CancelCheck,
    ColumnPlan,
    ImportCancelledError,
    ImportOptions,
    ProgressCallback,
    RawTable,
)
from core.importing.readers.columnar import read_parquet
from core.importing.readers.delimited import NOT_TEXT, read_delimited
from core.importing.readers.jsonpages import looks_like_json, read_json
from core.importing.readers.safety import (
    check_size,
    file_sha256,
    refuse,
    sniff_kind,
)
from core.importing.readers.spreadsheet import read_workbook

log = logging.getLogger(__name__)

ColumnChooser = Callable[[list[str]], ColumnPlan | None]

HEAD_BYTES = 64


def read_raw(
    path: Path,
    options: ImportOptions,
    *,
    progress: ProgressCallback,
    cancel: CancelCheck,
    columns_for: ColumnChooser | None = None,
) -> tuple[RawTable, str]:
    """Read ``path`` into a raw table; return it with the file's SHA-256 (hex).

    ``progress(fraction, step)`` is called as reading advances (up to 0.75:
    the rest of an import belongs to the converter) and ``cancel()`` is
    checked between chunks. For text exports, ``columns_for(header)`` is
    asked, once the header is known and before the rows are parsed, for a
    :class:`ColumnPlan` (None: every column as text); the first column is
    always read, since it is where totals and notes rows announce
    themselves.

    Raises:
        DataError: the file is empty, too large, damaged, hostile (zip or
            gzip bomb, XML entities), not a table, or has no rows.
        PasswordRequiredError: an encrypted workbook without the right password.
        ImportCancelledError: ``cancel`` returned true.
    """
    file_name = path.name
    progress(0.0, "Checking the file")
    try:
        check_size(path, file_name, options.max_bytes)
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
    except OSError as exc:
        raise refuse(
            file_name,
            f"the file cannot be opened ({exc.strerror or type(exc).__name__})",
            "check that it exists and that you may read it",
        ) from None
    kind = sniff_kind(head)
    log.debug("reading a %s file of kind %s", path.suffix, kind)
    if cancel():
        raise ImportCancelledError

    if kind == "foreign":
        raise refuse(file_name, NOT_TEXT)
    if kind in ("text", "gzip") and not (kind == "text" and looks_like_json(head)):
        raw, digest = read_delimited(
            path,
            file_name,
            compressed=kind == "gzip",
            max_bytes=options.max_bytes,
            progress=progress,
            cancel=cancel,
            columns_for=columns_for,
        )
    else:
        digest = file_sha256(path, progress=progress, cancel=cancel, step="Checking")
        raw = _read_whole(path, file_name, kind, options, progress, cancel)
    progress(0.75, "Read")
    log.info("read %d rows of %d columns", raw.table.num_rows, raw.table.num_columns)
    return raw, digest


def _read_whole(
    path: Path,
    file_name: str,
    kind: str,
    options: ImportOptions,
    progress: ProgressCallback,
    cancel: CancelCheck,
) -> RawTable:
    if kind in ("zip", "ole"):
        return read_workbook(
            path, file_name, kind, options, progress=progress, cancel=cancel
        )
    if kind == "parquet":
        return read_parquet(path, file_name, options.max_bytes)
    return read_json(path, file_name)
