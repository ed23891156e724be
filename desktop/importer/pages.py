"""The wizard's right-hand side: one page per state a file can be in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget, QWidget

from desktop.importer.mapping_page import MappingPage
from desktop.importer.review_page import ReviewPage
from desktop.importer.state import ImportFile, Status
from desktop.importer.status_pages import FailedPage, ReadingPage
from desktop.views.widgets import note_label

if TYPE_CHECKING:
    from core.mapping import ColumnMapping

EMPTY_TEXT = "Add the files to import, or drop them here."


class FilePages(QStackedWidget):
    """Shows the page that fits a file: reading, review, mapping or failure."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty = note_label(EMPTY_TEXT)
        self.reading = ReadingPage()
        self.review = ReviewPage(format_choices())
        self.mapping = MappingPage()
        self.failed = FailedPage()
        for page in (self.empty, self.reading, self.review, self.mapping, self.failed):
            self.addWidget(page)

    def show_file(self, file: ImportFile | None, mapping: ColumnMapping | None) -> None:
        """Show ``file`` (or the empty page); ``mapping`` pre-fills the editor."""
        if file is None:
            self.setCurrentWidget(self.empty)
        elif file.status is Status.READING:
            self.reading.show_file(file)
            self.setCurrentWidget(self.reading)
        elif file.status is Status.READY and file.review is not None:
            self.review.show_review(file.review)
            self.setCurrentWidget(self.review)
        elif file.status is Status.NEEDS_MAPPING and file.columns is not None:
            name = file.preset.name if file.preset is not None else ""
            self.mapping.show_columns(file.columns, mapping, name)
            self.setCurrentWidget(self.mapping)
        else:
            headline = "Stopped" if file.status is Status.STOPPED else "Not imported"
            self.failed.show_file(file, headline)
            self.setCurrentWidget(self.failed)


def format_choices() -> list[tuple[str, str]]:
    """(name, label) of every format the user may pick."""
    from core.importing.formats import all_formats

    return [(fmt.name, fmt.label) for fmt in all_formats()]
