"""A read-only Qt table model over a pandas DataFrame, read lazily.

The model never copies the frame: :meth:`FrameModel.data` reads one cell
when a view asks for it, so a table of a million rows opens instantly and
only the rows on screen are ever converted. Values stay exact; decimals are
shown in full (trailing zeros trimmed to at least ``min_places``) and the
tooltip holds the stored value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

if TYPE_CHECKING:
    import pandas as pd

Formatter = Callable[[Any], str]
AnyIndex = QModelIndex | QPersistentModelIndex

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def format_decimal(value: Decimal, min_places: int = 0) -> str:
    """Exact decimal text with thousands separators: ``1,234.5`` for 1234.5000."""
    text = f"{value:,f}"
    if "." in text:
        whole, fraction = text.split(".")
        fraction = fraction.rstrip("0").ljust(min_places, "0")
        return f"{whole}.{fraction}" if fraction else whole
    return f"{text}.{'0' * min_places}" if min_places else text


def format_timestamp(value: datetime) -> str:
    """``2026-01-31`` at midnight, ``2026-01-31 14:00`` otherwise."""
    if value.time() == time(0):
        return value.strftime("%Y-%m-%d")
    return value.strftime("%Y-%m-%d %H:%M")


def format_cell(value: object) -> str:
    """Display text for one stored value."""
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, int | float):
        return f"{value:,}"
    return str(value)


class FrameModel(QAbstractTableModel):
    """Shows a DataFrame's columns in order, with optional labels and formats.

    ``headers`` maps column names to header text; ``formatters`` maps column
    names to functions that turn a non-missing stored value into text, and
    ``default_formatter`` serves the other columns (:func:`format_cell`).
    """

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        formatters: Mapping[str, Formatter] | None = None,
        default_formatter: Formatter = format_cell,
    ) -> None:
        super().__init__(parent)
        self._headers = dict(headers or {})
        self._formatters = dict(formatters or {})
        self._default_formatter = default_formatter
        self._names: list[str] = []
        self._columns: list[Sequence[Any]] = []
        self._numeric: list[bool] = []
        self._rows = 0
        self._is_missing: Callable[[object], bool] = lambda value: value is None

    def set_frame(self, frame: pd.DataFrame | None) -> None:
        """Show ``frame`` (or nothing); the frame must not change afterwards."""
        self.beginResetModel()
        if frame is None:
            self._names, self._columns, self._numeric, self._rows = [], [], [], 0
        else:
            import pandas as pd

            self._names = [str(name) for name in frame.columns]
            self._columns = [frame[name].array for name in frame.columns]
            self._numeric = [
                pd.api.types.is_numeric_dtype(frame[name].dtype)
                for name in frame.columns
            ]
            self._rows = len(frame)
            self._is_missing = _missing_check(pd)
        self.endResetModel()

    def column_of(self, name: str) -> int:
        """The position of the frame column called ``name``."""
        return self._names.index(name)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._names)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self._numeric[column] else _LEFT
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        value = self._columns[column][index.row()]
        if self._is_missing(value):
            return ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(value)
        formatter = self._formatters.get(self._names[column], self._default_formatter)
        return formatter(value)

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return f"{section + 1:,}"
        name = self._names[section]
        return self._headers.get(name, name)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _missing_check(pd: Any) -> Callable[[object], bool]:
    markers = (pd.NA, pd.NaT)

    def is_missing(value: object) -> bool:
        if value is None or any(value is marker for marker in markers):
            return True
        return isinstance(value, float) and value != value  # NaN

    return is_missing
