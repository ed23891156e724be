"""The one table model over a DataFrame: lazy, exact, formatted for people."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pandas as pd
import pyarrow as pa
from PySide6.QtCore import Qt

from desktop.frame_model import FrameModel, format_decimal


def _frame() -> pd.DataFrame:
    table = pa.table(
        {
            "when": pa.array(
                [
                    datetime(2026, 1, 31, tzinfo=UTC),
                    datetime(2026, 2, 1, 14, tzinfo=UTC),
                ],
                pa.timestamp("us", tz="UTC"),
            ),
            "amount": pa.array(
                [Decimal("1234.5"), Decimal("0.0000001234")], pa.decimal128(38, 10)
            ),
            "name": ["a", None],
        }
    )
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def _cell(model, row, column, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def test_the_model_passes_qt_checks(qtmodeltester):
    model = FrameModel()
    model.set_frame(_frame())

    qtmodeltester.check(model)


def test_cells_are_formatted_without_losing_digits():
    model = FrameModel(
        headers={"amount": "Amount"},
        formatters={"amount": lambda value: format_decimal(value, min_places=2)},
    )
    model.set_frame(_frame())

    assert [_cell(model, 0, column) for column in range(3)] == [
        "2026-01-31",
        "1,234.50",
        "a",
    ]
    assert [_cell(model, 1, column) for column in range(3)] == [
        "2026-02-01 14:00",
        "0.0000001234",
        "",
    ]
    assert _cell(model, 0, 1, Qt.ItemDataRole.ToolTipRole) == "1234.5000000000"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Amount"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "when"


def test_numbers_align_right_and_text_left():
    model = FrameModel()
    model.set_frame(_frame())

    right = _cell(model, 0, 1, Qt.ItemDataRole.TextAlignmentRole)
    left = _cell(model, 0, 2, Qt.ItemDataRole.TextAlignmentRole)

    assert right & Qt.AlignmentFlag.AlignRight
    assert left & Qt.AlignmentFlag.AlignLeft


def test_a_million_rows_are_read_only_where_asked():
    count = 1_000_000
    frame = pa.table(
        {
            "row": pa.array(range(count), pa.int64()),
            "amount": pa.array([Decimal("0.5")] * count, pa.decimal128(18, 4)),
        }
    ).to_pandas(types_mapper=pd.ArrowDtype)
    model = FrameModel()

    model.set_frame(frame)

    assert model.rowCount() == count
    assert _cell(model, count - 1, 0) == "999,999"
    assert _cell(model, count - 1, 1) == "0.5"


def test_clearing_the_frame_empties_the_model():
    model = FrameModel()
    model.set_frame(_frame())

    model.set_frame(None)

    assert (model.rowCount(), model.columnCount()) == (0, 0)


def test_format_decimal_keeps_every_digit():
    assert format_decimal(Decimal("1234567.8900")) == "1,234,567.89"
    assert format_decimal(Decimal("42"), min_places=2) == "42.00"
    assert format_decimal(Decimal("-0.12345")) == "-0.12345"
