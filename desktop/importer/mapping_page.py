"""The wizard's page for mapping a generic file's columns by hand."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.importing.presets import mapping_problems
from core.mapping import MAPPABLE_FIELDS, REQUIRED_FIELDS, ColumnMapping
from core.reference import Vendor
from desktop.frame_model import FrameModel
from desktop.views.frame_table import USAGE_HEADERS, frame_table
from desktop.views.widgets import note_label, section_label

if TYPE_CHECKING:
    from desktop.importer.jobs import NeedsMapping

NOT_IN_FILE = "—"
FIELD_LABELS = {
    **USAGE_HEADERS,
    "unit": "Unit",
    "unit_price": "Unit price",
}
FIXED_FIELDS = ("vendor", "currency")
DATE_ORDERS = (
    ("Work it out from the file", None),
    ("Day first (31/12/2026)", "dmy"),
    ("Month first (12/31/2026)", "mdy"),
)
MULTIPLIERS = (
    ("As written", 1),
    ("Thousands (× 1,000)", 1_000),
    ("Millions (× 1,000,000)", 1_000_000),
)
FIELDS_PER_COLUMN = 7
PRESET_WIDTH = 480
INTRO = (
    "No known export has these columns. Choose the column that holds each "
    "field; fields marked * are required (give the vendor or currency as one "
    "value for the whole file if it has no such column)."
)


class MappingPage(QWidget):
    """A column chooser per usage field, fixed values, and the file's first rows."""

    mapping_chosen = Signal(object, str)  # ColumnMapping, preset name ("" = none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._header: list[str] = []
        self.columns = {field: QComboBox() for field in MAPPABLE_FIELDS}
        self.fixed_vendor = QComboBox()
        self.fixed_vendor.addItem(NOT_IN_FILE, "")
        for vendor in Vendor:
            self.fixed_vendor.addItem(vendor.label, vendor.value)
        self.fixed_currency = QLineEdit()
        self.fixed_currency.setPlaceholderText("e.g. USD")
        self.fixed_currency.setMaxLength(3)
        self.date_order = _choices(DATE_ORDERS)
        self.multiplier = _choices(MULTIPLIERS)
        self.preset_name = QLineEdit()
        self.preset_name.setMinimumWidth(PRESET_WIDTH)
        self.preset_name.setPlaceholderText(
            "Give a name to reuse this mapping for files with the same columns"
        )
        self.sample_model = FrameModel(self)
        self.sample = frame_table(self.sample_model)
        self.problems = note_label()
        self.read_button = QPushButton("Read with This Mapping")
        self.read_button.clicked.connect(self._on_read_button_clicked)
        self._build()

    def _build(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.problems, stretch=1)
        buttons.addWidget(self.read_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(note_label(INTRO))
        layout.addLayout(self._field_grid())
        layout.addLayout(self._options())
        layout.addLayout(buttons)
        layout.addWidget(section_label("The file's first rows"))
        layout.addWidget(self.sample, stretch=1)

    def _field_grid(self) -> QGridLayout:
        grid = QGridLayout()
        fixed = {"vendor": self.fixed_vendor, "currency": self.fixed_currency}
        for position, field in enumerate(MAPPABLE_FIELDS):
            row, column = position % FIELDS_PER_COLUMN, position // FIELDS_PER_COLUMN
            required = " *" if field in REQUIRED_FIELDS else ""
            label = QLabel(f"{FIELD_LABELS.get(field, field)}{required}")
            grid.addWidget(label, row, 3 * column)
            grid.addWidget(self.columns[field], row, 3 * column + 1)
            if field in fixed:
                pair = QHBoxLayout()
                pair.addWidget(QLabel("or"))
                pair.addWidget(fixed[field])
                grid.addLayout(pair, row, 3 * column + 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(4, 1)
        return grid

    def _options(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("Dates:", self.date_order)
        form.addRow("Quantities:", self.multiplier)
        form.addRow("Save as preset:", self.preset_name)
        return form

    def show_columns(
        self, columns: NeedsMapping, mapping: ColumnMapping | None, preset_name: str
    ) -> None:
        """Offer ``columns``' header, chosen as in ``mapping`` (or the guess)."""
        self._header = list(columns.header)
        chosen = mapping or columns.guess
        for field, combo in self.columns.items():
            combo.clear()
            combo.addItems([NOT_IN_FILE, *self._header])
            wanted = chosen.columns.get(field)
            combo.setCurrentIndex(
                self._header.index(wanted) + 1 if wanted in self._header else 0
            )
        vendor = chosen.fixed.get("vendor", "")
        self.fixed_vendor.setCurrentIndex(max(self.fixed_vendor.findData(vendor), 0))
        self.fixed_currency.setText(chosen.fixed.get("currency", ""))
        self.date_order.setCurrentIndex(
            max(self.date_order.findData(chosen.date_order), 0)
        )
        self.multiplier.setCurrentIndex(
            max(self.multiplier.findData(chosen.quantity_multiplier), 0)
        )
        self.preset_name.setText(preset_name)
        self.problems.setText("")
        self.sample_model.set_frame(columns.sample)
        self.sample.resizeColumnsToContents()

    def mapping(self) -> ColumnMapping:
        """The mapping the choices on the page describe."""
        columns = {
            field: combo.currentText()
            for field, combo in self.columns.items()
            if combo.currentIndex() > 0
        }
        fixed = {
            "vendor": str(self.fixed_vendor.currentData() or ""),
            "currency": self.fixed_currency.text().strip().upper(),
        }
        return ColumnMapping(
            columns=columns,
            fixed={k: v for k, v in fixed.items() if v and k not in columns},
            quantity_multiplier=int(self.multiplier.currentData()),
            date_order=self.date_order.currentData(),
        )

    def _on_read_button_clicked(self) -> None:
        mapping = self.mapping()
        problems = mapping_problems(mapping, self._header)
        if problems:
            self.problems.setText("\n".join(f"• {p}" for p in problems))
            return
        self.problems.setText("")
        self.mapping_chosen.emit(mapping, self.preset_name.text().strip())


def _choices(choices: tuple[tuple[str, object], ...]) -> QComboBox:
    combo = QComboBox()
    for text, value in choices:
        combo.addItem(text, value)
    return combo
