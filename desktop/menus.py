"""The menu bar: File, View and Help, with the platform's standard shortcuts
(Ctrl+I, which no platform standard covers, imports files)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Key = QKeySequence.StandardKey


@dataclass
class MenuActions:
    """The window's actions, for its slots and for tests to trigger."""

    new: QAction
    new_demo: QAction
    open: QAction
    recent: QMenu
    import_files: QAction
    new_contract: QAction
    save: QAction
    save_as: QAction
    quit: QAction
    go_to: list[QAction]
    about: QAction

    def fill_recent(
        self,
        paths: Sequence[Path],
        on_chosen: Callable[[Path], None],
        on_clear: Callable[[], None],
    ) -> None:
        """Rebuild Open Recent: one entry per path, then Clear Menu."""
        self.recent.clear()
        for number, path in enumerate(paths, start=1):
            action = self.recent.addAction(f"&{number} {path.name}")
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.setData(str(path))
            action.triggered.connect(partial(on_chosen, path))
        if not paths:
            self.recent.addAction("No recent workspaces").setEnabled(False)
        self.recent.addSeparator()
        clear = self.recent.addAction("Clear Menu")
        clear.setEnabled(bool(paths))
        clear.triggered.connect(on_clear)


def build_menus(window: QMainWindow, page_titles: Sequence[str]) -> MenuActions:
    """Create the menu bar of ``window``; returns its actions."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    new = _action(window, file_menu, "&New", Key.New)
    new_demo = _action(window, file_menu, "New from &Demo")
    open_ = _action(window, file_menu, "&Open…", Key.Open)
    recent = file_menu.addMenu("Open &Recent")
    file_menu.addSeparator()
    import_files = _action(window, file_menu, "&Import…", QKeySequence("Ctrl+I"))
    new_contract = _action(window, file_menu, "New &Contract from Template…")
    file_menu.addSeparator()
    save = _action(window, file_menu, "&Save", Key.Save)
    save_as = _action(window, file_menu, "Save &As…", Key.SaveAs)
    file_menu.addSeparator()
    quit_ = _action(window, file_menu, "&Quit", Key.Quit)
    quit_.setMenuRole(QAction.MenuRole.QuitRole)

    view_menu = bar.addMenu("&View")
    go_to = [
        _action(window, view_menu, title, QKeySequence(f"Ctrl+{number}"))
        for number, title in enumerate(page_titles, start=1)
    ]

    help_menu = bar.addMenu("&Help")
    about = _action(window, help_menu, "&About Counteroffer")
    about.setMenuRole(QAction.MenuRole.AboutRole)
    return MenuActions(
        new,
        new_demo,
        open_,
        recent,
        import_files,
        new_contract,
        save,
        save_as,
        quit_,
        go_to,
        about,
    )


def _action(
    window: QMainWindow,
    menu: QMenu,
    text: str,
    shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(shortcut)
    menu.addAction(action)
    return action
