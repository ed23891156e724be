"""Fixtures for the window's tests: private settings, scripted dialogs, data.

No test may block on a modal dialog: every QMessageBox, QFileDialog and
QInputDialog static function used is replaced by :class:`Dialogs`, which
records what would have been shown and answers from a script.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from core.storage import save_workspace
from desktop.main_window import MainWindow

from .helpers import TASK_TIMEOUT_MS, Dialogs, small_workspace


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """QSettings and the log folder live in this test's temporary folder."""
    folder = tmp_path / "settings"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder)
    )
    monkeypatch.setenv("COUNTEROFFER_LOG_DIR", str(tmp_path / "logs"))
    return folder


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    script = Dialogs()
    for kind in ("warning", "critical", "information", "about"):
        monkeypatch.setattr(QMessageBox, kind, script.message(kind))
    monkeypatch.setattr(QMessageBox, "question", script.question)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", script.open_file)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", script.save_file)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", script.open_files)
    monkeypatch.setattr(QInputDialog, "getText", script.get_text)
    return script


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.counteroffer"
    save_workspace(small_workspace(), path)
    return path


@pytest.fixture
def window(qtbot: Any) -> Iterator[MainWindow]:
    """A shown main window; closed after the test once its tasks are done.

    Not registered with ``qtbot.addWidget``: pytest-qt would close it before
    this fixture could drop unsaved changes, and the close would ask.
    """
    shown = MainWindow()
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    qtbot.waitUntil(lambda: not shown.tasks.busy, timeout=TASK_TIMEOUT_MS)
    shown.document.set_modified(False)
    shown.close()
    shown.deleteLater()
