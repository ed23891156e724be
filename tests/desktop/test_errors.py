"""The one error display: user-facing messages as they are, bugs logged."""

from __future__ import annotations

import logging

from core.errors import DataError, WorkspaceError
from desktop.errors import show_error, user_message


def test_a_counteroffer_error_is_shown_as_written(qtbot, dialogs):
    show_error(None, WorkspaceError("could not save a.counteroffer: disk full"))

    assert dialogs.shown == [("warning", "Could not save a.counteroffer: disk full")]


def test_a_message_starting_with_a_file_name_keeps_its_case():
    error = DataError.single("unknown vendor", "use openai", file="usage.csv", row=3)

    assert user_message(error).startswith("usage.csv, row 3: unknown vendor")


def test_an_unexpected_error_is_logged_with_its_traceback(
    qtbot, dialogs, caplog, tmp_path
):
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        error = exc

    with caplog.at_level(logging.ERROR, logger="desktop.errors"):
        show_error(None, error)

    [(kind, text)] = dialogs.shown
    assert kind == "critical"
    assert "boom" not in text
    assert str(tmp_path / "logs") in text
    [record] = caplog.records
    assert record.exc_info is not None and record.exc_info[1] is error
