"""Save a screenshot of every page, for the docs and for looking at changes.

Run ``python -m desktop.screenshots OUTPUT_FOLDER [WORKSPACE]`` (offscreen
works). Without a workspace the demo is used. Settings go to a temporary
folder so the user's window layout and recent files are untouched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings

from desktop.app import application
from desktop.main_window import MainWindow

SIZE = (1280, 800)


def save_screenshots(window: MainWindow, folder: Path) -> list[Path]:
    """Grab each page of ``window`` into ``folder``; returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for index, view in enumerate(window.views):
        window.show_view(index)
        application().processEvents()
        name = view.title.lower().replace(" ", "-")
        target = folder / f"{index + 1:02d}-{name}.png"
        window.grab().save(str(target))
        written.append(target)
    return written


def _report_error(_parent: object, exc: BaseException) -> None:
    sys.stderr.write(f"error: {exc}\n")


def _load(window: MainWindow, workspace: Path | None) -> bool:
    """Open ``workspace`` (or the demo) and wait for its analysis."""
    loop = QEventLoop()

    def on_analysis_changed(analysis: object) -> None:
        if analysis is not None:
            loop.exit(0)

    window.document.analysis_changed.connect(on_analysis_changed)
    window.document.failed.connect(lambda _exc: loop.exit(1))
    window.tasks.failed.connect(lambda _exc: loop.exit(1))
    if workspace is None:
        window.document.new_demo()
    else:
        window.document.open(workspace)
    return loop.exec() == 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.screenshots")
    parser.add_argument("output", type=Path)
    parser.add_argument("workspace", type=Path, nargs="?")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as settings_folder:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_folder
        )
        application()
        window = MainWindow(error_handler=_report_error, remember_state=False)
        window.resize(*SIZE)
        window.show()
        if not _load(window, args.workspace):
            sys.stderr.write("could not open the workspace\n")
            return 1
        for path in save_screenshots(window, args.output):
            sys.stdout.write(f"{path}\n")
        window.shutdown()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
