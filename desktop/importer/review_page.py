"""The wizard's page for a file that was read: what it gives, and its problems."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.money import format_money
from desktop.frame_model import FrameModel
from desktop.importer.jobs import PREVIEW_ROWS
from desktop.importer.problems import ProblemsPanel
from desktop.views.frame_table import USAGE_FORMATTERS, USAGE_HEADERS, frame_table
from desktop.views.widgets import note_label

if TYPE_CHECKING:
    from decimal import Decimal

    from core.contract import Contract
    from desktop.importer.jobs import FileReview

PREVIEW_TAB, PROBLEMS_TAB = 0, 1


class ReviewPage(QWidget):
    """Format (which the user may change), counts, totals, rows and problems."""

    format_chosen = Signal(str)  # format name
    mapping_requested = Signal()

    def __init__(self, formats: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.format_combo = QComboBox()
        self.format_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToContents
        )
        for name, label in formats:
            self.format_combo.addItem(label, name)
        self.format_combo.activated.connect(self._on_format_combo_activated)
        self.mapping_button = QPushButton("Edit Column Mapping…")
        self.mapping_button.clicked.connect(self._on_mapping_button_clicked)
        self.sheet = QLabel()
        self.counts = QLabel()
        self.totals = QLabel()
        self.notes = note_label()
        self.preview_model = FrameModel(
            self, headers=USAGE_HEADERS, formatters=USAGE_FORMATTERS
        )
        self.preview = frame_table(self.preview_model)
        self.problems = ProblemsPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.preview, "Rows to import")
        self.tabs.addTab(self.problems, "Problems")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._facts())
        layout.addWidget(self.notes)
        layout.addWidget(self.tabs, stretch=1)
        layout.addStretch()

    def _facts(self) -> QFormLayout:
        format_row = QHBoxLayout()
        format_row.addWidget(self.format_combo)
        format_row.addWidget(self.mapping_button)
        format_row.addStretch()
        facts = QFormLayout()
        facts.addRow("Read as:", format_row)
        facts.addRow("Sheet:", self.sheet)
        facts.addRow("Rows:", self.counts)
        facts.addRow("To be added:", self.totals)
        return facts

    def show_review(self, review: FileReview) -> None:
        """Show one read file."""
        result = review.result
        index = self.format_combo.findData(result.format)
        if index < 0:
            self.format_combo.addItem(result.format_label, result.format)
            index = self.format_combo.count() - 1
        self.format_combo.setCurrentIndex(index)
        self.format_combo.setEnabled(not review.is_contract)
        self.mapping_button.setVisible(result.format == "generic")
        self.sheet.setText(result.sheet or "—")
        self.counts.setText(_counts_text(review))
        self.totals.setText(_totals_text(review))
        self.notes.setText(_notes_text(review))
        self.preview_model.set_frame(review.preview)
        self.preview.resizeColumnsToContents()
        self.problems.show_problems(review.problems)
        problems = len(review.problems)
        self.tabs.setTabText(PROBLEMS_TAB, f"Problems ({problems:,})")
        self.tabs.setCurrentIndex(PROBLEMS_TAB if problems else PREVIEW_TAB)
        self.tabs.setVisible(not review.is_contract)

    def _on_format_combo_activated(self, index: int) -> None:
        self.format_chosen.emit(str(self.format_combo.itemData(index)))

    def _on_mapping_button_clicked(self) -> None:
        self.mapping_requested.emit()


def _counts_text(review: FileReview) -> str:
    result = review.result
    if review.is_contract:
        return "a contract workbook: no usage rows"
    to_import = len(result.usage)
    text = (
        f"{result.rows_read:,} read · {to_import:,} to import · "
        f"{result.rejected_rows:,} rejected"
    )
    if to_import > PREVIEW_ROWS:
        text += f" (the first {PREVIEW_ROWS} are shown)"
    return text


def _totals_text(review: FileReview) -> str:
    if review.is_contract:
        return "; ".join(_contract_text(c) for c in review.result.contracts)
    if not review.totals:
        return "nothing"
    return " · ".join(
        _billed_text(amount, code) for code, amount in review.totals.items()
    )


def _billed_text(amount: Decimal, currency: str) -> str:
    return f"{format_money(amount, currency, places=2)} billed ({currency})"


def _contract_text(contract: Contract) -> str:
    rates = len(contract.rates)
    return (
        f"the contract “{contract.name}” with {contract.vendor.label}, "
        f"{contract.term_start.isoformat()} to {contract.term_end.isoformat()}, "
        f"{rates} rate{'s' if rates != 1 else ''}"
    )


def _notes_text(review: FileReview) -> str:
    notes = list(review.result.notes)
    if review.preset_used:
        notes.insert(0, "The columns were mapped by a saved preset for this header.")
    return "\n".join(notes)
