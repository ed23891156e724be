"""Contracts: each agreement's key terms and its rates, read-only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from core.money import format_money
from desktop.frame_model import format_decimal
from desktop.views.base import View
from desktop.views.widgets import (
    fill_table,
    make_table,
    note_label,
    percent_points,
    section_label,
)

if TYPE_CHECKING:
    from core.contract import Contract, ContractRate
    from core.workspace import Workspace

TERMS = [
    "Contract",
    "Vendor",
    "Term",
    "Notice",
    "Committed spend",
    "Off list",
    "Price review",
    "MFN",
    "Tier review",
]
TERMS_HEIGHT = 160
EMPTY_NOTE = (
    "This workspace has no contracts. Without them, spend is compared with "
    "list prices only."
)


class ContractsView(View):
    """A table of contracts; selecting one lists its rates and notes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Contracts", parent)
        self.empty_note = note_label(EMPTY_NOTE)
        self.body.addWidget(self.empty_note)
        self.terms = make_table(TERMS)
        self.terms.itemSelectionChanged.connect(self._on_terms_selection_changed)
        self.rates = make_table(["Model", "Meter", "Price", "Unit", "Note"], stretch=4)
        self.notes = note_label()
        self._contracts: list[Contract] = []
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(_panel("Key terms", self.terms))
        splitter.addWidget(_panel("Rates of the selected contract", self.rates))
        splitter.setSizes([TERMS_HEIGHT, 3 * TERMS_HEIGHT])
        self.tables = splitter
        self.body.addWidget(splitter, stretch=1)
        self.body.addWidget(self.notes)
        self.body.addStretch()

    def show_workspace(self, workspace: Workspace) -> None:
        self._contracts = list(workspace.contracts)
        self.empty_note.setVisible(not self._contracts)
        self.tables.setVisible(bool(self._contracts))
        fill_table(
            self.terms, [contract_terms(c) for c in self._contracts], numeric={3, 4, 5}
        )
        if self._contracts:
            self.terms.selectRow(0)
        else:
            self._show_rates(None)

    def _on_terms_selection_changed(self) -> None:
        selected = self.terms.selectionModel().selectedRows()
        self._show_rates(self._contracts[selected[0].row()] if selected else None)

    def _show_rates(self, contract: Contract | None) -> None:
        rates = [] if contract is None else contract.rates
        currency = "USD" if contract is None else contract.currency
        fill_table(self.rates, [_rate_row(r, currency) for r in rates], numeric={2})
        self.notes.setText(contract.notes if contract is not None else "")


def contract_terms(contract: Contract) -> list[str]:
    """One contract's key terms as table text."""
    commitment = contract.commitment
    clauses = contract.clauses
    return [
        contract.name,
        contract.vendor.label,
        f"{contract.term_start.isoformat()} to {contract.term_end.isoformat()}",
        f"{contract.notice_period_days} days",
        (
            f"{format_money(commitment.amount, contract.currency)} "
            f"{commitment.period.value}"
            if commitment is not None
            else "none"
        ),
        percent_points(contract.discount_off_list_pct),
        (
            f"market {percent_points(clauses.price_review_threshold_pct)} below"
            if clauses.price_review_threshold_pct is not None
            else "none"
        ),
        "yes" if clauses.mfn else "no",
        (
            f"every {clauses.reassessment_months} months"
            if clauses.reassessment_months
            else "none"
        ),
    ]


def _rate_row(rate: ContractRate, currency: str) -> list[str]:
    unit = "per MTok" if rate.meter.price_basis > 1 else f"per {rate.meter.unit.value}"
    return [
        rate.model,
        rate.meter.label,
        f"{format_decimal(rate.price, min_places=2)} {currency}",
        unit,
        rate.note,
    ]


def _panel(title: str, table: QWidget) -> QWidget:
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(section_label(title))
    layout.addWidget(table)
    return panel
