"""Start the window: the application object, the first paint, the event loop.

Nothing heavy is imported before the window is on screen: the first
workspace is created or read, and analysed, by background tasks started
after the first paint.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from desktop.settings import APPLICATION, ORGANIZATION
from resources import resource_path

log = logging.getLogger(__name__)

ShownHook = Callable[[MainWindow], None]


def run_window(
    workspace: Path | None = None,
    self_test: bool = False,
    *,
    on_shown: ShownHook | None = None,
) -> int:
    """Show the main window until the user quits; returns the exit code.

    ``workspace`` is opened when given, else an empty one is created.
    ``self_test`` opens the window offscreen on the demo, shows every page
    and returns 0, or 1 with a one-line reason on stderr. ``on_shown`` is
    called once the window is first painted (the start-up benchmark uses it).
    """
    if self_test:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = application()
    if self_test:
        from desktop.selftest import run_self_test

        return run_self_test()
    window = MainWindow()
    window.show()
    log.info("window shown")
    QTimer.singleShot(0, partial(_after_first_paint, window, workspace, on_shown))
    code = app.exec()
    window.shutdown()
    return code


def application() -> QApplication:
    """The process's QApplication, created and named on first use."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setDesktopFileName("counteroffer")
    app.setWindowIcon(QIcon(str(resource_path("icons", "counteroffer.svg"))))
    return app


def _after_first_paint(
    window: MainWindow, workspace: Path | None, on_shown: ShownHook | None
) -> None:
    if on_shown is not None:
        on_shown(window)
    window.start(workspace)
