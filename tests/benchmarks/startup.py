"""Start-up benchmark: time to the first shown window, ours against bare PySide6.

Run from the repository root::

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/startup.py --repeat 7

Each measurement starts a fresh Python process and stops the clock when the
process reports, from the event loop's first turn after ``show()``, that its
main window is on screen. The bare program shows an empty ``QMainWindow``;
ours runs ``counteroffer`` (``desktop.launch.main``) with a hook that
reports the same moment. Runs alternate between the two so drift in the
machine's load affects both alike; one warm-up run of each is not counted.
Settings and logs go to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_REPORT = textwrap.dedent(
    """
    import sys
    from PySide6.QtWidgets import QApplication

    def report_shown(*_args):
        sys.stdout.write("shown\\n")
        sys.stdout.flush()
        QApplication.quit()
    """
)

BARE = _REPORT + textwrap.dedent(
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    QTimer.singleShot(0, report_shown)
    sys.exit(app.exec())
    """
)

COUNTEROFFER = _REPORT + textwrap.dedent(
    """
    from functools import partial
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1]
    )

    import desktop.app
    from desktop.launch import main

    desktop.app.run_window = partial(desktop.app.run_window, on_shown=report_shown)
    sys.exit(main([]))
    """
)


def time_to_window(program: str, scratch: Path) -> float:
    """Seconds from starting a process to its "shown" line."""
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "COUNTEROFFER_LOG_DIR": str(scratch / "logs"),
    }
    environment.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", program, str(scratch / "settings")],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.communicate(timeout=120)
    if line.strip() != "shown":
        raise SystemExit(
            f"the program did not report its window (exit {process.returncode})"
        )
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, metavar="N")
    args = parser.parse_args()
    timings: dict[str, list[float]] = {"bare": [], "counteroffer": []}
    programs = {"bare": BARE, "counteroffer": COUNTEROFFER}
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        for program in programs.values():
            time_to_window(program, scratch)  # warm the disk cache
        for _ in range(args.repeat):
            for name, program in programs.items():
                timings[name].append(time_to_window(program, scratch))
    bare = statistics.median(timings["bare"])
    ours = statistics.median(timings["counteroffer"])
    print(f"runs each:                 {args.repeat}")
    print(f"bare PySide6 window:       {bare:.3f} s (median)")
    print(f"Counteroffer main window:  {ours:.3f} s (median)")
    print(f"ratio:                     {ours / bare:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
