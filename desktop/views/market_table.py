"""A sorting proxy for the Market page's tables, and the gap colour scale.

The tables show a :class:`DecoratedFrameModel` of display text (a frame
model with row backgrounds, tooltips and right-aligned columns), and
:class:`KeyedProxy` sorts them by the values behind the text (Decimals,
dates).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from desktop.frame_model import FrameModel

AnyIndex = QModelIndex | QPersistentModelIndex

# Subtle tints: even the strongest keeps dark text readable.
OVERPAY_RGB = (214, 69, 65)
SAVING_RGB = (46, 160, 67)
MIN_ALPHA, MAX_ALPHA = 28, 110
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class DecoratedFrameModel(FrameModel):
    """A frame model with a background and a tooltip per row and chosen
    columns aligned right (the frames hold text, so dtype cannot tell)."""

    def __init__(self, parent: QObject | None = None, **options: Any) -> None:
        super().__init__(parent, **options)
        self._row_backgrounds: list[QColor | None] = []
        self._row_tooltips: list[str] = []
        self._right_columns: Collection[int] = ()

    def decorate(
        self,
        *,
        numeric: Collection[int] = (),
        backgrounds: list[QColor | None] | None = None,
        tooltips: list[str] | None = None,
    ) -> None:
        """Set before :meth:`set_frame`, which repaints."""
        self._right_columns = numeric
        self._row_backgrounds = backgrounds or []
        self._row_tooltips = tooltips or []

    # Decorations live here, not in a Python proxy: with PySide6 a proxy's
    # data() override that returns its base's None corrupts None's refcount.
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid():
            row = index.row()
            if role == Qt.ItemDataRole.TextAlignmentRole and (
                index.column() in self._right_columns
            ):
                return _RIGHT
            if role == Qt.ItemDataRole.BackgroundRole:
                return _at(self._row_backgrounds, row)
            if role == Qt.ItemDataRole.ToolTipRole and self._row_tooltips:
                return _at(self._row_tooltips, row)
        return super().data(index, role)


class KeyedProxy(QSortFilterProxyModel):
    """Sorts by per-cell keys: ``keys[row][column]`` is the value a source
    cell sorts by; None sorts after every value in ascending order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keys: list[Sequence[object]] = []
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def set_keys(self, keys: list[Sequence[object]]) -> None:
        """The sort keys of the source's next rows: set them just before the
        source's :meth:`~desktop.frame_model.FrameModel.set_frame`, whose
        reset sorts again."""
        self._keys = keys

    def source_row(self, row: int) -> int:
        """The source row shown at ``row``."""
        return self.mapToSource(self.index(row, 0)).row()

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:  # noqa: N802
        if max(left.row(), right.row()) >= len(self._keys):
            return super().lessThan(left, right)
        first = _order(self._keys[left.row()][left.column()])
        second = _order(self._keys[right.row()][right.column()])
        return first < second


def _at(values: Sequence[Any], row: int) -> Any:
    return values[row] if row < len(values) else None


def _order(value: object) -> tuple[bool, Any]:
    if value is None:
        return (True, 0)
    if isinstance(value, str):
        return (False, value.casefold())
    return (False, value)


def gap_colour(value: Decimal | None, largest: Decimal) -> QColor | None:
    """A tint for an annual value: red when we overpay, green when we save,
    stronger the closer ``value`` is to ``largest`` (the largest absolute
    value of the table)."""
    if value is None or value == 0 or largest <= 0:
        return None
    red, green, blue = OVERPAY_RGB if value > 0 else SAVING_RGB
    share = min(float(abs(value) / largest), 1.0)
    alpha = MIN_ALPHA + round((MAX_ALPHA - MIN_ALPHA) * share)
    return QColor(red, green, blue, alpha)
