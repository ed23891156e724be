"""File dialogs for workspaces and the brief; tests replace QFileDialog's."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

WORKSPACE_SUFFIX = ".counteroffer"  # core.storage.FILE_SUFFIX, without its import
WORKSPACE_FILTER = f"Counteroffer workspaces (*{WORKSPACE_SUFFIX})"
PDF_FILTER = "PDF documents (*.pdf)"


def ask_open_workspace_path(parent: QWidget, folder: Path) -> Path | None:
    """The workspace file the user picks, or None if they cancel."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Open Workspace", str(folder), f"{WORKSPACE_FILTER};;All files (*)"
    )
    return Path(name) if name else None


def ask_save_workspace_path(parent: QWidget, folder: Path) -> Path | None:
    """Where to save the workspace, with its suffix, or None if cancelled."""
    name, _ = QFileDialog.getSaveFileName(
        parent, "Save Workspace As", str(folder), WORKSPACE_FILTER
    )
    return with_suffix(Path(name), WORKSPACE_SUFFIX) if name else None


def ask_brief_path(parent: QWidget, suggested: Path) -> Path | None:
    """Where to write the PDF brief, or None if cancelled."""
    name, _ = QFileDialog.getSaveFileName(
        parent, "Export Brief as PDF", str(suggested), PDF_FILTER
    )
    return with_suffix(Path(name), ".pdf") if name else None


def with_suffix(path: Path, suffix: str) -> Path:
    """``path`` ending in ``suffix``, added when the user left it out."""
    if path.suffix.lower() == suffix:
        return path
    return path.with_name(path.name + suffix)
