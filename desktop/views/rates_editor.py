"""An editable table of a contract's rates: model, meter, price, note."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.reference import Meter
from desktop.views.widgets import section_label

if TYPE_CHECKING:
    from core.contract import ContractRate

MODEL, METER, PRICE, UNIT, NOTE = range(5)
HEADERS = ["Model", "Meter", "Price", "Unit", "Note"]


def decimal_text(value: Decimal | None) -> str:
    """A decimal as typed by a person: ``0.9`` for 0.900, ``""`` for None."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def unit_text(meter: Meter) -> str:
    """What one price of ``meter`` covers: per MTok, or per single unit."""
    return "per MTok" if meter.price_basis > 1 else f"per {meter.unit.value}"


class RatesEditor(QWidget):
    """Rates one per row; rows can be added and removed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MODEL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        self.add_button = QPushButton("Add Rate")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button = QPushButton("Remove Rate")
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        heading = QHBoxLayout()
        heading.addWidget(section_label("Rates"))
        heading.addStretch()
        heading.addWidget(self.add_button)
        heading.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.table)

    def show_rates(self, rates: list[ContractRate], currency: str) -> None:
        """Fill the table with ``rates``; prices are in ``currency``."""
        self.table.setHorizontalHeaderItem(
            PRICE, QTableWidgetItem(f"Price ({currency})")
        )
        self.table.setRowCount(0)
        for rate in rates:
            self._append(rate.model, rate.meter, decimal_text(rate.price), rate.note)

    def rates_data(self) -> list[dict[str, Any]]:
        """The rows as plain data for the contract model to validate."""
        return [
            {
                "model": self._text(row, MODEL),
                "meter": self._meter(row).value,
                "price": self._text(row, PRICE) or None,
                "note": self._text(row, NOTE),
            }
            for row in range(self.table.rowCount())
        ]

    def _append(self, model: str, meter: Meter, price: str, note: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, MODEL, QTableWidgetItem(model))
        price_item = QTableWidgetItem(price)
        price_item.setTextAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.table.setItem(row, PRICE, price_item)
        unit = QTableWidgetItem(unit_text(meter))
        unit.setFlags(unit.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, UNIT, unit)
        self.table.setItem(row, NOTE, QTableWidgetItem(note))
        combo = QComboBox()
        for choice in Meter:
            combo.addItem(choice.label, choice.value)
        combo.setCurrentIndex(combo.findData(meter.value))
        combo.currentIndexChanged.connect(self._on_meter_current_index_changed)
        self.table.setCellWidget(row, METER, combo)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _meter(self, row: int) -> Meter:
        combo = self.table.cellWidget(row, METER)
        assert isinstance(combo, QComboBox)
        return Meter(combo.currentData())

    def _on_meter_current_index_changed(self, _index: int) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, UNIT)
            if item is not None:
                item.setText(unit_text(self._meter(row)))

    def _on_add_button_clicked(self) -> None:
        self._append("", Meter.INPUT, "", "")
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, MODEL)
        self.table.editItem(self.table.item(row, MODEL))

    def _on_remove_button_clicked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.table.removeRow(rows[0].row())
