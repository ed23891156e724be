"""Billed model names and the catalog models they mean; names not found
can be pointed at a catalog model by hand (an alias)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.reference import Vendor
from desktop.views.widgets import fill_table, make_table, note_label

if TYPE_CHECKING:
    from core.modelmatch import ModelMatch

NOT_FOUND = "not found"
HOW = {"alias": "your alias", "catalog": "catalog name", "spelling": "spelling rule"}
EXPLANATION = (
    "Market prices need each billed model name matched to a catalog model. "
    "Pick a name, then choose the catalog model it means (type to search); "
    "the choice is saved in the workspace as an alias."
)


class ModelAliasesTab(QWidget):
    """Names not found first; below, the catalog model chosen for one name."""

    alias_edited = Signal(str, str)  # reported name, catalog model id ("" = none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matches: list[ModelMatch] = []
        self._catalog: dict[str, list[str]] = {}
        self._chosen: tuple[str, str] | None = None  # vendor, reported name
        self._filling = False
        self.table = make_table(
            ["Vendor", "Billed as", "Catalog model", "Matched by"], stretch=3
        )
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        self.chosen = QLabel()
        self.catalog_model = QComboBox()
        self.catalog_model.setEditable(True)
        self.catalog_model.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.catalog_model.setMinimumContentsLength(16)
        completer = self.catalog_model.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.apply_button = QPushButton("Use This Model")
        self.apply_button.clicked.connect(self._on_apply_button_clicked)
        self.clear_button = QPushButton("Remove Alias")
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        editor = QHBoxLayout()
        editor.addWidget(self.catalog_model, stretch=1)
        editor.addWidget(self.apply_button)
        editor.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addWidget(note_label(EXPLANATION))
        layout.addWidget(self.table)
        layout.addWidget(self.chosen)
        layout.addLayout(editor)
        self._show_chosen(None)

    @property
    def unresolved(self) -> int:
        return sum(not match.resolved for match in self._matches)

    def show_models(
        self, matches: list[ModelMatch], catalog: dict[str, list[str]]
    ) -> None:
        """List ``matches``, names not found first; keep the chosen name."""
        self._matches = sorted(
            matches, key=lambda m: (m.resolved, m.vendor, m.reported.casefold())
        )
        self._catalog = catalog
        self._filling = True
        fill_table(self.table, [_row(match) for match in self._matches])
        self.table.clearSelection()
        self._filling = False
        keys = [(match.vendor, match.reported) for match in self._matches]
        if self._chosen in keys:
            self.table.selectRow(keys.index(self._chosen))
        self._show_chosen(self._selected_match())

    def _selected_match(self) -> ModelMatch | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._matches):
            return None
        return self._matches[rows[0].row()]

    def _show_chosen(self, match: ModelMatch | None) -> None:
        for widget in (self.catalog_model, self.apply_button):
            widget.setEnabled(match is not None)
        self.clear_button.setEnabled(match is not None and match.via == "alias")
        self.catalog_model.clear()
        if match is None:
            self.chosen.setText("Select a model name above.")
            return
        self.chosen.setText(f"Read “{match.reported}” as:")
        self.catalog_model.addItems(self._catalog.get(match.vendor, []))
        self.catalog_model.setEditText(match.model_id or "")

    def _on_table_item_selection_changed(self) -> None:
        if self._filling:
            return
        match = self._selected_match()
        if match is not None:
            self._chosen = (match.vendor, match.reported)
        self._show_chosen(match)

    def _on_apply_button_clicked(self) -> None:
        match = self._selected_match()
        model_id = self.catalog_model.currentText().strip()
        if match is not None and model_id:
            self.alias_edited.emit(match.reported, model_id)

    def _on_clear_button_clicked(self) -> None:
        match = self._selected_match()
        if match is not None:
            self.alias_edited.emit(match.reported, "")


def _row(match: ModelMatch) -> list[str]:
    vendor = Vendor(match.vendor).label if match.vendor in set(Vendor) else match.vendor
    return [
        vendor,
        match.reported,
        match.model_id or NOT_FOUND,
        HOW.get(match.via or "", "—"),
    ]
