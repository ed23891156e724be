"""Brief ▸ Export PDF… writes the brief where the user chooses."""

from __future__ import annotations

from .helpers import open_file, wait_for


def test_export_writes_the_pdf_where_the_user_chose(
    qtbot, window, small_file, dialogs, tmp_path
):
    open_file(qtbot, window, small_file)
    dialogs.save_paths = [tmp_path / "meeting"]

    wait_for(qtbot, window, window.brief.export_button.click)

    assert dialogs.texts("warning") == []
    assert (tmp_path / "meeting.pdf").read_bytes().startswith(b"%PDF")


def test_cancelling_the_export_dialog_writes_nothing(
    qtbot, window, small_file, dialogs, tmp_path
):
    open_file(qtbot, window, small_file)

    window.brief.export_button.click()

    assert dialogs.texts("save") == ["Export Brief as PDF"]
    assert not window.tasks.busy
