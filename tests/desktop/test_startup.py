"""Heavy libraries wait until after the first window is shown."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "pyarrow", "reportlab", "matplotlib", "openpyxl")

PROBE = textwrap.dedent(
    """
    import json, sys
    from functools import partial
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1]
    )

    import desktop.app
    from desktop.launch import main

    def on_shown(window):
        heavy = [name for name in {heavy!r} if name in sys.modules]
        report = {{"visible": window.isVisible(), "heavy": heavy}}
        sys.stdout.write(json.dumps(report) + "\\n")
        QApplication.quit()

    desktop.app.run_window = partial(desktop.app.run_window, on_shown=on_shown)
    sys.exit(main([]))
    """
).format(heavy=HEAVY)


def test_no_heavy_library_is_imported_before_the_window_shows(tmp_path):
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "COUNTEROFFER_LOG_DIR": str(tmp_path / "logs"),
    }

    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "settings")],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"visible": True, "heavy": []}
