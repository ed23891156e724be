"""The form for one contract's terms, commitment and clauses, with its rates.

The form only turns what is typed into plain data; the contract model
validates it (every problem at once) when the change is applied.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.money import format_money
from core.reference import CommitmentPeriod, Vendor
from desktop.views.rates_editor import RatesEditor, decimal_text
from desktop.views.widgets import note_label

if TYPE_CHECKING:
    from core.contract import Contract

MAX_DAYS = 3650
MAX_MONTHS = 120
NOTES_HEIGHT = 48


class ContractEditor(QWidget):
    """Edits a copy of one contract; Apply hands the data on, Revert reloads."""

    apply_requested = Signal(object)  # dict of the contract's fields

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._contract: Contract | None = None
        self.name = QLineEdit()
        self.vendor = QComboBox()
        for vendor in Vendor:
            self.vendor.addItem(vendor.label, vendor.value)
        self.currency = QLineEdit()
        self.currency.setMaxLength(3)
        self.term_start, self.term_end = _date_edit(), _date_edit()
        self.notice_days = _spin(MAX_DAYS, " days")
        self.discount = _percent_edit()
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(NOTES_HEIGHT)
        self.committed = QGroupBox("Committed spend")
        self.committed.setCheckable(True)
        self.amount = QLineEdit()
        self.period = QComboBox()
        for period in CommitmentPeriod:
            self.period.addItem(period.value, period.value)
        self.unused_fee, self.rollover = _percent_edit(), _percent_edit()
        self.tiers = note_label()
        self.review_threshold = _percent_edit("no clause")
        self.mfn = QCheckBox("Most-favoured-customer clause")
        self.reassessment = _spin(MAX_MONTHS, " months", none_text="none")
        self.rates = RatesEditor()
        self.apply_button = QPushButton("Apply Changes")
        self.apply_button.clicked.connect(self._on_apply_button_clicked)
        self.revert_button = QPushButton("Revert")
        self.revert_button.clicked.connect(self._on_revert_button_clicked)
        self._lay_out()

    def _lay_out(self) -> None:
        terms = QFormLayout()
        terms.addRow("Name:", self.name)
        terms.addRow("Vendor:", self.vendor)
        terms.addRow("Currency:", self.currency)
        terms.addRow("Term starts:", self.term_start)
        terms.addRow("Term ends:", self.term_end)
        terms.addRow("Notice period:", self.notice_days)
        terms.addRow("Discount off list (%):", self.discount)
        terms.addRow("Notes:", self.notes)
        commitment = QFormLayout(self.committed)
        commitment.addRow("Amount per period:", self.amount)
        commitment.addRow("Period:", self.period)
        commitment.addRow("Unused fee (%):", self.unused_fee)
        commitment.addRow("Rollover (%):", self.rollover)
        commitment.addRow("Tiers:", self.tiers)
        clauses_box = QGroupBox("Clauses")
        clauses = QFormLayout(clauses_box)
        clauses.addRow("Price review if market is lower by (%):", self.review_threshold)
        clauses.addRow("", self.mfn)
        clauses.addRow("Tier reassessment every:", self.reassessment)
        right = QVBoxLayout()
        right.addWidget(self.committed)
        right.addWidget(clauses_box)
        right.addStretch()
        form = QHBoxLayout()
        form.addLayout(terms, stretch=1)
        form.addLayout(right, stretch=1)
        content = QWidget()
        fields = QVBoxLayout(content)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addLayout(form)
        fields.addWidget(self.rates, stretch=1)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_scrolled(content), stretch=1)
        layout.addLayout(buttons)

    def show_contract(self, contract: Contract | None) -> None:
        """Load ``contract`` into the form (or clear and disable it)."""
        self._contract = contract
        self.setEnabled(contract is not None)
        if contract is None:
            self.rates.show_rates([], "USD")
            return
        self.name.setText(contract.name)
        self.vendor.setCurrentIndex(self.vendor.findData(contract.vendor.value))
        self.currency.setText(contract.currency)
        self.term_start.setDate(QDate(contract.term_start))
        self.term_end.setDate(QDate(contract.term_end))
        self.notice_days.setValue(contract.notice_period_days)
        self.discount.setText(decimal_text(contract.discount_off_list_pct))
        self.notes.setPlainText(contract.notes)
        self._show_commitment(contract)
        clauses = contract.clauses
        self.review_threshold.setText(decimal_text(clauses.price_review_threshold_pct))
        self.mfn.setChecked(clauses.mfn)
        self.reassessment.setValue(clauses.reassessment_months or 0)
        self.rates.show_rates(contract.rates, contract.currency)

    def _show_commitment(self, contract: Contract) -> None:
        commitment = contract.commitment
        self.committed.setChecked(commitment is not None)
        self.tiers.setText(_tiers_text(contract))
        if commitment is None:
            for edit in (self.amount, self.unused_fee, self.rollover):
                edit.clear()
            return
        self.amount.setText(decimal_text(commitment.amount))
        self.period.setCurrentIndex(self.period.findData(commitment.period.value))
        self.unused_fee.setText(decimal_text(commitment.unused_fee_pct))
        self.rollover.setText(decimal_text(commitment.rollover_pct))

    def contract_data(self) -> dict[str, Any]:
        """The form as plain data in the contract's shape (tiers kept)."""
        if self._contract is None:
            return {}
        data = self._contract.model_dump(mode="json")
        data.update(
            name=self.name.text().strip(),
            vendor=self.vendor.currentData(),
            currency=self.currency.text().strip().upper(),
            term_start=_day(self.term_start),
            term_end=_day(self.term_end),
            notice_period_days=self.notice_days.value(),
            discount_off_list_pct=self.discount.text().strip() or "0",
            notes=self.notes.toPlainText(),
            commitment=self._commitment_data(data.get("commitment")),
            clauses={
                "price_review_threshold_pct": self.review_threshold.text().strip()
                or None,
                "mfn": self.mfn.isChecked(),
                "reassessment_months": self.reassessment.value() or None,
            },
            rates=self.rates.rates_data(),
        )
        return data

    def _commitment_data(self, old: dict[str, Any] | None) -> dict[str, Any] | None:
        if not self.committed.isChecked():
            return None
        return {
            "tiers": (old or {}).get("tiers", []),
            "amount": self.amount.text().strip() or None,
            "period": self.period.currentData(),
            "unused_fee_pct": self.unused_fee.text().strip() or "100",
            "rollover_pct": self.rollover.text().strip() or "0",
        }

    def _on_apply_button_clicked(self) -> None:
        if self._contract is not None:
            self.apply_requested.emit(self.contract_data())

    def _on_revert_button_clicked(self) -> None:
        self.show_contract(self._contract)


def _scrolled(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area, so small windows can show it."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


def _tiers_text(contract: Contract) -> str:
    tiers = contract.commitment.tiers if contract.commitment is not None else []
    if not tiers:
        return "none"
    bands = "; ".join(
        f"from {format_money(tier.min_commitment, contract.currency)}: "
        f"{decimal_text(tier.discount_pct)}%"
        for tier in tiers
    )
    return f"{bands} (change them in the contract workbook)"


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _day(edit: QDateEdit) -> str:
    day: date = edit.date().toPython()  # type: ignore[assignment]
    return day.isoformat()


def _spin(maximum: int, suffix: str, none_text: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, maximum)
    spin.setSuffix(suffix)
    if none_text:
        spin.setSpecialValueText(none_text)
    return spin


def _percent_edit(placeholder: str = "0") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setToolTip("A percentage: 12.5 means 12.5%")
    return edit
