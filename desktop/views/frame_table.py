"""Tables of data frames: the usage columns' headings and one table setup.

Every table that shows a DataFrame (usage rows, the pivot, the import
preview, problems) uses :class:`~desktop.frame_model.FrameModel` in a view
built by :func:`frame_table`, so they read and behave alike.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.frame_model import Formatter, format_decimal

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
    "effective_amount": "Effective amount",
    "currency": "Currency",
    "charge_category": "Charge category",
    "commitment_id": "Commitment",
    "source_file": "Source file",
    "source_row": "Source row",
}
PROBLEM_HEADERS = {
    "file": "File",
    "sheet": "Sheet",
    "row": "Row",
    "column": "Column",
    "value": "Value",
    "reason": "Problem",
    "fix": "How to fix it",
}


def money_text(value: Any) -> str:
    """An exact amount with at least two decimal places."""
    return format_decimal(value, min_places=2)


USAGE_FORMATTERS: dict[str, Formatter] = {
    "list_amount": money_text,
    "contracted_amount": money_text,
    "billed_amount": money_text,
    "effective_amount": money_text,
    "source_row": str,
}


def frame_table(model: QAbstractItemModel, parent: QWidget | None = None) -> QTableView:
    """A read-only table view of ``model`` that stays fast on many rows."""
    table = QTableView(parent)
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    rows_header = table.verticalHeader()
    rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows_header.setVisible(False)
    rows_header.setResizeContentsPrecision(0)  # fit columns to visible rows
    table.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    return table
