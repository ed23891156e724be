"""The monthly spend chart shared by the window and the brief."""

from __future__ import annotations

import io
from decimal import Decimal

from matplotlib.axes import Axes

from core.charts import spend_by_month_figure
from core.results import MonthSpend, SpendSection


def _spend(months: dict[str, dict[str, str]], currency: str = "USD") -> SpendSection:
    by_month = [
        MonthSpend(
            month=month,
            amount=sum((Decimal(a) for a in vendors.values()), Decimal(0)),
            by_vendor={vendor: Decimal(a) for vendor, a in vendors.items()},
        )
        for month, vendors in months.items()
    ]
    return SpendSection(
        currency=currency, total=sum((m.amount for m in by_month), Decimal(0)),
        by_vendor=[], by_model=[], by_meter=[], by_workload=[], by_month=by_month,
        vendors=[],
        formula="test",
    )  # fmt: skip


def _axes(spend: SpendSection) -> Axes:
    figure = spend_by_month_figure(spend)
    figure.canvas.draw()  # lays out tick labels so their text is final
    return figure.axes[0]


def test_largest_vendor_is_stacked_first_and_listed_first() -> None:
    spend = _spend(
        {
            "2026-01": {"anthropic": "100", "openai": "300"},
            "2026-02": {"anthropic": "150", "openai": "350", "deepseek": "5"},
        }
    )

    axes = _axes(spend)

    legend_box = axes.get_legend()
    assert legend_box is not None
    legend = [text.get_text() for text in legend_box.get_texts()]
    assert legend == ["OpenAI", "Anthropic", "DeepSeek"]
    openai_bars = axes.containers[0]
    assert [bar.get_height() for bar in openai_bars] == [300.0, 350.0]
    anthropic_bars = axes.containers[1]
    assert [bar.get_y() for bar in anthropic_bars] == [300.0, 350.0]


def test_month_labels_name_the_year_at_the_start_and_each_january() -> None:
    spend = _spend({m: {"openai": "1"} for m in ("2025-11", "2025-12", "2026-01")})

    labels = [label.get_text() for label in _axes(spend).get_xticklabels()]

    assert labels == ["Nov\n2025", "Dec", "Jan\n2026"]


def test_many_months_label_every_third_one() -> None:
    months = [f"{2024 + n // 12}-{n % 12 + 1:02d}" for n in range(24)]
    spend = _spend({month: {"openai": "1"} for month in months})

    labels = [label.get_text() for label in _axes(spend).get_xticklabels()]

    assert labels[:4] == ["Jan\n2024", "", "", "Apr"]
    assert sum(1 for label in labels if label) == 8


def test_axis_amounts_are_compact_and_distinct() -> None:
    spend = _spend({"2026-01": {"openai": "2500"}})
    axes = _axes(spend)
    formatter = axes.yaxis.get_major_formatter()

    assert formatter(1500.0, 0) == "$1.5k"
    assert formatter(2000.0, 0) == "$2k"
    assert formatter(2_500_000.0, 0) == "$2.5M"
    assert formatter(250.0, 0) == "$250"
    assert axes.get_ylabel() == "Billed spend (USD)"


def test_cjk_vendor_names_render_without_missing_glyphs() -> None:
    # pytest turns warnings into errors, so a missing glyph would fail here.
    spend = _spend({"2026-01": {"智谱 AI": "10", "한국 벤더": "5", "openai": "1"}})

    buffer = io.BytesIO()
    spend_by_month_figure(spend).savefig(buffer, format="svg")

    assert buffer.getvalue().startswith(b"<?xml")


def test_no_usage_says_so_instead_of_an_empty_plot() -> None:
    axes = _axes(_spend({}))

    assert [text.get_text() for text in axes.texts] == ["No usage imported yet"]
    assert axes.get_legend() is None
