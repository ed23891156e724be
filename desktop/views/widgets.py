"""Small building blocks the views share: titles, figure cards, tables."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.money import format_money, format_percent

if TYPE_CHECKING:
    from core.results import SpendLine

PENDING_TEXT = "…"
SPEND_HEADERS = ("Billed", "Share", "Rows")


def title_label(text: str) -> QLabel:
    """A page title, larger and bold in the platform's font."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    label.setFont(font)
    return label


def section_label(text: str) -> QLabel:
    """A heading above a table or chart."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def note_label(text: str = "") -> QLabel:
    """Explanatory text in the palette's muted colour, wrapped."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class FigureCard(QFrame):
    """One headline figure: a caption, the value, and a line of detail."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption = note_label(caption)
        self.caption.setWordWrap(False)
        self.value = QLabel(PENDING_TEXT)
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = note_label()
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        for widget in (self.caption, self.value, self.detail):
            layout.addWidget(widget)
        layout.addStretch()

    def show_figure(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)


class StatusBox(QFrame):
    """A framed notice: a bold headline over a wrapped explanation."""

    def __init__(self, headline: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.headline = section_label(headline)
        self.text = QLabel()
        self.text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.text)

    def show_status(self, headline: str, text: str) -> None:
        self.headline.setText(headline)
        self.text.setText(text)


def make_table(
    headers: Sequence[str], parent: QWidget | None = None, *, stretch: int = 0
) -> QTableWidget:
    """A read-only table; column ``stretch`` takes the spare width."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    return table


def fill_table(
    table: QTableWidget,
    rows: Sequence[Sequence[str]],
    *,
    numeric: Collection[int] = (),
) -> None:
    """Replace the table's rows; columns in ``numeric`` align right."""
    table.setRowCount(len(rows))
    for row_index, row in enumerate(rows):
        for column, text in enumerate(row):
            item = QTableWidgetItem(text)
            if column in numeric:
                item.setTextAlignment(
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            table.setItem(row_index, column, item)
    for column in numeric:
        header_item = table.horizontalHeaderItem(column)
        if header_item is not None:
            header_item.setTextAlignment(
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )


def fit_to_rows(table: QTableWidget, rows: int) -> None:
    """Size a short table to show ``rows`` rows without empty space below."""
    header = table.horizontalHeader().sizeHint().height()
    row = table.verticalHeader().defaultSectionSize()
    frame = 2 * table.frameWidth()
    table.setFixedHeight(header + row * max(rows, 1) + frame + 2)


def spend_row(line: SpendLine, currency: str) -> list[str]:
    """A breakdown line as table text: label, billed, share, rows."""
    return [
        line.label,
        format_money(line.amount, currency),
        format_percent(line.share),
        f"{line.rows:,}",
    ]


def percent_points(value: Decimal) -> str:
    """A percentage stored as points (20 means 20%), shown exactly."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"
