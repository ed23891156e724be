"""Data: the imported files and a read-only view of every usage row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.frame_model import Formatter, FrameModel, format_decimal
from desktop.views.base import View
from desktop.views.widgets import fill_table, make_table, note_label, section_label

if TYPE_CHECKING:
    from core.workspace import Workspace
    from desktop.jobs import Analysis

IMPORTS_HEIGHT = 170
USAGE_HEADERS = {
    "period_start": "Period start",
    "period_end": "Period end",
    "vendor": "Vendor",
    "account": "Account",
    "workload": "Workload",
    "model": "Model",
    "meter": "Meter",
    "quantity": "Quantity",
    "list_amount": "List amount",
    "contracted_amount": "Contracted amount",
    "billed_amount": "Billed amount",
    "currency": "Currency",
    "charge_category": "Charge category",
    "source_file": "Source file",
    "source_row": "Source row",
}


def _money(value: Any) -> str:
    return format_decimal(value, min_places=2)


USAGE_FORMATTERS: dict[str, Formatter] = {
    "list_amount": _money,
    "contracted_amount": _money,
    "billed_amount": _money,
    "source_row": str,
}


class DataView(View):
    """Imports on top, usage rows below; one import can be removed."""

    remove_import_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Data", parent)
        self.imports = make_table(["File", "Format", "Rows", "Imported at"], stretch=0)
        self.imports.itemSelectionChanged.connect(self._on_imports_selection_changed)
        self.remove_button = QPushButton("Remove Import")
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.rows_caption = note_label()
        self.model = FrameModel(
            self, headers=USAGE_HEADERS, formatters=USAGE_FORMATTERS
        )
        self.rows = QTableView()
        self._configure_rows_table()
        self._batch_ids: list[int] = []
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._imports_panel())
        splitter.addWidget(self._rows_panel())
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([IMPORTS_HEIGHT, 4 * IMPORTS_HEIGHT])
        self.body.addWidget(splitter, stretch=1)

    def _configure_rows_table(self) -> None:
        self.rows.setModel(self.model)
        self.rows.setAlternatingRowColors(True)
        self.rows.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rows.setWordWrap(False)
        rows_header = self.rows.verticalHeader()
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows_header.setVisible(False)
        rows_header.setResizeContentsPrecision(0)  # fit columns to visible rows
        self.rows.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )

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

    def _rows_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(section_label("Usage rows"))
        heading.addWidget(self.rows_caption, stretch=1)
        layout.addLayout(heading)
        layout.addWidget(self.rows)
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
        self.model.set_frame(None if analysis is None else analysis.usage)
        if analysis is None:
            self.rows_caption.setText("")
            return
        count = len(analysis.usage)
        self.rows_caption.setText(
            f"{count:,} rows, amounts exact as imported (hover a cell for its "
            "stored value)"
        )
        self.rows.resizeColumnsToContents()

    def _on_imports_selection_changed(self) -> None:
        self.remove_button.setEnabled(
            bool(self.imports.selectionModel().hasSelection())
        )

    def _on_remove_button_clicked(self) -> None:
        selected = self.imports.selectionModel().selectedRows()
        if selected:
            self.remove_import_requested.emit(self._batch_ids[selected[0].row()])
