"""Text exports: CSV and its cousins, plain or gzip-compressed.

The first 256 KB decide how to read the file; then pyarrow's CSV reader
reads all of it, every column as text, so a clean export of a million rows
costs no Python per row.

Encoding
    A byte order mark names UTF-8, UTF-16 LE or UTF-16 BE. Without one, a
    NUL in every other byte means UTF-16 (LE when the NULs follow the
    letters). Otherwise UTF-8 when the sample decodes as UTF-8, else
    Windows-1252 (the encoding of most European exports saved by Excel);
    a UTF-8 error further down the file switches to Windows-1252 too.

Junk
    NUL bytes outside UTF-16, or more than 1% control characters, mean the
    file is not text: it is refused as "not a spreadsheet or text export".

Delimiter
    Each of ``,`` ``;`` tab ``|`` splits the sample's lines (quotes
    respected); the one under which most lines share the same number of
    fields wins, then the one giving more fields, then the order above.
    So ``1,5;2,5`` lines choose ``;`` even though commas are more frequent.

Header, titles and trailers
    As described in :mod:`.layout`: rows above the header are skipped,
    totals and notes at the bottom are left out, both with a note. Lines
    with the wrong number of fields after the data are trailers too; in the
    middle of the data they are a problem the user must fix.

Row numbers are those a spreadsheet shows when it opens the file. A blank
line inside the data is not a row for the reader, so rows after it are
numbered one lower than a spreadsheet would.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import zlib
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import DataError, Problem
from core.importing.base import (
    CancelCheck,
    ColumnPlan,
    ImportCancelledError,
    ProgressCallback,
    RawTable,
)
from core.importing.readers import layout
from core.importing.readers.safety import (
    CappedReader,
    file_sha256,
    gzip_bomb,
    gzip_limit,
    refuse,
)

if TYPE_CHECKING:
    import pyarrow as pa

SAMPLE_BYTES = 256 * 1024
SAMPLE_ROWS = 200
DELIMITERS = (",", ";", "\t", "|")
BLOCK_SIZE = 4 * 1024 * 1024
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32)) + b"\x7f"
NOT_TEXT = "not a spreadsheet or text export"


@dataclass(frozen=True)
class TextShape:
    """How to read a text export, decided from its first bytes."""

    encoding: str  # a Python codec name, as pyarrow takes it
    delimiter: str
    header: layout.Header
    sample_rows: list[list[str]]
    quoted_newlines: bool


def read_delimited(
    path: Path,
    file_name: str,
    *,
    compressed: bool,
    max_bytes: int,
    progress: ProgressCallback,
    cancel: CancelCheck,
    columns_for: Callable[[list[str]], ColumnPlan | None] | None = None,
) -> tuple[RawTable, str]:
    """Read a CSV-like file (``compressed``: gzip) into text columns.

    ``columns_for(header)`` may plan the read: the columns to keep (the
    others are skipped by the parser, most of the time on wide exports) and
    those to parse as exact decimals on the way.
    """
    size = path.stat().st_size
    limit = gzip_limit(size, max_bytes) if compressed else max_bytes
    sample = _sample(path, file_name, compressed)
    shape = sniff(sample, file_name, complete=_whole(sample, size, compressed))
    names = shape.header.names
    plan = columns_for(list(names)) if columns_for else None
    keep = None
    if plan is not None and plan.keep is not None:
        keep = [n for n in names[:1] if n] + [n for n in names[1:] if n in plan.keep]
    # Amount columns parsed to decimals by the CSV reader itself, on all
    # cores; a cell it cannot read makes a second read with text columns.
    exact = dict(plan.exact) if plan else {}
    # The hash is read in chunks on a second thread while pyarrow parses the
    # path itself on all cores (a Python file object in between costs twice
    # the time); the hashing thread is where progress and cancellation
    # happen during the read.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sha256") as pool:
        hashing = pool.submit(
            file_sha256,
            path,
            progress=progress,
            cancel=cancel,
            step="Reading",
            span=(0.0, 0.6),
        )

        def attempt(
            encoding: str, newlines: bool, threads: bool = True
        ) -> tuple[pa.Table, list[Any]]:
            if not compressed:
                import pyarrow as pa

                # compression=None: never guess a codec from the file's name.
                with pa.input_stream(str(path), compression=None) as stream:
                    return _arrow_read(
                        stream, shape, encoding, newlines, threads, keep, exact
                    )
            with gzip.open(path, "rb") as unzipped:
                capped = CappedReader(
                    unzipped, limit, lambda: gzip_bomb(file_name, limit)
                )
                return _arrow_read(
                    capped, shape, encoding, newlines, threads, keep, exact
                )

        table, invalid, settled = _read_with_retries(attempt, shape, file_name, exact)
        if any(row.number is None for row in invalid):
            # Only a single-threaded read numbers the rows it cannot parse.
            table, invalid = attempt(*settled, False)
        digest = hashing.result()
    if cancel():
        raise ImportCancelledError
    progress(0.7, "Reading")
    raw = _finish(file_name, table, invalid, shape)
    return raw, digest


def _read_with_retries(
    attempt: Callable[[str, bool], tuple[pa.Table, list[Any]]],
    shape: TextShape,
    file_name: str,
    exact: dict[str, int],
) -> tuple[pa.Table, list[Any], tuple[str, bool]]:
    """Fast settings first; quoted newlines, a late non-UTF-8 byte or an
    amount the reader cannot parse (emptied from ``exact``) make a second,
    slower read."""
    import pyarrow as pa

    encoding, newlines = shape.encoding, shape.quoted_newlines
    for _ in range(4):
        try:
            table, invalid = attempt(encoding, newlines)
        except pa.ArrowInvalid as exc:
            message = str(exc)
            if exact and ("In CSV column" in message or "conversion" in message):
                exact.clear()
                continue
            if "UTF8" in message and encoding == "utf8":
                encoding = "cp1252"
                continue
            if "newlines_in_values" in message and not newlines:
                newlines = True
                continue
            raise refuse(
                file_name, f"the file cannot be read as CSV: {_line(exc)}"
            ) from None
        except (EOFError, zlib.error, OSError) as exc:
            raise refuse(
                file_name,
                f"the compressed file is damaged or incomplete ({_line(exc)})",
                "download or export it again",
            ) from None
        except UnicodeDecodeError as exc:
            if encoding == "utf8":
                encoding = "cp1252"
                continue
            raise refuse(
                file_name, f"the text cannot be decoded ({exc.reason})"
            ) from None
        if invalid and not newlines and _quotes(invalid):
            newlines = True
            continue
        return table, invalid, (encoding, newlines)
    raise refuse(file_name, "the file cannot be read as CSV")


def _quotes(invalid: list[Any]) -> bool:
    return any('"' in (row.text or "") for row in invalid)


def _line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:120]


def _sample(path: Path, file_name: str, compressed: bool) -> bytes:
    if not compressed:
        with path.open("rb") as stream:
            return stream.read(SAMPLE_BYTES)
    try:
        with gzip.open(path, "rb") as stream:
            return stream.read(SAMPLE_BYTES)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise refuse(
            file_name,
            f"the compressed file is damaged or incomplete ({_line(exc)})",
            "download or export it again",
        ) from None


def _whole(sample: bytes, size: int, compressed: bool) -> bool:
    return len(sample) < SAMPLE_BYTES if compressed else len(sample) >= size


def sniff(sample: bytes, file_name: str, *, complete: bool) -> TextShape:
    """Encoding, delimiter and header of a text export from its first bytes.

    ``complete`` says the sample is the whole file (its last line is whole).
    """
    encoding, text = decode_sample(sample, file_name)
    if not complete:
        cut = max(text.rfind("\n"), text.rfind("\r"))
        text = text[:cut] if cut > 0 else text
    if not text.strip():
        raise refuse(file_name, "the file is empty", "export it again with its data")
    delimiter = sniff_delimiter(text)
    rows = _rows(text, delimiter)
    header = layout.read_header(rows)
    newlines = any("\n" in cell or "\r" in cell for row in rows for cell in row)
    return TextShape(encoding, delimiter, header, rows, newlines)


def decode_sample(sample: bytes, file_name: str) -> tuple[str, str]:
    """``(pyarrow encoding, decoded text)``; refuses binary junk."""
    for bom, codec, name in (
        (codecs.BOM_UTF8, "utf-8-sig", "utf8"),
        (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
    ):
        if sample.startswith(bom):
            return name, _decode(sample, codec, file_name)
    guessed = _utf16_without_bom(sample)
    if guessed:
        return guessed, _decode(sample, guessed, file_name)
    if b"\x00" in sample or _control_share(sample) > 0.01:
        raise refuse(file_name, NOT_TEXT)
    try:
        return "utf8", _decode(sample, "utf-8", file_name, strict=True)
    except UnicodeDecodeError:
        return "cp1252", _decode(sample, "cp1252", file_name)


def _utf16_without_bom(sample: bytes) -> str | None:
    head = sample[:4096]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    stripped = sample.translate(None, _CONTROL)
    return (len(sample) - len(stripped)) / len(sample)


def _decode(sample: bytes, codec: str, file_name: str, *, strict: bool = False) -> str:
    decoder = codecs.getincrementaldecoder(codec)("strict")
    try:
        text = decoder.decode(sample, final=False)
    except UnicodeDecodeError:
        if strict:
            raise
        if codec == "cp1252":
            return sample.decode("latin-1")
        raise refuse(file_name, NOT_TEXT) from None
    if "\x00" in text or _control_share(text.encode("utf-8", "replace")) > 0.01:
        raise refuse(file_name, NOT_TEXT)
    return text


def sniff_delimiter(text: str) -> str:
    """The delimiter under which most lines agree on their field count."""
    best: tuple[int, int, int] | None = None
    chosen = ","
    for preference, delimiter in enumerate(DELIMITERS):
        rows = [
            r for r in _rows(text, delimiter, limit=60) if any(c.strip() for c in r)
        ]
        counts = Counter(len(row) for row in rows)
        if not counts:
            continue
        fields, agreeing = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if fields < 2:
            continue
        score = (agreeing, fields, -preference)
        if best is None or score > best:
            best, chosen = score, delimiter
    return chosen


def _rows(text: str, delimiter: str, limit: int = SAMPLE_ROWS) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) >= limit:
                break
    except csv.Error:
        pass
    return rows


def _arrow_read(
    source: Any,
    shape: TextShape,
    encoding: str,
    newlines: bool,
    threads: bool = True,
    keep: list[str] | None = None,
    exact: Mapping[str, int] | None = None,
) -> tuple[pa.Table, list[Any]]:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    invalid: list[Any] = []

    def skip(row: Any) -> str:
        invalid.append(row)
        return "skip"

    names = shape.header.names
    table = pcsv.read_csv(
        source,
        read_options=pcsv.ReadOptions(
            encoding=encoding,
            skip_rows=shape.header.index + 1,
            column_names=names,
            block_size=BLOCK_SIZE,
            use_threads=threads,
        ),
        parse_options=pcsv.ParseOptions(
            delimiter=shape.delimiter,
            newlines_in_values=newlines,
            invalid_row_handler=skip,
        ),
        convert_options=pcsv.ConvertOptions(
            include_columns=keep,
            column_types={
                **dict.fromkeys(keep or names, pa.string()),
                **{
                    name: pa.decimal128(38, scale)
                    for name, scale in (exact or {}).items()
                },
            },
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        ),
    )
    return table, invalid


def _finish(
    file_name: str, table: pa.Table, invalid: list[Any], shape: TextShape
) -> RawTable:
    import numpy as np
    import pyarrow as pa

    first_data_row = shape.header.index + 2
    notes = list(shape.header.notes)
    # Only the columns that were read count when judging how full a row is.
    read = [shape.header.names.index(name) for name in table.column_names]
    data_rows = [
        [row[i] for i in read if i < len(row)]
        for row in shape.sample_rows[shape.header.index + 1 :]
    ]
    typical = layout.typical_filled(data_rows)
    tail_start = max(0, table.num_rows - layout.TRAILER_SCAN)
    tail = [list(row.values()) for row in table.slice(tail_start).to_pylist()]
    dropped = layout.trailer_count(tail, typical)
    kept = table.num_rows - dropped
    numbers = [first_data_row + kept + i for i in range(dropped)]
    if invalid:
        numbers += _ragged_trailers(file_name, invalid, shape, first_data_row + kept)
    if numbers:
        notes.append(
            f"left out totals and notes below the data ({layout.row_list(numbers)})"
        )
    if kept == 0:
        raise refuse(
            file_name,
            "the file has a header but no rows",
            "export a period that has data",
        )
    table = table.slice(0, kept) if dropped else table
    source_rows = pa.array(np.arange(first_data_row, first_data_row + kept))
    return RawTable(file_name, table, source_rows, notes=notes)


def _ragged_trailers(
    file_name: str, invalid: list[Any], shape: TextShape, after_data: int
) -> list[int]:
    """Row numbers of rows with the wrong number of fields, when they are
    totals or notes below the data; anywhere else they are problems: a
    field was lost or a quote is wrong.

    Arrow numbers rows as lines from the top of the file, leaving out blank
    lines below the header, as :class:`RawTable` numbers data rows.
    """
    width = len(shape.header.names)
    rows = [None if row.number is None else int(row.number) for row in invalid]
    problems = [
        Problem(
            f"the row has {row.actual_columns} fields where the header has "
            f"{row.expected_columns}",
            "check the row's separators and quotes, or export the file again",
            file=file_name,
            row=number,
            value=(row.text or "")[:80],
        )
        for row, number in zip(invalid, rows, strict=True)
        if number is None
        or number < after_data
        or not _is_trailer_text(row.text or "", shape.delimiter, width)
    ]
    if problems:
        raise DataError(problems)
    return sorted(n for n in rows if n is not None)


def _is_trailer_text(text: str, delimiter: str, width: int) -> bool:
    rows = _rows(text, delimiter, limit=2)
    return not rows or layout.trailer_count(rows[:1], typical=width) == 1
