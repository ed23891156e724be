"""Brief: where the negotiation brief stands, and its PDF export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop.views.sections import SectionView
from desktop.views.widgets import note_label

if TYPE_CHECKING:
    from desktop.jobs import Analysis

EXPORT_NOTE = (
    "Export PDF writes the figures computed so far, with their sources and "
    "assumptions; sections not computed yet are marked as such in it."
)


class BriefView(SectionView):
    """The position section's note and an "Export PDF…" button."""

    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Brief", "position", parent)
        self.export_button = QPushButton("Export PDF…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addStretch()
        self.body.addLayout(row)
        self.body.addWidget(note_label(EXPORT_NOTE))
        self.body.addStretch()

    def show_analysis(self, analysis: Analysis | None) -> None:
        super().show_analysis(analysis)
        self.export_button.setEnabled(analysis is not None)

    def _on_export_button_clicked(self) -> None:
        self.export_requested.emit()
