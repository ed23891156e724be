"""``counteroffer --self-test``: prove the window works on this machine.

Opens the window offscreen on the demo workspace, waits for the analysis,
shows every page and checks it painted. Returns 0, or 1 after writing one
line saying what failed to stderr.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEventLoop,
    QObject,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QWidget

from core.errors import CounterofferError
from desktop.errors import user_message
from desktop.main_window import MainWindow
from desktop.views.base import View

if TYPE_CHECKING:
    from desktop.jobs import Analysis

log = logging.getLogger(__name__)

TIMEOUT_MS = 180_000
WINDOW_SIZE = (1280, 800)


class SelfTest(QObject):
    """Drives one window through the demo and records the first failure."""

    def __init__(self) -> None:
        super().__init__()
        self.reason = ""
        self.loop = QEventLoop(self)
        self.window = MainWindow(error_handler=self._report_error, remember_state=False)
        self.window.resize(*WINDOW_SIZE)
        self.window.document.analysis_changed.connect(
            self._on_document_analysis_changed
        )
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timer_timeout)

    def run(self) -> int:
        """Show the window, load the demo and wait for the verdict."""
        self.window.show()
        self.timer.start(TIMEOUT_MS)
        QTimer.singleShot(0, self.window.document.new_demo)
        code = self.loop.exec()
        self.timer.stop()
        self.window.shutdown()
        self.window.close()
        self.window.deleteLater()
        return code

    def _on_document_analysis_changed(self, analysis: Analysis | None) -> None:
        if analysis is None:
            return
        if analysis.result.workspace.usage_rows == 0:
            self._fail("the demo workspace has no usage rows")
            return
        for index, view in enumerate(self.window.views):
            self.window.show_view(index)
            QApplication.processEvents()
            problem = _check_view(view)
            if problem:
                self._fail(problem)
                return
        log.info("self-test passed")
        self.loop.exit(0)

    def _report_error(self, _parent: QWidget | None, exc: BaseException) -> None:
        log.error("self-test failed", exc_info=(type(exc), exc, exc.__traceback__))
        if isinstance(exc, CounterofferError):
            self._fail(user_message(exc))
        else:
            self._fail(f"{type(exc).__name__}: {exc}")

    def _on_timer_timeout(self) -> None:
        self._fail(f"the analysis did not finish within {TIMEOUT_MS // 1000} s")

    def _fail(self, reason: str) -> None:
        if not self.reason:
            self.reason = " ".join(reason.split())
        self.loop.exit(1)


def _log_qt_message(mode: QtMsgType, _context: object, message: str) -> None:
    serious = mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
    log.log(logging.WARNING if serious else logging.DEBUG, "Qt: %s", message)


def _check_view(view: View) -> str:
    if not view.isVisible():
        return f"the {view.title} page did not become visible"
    if not view.ready:
        return f"the {view.title} page did not show the analysis"
    if view.grab().isNull():
        return f"the {view.title} page could not be painted"
    return ""


def run_self_test() -> int:
    """Run the self-test in the current QApplication; returns the exit code.

    Qt's own messages go to the log meanwhile, so a passing run prints
    nothing and a failing one prints only its reason.
    """
    previous = qInstallMessageHandler(_log_qt_message)
    try:
        test = SelfTest()
        code = test.run()
    finally:
        qInstallMessageHandler(previous)
    if code != 0:
        sys.stderr.write(f"counteroffer --self-test failed: {test.reason}\n")
    test.deleteLater()
    return code
