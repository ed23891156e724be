"""The open workspace: its file, its unsaved state and its latest analysis.

:class:`WorkspaceDocument` owns the life cycle the File menu drives (new,
open, save) and re-analyses the workspace whenever it changes. All slow work
goes through the shared :class:`~desktop.tasks.TaskRunner`; the document
only swaps in results on the main thread and announces them by signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from desktop import jobs
from desktop.tasks import TaskRunner

if TYPE_CHECKING:
    from core.importing.base import ImportResult
    from core.importing.pipeline import ImportSummary
    from core.workspace import Workspace
    from desktop.jobs import Analysis, PresetRequest

log = logging.getLogger(__name__)


class WorkspaceDocument(QObject):
    """The workspace the window shows; at most one at a time."""

    workspace_changed = Signal(object)  # Workspace
    analysis_changed = Signal(object)  # Analysis, or None while computing
    modified_changed = Signal(bool)
    path_changed = Signal(object)  # Path or None
    opened = Signal(object)  # Path read from
    saved = Signal(object)  # Path written to
    analysis_failed = Signal(object)  # exception that stopped the analysis
    failed = Signal(object)  # exception for the window's error display
    open_failed = Signal(object)  # Path that could not be opened
    imported = Signal(object)  # list[ImportSummary] of an applied import

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.workspace: Workspace | None = None
        self.path: Path | None = None
        self.analysis: Analysis | None = None
        self.modified = False

    def new(self) -> None:
        """Replace the workspace with an empty, untitled one."""
        self._tasks.run(
            jobs.blank_workspace,
            description="Creating a workspace",
            on_success=partial(self._adopt, path=None),
            on_failure=self.failed.emit,
        )

    def new_demo(self) -> None:
        """Replace the workspace with the bundled demo, untitled."""
        self._tasks.run(
            jobs.demo_workspace,
            description="Building the demo",
            on_success=partial(self._adopt, path=None),
            on_failure=self.failed.emit,
        )

    def open(self, path: Path) -> None:
        """Read ``path`` and make it the workspace; on failure keep the old one."""
        self._tasks.run(
            partial(jobs.open_workspace, path),
            description=f"Opening {path.name}",
            on_success=self._on_opened,
            on_failure=partial(self._on_open_failed, path),
        )

    def save(
        self, path: Path | None = None, then: Callable[[], None] | None = None
    ) -> None:
        """Write the workspace to ``path`` (default: its own file), then ``then``."""
        target = path or self.path
        if self.workspace is None or target is None:
            raise ValueError("save needs an open workspace and a file path")
        self._tasks.run(
            partial(jobs.save_workspace, self.workspace, target),
            description=f"Saving {target.name}",
            on_success=partial(self._on_saved, then=then),
            on_failure=self.failed.emit,
        )

    def remove_import(self, batch_id: int) -> None:
        """Drop one import's rows; the workspace becomes modified."""
        if self.workspace is None:
            return
        self._tasks.run(
            partial(jobs.remove_import, self.workspace, batch_id),
            description="Removing an import",
            on_success=self._on_edited,
            on_failure=self.failed.emit,
        )

    def edit(self, change: Callable[[Workspace], object], *, description: str) -> None:
        """Apply ``change`` to the workspace in turn with other work.

        ``change`` runs on the worker, after any analysis in flight, so it
        never alters data a task is reading. The workspace then becomes
        modified and is analysed again; a failure goes to ``failed`` and
        leaves the workspace as ``change`` left it (changes validate first).
        """
        if self.workspace is None:
            return
        self._tasks.run(
            partial(jobs.edit_workspace, self.workspace, change),
            description=description,
            on_success=self._on_edited,
            on_failure=self.failed.emit,
        )

    def set_model_alias(self, reported: str, model_id: str) -> None:
        """Read the billed model name ``reported`` as catalog ``model_id``."""
        change = partial(jobs.set_model_alias, reported=reported, model_id=model_id)
        self.edit(change, description="Saving the model alias")

    def set_workload(self, account: str, workload: str) -> None:
        """Attribute ``account``'s rows to ``workload`` ("" for the file's own)."""
        change = partial(jobs.set_workload, account=account, workload=workload)
        self.edit(change, description="Saving the workload")

    def replace_contract(self, index: int, data: dict[str, Any]) -> None:
        """Replace contract ``index`` with ``data`` once it validates."""
        change = partial(jobs.replace_contract, index=index, data=data)
        self.edit(change, description="Saving the contract")

    def import_results(
        self, results: list[ImportResult], presets: list[PresetRequest]
    ) -> None:
        """Add files read by the import wizard, and save their new presets."""
        if self.workspace is None:
            return
        self._tasks.run(
            partial(jobs.apply_imports, self.workspace, results, presets),
            description="Importing",
            on_success=self._on_imported,
            on_failure=self.failed.emit,
        )

    def set_modified(self, modified: bool) -> None:
        """Mark the workspace as changed since it was last saved, or not."""
        if modified != self.modified:
            self.modified = modified
            self.modified_changed.emit(modified)

    def _on_opened(self, opened: tuple[Workspace, Path]) -> None:
        workspace, path = opened
        log.info("opened a workspace")
        self._adopt(workspace, path=path)
        self.opened.emit(path)

    def _on_open_failed(self, path: Path, exc: BaseException) -> None:
        self.failed.emit(exc)
        self.open_failed.emit(path)
        if self.workspace is None:
            self.new()

    def _on_saved(self, path: Path, then: Callable[[], None] | None) -> None:
        self.path = path
        self.path_changed.emit(path)
        self.set_modified(False)
        self.saved.emit(path)
        if then is not None:
            then()

    def _on_imported(self, applied: tuple[Workspace, list[ImportSummary]]) -> None:
        workspace, summaries = applied
        log.info("imported %d files", len(summaries))
        self._on_edited(workspace)
        self.imported.emit(summaries)

    def _on_edited(self, workspace: Workspace) -> None:
        if workspace is not self.workspace:
            return
        self.workspace_changed.emit(workspace)
        self.set_modified(True)
        self._analyse()

    def _adopt(self, workspace: Workspace, path: Path | None) -> None:
        self.workspace = workspace
        self.path = path
        self.analysis = None
        self.workspace_changed.emit(workspace)
        self.path_changed.emit(path)
        self.set_modified(False)
        self._analyse()

    def _analyse(self) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        self.analysis = None
        self.analysis_changed.emit(None)
        self._tasks.run(
            partial(jobs.analyse, workspace),
            description="Analysing",
            on_success=partial(self._on_analysed, workspace),
            on_failure=partial(self._on_analysis_failed, workspace),
        )

    def _on_analysed(self, workspace: Workspace, analysis: Analysis) -> None:
        if workspace is not self.workspace:
            return  # a newer workspace replaced this one meanwhile
        self.analysis = analysis
        self.analysis_changed.emit(analysis)

    def _on_analysis_failed(self, workspace: Workspace, exc: BaseException) -> None:
        if workspace is self.workspace:
            self.analysis_failed.emit(exc)
        self.failed.emit(exc)
