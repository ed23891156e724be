"""Opening the import wizard from the window, and what happens after Import."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QMessageBox

from desktop import jobs
from desktop.importer.drops import dropped_files

if TYPE_CHECKING:
    from core.importing.base import ImportResult
    from core.importing.pipeline import ImportSummary
    from desktop.document import WorkspaceDocument
    from desktop.importer.wizard import ImportWizard
    from desktop.jobs import PresetRequest
    from desktop.tasks import TaskRunner

log = logging.getLogger(__name__)

__all__ = ["ImportLauncher", "dropped_files"]

STATUS_MESSAGE_MS = 5000
TEMPLATE_NAME = "contract.xlsx"


class ImportLauncher(QObject):
    """Keeps at most one wizard open and hands its results to the document."""

    def __init__(
        self,
        window: QMainWindow,
        document: WorkspaceDocument,
        tasks: TaskRunner,
        start_folder: Callable[[], Path],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._document = document
        self._tasks = tasks
        self._start_folder = start_folder
        self._skipped: list[str] = []
        self.wizard: ImportWizard | None = None
        document.imported.connect(self._on_document_imported)

    def choose_files(self, *, contracts: bool = False) -> None:
        """Ask for files, then open them in the wizard."""
        from desktop.dialogs import ask_import_paths

        paths = ask_import_paths(
            self._window, self._start_folder(), contracts=contracts
        )
        if paths:
            self.open_paths(paths)

    def open_paths(self, paths: Sequence[Path]) -> None:
        """Read ``paths`` in the wizard, opening it if it is not open."""
        workspace = self._document.workspace
        if workspace is None or not paths:
            return
        if self.wizard is None:
            presets = workspace.settings.mapping_presets
            # The wizard and its pages load the import machinery: only now.
            from desktop.importer.wizard import ImportWizard

            self.wizard = ImportWizard(self._tasks, presets, self._window)
            self.wizard.import_requested.connect(self._on_wizard_import_requested)
            self.wizard.finished.connect(self._on_wizard_finished)
            self.wizard.open()
        log.debug("importing %d files", len(paths))
        self.wizard.add_files(list(paths))

    def close(self) -> None:
        """Close the wizard, if open, stopping its reads; nothing is imported."""
        if self.wizard is not None:
            self.wizard.reject()

    def write_template(self) -> None:
        """Ask where, then write the blank contract workbook there."""
        from desktop.dialogs import ask_contract_template_path

        target = ask_contract_template_path(
            self._window, self._start_folder() / TEMPLATE_NAME
        )
        if target is not None:
            self._tasks.run(
                partial(jobs.write_contract_template, target),
                description=f"Writing {target.name}",
                on_success=self._on_template_written,
            )

    def _on_wizard_import_requested(
        self, results: list[ImportResult], presets: list[PresetRequest]
    ) -> None:
        if self.wizard is not None:
            self._skipped = self.wizard.skipped()
        self._document.import_results(results, presets)

    def _on_wizard_finished(self, _result: int) -> None:
        self.wizard = None

    def _on_document_imported(self, summaries: list[ImportSummary]) -> None:
        from desktop.importer.summary import summary_text

        text = summary_text(summaries, self._skipped)
        self._skipped = []
        QMessageBox.information(self._window, "Import", text)

    def _on_template_written(self, path: Path) -> None:
        self._window.statusBar().showMessage(
            f"Wrote {path.name}: fill it in, then import it", STATUS_MESSAGE_MS
        )
