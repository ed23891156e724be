"""Data: the imported files, and the usage rows seen four ways.

Tabs: every row (filter and sort), a month-by-dimension pivot, the model
names and their catalog models (aliases), and the accounts with their
workloads. Edits to aliases and workloads are announced by signal; the
window hands them to the document, which saves them and analyses again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.frame_model import FrameModel
from desktop.views.base import View
from desktop.views.model_aliases import ModelAliasesTab
from desktop.views.pivot import PivotTab
from desktop.views.usage_rows import UsageRowsTab
from desktop.views.widgets import fill_table, make_table, section_label
from desktop.views.workload_map import WorkloadMapTab

if TYPE_CHECKING:
    from core.workspace import Workspace
    from desktop.jobs import Analysis
    from desktop.tasks import TaskRunner

IMPORTS_HEIGHT = 150
ROWS_TAB, PIVOT_TAB, MODELS_TAB, WORKLOADS_TAB = range(4)


class DataView(View):
    """Imports on top, the usage tabs below; one import can be removed."""

    remove_import_requested = Signal(int)
    alias_edited = Signal(str, str)  # reported model name, catalog model id
    workload_edited = Signal(str, str)  # account, workload

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__("Data", parent)
        self.imports = make_table(["File", "Format", "Rows", "Imported at"], stretch=0)
        self.imports.itemSelectionChanged.connect(self._on_imports_selection_changed)
        self.remove_button = QPushButton("Remove Import")
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.rows = UsageRowsTab(tasks)
        self.pivot = PivotTab(tasks)
        self.models = ModelAliasesTab()
        self.models.alias_edited.connect(self.alias_edited)
        self.workloads = WorkloadMapTab()
        self.workloads.workload_edited.connect(self.workload_edited)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.rows, "Usage rows")
        self.tabs.addTab(self.pivot, "By month")
        self.tabs.addTab(self.models, "Unresolved models")
        self.tabs.addTab(self.workloads, "Workloads")
        self._batch_ids: list[int] = []
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._imports_panel())
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([IMPORTS_HEIGHT, 4 * IMPORTS_HEIGHT])
        self.body.addWidget(splitter, stretch=1)

    @property
    def model(self) -> FrameModel:
        """The usage rows' table model."""
        return self.rows.model

    @property
    def rows_caption(self) -> QLabel:
        """The line above the usage rows."""
        return self.rows.caption

    def _imports_panel(self) -> QWidget:
        heading = QHBoxLayout()
        heading.addWidget(section_label("Imported files"))
        heading.addStretch()
        heading.addWidget(self.remove_button)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.imports)
        return panel

    def show_workspace(self, workspace: Workspace) -> None:
        batches = list(workspace.batches)
        self._batch_ids = [batch.id for batch in batches]
        rows = [
            [
                batch.file_name,
                batch.format,
                f"{batch.row_count:,}",
                batch.imported_at.strftime("%Y-%m-%d %H:%M UTC"),
            ]
            for batch in batches
        ]
        fill_table(self.imports, rows, numeric={2})
        self.remove_button.setEnabled(False)

    def show_analysis(self, analysis: Analysis | None) -> None:
        super().show_analysis(analysis)
        usage = None if analysis is None else analysis.usage
        self.rows.show_usage(usage)
        self.pivot.show_usage(usage)
        self.models.show_models(
            [] if analysis is None else analysis.models,
            {} if analysis is None else analysis.catalog_ids,
        )
        self.workloads.show_accounts(None if analysis is None else analysis.accounts)
        unresolved = self.models.unresolved
        self.tabs.setTabText(
            MODELS_TAB,
            f"Unresolved models ({unresolved})" if unresolved else "Unresolved models",
        )

    def _on_imports_selection_changed(self) -> None:
        self.remove_button.setEnabled(
            bool(self.imports.selectionModel().hasSelection())
        )

    def _on_remove_button_clicked(self) -> None:
        selected = self.imports.selectionModel().selectedRows()
        if selected:
            self.remove_import_requested.emit(self._batch_ids[selected[0].row()])
