"""Contracts: each agreement's key terms; the selected one can be edited.

Edits are announced as plain data (``contract_edited``); the window hands
them to the document, where the contract model validates them before the
workspace changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.money import format_money
from desktop.views.base import View
from desktop.views.contract_editor import ContractEditor
from desktop.views.widgets import (
    fill_table,
    make_table,
    note_label,
    percent_points,
    section_label,
)

if TYPE_CHECKING:
    from typing import Any

    from core.contract import Contract
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
TERMS_HEIGHT = 130
EMPTY_NOTE = (
    "This workspace has no contracts. Without them, spend is compared with "
    "list prices only. Import a filled-in contract workbook, or start one "
    "from the template."
)


class ContractsView(View):
    """A table of contracts; the selected one is shown in an editor."""

    contract_edited = Signal(int, object)  # index in the workspace, field data
    import_requested = Signal()
    template_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Contracts", parent)
        self.import_button = QPushButton("Import Contract…")
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.template_button = QPushButton("New Contract from Template…")
        self.template_button.clicked.connect(self._on_template_button_clicked)
        actions = QHBoxLayout()
        self.empty_note = note_label(EMPTY_NOTE)
        actions.addWidget(self.empty_note, stretch=1)
        actions.addStretch()
        actions.addWidget(self.import_button)
        actions.addWidget(self.template_button)
        self.body.addLayout(actions)
        self.terms = make_table(TERMS)
        self.terms.itemSelectionChanged.connect(self._on_terms_selection_changed)
        self.editor = ContractEditor()
        self.editor.apply_requested.connect(self._on_editor_apply_requested)
        self._contracts: list[Contract] = []
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(_panel("Key terms", self.terms))
        splitter.addWidget(_panel("The selected contract", self.editor))
        splitter.setSizes([TERMS_HEIGHT, 4 * TERMS_HEIGHT])
        self.tables = splitter
        self.body.addWidget(splitter, stretch=1)
        self.body.addStretch()

    @property
    def rates(self) -> QWidget:
        """The selected contract's rates table."""
        return self.editor.rates.table

    def show_workspace(self, workspace: Workspace) -> None:
        selected = self._selected_row()
        self._contracts = list(workspace.contracts)
        self.empty_note.setVisible(not self._contracts)
        self.tables.setVisible(bool(self._contracts))
        fill_table(
            self.terms, [contract_terms(c) for c in self._contracts], numeric={3, 4, 5}
        )
        if self._contracts:
            self.terms.selectRow(min(max(selected, 0), len(self._contracts) - 1))
        self._on_terms_selection_changed()

    def _selected_row(self) -> int:
        selected = self.terms.selectionModel().selectedRows()
        return selected[0].row() if selected else -1

    def _on_terms_selection_changed(self) -> None:
        row = self._selected_row()
        in_range = 0 <= row < len(self._contracts)
        self.editor.show_contract(self._contracts[row] if in_range else None)

    def _on_editor_apply_requested(self, data: dict[str, Any]) -> None:
        row = self._selected_row()
        if 0 <= row < len(self._contracts):
            self.contract_edited.emit(row, data)

    def _on_import_button_clicked(self) -> None:
        self.import_requested.emit()

    def _on_template_button_clicked(self) -> None:
        self.template_requested.emit()


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


def _panel(title: str, table: QWidget) -> QWidget:
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(section_label(title))
    layout.addWidget(table)
    return panel
