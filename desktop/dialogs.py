"""File dialogs and small prompts; tests replace QFileDialog's and QInputDialog's."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

WORKSPACE_SUFFIX = ".counteroffer"  # core.storage.FILE_SUFFIX, without its import
WORKSPACE_FILTER = f"Counteroffer workspaces (*{WORKSPACE_SUFFIX})"
PDF_FILTER = "PDF documents (*.pdf)"
IMPORT_FILTERS = ";;".join(
    [
        "Usage exports, invoices and contracts (*.csv *.tsv *.txt *.gz *.xlsx "
        "*.xlsm *.xls *.ods *.json *.parquet)",
        "Text exports (*.csv *.tsv *.txt *.gz)",
        "Spreadsheets (*.xlsx *.xlsm *.xls *.ods)",
        "JSON (*.json)",
        "Parquet (*.parquet)",
        "All files (*)",
    ]
)
CONTRACT_FILTER = "Contract workbooks (*.xlsx *.xlsm)"


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


def ask_import_paths(
    parent: QWidget, folder: Path, *, contracts: bool = False
) -> list[Path]:
    """The files the user picks to import; empty if they cancel."""
    caption = "Import Contract" if contracts else "Import Files"
    filters = f"{CONTRACT_FILTER};;All files (*)" if contracts else IMPORT_FILTERS
    names, _ = QFileDialog.getOpenFileNames(parent, caption, str(folder), filters)
    return [Path(name) for name in names]


def ask_contract_template_path(parent: QWidget, suggested: Path) -> Path | None:
    """Where to write a blank contract workbook, or None if cancelled."""
    name, _ = QFileDialog.getSaveFileName(
        parent, "New Contract from Template", str(suggested), CONTRACT_FILTER
    )
    return with_suffix(Path(name), ".xlsx") if name else None


def ask_password(parent: QWidget, file_name: str, *, wrong: bool) -> str | None:
    """The workbook's password, or None if the user gives none.

    The password is used for this read only; it is never stored.
    """
    intro = "That password is not right. " if wrong else ""
    text, ok = QInputDialog.getText(
        parent,
        "Password Required",
        f"{intro}“{file_name}” is protected by a password. Enter it to read "
        "the workbook (it is not saved):",
        QLineEdit.EchoMode.Password,
    )
    return text if ok and text else None
