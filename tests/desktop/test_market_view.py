"""The Market page on the demo: gap table, overrides, assumptions, catalog."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6.QtCore import Qt

from core.pricing import PriceOverride
from core.reference import Meter
from core.session import demo_workspace
from core.storage import save_workspace
from desktop.views import market_editors
from desktop.views.market import VALUE_COLUMN
from desktop.views.market_rows import GAP_HEADERS

from .helpers import open_file, wait_for

COLUMNS = list(GAP_HEADERS)
LUNA_INPUT = ("openai", "gpt-5.6-luna", "input")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.counteroffer"
    save_workspace(demo_workspace(), path)
    return path


@pytest.fixture
def market(qtbot, window, demo_file):
    open_file(qtbot, window, demo_file)
    window.show_view(window.views.index(window.market))
    qtbot.waitUntil(lambda: not window.tasks.busy)
    return window.market


def shown_rows(view) -> list[dict[str, str]]:
    proxy = view.gap_proxy
    return [
        {name: proxy.index(row, column).data() for column, name in enumerate(COLUMNS)}
        for row in range(proxy.rowCount())
    ]


def luna_input(view) -> dict[str, str]:
    rows = [r for r in shown_rows(view) if (r["model"], r["meter"]) == LUNA_INPUT[1:]]
    assert len(rows) == 1
    return rows[0]


def select(view, key: tuple[str, str, str]) -> None:
    for row in range(view.gap_proxy.rowCount()):
        line = view._market.lines[view.gap_proxy.source_row(row)]
        if (line.vendor, line.model, line.meter) == key:
            view.gap_table.selectRow(row)
            return
    raise AssertionError(f"no line {key}")


def test_gap_table_shows_the_luna_input_line(market):
    row = luna_input(market)

    assert row["ours"] == "$0.90"
    assert row["market"] == "$0.20"
    assert row["gap"] == "77.8%"  # (0.90 - 0.20) / 0.90
    assert row["status"] == "review triggered since 2026-07-30"
    assert market.cards["review"].value.text() == "5 of 10"


def test_selected_line_shows_its_evidence_and_charts(qtbot, window, market):
    select(market, LUNA_INPUT)
    qtbot.waitUntil(lambda: not window.tasks.busy)

    text = market.detail.text()
    assert "genai-prices 0.2.3" in text
    assert "Valid from: 2026-07-30" in text
    assert "90 days" in text
    assert isinstance(market.history_chart.canvas, FigureCanvasQTAgg)
    assert isinstance(market.prices_chart.canvas, FigureCanvasQTAgg)


def test_sorting_by_annual_value_puts_the_largest_first(market):
    market.gap_table.sortByColumn(VALUE_COLUMN, Qt.SortOrder.AscendingOrder)
    assert market.gap_proxy.index(0, 1).data() != "gpt-5.6-luna"

    market.gap_table.sortByColumn(VALUE_COLUMN, Qt.SortOrder.DescendingOrder)

    first = market.gap_proxy.index(0, 0)
    assert (first.siblingAtColumn(1).data(), first.siblingAtColumn(2).data()) == (
        "gpt-5.6-luna",
        "input",
    )
    assert first.siblingAtColumn(VALUE_COLUMN).data() == "$93,512"
    values = [
        market._market.lines[market.gap_proxy.source_row(row)].annual_value_reporting
        for row in range(market.gap_proxy.rowCount())
    ]
    assert values == sorted(values, reverse=True)


def test_an_override_changes_the_market_price_and_is_marked(
    qtbot, window, market, monkeypatch
):
    quoted = PriceOverride(
        provider="openai",
        model_id="gpt-5.6-luna",
        meter=Meter.INPUT,
        price_per_mtok=Decimal("0.50"),
        note="quoted by the vendor",
        quoted_on=date(2026, 11, 20),
    )
    asked = []

    def answer(_parent, initial):
        asked.append(initial)
        return quoted

    monkeypatch.setattr(market_editors, "ask_override", answer)
    select(market, LUNA_INPUT)
    qtbot.waitUntil(lambda: not window.tasks.busy)

    wait_for(qtbot, window, market.override_button.click)

    assert asked[0]["model_id"] == "gpt-5.6-luna"
    assert asked[0]["price_per_mtok"] == Decimal("0.2")
    row = luna_input(market)
    assert row["market"] == "$0.50 · override"
    assert row["gap"] == "44.4%"  # (0.90 - 0.50) / 0.90
    assert window.document.workspace.settings.price_overrides == [quoted]
    assert "Override note: quoted by the vendor" in market.detail.text()
    assert market.overrides.table.rowCount() == 1


def test_changing_the_run_rate_window_changes_the_annual_volume(qtbot, window, market):
    before = luna_input(market)["volume"]

    wait_for(qtbot, window, market.assumptions.window_days.setValue, 30)

    assert window.document.workspace.assumptions.run_rate_window_days == 30
    assert luna_input(market)["volume"] != before
    assert window.document.analysis.result.market_gap.lines[0].volume.window_days == 30


def test_a_malformed_catalog_shows_one_error_and_keeps_the_catalog(
    qtbot, window, market, dialogs, tmp_path
):
    broken = tmp_path / "prices.json"
    broken.write_text("{not json", encoding="utf-8")
    dialogs.open_paths.append(broken)

    wait_for(qtbot, window, market.catalog.load_button.click)

    assert len(dialogs.texts("warning")) == 1
    assert "prices.json" in dialogs.texts("warning")[0]
    assert window.document.workspace.catalog.source == "genai-prices"
    assert market.cards["catalog"].value.text() == "genai-prices 0.2.3"


def test_loading_a_litellm_file_switches_the_catalog(
    qtbot, window, market, dialogs, tmp_path
):
    prices = {
        "gpt-5.6-luna": {
            "litellm_provider": "openai",
            "mode": "chat",
            "input_cost_per_token": 3e-7,
            "output_cost_per_token": 1.8e-6,
        }
    }
    path = tmp_path / "litellm-prices-9.9.9.json"
    path.write_text(json.dumps(prices), encoding="utf-8")
    dialogs.open_paths.append(path)

    wait_for(qtbot, window, market.catalog.load_button.click)

    assert dialogs.texts("warning") == []
    assert market.cards["catalog"].value.text() == "litellm 9.9.9"
    assert "litellm-prices-9.9.9.json" in market.catalog.info.text()
    assert luna_input(market)["market"] == "$0.30"


def _comparables(view) -> list[tuple[str, str, str]]:
    return [(c.kind, c.provider, c.model_id) for c in view.comparables.comparables]


def test_comparables_can_be_excluded_and_peers_added(qtbot, window, market):
    select(market, LUNA_INPUT)
    qtbot.waitUntil(lambda: market.comparables.line is not None)
    proposed = _comparables(market)
    assert proposed, "the catalog offers gpt-5.6-luna through other channels"
    first = proposed[0]

    market.comparables.table.selectRow(0)
    wait_for(qtbot, window, market.comparables.exclude_button.click)
    select(market, LUNA_INPUT)
    qtbot.waitUntil(lambda: market.comparables.line is not None)

    saved = window.document.workspace.settings.comparables
    assert [(c.provider, c.model_id, c.excluded) for c in saved] == [
        (first[1], first[2], True)
    ]
    assert first not in _comparables(market)

    market.comparables.provider.setCurrentText("anthropic")
    market.comparables.model_id.setText("claude-haiku-4-5")
    wait_for(qtbot, window, market.comparables.add_button.click)
    select(market, LUNA_INPUT)
    qtbot.waitUntil(lambda: market.comparables.line is not None)

    assert ("peer", "anthropic", "claude-haiku-4-5") in _comparables(market)


def test_the_as_of_date_reprices_the_lines(qtbot, window, market):
    from PySide6.QtCore import QDate

    # Before the cut of 2026-07-30, gpt-5.6-luna input listed at $1.00.
    wait_for(qtbot, window, market.assumptions.as_of.setDate, QDate(2026, 7, 15))

    assert window.document.workspace.assumptions.as_of == date(2026, 7, 15)
    row = luna_input(market)
    assert row["market"] == "$1.00"
    assert row["gap"] == "-11.1%"  # (0.90 - 1.00) / 0.90
