"""Every page of the window shows the open workspace."""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

from desktop.views.contracts import ContractsView
from desktop.views.sections import SectionView

from .helpers import open_file, small_workspace, wait_for

PAGES = [
    "Overview",
    "Data",
    "Contracts",
    "Market",
    "Commitment",
    "Self-hosting",
    "Workloads",
    "Brief",
]


def test_every_navigation_entry_shows_its_page(qtbot, window, small_file):
    open_file(qtbot, window, small_file)

    titles = [window.navigation.item(row).text() for row in range(len(PAGES))]
    assert titles == PAGES
    for row, view in enumerate(window.views):
        window.navigation.setCurrentRow(row)
        assert window.stack.currentWidget() is view
        assert view.isVisible()
        assert view.ready


def test_view_menu_switches_pages(qtbot, window, small_file):
    open_file(qtbot, window, small_file)

    window.menu.go_to[2].trigger()

    assert window.stack.currentWidget().title == "Contracts"
    assert window.navigation.currentRow() == 2


def test_overview_shows_the_headline_figures(qtbot, window, small_file):
    open_file(qtbot, window, small_file)
    cards = window.overview.cards

    shown = {key: card.value.text() for key, card in cards.items()}

    assert shown == {
        "total": "$52",  # 40.50 + 11.25, rounded to units only here
        "list_total": "$58",  # 45.00 + 12.50
        "discount": "10.0%",  # 1 - 51.75 / 57.50
        "period": "Jan 2026 – Feb 2026",
        "rows": "14",
        "imports": "2",
        "top_vendor": "OpenAI",
        "top_workload": "chat",
    }
    assert cards["top_vendor"].detail.text() == "78.3% of spend"  # 40.50 / 51.75
    assert cards["period"].detail.text() == "2026-01-01 to 2026-02-05"


def test_overview_lists_vendors_and_draws_the_chart(qtbot, window, small_file):
    open_file(qtbot, window, small_file)
    table = window.overview.vendors

    rows = [
        [table.item(row, column).text() for column in range(4)]
        for row in range(table.rowCount())
    ]

    assert rows == [["OpenAI", "$41", "78.3%", "9"], ["Anthropic", "$11", "21.7%", "5"]]
    assert isinstance(window.overview.canvas, FigureCanvasQTAgg)


def test_data_page_lists_imports_and_every_row(qtbot, window, small_file):
    open_file(qtbot, window, small_file)
    data = window.data

    files = [data.imports.item(row, 0).text() for row in range(data.imports.rowCount())]
    model = data.model
    billed = model.index(0, model.column_of("billed_amount"))

    assert files == ["openai.csv", "anthropic.csv"]
    assert model.rowCount() == 14
    assert model.data(billed) == "4.50"
    assert "14 rows" in data.rows_caption.text()


def test_contracts_page_shows_key_terms_and_rates(qtbot, window, small_file):
    open_file(qtbot, window, small_file)
    page = next(v for v in window.views if isinstance(v, ContractsView))

    terms = [
        page.terms.item(0, column).text() for column in range(page.terms.columnCount())
    ]
    rates = page.editor.rates.table
    rate = [
        rates.item(0, 0).text(),
        rates.cellWidget(0, 1).currentText(),
        rates.item(0, 2).text(),
        rates.item(0, 3).text(),
    ]

    assert terms == [
        "OpenAI 2026",
        "OpenAI",
        "2026-01-01 to 2026-12-31",
        "90 days",
        "$100,000 annual",
        "0%",
        "market 20% below",
        "yes",
        "none",
    ]
    assert rate == ["gpt-5.5", "input", "4.5", "per MTok"]
    assert rates.horizontalHeaderItem(2).text() == "Price (USD)"
    assert page.empty_note.isHidden()


def test_pending_sections_say_they_are_not_computed(qtbot, window, small_file):
    open_file(qtbot, window, small_file)
    result = window.document.analysis.result

    pending = [
        view
        for view in window.views
        if isinstance(view, SectionView) and not getattr(result, view.section).available
    ]

    assert {view.section for view in pending} == {
        "commitment",
        "self_hosting",
        "workloads",
        "position",
    }
    for view in pending:
        note = getattr(result, view.section).note
        assert view.status.headline.text() == "Not computed yet"
        assert view.status.text.text() == note


def test_window_title_names_the_workspace_and_file(qtbot, window, small_file):
    open_file(qtbot, window, small_file)

    assert window.windowTitle() == "Small (small.counteroffer)[*] — Counteroffer"
    assert not window.isWindowModified()


def test_an_empty_workspace_shows_every_page(qtbot, window):
    wait_for(qtbot, window, window.start, None)

    assert window.overview.cards["total"].value.text() == "$0"
    assert window.overview.cards["discount"].value.text() == "n/a"
    assert window.data.model.rowCount() == 0
    assert window.windowTitle() == "Untitled[*] — Counteroffer"
    for row, view in enumerate(window.views):
        window.show_view(row)
        assert view.isVisible() and view.ready


def test_a_failed_analysis_is_shown_once_and_on_every_page(
    qtbot, window, dialogs, tmp_path
):
    from core.storage import save_workspace
    from core.usage import usage_frame

    from .helpers import usage_rows

    workspace = small_workspace("Euro")
    euro = usage_rows("mistral", "mistral-large", 3, 2, "1", "1", currency="EUR")
    workspace.add_batch(
        usage_frame(euro), file_name="eu.csv", source_format="test", fingerprint="e"
    )
    path = tmp_path / "euro.counteroffer"
    save_workspace(workspace, path)

    wait_for(qtbot, window, window.document.open, path)

    [message] = dialogs.texts("warning")
    assert message.startswith("No exchange rate from EUR to USD")
    assert window.overview.empty_hint.isVisibleTo(window.overview)
    assert window.overview.empty_hint.text.text() == message
    for view in window.views:
        assert not view.ready
        if isinstance(view, SectionView):
            assert view.status.text.text() == message
