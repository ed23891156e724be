"""Accounts and the workloads their rows are attributed to, editable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTableWidgetItem, QVBoxLayout, QWidget

from core.reference import Vendor
from desktop.views.widgets import fill_table, make_table, note_label

if TYPE_CHECKING:
    import pandas as pd

WORKLOAD_COLUMN = 2
EXPLANATION = (
    "Each account (project, workspace, sub-account or API key) can be given a "
    "workload; it then applies to every row of that account. Double-click a "
    "workload to change it; clear it to use the workload the file named."
)


class WorkloadMapTab(QWidget):
    """One row per vendor, account and workload; the workload is editable."""

    workload_edited = Signal(str, str)  # account, workload ("" = the file's)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accounts: list[str] = []
        self._workloads: list[str] = []
        self.table = make_table(["Vendor", "Account", "Workload", "Rows"], stretch=2)
        self.table.setEditTriggers(
            self.table.EditTrigger.DoubleClicked
            | self.table.EditTrigger.EditKeyPressed
            | self.table.EditTrigger.AnyKeyPressed
        )
        self.table.itemChanged.connect(self._on_table_item_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(note_label(EXPLANATION))
        layout.addWidget(self.table)

    def show_accounts(self, accounts: pd.DataFrame | None) -> None:
        """List the (vendor, account, workload, rows) table of the analysis."""
        records = [] if accounts is None else accounts.to_dict("records")
        self._accounts = [str(r["account"]) for r in records]
        self._workloads = [str(r["workload"]) for r in records]
        rows = [
            [
                _vendor_label(str(r["vendor"])),
                str(r["account"]) or "(no account)",
                str(r["workload"]),
                f"{int(r['rows']):,}",
            ]
            for r in records
        ]
        self.table.blockSignals(True)
        fill_table(self.table, rows, numeric={3})
        for row, account in enumerate(self._accounts):
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                if column != WORKLOAD_COLUMN or not account:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.blockSignals(False)

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        row = item.row()
        if item.column() != WORKLOAD_COLUMN or row >= len(self._accounts):
            return
        workload = item.text().strip()
        if workload != self._workloads[row]:
            self._workloads[row] = workload
            self.workload_edited.emit(self._accounts[row], workload)


def _vendor_label(vendor: str) -> str:
    return Vendor(vendor).label if vendor in set(Vendor) else vendor
