"""Writers of messy input files for import tests.

Each function writes one file under a folder the test owns (``tmp_path``)
and returns its path. Rows are lists of Python values; text files get them
joined with a delimiter (no quoting unless a cell needs it), workbooks keep
their types. Nothing here touches the network or the real user's folders.

- :func:`text_file` / :func:`csv_file`: any encoding, BOM, delimiter.
- :func:`xlsx_file`: sheets, merged ranges, formulas (openpyxl never saves
  a formula's result, so formulas read back empty).
- :func:`ods_file`: a minimal OpenDocument spreadsheet written by hand.
- :func:`encrypted_xlsx`: an xlsx protected by a password (msoffcrypto).
- :func:`xls_file`: a legacy ``.xls`` written with ``xlwt``.
- :func:`gzip_file`, :func:`gzip_bomb`, :func:`zip_bomb`,
  :func:`entity_bomb_xlsx`, :func:`truncated`: damaged and hostile files.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

Rows = Sequence[Sequence[Any]]

_BOMS = {
    "utf-8": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
}


def text_file(
    path: Path, text: str, *, encoding: str = "utf-8", bom: bool = False
) -> Path:
    """Write ``text`` as given; ``bom`` prefixes the encoding's byte order mark."""
    data = text.encode(encoding)
    if bom:
        data = _BOMS[encoding] + data
    path.write_bytes(data)
    return path


def csv_file(
    path: Path,
    rows: Rows,
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
    newline: str = "\r\n",
) -> Path:
    """Rows as delimited text, quoted only where a cell needs it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerows([["" if c is None else c for c in row] for row in rows])
    return text_file(path, buffer.getvalue(), encoding=encoding, bom=bom)


def xlsx_file(
    path: Path,
    sheets: dict[str, Rows],
    *,
    merges: dict[str, list[str]] | None = None,
) -> Path:
    """A workbook with one sheet per entry; ``merges`` lists ranges such as
    ``"B1:C1"`` per sheet. Text starting with ``=`` is written as a formula."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for cell_range in (merges or {}).get(name, []):
            sheet.merge_cells(cell_range)
    book.save(path)
    return path


def ods_file(path: Path, sheets: dict[str, Rows]) -> Path:
    """A minimal OpenDocument spreadsheet (no styles), typed cells."""
    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(
            "<table:table-row>"
            + "".join(_ods_cell(v) for v in row)
            + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        "<office:document-content "
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f"{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
        'xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def _ods_cell(value: Any) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        raise TypeError("booleans are not supported here")
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if isinstance(value, datetime | date):
        shown = value.isoformat()
        return (
            f'<table:table-cell office:value-type="date" '
            f'office:date-value="{shown}"><text:p>{shown}</text:p></table:table-cell>'
        )
    return (
        '<table:table-cell office:value-type="string">'
        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
    )


def encrypted_xlsx(path: Path, sheets: dict[str, Rows], password: str) -> Path:
    """An xlsx encrypted with ``password`` (ECMA-376 agile encryption)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = xlsx_file(path.with_suffix(".plain.xlsx"), sheets)
    with plain.open("rb") as stream, path.open("wb") as out:
        OOXMLFile(stream).encrypt(password, out)
    plain.unlink()
    return path


def gzip_file(path: Path, data: bytes) -> Path:
    path.write_bytes(gzip.compress(data))
    return path


def gzip_bomb(path: Path, expanded: int) -> Path:
    """A gzip CSV of ``expanded`` bytes of one repeated row (about 1000:1)."""
    with gzip.open(path, "wb", compresslevel=9) as stream:
        stream.write(b"a,b\n")
        block = b"1,2\n" * (1 << 18)
        for _ in range(expanded // len(block)):
            stream.write(block)
    return path


def zip_bomb(path: Path, *, expanded: int = 300_000_000) -> Path:
    """A workbook-shaped zip whose one sheet expands about 1000 times."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            block = b" " * (1 << 20)
            for _ in range(expanded // len(block)):
                part.write(block)
    return path


def entity_bomb_xlsx(path: Path) -> Path:
    """A real xlsx whose shared strings declare a billion-laughs entity."""
    plain = xlsx_file(path.with_suffix(".plain.xlsx"), {"Sheet": [["a"], ["x"]]})
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + "]>"
    )
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = text[text.index("<worksheet") :]
                data = (bomb + text.replace("<t>a</t>", "<t>&lol9;</t>", 1)).encode()
            target.writestr(item, data)
    plain.unlink()
    return path


def truncated(path: Path, source: Path, keep: float = 0.6) -> Path:
    """The first ``keep`` share of ``source``'s bytes."""
    data = source.read_bytes()
    path.write_bytes(data[: max(1, int(len(data) * keep))])
    return path


def xls_file(path: Path, sheets: dict[str, Rows]) -> Path:
    """A legacy BIFF8 ``.xls`` workbook, written with ``xlwt`` (a dev dependency)."""
    import xlwt  # type: ignore[import-untyped]

    book = xlwt.Workbook()
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write(r, c, value, dates)
                elif value is not None:
                    sheet.write(r, c, value)
    book.save(str(path))
    return path
