"""The main window: navigation on the left, one page per part of the analysis.

The window builds widgets, connects signals and hands the user's intent to
:class:`~desktop.document.WorkspaceDocument`; it computes nothing itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QWidget,
)

from desktop import jobs
from desktop.about import show_about
from desktop.document import WorkspaceDocument
from desktop.errors import show_error, user_message
from desktop.importer.launcher import ImportLauncher, dropped_files
from desktop.menus import MenuActions, build_menus
from desktop.recent import RecentFiles
from desktop.settings import app_settings
from desktop.tasks import TaskRunner
from desktop.views.base import View
from desktop.views.brief import BriefView
from desktop.views.contracts import ContractsView
from desktop.views.data import DataView
from desktop.views.market import MarketView
from desktop.views.overview import OverviewView
from desktop.views.sections import CommitmentView, SelfHostingView, WorkloadsView

if TYPE_CHECKING:
    from core.workspace import Workspace
    from desktop.jobs import Analysis

log = logging.getLogger(__name__)

ErrorHandler = Callable[[QWidget | None, BaseException], None]
APP_NAME = "Counteroffer"
DEFAULT_SIZE = (1280, 800)
STATUS_MESSAGE_MS = 5000
NAVIGATION_STYLE = "#navigation::item { padding: 7px 12px; }"


class MainWindow(QMainWindow):
    """Counteroffer's window on one workspace at a time."""

    def __init__(
        self,
        *,
        error_handler: ErrorHandler = show_error,
        remember_state: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._error_handler = error_handler
        self._remember_state = remember_state
        self._close_confirmed = False
        self.tasks = TaskRunner(self)
        self.document = WorkspaceDocument(self.tasks, self)
        self.recent = RecentFiles()
        self.overview, self.brief = OverviewView(), BriefView()
        self.data, self.contracts = DataView(self.tasks), ContractsView()
        self.market = MarketView(self.tasks)
        self.importer = ImportLauncher(
            self, self.document, self.tasks, self._start_folder
        )
        self.views = self._build_views()
        self.navigation = QListWidget()
        self.stack = QStackedWidget()
        self._build_central()
        self.menu: MenuActions = build_menus(self, [view.title for view in self.views])
        self._build_status_bar()
        self._connect_signals()
        self._update_title()
        self._restore_state()
        self.setAcceptDrops(True)

    # -- building ---------------------------------------------------------

    def _build_views(self) -> list[View]:
        return [
            self.overview,
            self.data,
            self.contracts,
            self.market,
            CommitmentView(),
            SelfHostingView(),
            WorkloadsView(),
            self.brief,
        ]

    def _build_central(self) -> None:
        for view in self.views:
            self.navigation.addItem(view.title)
            self.stack.addWidget(view)
        self.navigation.setObjectName("navigation")
        self.navigation.setStyleSheet(NAVIGATION_STYLE)
        self.navigation.setFrameShape(QFrame.Shape.NoFrame)
        metrics = self.navigation.fontMetrics()
        widest = max(metrics.horizontalAdvance(view.title) for view in self.views)
        self.navigation.setFixedWidth(widest + 64)
        self.navigation.setCurrentRow(0)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, stretch=1)
        self.setCentralWidget(central)

    def _build_status_bar(self) -> None:
        self.busy_label = QLabel()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setTextVisible(False)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.busy_bar)
        self._on_tasks_busy_changed("")

    def _connect_signals(self) -> None:
        self.navigation.currentRowChanged.connect(
            self._on_navigation_current_row_changed
        )
        menu = self.menu
        menu.new.triggered.connect(self._on_new_triggered)
        menu.new_demo.triggered.connect(self._on_new_demo_triggered)
        menu.open.triggered.connect(self._on_open_triggered)
        menu.save.triggered.connect(self._on_save_triggered)
        menu.save_as.triggered.connect(self._on_save_as_triggered)
        menu.import_files.triggered.connect(self._on_import_files_triggered)
        menu.new_contract.triggered.connect(self.importer.write_template)
        menu.quit.triggered.connect(self.close)
        menu.about.triggered.connect(self._on_about_triggered)
        menu.recent.aboutToShow.connect(self._on_recent_about_to_show)
        for index, action in enumerate(menu.go_to):
            action.triggered.connect(partial(self.show_view, index))
        document = self.document
        document.workspace_changed.connect(self._on_document_workspace_changed)
        document.analysis_changed.connect(self._on_document_analysis_changed)
        document.analysis_failed.connect(self._on_document_analysis_failed)
        document.modified_changed.connect(self.setWindowModified)
        document.path_changed.connect(self._on_document_path_changed)
        document.opened.connect(self._on_document_opened)
        document.saved.connect(self._on_document_saved)
        document.open_failed.connect(self._on_document_open_failed)
        document.failed.connect(self._on_failed)
        self.tasks.failed.connect(self._on_failed)
        self.tasks.busy_changed.connect(self._on_tasks_busy_changed)
        self.data.remove_import_requested.connect(self.document.remove_import)
        self.data.alias_edited.connect(self.document.set_model_alias)
        self.data.workload_edited.connect(self.document.set_workload)
        self.contracts.contract_edited.connect(self.document.replace_contract)
        self.contracts.import_requested.connect(self._on_contracts_import_requested)
        self.contracts.template_requested.connect(self.importer.write_template)
        self.brief.export_requested.connect(self._on_brief_export_requested)
        self.market.edit_requested.connect(self._on_market_edit_requested)

    # -- public -----------------------------------------------------------

    def start(self, path: Path | None) -> None:
        """Open ``path``, or an empty workspace when there is none."""
        if path is None:
            self.document.new()
        else:
            self.document.open(path)

    def show_view(self, index: int) -> None:
        """Switch to the page at ``index`` of the navigation list."""
        self.navigation.setCurrentRow(index)

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Save to the workspace's file, asking for one if it has none."""
        if self.document.workspace is None:
            return
        if self.document.path is None:
            self.save_as(then)
        else:
            self.document.save(then=then)

    def save_as(self, then: Callable[[], None] | None = None) -> None:
        """Ask for a file and save the workspace there."""
        from desktop.dialogs import ask_save_workspace_path

        if self.document.workspace is None:
            return
        target = ask_save_workspace_path(self, self._start_folder())
        if target is not None:
            self.document.save(target, then=then)

    def shutdown(self) -> None:
        """Wait for background work so no thread outlives the window."""
        self.tasks.wait()

    # -- slots --------------------------------------------------------------

    def _on_navigation_current_row_changed(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentIndex(row)

    def _on_new_triggered(self) -> None:
        self._when_safe(self.document.new)

    def _on_new_demo_triggered(self) -> None:
        self._when_safe(self.document.new_demo)

    def _on_open_triggered(self) -> None:
        self._when_safe(self._choose_and_open)

    def _on_save_triggered(self) -> None:
        self.save()

    def _on_save_as_triggered(self) -> None:
        self.save_as()

    def _on_import_files_triggered(self) -> None:
        self.importer.choose_files()

    def _on_contracts_import_requested(self) -> None:
        self.importer.choose_files(contracts=True)

    def _on_about_triggered(self) -> None:
        show_about(self)

    def _on_recent_about_to_show(self) -> None:
        self.menu.fill_recent(
            self.recent.paths(),
            self._on_recent_action_triggered,
            self._on_clear_recent_triggered,
        )

    def _on_recent_action_triggered(self, path: Path) -> None:
        self._when_safe(partial(self.document.open, path))

    def _on_clear_recent_triggered(self) -> None:
        self.recent.clear()

    def _on_document_workspace_changed(self, workspace: Workspace) -> None:
        for view in self.views:
            view.show_workspace(workspace)
        self._update_title()

    def _on_document_analysis_changed(self, analysis: Analysis | None) -> None:
        for view in self.views:
            view.show_analysis(analysis)

    def _on_document_analysis_failed(self, exc: BaseException) -> None:
        for view in self.views:
            view.show_failure(user_message(exc))

    def _on_document_path_changed(self, path: Path | None) -> None:
        self.setWindowFilePath("" if path is None else str(path))
        self._update_title()

    def _on_document_opened(self, path: Path) -> None:
        self.recent.add(path)
        self.statusBar().showMessage(f"Opened {path.name}", STATUS_MESSAGE_MS)

    def _on_document_saved(self, path: Path) -> None:
        self.recent.add(path)
        self.statusBar().showMessage(f"Saved {path.name}", STATUS_MESSAGE_MS)

    def _on_document_open_failed(self, path: Path) -> None:
        if not path.exists():
            self.recent.remove(path)

    def _on_failed(self, exc: BaseException) -> None:
        self._error_handler(self, exc)

    def _on_tasks_busy_changed(self, description: str) -> None:
        self.busy_label.setText(f"{description}…" if description else "")
        self.busy_bar.setVisible(bool(description))

    def _on_brief_export_requested(self) -> None:
        analysis = self.document.analysis
        if analysis is None:
            return
        from desktop.dialogs import ask_brief_path

        suggested = self._start_folder() / f"{analysis.result.workspace.name} brief.pdf"
        target = ask_brief_path(self, suggested)
        if target is not None:
            self.tasks.run(
                partial(jobs.write_brief, analysis.result, target),
                description=f"Writing {target.name}",
                on_success=self._on_export_succeeded,
            )

    def _on_market_edit_requested(
        self, change: Callable[[Workspace], object], description: str
    ) -> None:
        self.document.edit(change, description=description)

    def _on_export_succeeded(self, path: Path) -> None:
        self.statusBar().showMessage(f"Wrote {path.name}", STATUS_MESSAGE_MS)

    # -- helpers ------------------------------------------------------------

    def _choose_and_open(self) -> None:
        from desktop.dialogs import ask_open_workspace_path

        path = ask_open_workspace_path(self, self._start_folder())
        if path is not None:
            self.document.open(path)

    def _when_safe(self, proceed: Callable[[], None]) -> None:
        """Run ``proceed`` once unsaved changes are saved or let go."""
        answer = self._ask_to_save()
        if answer == QMessageBox.StandardButton.Save:
            self.save(then=proceed)
        elif answer != QMessageBox.StandardButton.Cancel:
            proceed()

    def _ask_to_save(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel; Discard at once when nothing changed."""
        if not self.document.modified:
            return QMessageBox.StandardButton.Discard
        name = self.document.workspace.name if self.document.workspace else ""
        return QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save the changes to “{name}” first?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )

    def _start_folder(self) -> Path:
        if self.document.path is not None:
            return self.document.path.parent
        recent = self.recent.paths()
        return recent[0].parent if recent else Path.home()

    def _update_title(self) -> None:
        workspace, path = self.document.workspace, self.document.path
        if workspace is None:
            self.setWindowTitle(APP_NAME)
            return
        shown = workspace.name if path is None else f"{workspace.name} ({path.name})"
        self.setWindowTitle(f"{shown}[*] — {APP_NAME}")

    def _restore_state(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            state = settings.value("window/state")
            if isinstance(state, QByteArray):
                self.restoreState(state)
        else:
            self.resize(self._default_size())
        page = settings.value("window/view", 0, type=int)
        self.show_view(page % len(self.views) if isinstance(page, int) else 0)

    def _default_size(self) -> QSize:
        """1280 × 800, or nine tenths of a smaller screen."""
        available = self.screen().availableGeometry()
        width, height = DEFAULT_SIZE
        return QSize(
            min(width, int(available.width() * 0.9)),
            min(height, int(available.height() * 0.9)),
        )

    def _save_state(self) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/view", self.navigation.currentRow())

    def _close_now(self) -> None:
        self._close_confirmed = True
        self.close()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = dropped_files(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.importer.open_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        answer = (
            QMessageBox.StandardButton.Discard
            if self._close_confirmed
            else self._ask_to_save()
        )
        if answer != QMessageBox.StandardButton.Discard:
            event.ignore()
            if answer == QMessageBox.StandardButton.Save:
                self.save(then=self._close_now)
            return
        self.importer.close()
        if self._remember_state:
            self._save_state()
        self.shutdown()
        event.accept()
