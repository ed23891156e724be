"""Core helpers the Market page uses: line paths, the catalog table, the
price-history chart."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from core.analysis import analyze
from core.catalog_models import catalog_price_table
from core.charts import price_history_figure
from core.market.results import MarketGapSection
from core.pricing import PriceOverride
from core.reference import Meter
from core.session import demo_workspace


@pytest.fixture(scope="module")
def demo_market() -> MarketGapSection:
    return analyze(demo_workspace()).market_gap


def test_trends_find_a_lines_path_and_projection(demo_market):
    trends = demo_market.trends
    assert trends is not None

    path = trends.path_for("openai", "gpt-5.6-luna", "input")
    projection = trends.projection_for("openai", "gpt-5.6-luna", "input")

    assert path is not None and path.points[-1].price_per_mtok == Decimal("0.2")
    assert projection is not None
    assert projection.contracted_price_per_mtok == Decimal("0.9")
    assert trends.path_for("openai", "gpt-5.6-luna", "cached_input") is None


def test_price_history_figure_draws_path_band_and_our_price(demo_market):
    trends = demo_market.trends
    assert trends is not None
    key = ("openai", "gpt-5.6-luna", "input")

    figure = price_history_figure(trends.path_for(*key), trends.projection_for(*key))
    FigureCanvasAgg(figure).draw()

    axes = figure.axes[0]
    labels = [text.get_text() for text in axes.get_legend().get_texts()]
    assert labels == ["List price", "Low–high decline", "Base", "Our price"]
    assert axes.lines[0].get_ydata()[-1] == pytest.approx(0.2)


def test_price_history_figure_without_data_says_so():
    figure = price_history_figure(None, None)

    assert figure.axes[0].texts[0].get_text() == "No price history for this line"


def test_catalog_table_prices_models_on_a_day_and_marks_overrides():
    workspace = demo_workspace()
    snapshot = workspace.catalog_snapshot
    override = PriceOverride(
        provider="openai",
        model_id="gpt-5.6-luna",
        meter=Meter.INPUT,
        price_per_mtok=Decimal("0.5"),
        quoted_on=date(2026, 11, 20),
    )

    before = catalog_price_table(snapshot, date(2026, 7, 1))
    after = catalog_price_table(snapshot, date(2026, 11, 30), [override])

    def luna(frame):
        rows = frame[(frame.provider == "openai") & (frame.model_id == "gpt-5.6-luna")]
        return rows.iloc[0]

    assert luna(before)["input"] == Decimal(1)  # before the 2026-07-30 cut
    assert luna(before)["output"] == Decimal(6)
    assert luna(after)["input"] == Decimal("0.5")
    assert luna(after)["output"] == Decimal("1.2")
    assert luna(after)["override"]
    assert not luna(before)["override"]
    assert len(after) == len(snapshot.models)
