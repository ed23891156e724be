"""A filterable table of problems found while reading a file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from desktop.frame_model import FrameModel
from desktop.views.frame_table import PROBLEM_HEADERS, frame_table
from desktop.views.widgets import note_label

if TYPE_CHECKING:
    import pandas as pd

FILTER_HINT = "Filter by file, row, column or problem"


class ProblemsPanel(QWidget):
    """Problems in a table, narrowed by the text typed above it.

    The filter matches any column, ignoring case. Problems are few enough
    (a file keeps at most ten thousand) for a sort-filter proxy.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(FILTER_HINT)
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.count = note_label()
        self.model = FrameModel(self, headers=PROBLEM_HEADERS)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = frame_table(self.proxy)
        top = QHBoxLayout()
        top.addWidget(self.filter, stretch=1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def show_problems(self, problems: pd.DataFrame | None) -> None:
        """Show ``problems`` (see :data:`desktop.importer.jobs.PROBLEM_COLUMNS`)."""
        self.model.set_frame(problems)
        self.table.resizeColumnsToContents()
        self._update_count()

    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(
            f"{total:,} problems" if shown == total else f"{shown:,} of {total:,}"
        )
