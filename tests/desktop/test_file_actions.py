"""File menu: save, open, the unsaved-changes prompt, errors, recent files."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QMessageBox

from core.storage import load_workspace
from desktop.main_window import MainWindow
from desktop.recent import MAX_RECENT, RecentFiles
from desktop.views.overview import headline_figures

from .helpers import TASK_TIMEOUT_MS, open_file, wait_for

Button = QMessageBox.StandardButton


def _remove_first_import(qtbot, window):
    window.data.imports.selectRow(0)
    assert window.data.remove_button.isEnabled()
    wait_for(qtbot, window, window.data.remove_button.click)


def test_save_as_then_reopen_gives_identical_figures(
    qtbot, window, small_file, dialogs, tmp_path
):
    open_file(qtbot, window, small_file)
    before = window.document.analysis.result
    dialogs.save_paths = [tmp_path / "copy"]

    wait_for(qtbot, window, window.menu.save_as.trigger)
    copy = tmp_path / "copy.counteroffer"
    open_file(qtbot, window, copy)
    after = window.document.analysis.result

    assert window.document.path == copy
    assert after.spend == before.spend
    assert headline_figures(after) == headline_figures(before)
    assert window.overview.cards["total"].value.text() == "$52"


def test_removing_an_import_marks_the_workspace_modified(qtbot, window, small_file):
    open_file(qtbot, window, small_file)

    _remove_first_import(qtbot, window)

    assert window.isWindowModified()
    assert window.document.modified
    assert window.data.imports.rowCount() == 1
    assert window.document.analysis.result.workspace.usage_rows == 5
    assert window.overview.cards["total"].value.text() == "$11"


def test_save_clears_the_marker_and_writes_the_file(qtbot, window, small_file):
    open_file(qtbot, window, small_file)
    _remove_first_import(qtbot, window)

    wait_for(qtbot, window, window.menu.save.trigger)

    assert not window.isWindowModified()
    assert len(load_workspace(small_file).batches) == 1


def test_unsaved_prompt_cancel_keeps_the_workspace(qtbot, window, small_file, dialogs):
    open_file(qtbot, window, small_file)
    _remove_first_import(qtbot, window)
    workspace = window.document.workspace
    dialogs.answers = [Button.Cancel]

    window.menu.new.trigger()

    assert dialogs.texts("question") == ["Save the changes to “Small” first?"]
    assert window.document.workspace is workspace
    assert window.isWindowModified()
    assert not window.tasks.busy


def test_unsaved_prompt_discard_goes_ahead_without_saving(
    qtbot, window, small_file, dialogs
):
    open_file(qtbot, window, small_file)
    _remove_first_import(qtbot, window)
    dialogs.answers = [Button.Discard]

    wait_for(qtbot, window, window.menu.new.trigger)

    assert window.document.workspace.name == "Untitled"
    assert not window.isWindowModified()
    assert len(load_workspace(small_file).batches) == 2


def test_unsaved_prompt_save_saves_then_goes_ahead(qtbot, window, small_file, dialogs):
    open_file(qtbot, window, small_file)
    _remove_first_import(qtbot, window)
    dialogs.answers = [Button.Save]

    wait_for(qtbot, window, window.menu.new.trigger)

    assert len(load_workspace(small_file).batches) == 1
    assert window.document.workspace.name == "Untitled"


def test_closing_with_unsaved_changes_asks_first(qtbot, window, small_file, dialogs):
    open_file(qtbot, window, small_file)
    _remove_first_import(qtbot, window)
    dialogs.answers = [Button.Cancel, Button.Discard]

    assert not window.close()
    assert window.isVisible()

    assert window.close()
    assert not window.isVisible()
    assert len(dialogs.texts("question")) == 2


def test_open_asks_for_a_file(qtbot, window, small_file, dialogs):
    dialogs.open_paths = [small_file]

    wait_for(qtbot, window, window.menu.open.trigger)

    assert dialogs.texts("open") == ["Open Workspace"]
    assert window.document.path == small_file
    assert window.document.analysis.result.workspace.usage_rows == 14


def test_cancelling_the_open_dialog_changes_nothing(qtbot, window, small_file, dialogs):
    open_file(qtbot, window, small_file)

    window.menu.open.trigger()

    assert dialogs.texts("open") == ["Open Workspace"]
    assert window.document.path == small_file
    assert not window.tasks.busy


def test_a_corrupt_file_shows_one_error_and_stays_unchanged(
    qtbot, window, small_file, dialogs, tmp_path
):
    open_file(qtbot, window, small_file)
    corrupt = tmp_path / "corrupt.counteroffer"
    corrupt.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    os.utime(corrupt, ns=(1_000_000_000, 1_000_000_000))
    dialogs.open_paths = [corrupt]

    wait_for(qtbot, window, window.menu.open.trigger)

    [message] = dialogs.texts("warning")
    assert "corrupt.counteroffer" in message
    assert "damaged" in message
    assert corrupt.read_bytes() == b"SQLite format 3\x00" + b"\x07" * 4000
    assert corrupt.stat().st_mtime_ns == 1_000_000_000
    assert window.document.path == small_file
    assert dialogs.texts("critical") == []


def test_a_file_that_is_not_a_workspace_is_refused(qtbot, window, dialogs, tmp_path):
    text = tmp_path / "notes.counteroffer"
    text.write_text("not a workspace")

    wait_for(qtbot, window, window.document.open, text)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=TASK_TIMEOUT_MS)

    [message] = dialogs.texts("warning")
    assert message.startswith("notes.counteroffer is not a Counteroffer workspace")
    assert text.read_text() == "not a workspace"
    assert window.document.workspace.name == "Untitled"  # fell back to a new one


def test_recent_files_are_remembered_newest_first(qtbot, window, small_file, tmp_path):
    other = tmp_path / "other.counteroffer"
    small_file.with_name("other.counteroffer").write_bytes(small_file.read_bytes())
    open_file(qtbot, window, small_file)
    open_file(qtbot, window, other)

    window.menu.recent.aboutToShow.emit()
    entries = [a.data() for a in window.menu.recent.actions() if a.data()]

    assert entries == [str(other.resolve()), str(small_file.resolve())]
    assert RecentFiles().paths() == [other.resolve(), small_file.resolve()]


def test_choosing_a_recent_file_opens_it(qtbot, window, small_file):
    RecentFiles().add(small_file)
    window.menu.recent.aboutToShow.emit()
    [entry] = [a for a in window.menu.recent.actions() if a.data()]

    wait_for(qtbot, window, entry.trigger)

    assert window.document.path == small_file.resolve()


def test_recent_files_keep_the_newest_eight(tmp_path):
    recent = RecentFiles()
    paths = [tmp_path / f"w{number}.counteroffer" for number in range(10)]

    for path in paths:
        recent.add(path)

    assert recent.paths() == [p.resolve() for p in reversed(paths)][:MAX_RECENT]


def test_a_missing_recent_file_is_forgotten(qtbot, window, dialogs, tmp_path):
    gone = tmp_path / "gone.counteroffer"
    RecentFiles().add(gone)

    wait_for(qtbot, window, window.document.open, gone.resolve())

    assert "does not exist" in dialogs.texts("warning")[0]
    assert RecentFiles().paths() == []


def test_clear_menu_forgets_recent_files(small_file, window):
    RecentFiles().add(small_file)
    window.menu.recent.aboutToShow.emit()
    clear = next(a for a in window.menu.recent.actions() if a.text() == "Clear Menu")

    clear.trigger()

    assert RecentFiles().paths() == []


def test_window_size_and_page_are_remembered(qtbot, window):
    window.resize(700, 500)
    window.show_view(3)
    window.close()

    reopened = MainWindow()
    size = (reopened.width(), reopened.height())
    page = reopened.navigation.currentRow()
    reopened.deleteLater()

    assert size == (700, 500)
    assert page == 3


def test_standard_shortcuts_are_set(window):
    menu = window.menu

    for action in (menu.new, menu.open, menu.save, menu.save_as):
        assert not action.shortcut().isEmpty(), action.text()
