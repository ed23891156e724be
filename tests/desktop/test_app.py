"""``run_window``: the window opens on the workspace it is given.

``QApplication.exec`` is replaced by a local event loop: once the real one
has run and quit, Qt refuses every later event loop in the process, and the
other tests need theirs.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from desktop.app import run_window


@pytest.fixture
def event_loop(qapp, monkeypatch) -> QEventLoop:
    loop = QEventLoop()
    monkeypatch.setattr(QApplication, "exec", lambda _app: loop.exec())
    return loop


def _close_when_analysed(seen: dict, loop: QEventLoop):
    def on_shown(window) -> None:
        seen["visible"] = window.isVisible()
        seen["busy_at_first_paint"] = window.tasks.busy

        def on_analysis(analysis) -> None:
            if analysis is None:
                return
            seen["rows"] = analysis.result.workspace.usage_rows
            seen["title"] = window.windowTitle()
            window.close()
            loop.exit(0)

        window.document.analysis_changed.connect(on_analysis)

    return on_shown


def test_run_window_opens_the_named_workspace(event_loop, small_file):
    seen: dict = {}

    code = run_window(
        workspace=small_file, on_shown=_close_when_analysed(seen, event_loop)
    )

    assert code == 0
    assert seen == {
        "visible": True,
        "busy_at_first_paint": False,  # work starts after the first paint
        "rows": 14,
        "title": "Small (small.counteroffer)[*] — Counteroffer",
    }


def test_run_window_finds_a_workspace_named_without_its_suffix(event_loop, small_file):
    seen: dict = {}

    code = run_window(
        workspace=small_file.with_suffix(""),
        on_shown=_close_when_analysed(seen, event_loop),
    )

    assert code == 0
    assert seen["rows"] == 14
    assert "(small.counteroffer)" in seen["title"]
