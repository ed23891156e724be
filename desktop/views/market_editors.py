"""Editors of the Market page: price overrides and comparable models.

Each editor asks the user, validates through the core and hands the change
to the page as an ``edit_requested(change, description)`` signal; the
window runs it on the workspace and the document re-analyses.
"""

from __future__ import annotations

import logging
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import CounterofferError
from core.reference import Meter
from desktop import market_jobs
from desktop.errors import show_error
from desktop.views.market_rows import OVERRIDE_BADGE
from desktop.views.widgets import fill_table, make_table, note_label, section_label

if TYPE_CHECKING:
    from core.catalog import CatalogSnapshot
    from core.market.results import ComparablePrice, MarketGapLine
    from core.pricing import PriceOverride

log = logging.getLogger(__name__)

OVERRIDE_HEADERS = ["Provider", "Model", "Meter", "Price/MTok", "Quoted on", "Note"]
COMPARABLE_HEADERS = ["Kind", "Status", "Provider", "Model", "Price/MTok", "Gap %"]


class OverrideDialog(QDialog):
    """Asks for one price override; OK only once the core accepts it."""

    def __init__(self, initial: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Price override")
        self.result_override: PriceOverride | None = None
        self.provider = QLineEdit(str(initial.get("provider", "")))
        self.model_id = QLineEdit(str(initial.get("model_id", "")))
        self.meter = QComboBox()
        self.meter.addItems([meter.value for meter in Meter])
        self.meter.setCurrentText(str(initial.get("meter", Meter.INPUT.value)))
        self.price = QLineEdit(str(initial.get("price_per_mtok", "")))
        self.currency = QLineEdit(str(initial.get("currency", "USD")))
        self.note = QLineEdit(str(initial.get("note", "")))
        self.note.setPlaceholderText("quoted by the vendor on …")
        self.quoted_on = QDateEdit(_qdate(initial.get("quoted_on") or date.today()))
        self.quoted_on.setCalendarPopup(True)
        self.quoted_on.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout(self)
        for label, field in (
            ("Provider", self.provider),
            ("Model id", self.model_id),
            ("Meter", self.meter),
            ("Price per MTok", self.price),
            ("Currency", self.currency),
            ("Note", self.note),
            ("Quoted on", self.quoted_on),
        ):
            form.addRow(label, field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def data(self) -> dict[str, Any]:
        """The fields as the core's override expects them."""
        return {
            "provider": self.provider.text().strip(),
            "model_id": self.model_id.text().strip(),
            "meter": self.meter.currentText(),
            "price_per_mtok": self.price.text().strip(),
            "currency": self.currency.text().strip().upper(),
            "note": self.note.text().strip(),
            "quoted_on": self.quoted_on.date().toPython(),
        }

    def accept(self) -> None:
        from core.pricing import PriceOverride
        from core.validation import validate_as

        try:
            self.result_override = validate_as(PriceOverride, self.data())
        except CounterofferError as exc:
            show_error(self, exc)
            return
        super().accept()


def ask_override(parent: QWidget, initial: dict[str, Any]) -> PriceOverride | None:
    """The override the user entered, or None if they cancelled."""
    dialog = OverrideDialog(initial, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.result_override if accepted else None


def override_defaults(line: MarketGapLine | None, as_of: date | None) -> dict[str, Any]:
    """A new override's fields for ``line``: its model, meter and price."""
    if line is None:
        return {"quoted_on": as_of}
    return {
        "provider": line.catalog_provider or "",
        "model_id": line.catalog_model_id or line.model,
        "meter": line.meter,
        "price_per_mtok": line.market_price_per_mtok or "",
        "currency": line.currency,
        "quoted_on": as_of,
    }


class OverridesPanel(QWidget):
    """The workspace's price overrides, with add, edit and remove."""

    edit_requested = Signal(object, str)  # change(workspace), description

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overrides: list[PriceOverride] = []
        self.line: MarketGapLine | None = None
        self.as_of: date | None = None
        self.table = make_table(OVERRIDE_HEADERS, stretch=5)
        self.add_button = QPushButton("Add Override…")
        self.edit_button = QPushButton("Edit…")
        self.remove_button = QPushButton("Remove")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(section_label("Price overrides"))
        layout.addWidget(
            note_label(
                "A price you state (a vendor's quote, say) replaces the catalog's "
                f"from the day it was quoted; it is marked “{OVERRIDE_BADGE}”."
            )
        )
        layout.addWidget(self.table, stretch=1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def show_overrides(self, overrides: list[PriceOverride]) -> None:
        self.overrides = list(overrides)
        fill_table(
            self.table,
            [
                [
                    o.provider,
                    o.model_id,
                    o.meter.replace("_", " "),
                    f"{o.price_per_mtok} {o.currency}",
                    o.quoted_on.isoformat(),
                    o.note,
                ]
                for o in self.overrides
            ],
            numeric={3},
        )
        self._update_buttons()

    def show_line(self, line: MarketGapLine | None, as_of: date | None) -> None:
        self.line, self.as_of = line, as_of

    def add_for_line(self) -> None:
        """Ask for an override of the selected line's model and meter."""
        self._ask(override_defaults(self.line, self.as_of), None)

    def _on_add_button_clicked(self) -> None:
        self.add_for_line()

    def _on_edit_button_clicked(self) -> None:
        current = self._selected()
        if current is not None:
            self._ask(current.model_dump(), current)

    def _on_remove_button_clicked(self) -> None:
        current = self._selected()
        if current is not None:
            change = partial(market_jobs.remove_price_override, override=current)
            self.edit_requested.emit(change, "Removing a price override")

    def _ask(self, initial: dict[str, Any], replacing: PriceOverride | None) -> None:
        override = ask_override(self, initial)
        if override is None:
            return
        change = partial(
            market_jobs.set_price_override, override=override, replacing=replacing
        )
        self.edit_requested.emit(change, "Saving a price override")

    def _selected(self) -> PriceOverride | None:
        row = self.table.currentRow()
        return self.overrides[row] if 0 <= row < len(self.overrides) else None

    def _update_buttons(self) -> None:
        chosen = self._selected() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)


class ComparablesPanel(QWidget):
    """The selected line's comparables: confirm, exclude, or add a peer."""

    edit_requested = Signal(object, str)  # change(workspace), description

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line: MarketGapLine | None = None
        self.comparables: list[ComparablePrice] = []
        self._ids: dict[str, list[str]] = {}
        self.heading = section_label("Comparables")
        self.table = make_table(COMPARABLE_HEADERS, stretch=3)
        self.confirm_button = QPushButton("Confirm")
        self.exclude_button = QPushButton("Exclude")
        self.provider = QComboBox()
        self.model_id = QLineEdit()
        self.model_id.setPlaceholderText("model id")
        self.completions = QStringListModel(self)
        completer = QCompleter(self.completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.model_id.setCompleter(completer)
        self.add_button = QPushButton("Add Peer")
        self._build_layout()
        self.confirm_button.clicked.connect(self._on_confirm_button_clicked)
        self.exclude_button.clicked.connect(self._on_exclude_button_clicked)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.provider.currentTextChanged.connect(self._on_provider_current_text_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def _build_layout(self) -> None:
        decide = QHBoxLayout()
        decide.addWidget(self.confirm_button)
        decide.addWidget(self.exclude_button)
        decide.addStretch()
        add = QHBoxLayout()
        add.addWidget(self.provider)
        add.addWidget(self.model_id, stretch=1)
        add.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(
            note_label(
                "Proposed comparables count once confirmed; an excluded one is "
                "never shown or used again."
            )
        )
        layout.addWidget(self.table, stretch=1)
        layout.addLayout(decide)
        layout.addLayout(add)

    def show_catalog(self, snapshot: CatalogSnapshot) -> None:
        """Offer the catalog's providers and model ids for a new peer."""
        ids: dict[str, list[str]] = {}
        for model in snapshot.models:
            ids.setdefault(model.provider, []).append(model.model_id)
        self._ids = {provider: sorted(found) for provider, found in ids.items()}
        current = self.provider.currentText()
        self.provider.blockSignals(True)
        self.provider.clear()
        self.provider.addItems(sorted(self._ids))
        self.provider.blockSignals(False)
        self.provider.setCurrentText(current or "openai")
        self._on_provider_current_text_changed(self.provider.currentText())

    def show_line(self, line: MarketGapLine | None) -> None:
        from core.brief.market_format import percent, unit_price

        self.line = line
        self.comparables = [] if line is None else list(line.comparables)
        title = "" if line is None else f" of {line.model} · {line.meter}"
        self.heading.setText(f"Comparables{title}")
        rows = [
            [
                c.kind,
                c.origin,
                c.provider,
                c.model_id,
                unit_price(c.price_per_mtok, line.currency) if line else "",
                percent(c.gap_pct),
            ]
            for c in self.comparables
        ]
        fill_table(self.table, rows, numeric={4, 5})
        self.add_button.setEnabled(line is not None)
        self._update_buttons()

    def _on_provider_current_text_changed(self, provider: str) -> None:
        self.completions.setStringList(self._ids.get(provider, []))

    def _on_confirm_button_clicked(self) -> None:
        self._decide(excluded=False)

    def _on_exclude_button_clicked(self) -> None:
        self._decide(excluded=True)

    def _on_add_button_clicked(self) -> None:
        provider = self.provider.currentText().strip()
        model_id = self.model_id.text().strip()
        if self.line is None or not provider or not model_id:
            return
        self._emit(provider, model_id, "peer", excluded=False)
        self.model_id.clear()

    def _decide(self, *, excluded: bool) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.comparables):
            return
        chosen = self.comparables[row]
        self._emit(chosen.provider, chosen.model_id, chosen.kind, excluded=excluded)

    def _emit(self, provider: str, model_id: str, kind: str, *, excluded: bool) -> None:
        from core.market.settings import Comparable
        from core.validation import validate_as

        line = self.line
        if line is None:
            return
        data = {
            "vendor": line.vendor,
            "model": line.model,
            "provider": provider,
            "model_id": model_id,
            "kind": kind,
            "excluded": excluded,
        }
        try:
            comparable = validate_as(Comparable, data)
        except CounterofferError as exc:
            show_error(self, exc)
            return
        change = partial(market_jobs.set_comparable, comparable=comparable)
        self.edit_requested.emit(change, "Saving a comparable")

    def _update_buttons(self) -> None:
        chosen = 0 <= self.table.currentRow() < len(self.comparables)
        self.confirm_button.setEnabled(chosen)
        self.exclude_button.setEnabled(chosen)


def _qdate(day: object) -> QDate:
    if isinstance(day, date):
        return QDate(day.year, day.month, day.day)
    return QDate.currentDate()
