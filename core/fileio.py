"""Writing files so that a crash never leaves half a file behind."""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def atomic_write(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` in one step.

    The bytes go to a temporary file beside the target, are flushed and
    fsynced, and the temporary file is renamed over the target; the folder
    is fsynced so the rename survives a power cut. On any failure the
    previous file is untouched and the temporary file removed.

    Raises:
        OSError: the folder is not writable, the disk is full, ...
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temp.replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    _fsync_folder(target.parent)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError:
        # Some file systems (network shares) refuse to sync a folder; the
        # file itself is already synced, so this is not worth failing over.
        log.debug("could not sync the folder after a rename")
    finally:
        os.close(descriptor)
