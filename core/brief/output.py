"""Write a finished PDF to disk without ever leaving half a file behind."""

from __future__ import annotations

from pathlib import Path

from core.errors import ExportError
from core.fileio import atomic_write


def write_atomically(data: bytes, target: Path) -> None:
    """Write ``data`` to ``target`` through a temporary file beside it.

    The temporary file is flushed and synced, then renamed over ``target``,
    so readers see either the old file or the complete new one.

    Raises:
        ExportError: the folder is missing or not writable, or the
            target is a folder.
    """
    folder = target.parent
    if target.is_dir():
        raise ExportError(
            f"cannot write the brief to {target}: it is a folder; "
            "give a file name such as brief.pdf"
        )
    if not folder.is_dir():
        raise ExportError(
            f"cannot write the brief to {target}: the folder {folder} does not "
            "exist; create it or choose another location"
        )
    try:
        atomic_write(target, data)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise ExportError(
            f"cannot write the brief to {target}: {reason}; choose a folder "
            "you can write to, and close the file if another program has it open"
        ) from exc
