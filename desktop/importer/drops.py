"""Files dragged onto a window: kept apart so the main window can accept
drops without loading the wizard's pages at start-up."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files (not folders or web links) a drag carries."""
    urls = mime.urls() if mime.hasUrls() else []
    paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    return [path for path in paths if path.is_file()]
