"""Workbooks: xlsx, xlsm, xls and ods, read with calamine.

Before calamine sees a workbook, :mod:`.safety` has checked its zip (bombs,
damage, XML entity declarations). An OLE file (the old binary format, or
the wrapper Excel puts around any password-protected workbook) is opened
with msoffcrypto: encrypted ones are decrypted in memory with the given
password (never written to disk); without one, or with a wrong one,
:class:`PasswordRequiredError` is raised so the caller can ask.

Choosing the sheet
    The sheet named in ``ImportOptions.sheet``; otherwise, among visible
    worksheets, the one whose table (header columns × data rows) is largest.
    The choice is said in ``RawTable.notes`` and ``RawTable.sheet``.

Header and trailers
    As in :mod:`.layout`. Calamine reports merged cells for xlsx; those
    merges name grouped columns (``"Input tokens Count"``). Where it has no
    merge map (xls, ods) the layout guesses from blanks in the row above.

Values
    Numbers stay numbers (``int64`` when every value of the column is whole,
    else ``float64``); dates and times become timestamps. A column mixing
    kinds (numbers and text) becomes text, numbers written exactly as the
    spreadsheet shows them (``0.1``, not ``0.1000000000000000055``). Empty
    cells are null; rows with no value at all are dropped.

Formulas without a saved result
    A workbook written by a script holds formulas whose results were never
    computed; calamine reads them as empty. When a named column has empty
    cells, the sheet's XML is scanned for formulas without a value, and each
    one inside the table is reported ("cell D7 holds a formula without a
    saved result"), so the import stops instead of reading missing amounts.
"""

from __future__ import annotations

import gc
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Any

from core.errors import DataError, Problem
from core.importing.base import (
    CancelCheck,
    ImportCancelledError,
    ImportOptions,
    PasswordRequiredError,
    ProgressCallback,
    RawTable,
)
from core.importing.readers import layout
from core.importing.readers.safety import inspect_zip, refuse

if TYPE_CHECKING:
    import pyarrow as pa

NOT_A_WORKBOOK = "not a spreadsheet or text export"
MAX_FORMULA_PROBLEMS = 100


def read_workbook(
    path: Path,
    file_name: str,
    kind: str,
    options: ImportOptions,
    *,
    progress: ProgressCallback,
    cancel: CancelCheck,
) -> RawTable:
    """Read the chosen sheet of a workbook (``kind``: "zip" or "ole")."""
    source: Path | IO[bytes] = path
    if kind == "ole":
        source = _open_ole(path, file_name, options.password)
    zipped = kind == "zip" or not isinstance(source, Path)
    facts_kind = "xls"
    if zipped:
        facts = inspect_zip(source, file_name, options.max_bytes)
        if facts.kind == "other":
            raise refuse(file_name, f"{NOT_A_WORKBOOK} (a zip archive)")
        facts_kind = facts.kind
    _check(cancel)
    progress(0.1, "Opening the workbook")

    workbook = _calamine(source, file_name)
    name, sheet, others = _choose_sheet(workbook, options.sheet, file_name)
    _check(cancel)
    progress(0.2, f"Reading sheet {name}")
    with _collector_paused():
        rows = _call(lambda: sheet.to_python(skip_empty_area=False), file_name)
        _check(cancel)
        progress(0.6, f"Converting sheet {name}")
        merges = _merges(sheet)
        raw = rows_to_table(rows, file_name, name, merges=merges, cancel=cancel)
        del rows
    if others:
        raw.notes.insert(
            0,
            f"read sheet {name!r}; the workbook also has "
            + ", ".join(repr(o) for o in others)
            + " (choose another with --sheet)",
        )
    if facts_kind == "xlsx" and _has_gaps(raw):
        _check_formulas(source, file_name, name, raw)
    return raw


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while millions of cells are
    made and converted: they hold no cycles, and the collector's passes
    over them would otherwise cost more than the conversion itself."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check(cancel: CancelCheck) -> None:
    if cancel():
        raise ImportCancelledError


# ------------------------------------------------------------ opening


def _open_ole(path: Path, file_name: str, password: str | None) -> Path | IO[bytes]:
    """The workbook inside an OLE file: itself (xls) or decrypted in memory."""
    import msoffcrypto  # type: ignore[import-untyped]
    from msoffcrypto.exceptions import (  # type: ignore[import-untyped]
        DecryptionError,
        FileFormatError,
        InvalidKeyError,
        ParseError,
    )

    with path.open("rb") as stream:
        try:
            office = msoffcrypto.OfficeFile(stream)
            encrypted = office.is_encrypted()
        except (FileFormatError, ParseError, ValueError, KeyError, OSError) as exc:
            raise _damaged(file_name, exc) from None
        if not encrypted:
            return path
        if password is None:
            raise PasswordRequiredError(file_name)
        plain = io.BytesIO()
        try:
            office.load_key(password=password)
            office.decrypt(plain)
        except InvalidKeyError:
            raise PasswordRequiredError(file_name, wrong=True) from None
        except (DecryptionError, FileFormatError, ParseError, ValueError) as exc:
            if "password" in str(exc).lower() or "key" in str(exc).lower():
                raise PasswordRequiredError(file_name, wrong=True) from None
            raise _damaged(file_name, exc) from None
    plain.seek(0)
    return plain


def _damaged(file_name: str, exc: BaseException) -> DataError:
    detail = str(exc).strip().splitlines()[0][:80] if str(exc).strip() else ""
    return refuse(
        file_name,
        "the workbook is damaged or not a workbook"
        + (f" ({detail})" if detail else ""),
        "open it in Excel and save it again",
    )


def _calamine(source: Path | IO[bytes], file_name: str) -> Any:
    from python_calamine import CalamineWorkbook

    def opener() -> Any:
        if isinstance(source, Path):
            return CalamineWorkbook.from_path(str(source))
        source.seek(0)
        return CalamineWorkbook.from_filelike(source)

    return _call(opener, file_name)


def _call(action: Any, file_name: str) -> Any:
    """Run a calamine call, turning its failures into a one-line reason."""
    from python_calamine import CalamineError, PasswordError

    try:
        return action()
    except PasswordError:
        raise PasswordRequiredError(file_name) from None
    except (CalamineError, ValueError, TypeError, OverflowError, OSError) as exc:
        raise _damaged(file_name, exc) from None


def _choose_sheet(
    workbook: Any, wanted: str | None, file_name: str
) -> tuple[str, Any, list[str]]:
    """``(name, sheet, other sheet names)``."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    names = list(workbook.sheet_names)
    if wanted is not None:
        if wanted not in names:
            raise DataError.single(
                f"the workbook has no sheet called {wanted!r}",
                "choose one of " + ", ".join(repr(n) for n in names),
                file=file_name,
            )
        return wanted, _sheet(workbook, wanted, file_name), []
    candidates = [
        meta.name
        for meta in workbook.sheets_metadata
        if meta.visible == SheetVisibleEnum.Visible
        and meta.typ == SheetTypeEnum.WorkSheet
    ] or names
    if not candidates:
        raise refuse(file_name, "the workbook has no sheets")
    if len(candidates) == 1:
        return candidates[0], _sheet(workbook, candidates[0], file_name), []
    scored = []
    for name in candidates:
        sheet = _sheet(workbook, name, file_name)
        sample = _call(
            lambda s=sheet: s.to_python(
                skip_empty_area=False, nrows=layout.HEADER_SCAN
            ),
            file_name,
        )
        scored.append((_table_size(sample, sheet.total_height), name, sheet))
    best = max(scored, key=lambda item: item[0])
    others = [name for name in names if name != best[1]]
    return best[1], best[2], others


def _sheet(workbook: Any, name: str, file_name: str) -> Any:
    return _call(lambda: workbook.get_sheet_by_name(name), file_name)


def _table_size(sample: list[list[Any]], height: int) -> int:
    if not sample:
        return 0
    index = layout.find_header(sample)
    columns = len(layout.filled(sample[index]))
    return columns * max(height - index - 1, 0)


def _merges(sheet: Any) -> list[tuple[int, int, int, int]] | None:
    try:
        ranges = sheet.merged_cell_ranges
    except (AttributeError, ValueError, TypeError):
        return None
    if ranges is None:
        return None
    return [(top, left, bottom, right) for (top, left), (bottom, right) in ranges]


# ------------------------------------------------------------ converting


def rows_to_table(
    rows: Sequence[Sequence[Any]],
    file_name: str,
    sheet: str | None,
    *,
    merges: Sequence[tuple[int, int, int, int]] | None = None,
    cancel: CancelCheck | None = None,
) -> RawTable:
    """Typed rows (row 0 is the sheet's row 1) to a raw table.

    Raises:
        DataError: the sheet is empty or has a header but no rows.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if not any(layout.width(row) for row in rows[: layout.HEADER_SCAN * 4]):
        where = f"the sheet {sheet!r}" if sheet else "the file"
        raise refuse(file_name, f"{where} is empty", "export it again with its data")
    span = max(len(row) for row in rows[: layout.HEADER_SCAN])
    header = layout.read_header(
        rows[: layout.HEADER_SCAN * 4], merges=merges, total_width=span
    )
    data = rows[header.index + 1 :]
    typical = layout.typical_filled(data[:200])
    trailers = layout.trailer_count(data[-layout.TRAILER_SCAN :], typical)
    first = header.index + 2
    notes = list(header.notes)
    if trailers:
        kept_count = len(data) - trailers
        numbers = [first + kept_count + i for i in range(trailers)]
        blank_only = all(not layout.filled(row) for row in data[kept_count:])
        data = data[:kept_count]
        if not blank_only:
            notes.append(
                "left out totals and notes below the data "
                f"({layout.row_list([n for n in numbers if _row_filled(rows, n)])})"
            )

    arrays: list[pa.Array] = []
    names: list[str] = []
    for position, name in enumerate(header.names):
        if cancel is not None and cancel():
            raise ImportCancelledError
        values = [row[position] if position < len(row) else None for row in data]
        array = column_to_arrow(values, len(data))
        if array.null_count == len(array) and name == f"column_{position + 1}":
            continue  # an unnamed, empty column beside the table
        arrays.append(array)
        names.append(name)
    table = pa.Table.from_arrays(arrays, names=names)
    source_rows = pa.array(np.arange(first, first + len(data)), pa.int64())
    if table.num_columns and table.num_rows:
        empty = pc.is_null(table.column(0))
        for column in table.columns[1:]:
            empty = pc.and_(empty, pc.is_null(column))
        if pc.any(empty).as_py():
            keep = pc.invert(empty)
            table = table.filter(keep)
            source_rows = source_rows.filter(keep)
    if table.num_rows == 0:
        where = f"the sheet {sheet!r}" if sheet else "the file"
        raise refuse(
            file_name,
            f"{where} has a header but no rows",
            "export a period that has data",
        )
    return RawTable(file_name, table, source_rows, sheet=sheet, notes=notes)


def _row_filled(rows: Sequence[Sequence[Any]], number: int) -> bool:
    index = number - 1
    return 0 <= index < len(rows) and bool(layout.filled(rows[index]))


def column_to_arrow(values: Sequence[Any], length: int) -> pa.Array:
    """One column of typed cells to Arrow; mixed kinds become exact text."""
    import pyarrow as pa

    if not values:
        return pa.nulls(length, pa.string())
    try:
        array = pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        array = _without_blanks(values)
    return _tidy(array)


def _without_blanks(values: Sequence[Any]) -> pa.Array:
    import pyarrow as pa

    cleaned = [None if isinstance(v, str) and v == "" else v for v in values]
    try:
        return pa.array(cleaned)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        pass
    present = [v for v in cleaned if v is not None]
    if present and all(isinstance(v, date | datetime) for v in present):
        return pa.array(
            [
                v
                if v is None or isinstance(v, datetime)
                else datetime(v.year, v.month, v.day)
                for v in cleaned
            ],
            pa.timestamp("us"),
        )
    return pa.array([cell_text(v) for v in cleaned], pa.string())


def _tidy(array: pa.Array) -> pa.Array:
    """Blank text to null, whole floats to int64, dates to timestamps."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = array.type
    if pa.types.is_null(kind):
        return array.cast(pa.string())
    if pa.types.is_string(kind):
        blank = pc.equal(pc.utf8_trim_whitespace(array), "")
        if pc.any(blank).as_py():
            return pc.if_else(blank, pa.scalar(None, pa.string()), array)
        return array
    if pa.types.is_floating(kind):
        return _whole_numbers(array)
    if pa.types.is_date(kind):
        return array.cast(pa.timestamp("us"))
    return array


def _whole_numbers(array: pa.Array) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    finite = pc.is_finite(array)
    if not pc.all(finite).as_py():
        return array
    whole = pc.equal(array, pc.floor(array))
    small = pc.less_equal(pc.abs(array), 2.0**53)
    if pc.all(pc.and_(whole, small)).as_py():
        return array.cast(pa.int64())
    return array


def cell_text(value: Any) -> str | None:
    """A typed cell written as the spreadsheet shows it, exactly."""
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def float_text(value: float) -> str:
    """``0.1`` → ``"0.1"``, ``3.0`` → ``"3"``, ``1e-05`` → ``"0.00001"``."""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


# ------------------------------------------------------------ formulas


def _has_gaps(raw: RawTable) -> bool:
    return any(column.null_count for column in raw.table.columns)


_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")


def _check_formulas(
    source: Path | IO[bytes], file_name: str, sheet: str, raw: RawTable
) -> None:
    """Refuse a sheet whose table holds formulas without a saved result."""
    import pyarrow.compute as pc

    rows = raw.source_rows
    low = int(pc.min(rows).as_py())
    high = int(pc.max(rows).as_py())
    found: list[str] = []
    try:
        if not isinstance(source, Path):
            source.seek(0)
        with zipfile.ZipFile(source) as archive:
            part = _sheet_part(archive, sheet)
            if part is None:
                return
            for column, row in _formulas_without_values(archive, part):
                if low <= row <= high:
                    found.append(f"{column}{row}")
                    if len(found) >= MAX_FORMULA_PROBLEMS:
                        break
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return
    if found:
        raise DataError(
            [
                Problem(
                    f"cell {cell} holds a formula without a saved result",
                    "open the file in Excel and save it again",
                    file=file_name,
                    sheet=sheet,
                    row=int(re.sub(r"\D", "", cell)),
                    column=None,
                )
                for cell in found
            ]
        )


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip path of the worksheet called ``sheet``."""
    from defusedxml import ElementTree  # type: ignore[import-untyped]

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    package = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = None
    for node in book.iter(f"{main}sheet"):
        if node.get("name") == sheet:
            rel_id = node.get(f"{rel}id")
    if rel_id is None:
        return None
    links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for node in links.iter(f"{package}Relationship"):
        if node.get("Id") == rel_id:
            target = node.get("Target") or ""
            if target.startswith("/"):
                return target.lstrip("/")
            return str(PurePosixPath("xl") / target)
    return None


def _formulas_without_values(
    archive: zipfile.ZipFile, part: str
) -> list[tuple[str, int]]:
    """Cells of the part that hold ``<f>`` but no ``<v>`` with a value,
    read in chunks so a large sheet never sits in memory whole."""
    found: list[tuple[str, int]] = []
    carry = b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(4 * 1024 * 1024)
            buffer = carry + chunk
            end = 0
            for match in _CELL.finditer(buffer):
                end = match.end()
                body = match.group(2)
                if _FORMULA.search(body) and not _VALUE.search(body):
                    ref = _REF.search(match.group(1))
                    if ref is not None:
                        found.append((ref.group(1).decode(), int(ref.group(2))))
            carry = buffer[end:] if end else buffer[-65536:]
            if not chunk:
                break
    return found
