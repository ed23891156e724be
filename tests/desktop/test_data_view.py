"""The Data page: filtering, sorting, the pivot, aliases and workloads."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from core.storage import save_workspace
from core.usage import usage_frame
from desktop.views.data import MODELS_TAB

from .helpers import TASK_TIMEOUT_MS, open_file, small_workspace, usage_rows, wait_for


def _cells(model, column_names, rows=None):
    """Display text of the named columns, row by row."""
    columns = [model.column_of(name) for name in column_names]
    count = model.rowCount() if rows is None else rows
    return [
        [model.data(model.index(row, column)) for column in columns]
        for row in range(count)
    ]


def _pivot_cells(model):
    return [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_filter_narrows_the_rows_and_says_how_many(qtbot, window, small_file):
    open_file(qtbot, window, small_file)
    tab = window.data.rows

    with qtbot.waitSignal(tab.rows_shown, timeout=TASK_TIMEOUT_MS):
        tab.filter.setText("HAIKU")

    assert tab.model.rowCount() == 5
    assert {row[0] for row in _cells(tab.model, ["model"])} == {"claude-haiku-4-5"}
    assert tab.caption.text() == "5 of 14 rows match"


def test_filter_on_one_column(qtbot, window, small_file):
    open_file(qtbot, window, small_file)
    tab = window.data.rows
    tab.column.setCurrentIndex(tab.column.findData("source_file"))

    with qtbot.waitSignal(tab.rows_shown, timeout=TASK_TIMEOUT_MS):
        tab.filter.setText("openai.csv")

    assert tab.model.rowCount() == 9
    with qtbot.waitSignal(tab.rows_shown, timeout=TASK_TIMEOUT_MS):
        tab.column.setCurrentIndex(tab.column.findData("vendor"))
    assert tab.model.rowCount() == 0


def _click_header(qtbot, tab, name):
    header = tab.table.horizontalHeader()
    x = header.sectionViewportPosition(tab.model.column_of(name)) + 4
    with qtbot.waitSignal(tab.rows_shown, timeout=TASK_TIMEOUT_MS):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 4))


def test_clicking_a_header_sorts_every_row(qtbot, window, small_file):
    open_file(qtbot, window, small_file)
    window.show_view(1)
    tab = window.data.rows

    _click_header(qtbot, tab, "period_start")
    assert _cells(tab.model, ["period_start"], rows=1) == [["2026-01-01"]]
    _click_header(qtbot, tab, "period_start")

    shown = _cells(tab.model, ["period_start", "vendor", "billed_amount"])
    assert shown[0] == ["2026-02-05", "anthropic", "2.25"]
    assert shown[4] == ["2026-02-01", "anthropic", "2.25"]
    assert shown[5] == ["2026-01-09", "openai", "4.50"]
    assert shown[-1] == ["2026-01-01", "openai", "4.50"]
    assert tab.model.rowCount() == 14


def test_filter_and_sort_combine(qtbot, window, small_file):
    open_file(qtbot, window, small_file)
    tab = window.data.rows
    header = tab.table.horizontalHeader()
    with qtbot.waitSignal(tab.rows_shown, timeout=TASK_TIMEOUT_MS):
        tab.filter.setText("openai")

    with qtbot.waitSignal(tab.rows_shown, timeout=TASK_TIMEOUT_MS):
        header.setSortIndicator(
            tab.model.column_of("period_start"), Qt.SortOrder.DescendingOrder
        )

    days = [row[0] for row in _cells(tab.model, ["period_start"])]
    assert days == [f"2026-01-{day:02d}" for day in range(9, 0, -1)]


def test_pivot_by_vendor_and_by_workload(qtbot, window, small_file):
    open_file(qtbot, window, small_file)
    pivot = window.data.pivot
    qtbot.waitUntil(lambda: pivot.model.rowCount() == 3, timeout=TASK_TIMEOUT_MS)

    headers = [
        pivot.model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(pivot.model.columnCount())
    ]
    assert headers == ["Month", "OpenAI", "Anthropic", "Total"]
    assert _pivot_cells(pivot.model) == [
        ["2026-01", "40.50", "0.00", "40.50"],  # 9 × 4.50
        ["2026-02", "0.00", "11.25", "11.25"],  # 5 × 2.25
        ["Total", "40.50", "11.25", "51.75"],
    ]

    with qtbot.waitSignal(pivot.pivot_shown, timeout=TASK_TIMEOUT_MS):
        pivot.dimension.setCurrentIndex(pivot.dimension.findData("workload"))

    assert _pivot_cells(pivot.model)[-1] == ["Total", "40.50", "11.25", "51.75"]
    assert pivot.model.headerData(1, Qt.Orientation.Horizontal) == "chat"


def _workspace_file(tmp_path, name, extra_rows, accounts=None):
    workspace = small_workspace(name)
    if accounts:
        rows = usage_rows("openai", "gpt-5.5", 3, 2, "1", "1")
        for row in rows:
            row["account"] = accounts
            row["workload"] = ""
        extra_rows = extra_rows + rows
    if extra_rows:
        workspace.add_batch(
            usage_frame(extra_rows),
            file_name="extra.csv",
            source_format="test",
            fingerprint="x" * 64,
        )
    path = tmp_path / f"{name}.counteroffer"
    save_workspace(workspace, path)
    return path


def test_an_alias_resolves_a_model_and_marks_the_workspace_modified(
    qtbot, window, tmp_path
):
    house = usage_rows("openai", "house-gpt", 3, 2, "1", "1")
    open_file(qtbot, window, _workspace_file(tmp_path, "Alias", house))
    models = window.data.models
    assert models.unresolved == 1
    assert window.data.tabs.tabText(MODELS_TAB) == "Unresolved models (1)"
    models.table.selectRow(0)
    assert models.table.item(0, 1).text() == "house-gpt"
    assert models.table.item(0, 2).text() == "not found"
    assert models.catalog_model.findText("gpt-4o") >= 0

    models.catalog_model.setEditText("gpt-4o")
    wait_for(qtbot, window, models.apply_button.click)

    assert window.document.workspace.settings.model_aliases == {"house-gpt": "gpt-4o"}
    assert window.document.modified and window.isWindowModified()
    assert models.unresolved == 0
    assert window.data.tabs.tabText(MODELS_TAB) == "Unresolved models"
    row = next(
        r for r in range(models.table.rowCount())
        if models.table.item(r, 1).text() == "house-gpt"
    )  # fmt: skip
    assert models.table.item(row, 2).text() == "gpt-4o"
    assert models.table.item(row, 3).text() == "your alias"
    assert models.clear_button.isEnabled()

    wait_for(qtbot, window, models.clear_button.click)
    assert window.document.workspace.settings.model_aliases == {}
    assert models.unresolved == 1


def test_a_workload_edit_changes_the_overview(qtbot, window, tmp_path):
    open_file(qtbot, window, _workspace_file(tmp_path, "Work", [], "proj_a"))
    table = window.data.workloads.table
    accounts = [table.item(r, 1).text() for r in range(table.rowCount())]
    row = accounts.index("proj_a")
    assert not table.item(accounts.index("(no account)"), 2).flags() & (
        Qt.ItemFlag.ItemIsEditable
    )

    wait_for(qtbot, window, table.item(row, 2).setText, "Support bot")

    assert window.document.workspace.settings.workload_map == {"proj_a": "Support bot"}
    assert window.document.modified
    overview = window.overview.workloads
    shown = {
        overview.item(r, 0).text(): overview.item(r, 1).text()
        for r in range(overview.rowCount())
    }
    assert shown == {"chat": "$41", "search": "$11", "Support bot": "$2"}
    usage = window.data.rows.model
    workloads = {row[0] for row in _cells(usage, ["workload"])}
    assert workloads == {"chat", "search", "Support bot"}
