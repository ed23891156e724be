"""The workspace file: one SQLite database, saved atomically.

Layout (schema version 1):

- ``meta(key, value)``: format name, schema version, app version, times;
- ``documents(name, body)``: JSON of the workspace's models (contracts,
  assumptions, scenarios, settings, catalog);
- ``catalog(name, body)``: the price catalog the analysis uses, whole, as
  zlib-compressed JSON under the name ``snapshot``; ``documents.catalog``
  describes it;
- ``imports(id, batch, rows)``: one row per imported file: its description
  (JSON: file name, format, time, counts, fingerprint, rejected rows) and
  its usage rows as a Parquet blob that keeps the declared Arrow schema
  (exact decimals).

The file is built in memory and written whole: a temporary file beside the
target, flushed and fsynced, then renamed over it. Opening never writes to
the file, and a file from a newer version, or one that is not a workspace,
is refused with a message.
"""

from __future__ import annotations

import io
import logging
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from core import __version__
from core.assumptions import Assumptions
from core.catalog import CatalogSnapshot, snapshot_from_bytes, snapshot_to_bytes
from core.contract import Contract
from core.errors import WorkspaceError
from core.fileio import atomic_write
from core.selfhosting import SelfHostingScenario
from core.workspace import ImportBatch, Workspace, WorkspaceSettings

log = logging.getLogger(__name__)

FILE_SUFFIX = ".counteroffer"
FORMAT_NAME = "counteroffer-workspace"
SCHEMA_VERSION = 1
APPLICATION_ID = 0x436F6666  # "Coff", marks the SQLite file as ours
_SQLITE_MAGIC = b"SQLite format 3\x00"

_CONTRACTS = TypeAdapter(list[Contract])
_SCENARIOS = TypeAdapter(list[SelfHostingScenario])

# Migrations from version N to N + 1, applied in order on open.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {}


def resolve_path(path: str | os.PathLike[str], *, creating: bool = False) -> Path:
    """The workspace file a user means: ``demo`` names ``demo.counteroffer``."""
    given = Path(path)
    if given.suffix == FILE_SUFFIX:
        return given
    with_suffix = given.with_name(given.name + FILE_SUFFIX)
    if creating:
        return with_suffix
    return given if given.exists() and not with_suffix.exists() else with_suffix


def save_workspace(workspace: Workspace, path: str | os.PathLike[str]) -> None:
    """Write the workspace to ``path`` atomically.

    Raises:
        WorkspaceError: the file could not be written; any previous file at
            ``path`` is unchanged.
    """
    target = Path(path)
    data = _serialize(workspace)
    try:
        atomic_write(target, data)
    except OSError as exc:
        raise WorkspaceError(
            f"could not save {target.name}: {exc.strerror or exc}; "
            "check the folder is writable and has free space"
        ) from exc
    log.info(
        "saved workspace (%d bytes, %d imports)", len(data), len(workspace.batches)
    )


def load_workspace(path: str | os.PathLike[str]) -> Workspace:
    """Read a workspace file without modifying it.

    Raises:
        WorkspaceError: the file is missing, not a workspace, damaged, or
            written by a newer version of the app.
    """
    source = Path(path)
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise WorkspaceError(
            f"{source} does not exist; check the path or create it with "
            "'counteroffer new'"
        ) from None
    except OSError as exc:
        raise WorkspaceError(f"could not read {source.name}: {exc}") from exc

    if not data.startswith(_SQLITE_MAGIC):
        raise WorkspaceError(
            f"{source.name} is not a Counteroffer workspace (it is not an "
            "SQLite database); open a .counteroffer file"
        )
    connection = sqlite3.connect(":memory:")
    try:
        try:
            connection.deserialize(data)
            _check_version(connection, source.name)
            workspace = _read(connection, source)
        except (sqlite3.DatabaseError, ValueError, KeyError) as exc:
            raise WorkspaceError(
                f"{source.name} is damaged and cannot be opened ({exc}); "
                "restore it from a backup"
            ) from exc
    finally:
        connection.close()
    log.info("opened workspace with %d imports", len(workspace.batches))
    return workspace


def _serialize(workspace: Workspace) -> bytes:
    connection = sqlite3.connect(":memory:")
    try:
        _create_schema(connection)
        _write(connection, workspace)
        connection.commit()
        return connection.serialize()
    finally:
        connection.close()


def _create_schema(connection: sqlite3.Connection) -> None:
    connection.executescript(
        f"""
        PRAGMA application_id = {APPLICATION_ID};
        PRAGMA user_version = {SCHEMA_VERSION};
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE documents (name TEXT PRIMARY KEY, body TEXT NOT NULL);
        CREATE TABLE catalog (name TEXT PRIMARY KEY, body BLOB NOT NULL);
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            batch TEXT NOT NULL,
            rows BLOB NOT NULL
        );
        """
    )


def _write(connection: sqlite3.Connection, workspace: Workspace) -> None:
    meta = {
        "format": FORMAT_NAME,
        "schema_version": str(SCHEMA_VERSION),
        "app_version": __version__,
        "name": workspace.name,
        "created_at": workspace.created_at.isoformat(),
    }
    connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    documents = {
        "contracts": _CONTRACTS.dump_json(workspace.contracts).decode(),
        "assumptions": workspace.assumptions.model_dump_json(),
        "scenarios": _SCENARIOS.dump_json(workspace.scenarios).decode(),
        "settings": workspace.settings.model_dump_json(),
        "catalog": workspace.catalog.model_dump_json(),
    }
    connection.executemany("INSERT INTO documents VALUES (?, ?)", documents.items())
    connection.execute(
        "INSERT INTO catalog VALUES (?, ?)",
        ("snapshot", snapshot_to_bytes(workspace.catalog_snapshot)),
    )
    for batch in workspace.batches:
        connection.execute(
            "INSERT INTO imports VALUES (?, ?, ?)",
            (
                batch.id,
                batch.model_dump_json(),
                _frame_to_parquet(workspace.frame_of(batch.id)),
            ),
        )


def _check_version(connection: sqlite3.Connection, name: str) -> None:
    (app_id,) = connection.execute("PRAGMA application_id").fetchone()
    if app_id != APPLICATION_ID:
        raise WorkspaceError(
            f"{name} is an SQLite database but not a Counteroffer workspace; "
            "open a .counteroffer file"
        )
    (found,) = connection.execute("PRAGMA user_version").fetchone()
    if found > SCHEMA_VERSION:
        raise WorkspaceError(
            f"{name} was saved by a newer Counteroffer (workspace format "
            f"{found}; this version reads up to {SCHEMA_VERSION}); update "
            "Counteroffer to open it"
        )
    for version in range(found, SCHEMA_VERSION):
        MIGRATIONS[version](connection)


def _read(connection: sqlite3.Connection, source: Path) -> Workspace:
    meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("format") != FORMAT_NAME:
        raise ValueError("the meta table does not name the workspace format")
    documents: dict[str, str] = dict(
        connection.execute("SELECT name, body FROM documents").fetchall()
    )
    workspace = Workspace(
        name=meta.get("name") or source.stem,
        contracts=_CONTRACTS.validate_json(documents["contracts"]),
        assumptions=Assumptions.model_validate_json(documents["assumptions"]),
        scenarios=_SCENARIOS.validate_json(documents["scenarios"]),
        settings=WorkspaceSettings.model_validate_json(documents["settings"]),
        created_at=datetime.fromisoformat(meta["created_at"]),
        catalog_snapshot=_stored_catalog(connection),
    )
    rows = connection.execute("SELECT batch, rows FROM imports ORDER BY id")
    for batch_json, blob in rows:
        batch = ImportBatch.model_validate_json(batch_json)
        workspace.restore_batch(batch, _frame_from_parquet(blob))
    return workspace


def _stored_catalog(connection: sqlite3.Connection) -> CatalogSnapshot:
    """The price catalog the workspace was analysed with."""
    row = connection.execute(
        "SELECT body FROM catalog WHERE name = 'snapshot'"
    ).fetchone()
    if row is None:
        raise KeyError("the stored price catalog is missing")
    return snapshot_from_bytes(row[0])


def _frame_to_parquet(frame: Any) -> bytes:
    import pyarrow.parquet as pq

    from core.usage import to_arrow

    buffer = io.BytesIO()
    pq.write_table(to_arrow(frame), buffer, compression="zstd")
    return buffer.getvalue()


def _frame_from_parquet(blob: bytes) -> Any:
    import pyarrow.parquet as pq

    from core.usage import from_arrow

    return from_arrow(pq.read_table(io.BytesIO(blob)))
