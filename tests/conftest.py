"""Settings shared by every test: no real user folders, no network."""

from __future__ import annotations

import os

import pytest

# Qt runs without a display in tests, whoever starts pytest.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_log_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """Keep log files out of the real user's folders."""
    monkeypatch.setenv("COUNTEROFFER_LOG_DIR", str(tmp_path_factory.mktemp("logs")))
