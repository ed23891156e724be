"""The Market page's assumption controls: as-of date, windows, rates.

Each control hands its new value to the page as an edit the moment the user
settles on it (Enter, leaving the field, or the arrows), so the figures
follow at once; the document re-analyses after every edit.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from core.money import to_decimal
from desktop import market_jobs

if TYPE_CHECKING:
    from core.assumptions import Assumptions
    from core.market.results import DeclineRate, MarketGapSection

MAX_DECLINE_PCT = 95.0


class AssumptionBar(QWidget):
    """One row of controls over the assumptions the market figures use."""

    edit_requested = Signal(object, str)  # change(workspace), description

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rates: list[DeclineRate] = []
        self.as_of = QDateEdit()
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setKeyboardTracking(False)
        self.as_of_reset = QPushButton("Data End")
        self.as_of_reset.setToolTip("Use the last day of the imported usage")
        self.window_days = QSpinBox()
        self.window_days.setRange(7, 730)
        self.window_days.setSuffix(" days")
        self.tolerance = QDoubleSpinBox()
        self.tolerance.setRange(0, 100)
        self.tolerance.setDecimals(2)
        self.tolerance.setSuffix(" %")
        self.group = QComboBox()
        self.decline = QDoubleSpinBox()
        self.decline.setRange(0, MAX_DECLINE_PCT)
        self.decline.setDecimals(1)
        self.decline.setSuffix(" %/yr")
        self.decline_reset = QPushButton("Clear")
        self.decline_reset.setToolTip("Use the fitted or assumed rate again")
        for spin in (self.window_days, self.tolerance, self.decline):
            spin.setKeyboardTracking(False)
        self._build_layout()
        self._connect()

    def _build_layout(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label, widgets in (
            ("As of", (self.as_of, self.as_of_reset)),
            ("Run-rate window", (self.window_days,)),
            ("Audit tolerance", (self.tolerance,)),
            ("Decline rate", (self.group, self.decline, self.decline_reset)),
        ):
            layout.addWidget(QLabel(label))
            for widget in widgets:
                layout.addWidget(widget)
            layout.addSpacing(12)
        layout.addStretch()

    def _connect(self) -> None:
        self.as_of.dateChanged.connect(self._on_as_of_date_changed)
        self.as_of_reset.clicked.connect(self._on_as_of_reset_clicked)
        self.window_days.valueChanged.connect(self._on_window_days_value_changed)
        self.tolerance.valueChanged.connect(self._on_tolerance_value_changed)
        self.group.currentIndexChanged.connect(self._on_group_current_index_changed)
        self.decline.valueChanged.connect(self._on_decline_value_changed)
        self.decline_reset.clicked.connect(self._on_decline_reset_clicked)

    def show_values(self, assumptions: Assumptions, market: MarketGapSection) -> None:
        """Show the values in force, without announcing them as edits."""
        blockers = [
            QSignalBlocker(widget)
            for widget in (self.as_of, self.window_days, self.tolerance, self.group)
        ]
        day = assumptions.as_of or market.as_of
        if day is not None:
            self.as_of.setDate(QDate(day.year, day.month, day.day))
        self.window_days.setValue(assumptions.run_rate_window_days)
        self.tolerance.setValue(float(assumptions.audit_tolerance_pct))
        previous = self.group.currentText()
        self.rates = [] if market.trends is None else list(market.trends.rates)
        self.group.clear()
        self.group.addItems([f"{r.vendor}/{r.model_class}" for r in self.rates])
        self.group.setCurrentIndex(max(self.group.findText(previous), 0))
        for blocker in blockers:
            blocker.unblock()
        self._show_rate()

    def _show_rate(self) -> None:
        rate = self._rate()
        with QSignalBlocker(self.decline):
            self.decline.setValue(0 if rate is None else float(rate.base_pct))
        self.decline.setEnabled(rate is not None)
        self.decline_reset.setEnabled(rate is not None and rate.basis == "override")
        if rate is not None:
            self.decline.setToolTip(rate.note)

    def _rate(self) -> DeclineRate | None:
        index = self.group.currentIndex()
        return self.rates[index] if 0 <= index < len(self.rates) else None

    def _assume(self, description: str, **updates: object) -> None:
        change = partial(market_jobs.set_assumptions, updates=updates)
        self.edit_requested.emit(change, description)

    def _on_as_of_date_changed(self, day: QDate) -> None:
        self._assume("Changing the as-of date", as_of=day.toPython())

    def _on_as_of_reset_clicked(self) -> None:
        self._assume("Changing the as-of date", as_of=None)

    def _on_window_days_value_changed(self, days: int) -> None:
        self._assume("Changing the run-rate window", run_rate_window_days=days)

    def _on_tolerance_value_changed(self, pct: float) -> None:
        self._assume("Changing the audit tolerance", audit_tolerance_pct=_pct(pct))

    def _on_group_current_index_changed(self, _index: int) -> None:
        self._show_rate()

    def _on_decline_value_changed(self, pct: float) -> None:
        rate = self._rate()
        if rate is not None:
            self._set_decline(rate, _pct(pct))

    def _on_decline_reset_clicked(self) -> None:
        rate = self._rate()
        if rate is not None:
            self._set_decline(rate, None)

    def _set_decline(self, rate: DeclineRate, pct: Decimal | None) -> None:
        group = f"{rate.vendor}/{rate.model_class}"
        change = partial(market_jobs.set_decline_override, group=group, pct=pct)
        self.edit_requested.emit(change, "Changing the decline rate")


def _pct(value: float) -> Decimal:
    """A spin box's percentage as the Decimal it shows (two places at most)."""
    return to_decimal(round(value, 2))
