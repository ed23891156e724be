"""What every page of the window has: a title and two ways to be filled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.views.widgets import title_label

if TYPE_CHECKING:
    from core.workspace import Workspace
    from desktop.jobs import Analysis


class View(QWidget):
    """A page: shows the open workspace and, once computed, its analysis."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.ready = False
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(16, 12, 16, 12)
        self.body.addWidget(title_label(title))

    def show_workspace(self, workspace: Workspace) -> None:
        """Show what is known before the analysis (imports, contracts)."""

    def show_analysis(self, analysis: Analysis | None) -> None:
        """Show a finished analysis, or that none is available yet."""
        self.ready = analysis is not None

    def show_failure(self, message: str) -> None:
        """Say that the analysis could not be completed, and why."""
        self.ready = False
