"""Billed spend by month against vendor, model, workload, meter or account."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from core.money import round_money
from core.reference import Meter, Vendor
from desktop import jobs
from desktop.frame_model import FrameModel
from desktop.views.frame_table import frame_table
from desktop.views.widgets import note_label

if TYPE_CHECKING:
    import pandas as pd

    from desktop.tasks import TaskRunner

DIMENSIONS = (
    ("Vendor", "vendor"),
    ("Model", "model"),
    ("Workload", "workload"),
    ("Meter", "meter"),
    ("Account", "account"),
)
EXPLANATION = (
    "Billed amounts by calendar month (UTC) of each row's period start, in "
    "each row's own currency. Sums are exact; they are shown rounded to cents "
    "(hover a cell for the exact sum)."
)
HEADERS = {
    "month": "Month",
    **{vendor.value: vendor.label for vendor in Vendor},
    **{meter.value: meter.label for meter in Meter},
}


def cents_text(value: Decimal) -> str:
    """An amount rounded to cents for display, with thousands separators."""
    return f"{round_money(value):,}"


class PivotTab(QWidget):
    """A month-by-dimension table of billed amounts, with its totals."""

    pivot_shown = Signal()

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._usage: pd.DataFrame | None = None
        self._latest = 0
        self.dimension = QComboBox()
        for label, name in DIMENSIONS:
            self.dimension.addItem(label, name)
        self.dimension.currentIndexChanged.connect(
            self._on_dimension_current_index_changed
        )
        self.model = FrameModel(
            self,
            headers=HEADERS,
            formatters={"month": str},
            default_formatter=cents_text,
        )
        self.table = frame_table(self.model)
        top = QHBoxLayout()
        top.addWidget(QLabel("Months against:"))
        top.addWidget(self.dimension)
        top.addWidget(note_label(EXPLANATION), stretch=1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def show_usage(self, usage: pd.DataFrame | None) -> None:
        """Pivot ``usage`` by the chosen dimension (nothing when None)."""
        self._usage = usage
        self._request()

    def _request(self) -> None:
        self._latest += 1
        if self._usage is None:
            self._show(self._latest, None)
            return
        self._tasks.run(
            partial(jobs.pivot, self._usage, str(self.dimension.currentData())),
            description="Summing by month",
            on_success=partial(self._show, self._latest),
        )

    def _show(self, token: int, pivot: pd.DataFrame | None) -> None:
        if token != self._latest:
            return
        self.model.set_frame(pivot)
        self.table.resizeColumnsToContents()
        self.pivot_shown.emit()

    def _on_dimension_current_index_changed(self, _index: int) -> None:
        self._request()
