"""The wizard's pages for a file being read and for one that gave nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.importer.problems import ProblemsPanel
from desktop.views.widgets import StatusBox

if TYPE_CHECKING:
    from desktop.importer.state import ImportFile

PROGRESS_STEPS = 1000


class ReadingPage(QWidget):
    """A progress bar with the current step, and a button to stop."""

    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.step = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, PROGRESS_STEPS)
        self.stop_button = QPushButton("Stop Reading")
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.bar, stretch=1)
        row.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch()
        layout.addWidget(self.heading)
        layout.addLayout(row)
        layout.addWidget(self.step)
        layout.addStretch()

    def show_file(self, file: ImportFile) -> None:
        """Show how far reading ``file`` has come."""
        self.heading.setText(f"Reading {file.name}")
        self.step.setText(f"{file.step}…")
        self.bar.setValue(round(file.progress * PROGRESS_STEPS))
        stopping = file.task is not None and file.task.is_cancelled()
        self.stop_button.setEnabled(not stopping)

    def _on_stop_button_clicked(self) -> None:
        self.stop_requested.emit()


class FailedPage(QWidget):
    """Why a file cannot be imported, its problems, and a way to try again."""

    retry_requested = Signal()
    mapping_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = StatusBox("")
        self.retry_button = QPushButton("Read Again")
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        self.mapping_button = QPushButton("Edit Column Mapping…")
        self.mapping_button.clicked.connect(self._on_mapping_button_clicked)
        self.problems = ProblemsPanel()
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.mapping_button)
        row.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addWidget(self.problems, stretch=1)
        layout.addStretch()

    def show_file(self, file: ImportFile, headline: str) -> None:
        """Show what went wrong with ``file``."""
        self.status.show_status(headline, file.message)
        self.mapping_button.setVisible(file.columns is not None)
        self.problems.show_problems(file.problems)
        self.problems.setVisible(file.problems is not None and len(file.problems) > 0)

    def _on_retry_button_clicked(self) -> None:
        self.retry_requested.emit()

    def _on_mapping_button_clicked(self) -> None:
        self.mapping_requested.emit()
