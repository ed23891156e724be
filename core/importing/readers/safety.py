"""Checks made before a file is parsed, and the streams that enforce them.

Nothing here trusts the file: its first bytes (the "magic") decide what it
is, whatever its name says; compressed content is inspected or read through
a cap so a small file cannot expand into gigabytes (zip and gzip bombs); a
workbook whose XML declares entities (the "billion laughs" attack) is
refused before any XML parser sees it. Every refusal is a one-line
:class:`~core.errors.DataError` naming the file.

Limits: a workbook may expand to at most 1 GB (and never beyond
``ImportOptions.max_bytes``), hold at most 10,000 entries, and no entry
larger than 1 MB may compress more than 200 to 1. A gzip file may expand to
at most ``max_bytes``, and beyond 64 MB to at most 200 times its size.
The sizes a zip declares are trusted here; Python's ``zipfile`` and
calamine's reader both stop at the declared size.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from core.errors import DataError
from core.importing.base import CancelCheck, ImportCancelledError, ProgressCallback

MAX_UNCOMPRESSED = 1_000_000_000
MAX_RATIO = 200
MAX_ENTRIES = 10_000
RATIO_FLOOR = 1_000_000
GZIP_FREE = 64_000_000
CHUNK = 4 * 1024 * 1024

EXPORT_HINT = "export the data again as CSV, XLSX or JSON"

_MAGIC = {
    b"PK\x03\x04": "zip",
    b"PK\x05\x06": "zip",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "ole",
    b"\x1f\x8b": "gzip",
    b"PAR1": "parquet",
}
_FOREIGN = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
    b"MZ",
    b"BZh",
    b"\xfd7zXZ",
    b"\x28\xb5\x2f\xfd",
    b"SQLite format 3",
    b"<?xml",
)


def refuse(file_name: str, reason: str, fix: str = EXPORT_HINT) -> DataError:
    """A one-line error about the whole file."""
    return DataError.single(reason, fix, file=file_name)


def sniff_kind(head: bytes) -> str:
    """What the first bytes say: zip, ole, gzip, parquet, foreign or text."""
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    if head.startswith(_FOREIGN):
        return "foreign"
    return "text"


def check_size(path: Path, file_name: str, max_bytes: int) -> int:
    size = path.stat().st_size
    if size == 0:
        raise refuse(file_name, "the file is empty", "export it again with its data")
    if size > max_bytes:
        raise refuse(
            file_name,
            f"the file is {_size(size)}, more than the {_size(max_bytes)} allowed",
            "export a shorter period, or split the export into several files",
        )
    return size


def _size(count: int) -> str:
    if count >= 1_000_000_000:
        return f"{count / 1e9:.1f} GB"
    return f"{count / 1e6:.1f} MB"


@dataclass(frozen=True)
class ZipFacts:
    """What a workbook's zip directory says about its content."""

    names: list[str]
    kind: str  # "xlsx", "ods" or "other"


def inspect_zip(source: Path | IO[bytes], file_name: str, max_bytes: int) -> ZipFacts:
    """Refuse damaged zips, zip bombs and XML entity declarations.

    Raises:
        DataError: with a one-line reason.
    """
    try:
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
            _check_entries(entries, file_name, max_bytes)
            names = [entry.filename for entry in entries]
            kind = _zip_kind(archive, names)
            if kind != "other":
                _check_entities(archive, entries, file_name)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        ValueError,
        OSError,
        RuntimeError,
        zlib.error,
    ) as exc:
        raise refuse(
            file_name,
            f"the file is damaged or incomplete ({_short(exc)})",
            "download or export it again",
        ) from None
    except NotImplementedError:
        raise refuse(
            file_name, "the workbook uses a compression method we cannot read"
        ) from None
    return ZipFacts(names, kind)


def _check_entries(
    entries: list[zipfile.ZipInfo], file_name: str, max_bytes: int
) -> None:
    if len(entries) > MAX_ENTRIES:
        raise refuse(
            file_name,
            f"the workbook holds {len(entries):,} parts, more than the "
            f"{MAX_ENTRIES:,} a spreadsheet needs (a possible zip bomb)",
        )
    total = sum(entry.file_size for entry in entries)
    limit = min(MAX_UNCOMPRESSED, max_bytes)
    if total > limit:
        raise refuse(
            file_name,
            f"the workbook would expand to {_size(total)}, more than the "
            f"{_size(limit)} allowed (a possible zip bomb)",
            "export a shorter period, or as CSV",
        )
    for entry in entries:
        if entry.file_size > RATIO_FLOOR:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if ratio > MAX_RATIO:
                raise refuse(
                    file_name,
                    f"a part of the workbook expands {ratio:,.0f} times "
                    "(a possible zip bomb)",
                )


def _zip_kind(archive: zipfile.ZipFile, names: list[str]) -> str:
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100]
        if b"opendocument.spreadsheet" in mimetype:
            return "ods"
    return "other"


def _check_entities(
    archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], file_name: str
) -> None:
    """A document type declaration comes before the root element, so the
    first bytes of each XML part are enough to find one."""
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels")):
            continue
        with archive.open(entry) as part:
            head = part.read(4096)
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise refuse(
                file_name,
                f"the workbook's part {entry.filename} declares XML entities, "
                "which spreadsheets never need (a possible XML bomb)",
                "open the file in Excel and save it again",
            )


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return text[:80] or type(exc).__name__


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class CappedReader(io.RawIOBase):
    """Passes bytes through until ``limit`` is reached, then refuses."""

    def __init__(self, stream: Readable, limit: int, on_limit: Callable[[], DataError]):
        super().__init__()
        self._stream = stream
        self._left = limit
        self._on_limit = on_limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self._stream.read(len(buffer))
        self._left -= len(data)
        if self._left < 0:
            raise self._on_limit()
        buffer[: len(data)] = data
        return len(data)


def gzip_limit(compressed_size: int, max_bytes: int) -> int:
    """How far a gzip file of ``compressed_size`` bytes may expand."""
    return min(max_bytes, max(GZIP_FREE, compressed_size * MAX_RATIO))


def gzip_bomb(file_name: str, limit: int) -> DataError:
    return refuse(
        file_name,
        f"the gzip file expands to more than {_size(limit)} (a possible gzip bomb)",
        "decompress it yourself and check its content",
    )


def file_sha256(
    path: Path,
    *,
    progress: ProgressCallback,
    cancel: CancelCheck,
    step: str,
    span: tuple[float, float] = (0.0, 0.05),
) -> str:
    """The file's SHA-256 in hex, read in chunks between cancel checks;
    progress moves across ``span``."""
    total = max(path.stat().st_size, 1)
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK * 4):
            if cancel():
                raise ImportCancelledError
            digest.update(chunk)
            done += len(chunk)
            low, high = span
            progress(low + (high - low) * done / total, step)
    return digest.hexdigest()
