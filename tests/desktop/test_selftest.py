"""``counteroffer --self-test`` opens every page on the demo and exits 0."""

from __future__ import annotations

import pytest

from core import session
from core.errors import WorkspaceError
from desktop.app import run_window

from .helpers import small_workspace


def test_self_test_passes_on_a_small_demo(qapp, monkeypatch):
    monkeypatch.setattr(
        session, "demo_workspace", lambda name="Demo": small_workspace()
    )

    assert run_window(self_test=True) == 0


def test_self_test_failure_gives_one_line_and_exit_1(qapp, monkeypatch, capsys):
    def broken(name: str = "Demo") -> None:
        raise WorkspaceError("the demo could not be built;\nreinstall")

    monkeypatch.setattr(session, "demo_workspace", broken)

    code = run_window(self_test=True)

    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        "counteroffer --self-test failed: The demo could not be built; reinstall\n"
    )


@pytest.mark.slow
def test_self_test_passes_on_the_real_demo(qapp):
    assert run_window(self_test=True) == 0
