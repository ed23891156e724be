"""The core works where Qt is not installed."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BLOCK_QT = textwrap.dedent(
    """
    import importlib.abc, sys

    class NoQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "PySide6" or name.startswith("PySide6."):
                raise ImportError("PySide6 is not installed here")
            return None

    sys.meta_path.insert(0, NoQt())
    """
)


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK_QT + textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_core_module_imports_without_pyside6():
    done = _run(
        """
        import pkgutil, importlib, core
        names = [m.name for m in pkgutil.walk_packages(core.__path__, "core.")]
        for name in names:
            importlib.import_module(name)
        assert "PySide6" not in sys.modules
        print(len(names))
        """
    )

    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 10


def test_headless_commands_run_without_pyside6(tmp_path):
    done = _run(
        f"""
        from desktop.launch import main
        code = main(["new", r"{tmp_path / "w"}"])
        code += main(["analyze", r"{tmp_path / "w"}", "--json"])
        assert "PySide6" not in sys.modules
        sys.exit(code)
        """
    )

    assert done.returncode == 0, done.stderr
    assert '"usage_rows": 0' in done.stdout
