"""The one place the window shows an error to the user.

A :class:`~core.errors.CounterofferError` carries a message written for
people and is shown as it is. Anything else is a bug: the user sees a short
apology naming the log folder, and the traceback goes to the log.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from core.errors import CounterofferError

log = logging.getLogger(__name__)

TITLE = "Counteroffer"


def user_message(exc: BaseException) -> str:
    """What to tell the user about ``exc``, as one or more sentences."""
    if isinstance(exc, CounterofferError):
        text = str(exc).strip() or "The operation could not be completed."
        return _sentence_case(text)
    return (
        "Something unexpected went wrong and the operation was not completed. "
        f"The details were written to the log in {_log_folder()}."
    )


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Tell the user about ``exc`` in a message box; log what a developer needs."""
    if isinstance(exc, CounterofferError):
        log.info("showing a %s to the user", type(exc).__name__)
        log.debug("error message: %s", exc)
        QMessageBox.warning(parent, TITLE, user_message(exc))
        return
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    QMessageBox.critical(parent, TITLE, user_message(exc))


def _sentence_case(text: str) -> str:
    """Capitalise a leading plain word, never a file name or a path."""
    first = text.split(maxsplit=1)[0]
    if first.isalpha() and first.islower():
        return text[:1].upper() + text[1:]
    return text


def _log_folder() -> str:
    from core.logsetup import log_folder

    return str(log_folder())
