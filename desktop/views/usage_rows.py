"""Every usage row, searchable and sortable however many there are.

Sorting and filtering happen in the core on the whole frame, on the task
runner; the finished frame is swapped into the one table model. A view's
own sort (which asks the model for every cell) would not cope with a
million rows.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import jobs
from desktop.frame_model import FrameModel
from desktop.jobs import RowsQuery
from desktop.views.frame_table import USAGE_FORMATTERS, USAGE_HEADERS, frame_table
from desktop.views.widgets import note_label

if TYPE_CHECKING:
    import pandas as pd

    from desktop.tasks import TaskRunner

FILTER_DELAY_MS = 250
ALL_COLUMNS = "All text columns"
NO_SORT = -1


class UsageRowsTab(QWidget):
    """A filter box, a column chooser and the rows; headers sort on click."""

    rows_shown = Signal(int)  # number of rows now in the table

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._usage: pd.DataFrame | None = None
        self._latest = 0
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter rows: type part of a model, vendor…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.column = QComboBox()
        self.column.addItem(ALL_COLUMNS, None)
        for name, label in USAGE_HEADERS.items():
            self.column.addItem(label, name)
        self.column.currentIndexChanged.connect(self._on_column_current_index_changed)
        self.caption = note_label()
        self.model = FrameModel(
            self, headers=USAGE_HEADERS, formatters=USAGE_FORMATTERS
        )
        self.table = frame_table(self.model)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(NO_SORT, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(FILTER_DELAY_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        top = QHBoxLayout()
        top.addWidget(self.filter, stretch=2)
        top.addWidget(self.column)
        top.addWidget(self.caption, stretch=3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def show_usage(self, usage: pd.DataFrame | None) -> None:
        """Show ``usage`` (every row), keeping the filter and sort asked for."""
        self._usage = usage
        self._request()

    def query(self) -> RowsQuery:
        """The filter and order the controls ask for."""
        header = self.table.horizontalHeader()
        section = header.sortIndicatorSection()
        names = [] if self._usage is None else [str(n) for n in self._usage.columns]
        sorted_by = names[section] if 0 <= section < len(names) else None
        return RowsQuery(
            text=self.filter.text(),
            column=self.column.currentData(),
            sort_column=sorted_by,
            ascending=header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder,
        )

    def _request(self) -> None:
        self.timer.stop()
        self._latest += 1
        usage = self._usage
        query = self.query()
        if usage is None or query.is_plain:
            self._show(self._latest, usage)
            return
        self.caption.setText("Filtering…")
        self._tasks.run(
            partial(jobs.query_usage, usage, query),
            description="Filtering rows",
            on_success=partial(self._show, self._latest),
        )

    def _show(self, token: int, rows: pd.DataFrame | None) -> None:
        if token != self._latest:
            return  # a newer query is on its way
        self.model.set_frame(rows)
        count = 0 if rows is None else len(rows)
        total = 0 if self._usage is None else len(self._usage)
        self.caption.setText(_caption(count, total) if rows is not None else "")
        if count:
            self.table.resizeColumnsToContents()
        self.rows_shown.emit(count)

    def _on_filter_text_changed(self, _text: str) -> None:
        self.timer.start()

    def _on_timer_timeout(self) -> None:
        self._request()

    def _on_column_current_index_changed(self, _index: int) -> None:
        if self.filter.text().strip():
            self._request()

    def _on_header_sort_indicator_changed(
        self, _section: int, _order: Qt.SortOrder
    ) -> None:
        self._request()


def _caption(count: int, total: int) -> str:
    if count == total:
        return f"{total:,} rows, amounts exact as imported (hover for the stored value)"
    return f"{count:,} of {total:,} rows match"
