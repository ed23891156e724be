"""Logging, configured once by the program's entry point.

Records go to a rotating file in the user's log folder. Contract figures,
prices and vendor names are logged at debug level only: the data is
confidential.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_DIR_VARIABLE = "COUNTEROFFER_LOG_DIR"
_configured = False


def log_folder() -> Path:
    """Where log files go: $COUNTEROFFER_LOG_DIR or the platform's log folder."""
    override = os.environ.get(LOG_DIR_VARIABLE)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_log_dir("Counteroffer", appauthor=False))


def configure_logging(*, debug: bool = False) -> Path | None:
    """Send log records to a rotating file; returns its path, or None.

    Calling it again does nothing. If the folder cannot be written, logging
    stays off rather than stopping the program.
    """
    global _configured
    if _configured:
        return None
    _configured = True
    folder = log_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / "counteroffer.log",
            maxBytes=2_000_000,
            backupCount=3,
            encoding="utf-8",
        )
    except OSError:
        return None
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    return folder / "counteroffer.log"
