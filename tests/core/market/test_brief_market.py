"""The market section of the brief and its chart, on the small catalog."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from core.analysis import analyze
from core.brief import write_brief
from core.charts import market_prices_figure
from tests.core.factories import row
from tests.core.market.helpers import (
    anthropic_contract,
    market_workspace,
    openai_contract,
)

ROWS = [
    row(date(2026, 10, 1), model="luna", quantity=300_000_000, billed="270"),
    row(date(2026, 10, 1), model="luna", quantity=100_000_000, billed="95"),
    row(
        date(2026, 10, 1),
        vendor="anthropic",
        model="sonnet-x",
        quantity=90_000_000,
        billed="243",
    ),
]


def result():
    return analyze(market_workspace(ROWS, openai_contract(), anthropic_contract()))


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_chart_has_a_row_per_priced_line_on_a_log_axis():
    lines = result().market_gap.lines
    figure = market_prices_figure(lines)
    (axes,) = figure.axes

    # luna input, output, batch input and sonnet-x input have both prices;
    # luna batch output has no list price.
    labels = [tick.get_text() for tick in axes.get_yticklabels()]
    assert sorted(labels) == [
        "luna · batch input",
        "luna · input",
        "luna · output",
        "sonnet-x · input",
    ]
    assert axes.get_xscale() == "log"


def test_the_chart_says_so_when_nothing_is_priced():
    figure = market_prices_figure([])

    assert "No line has both prices" in figure.axes[0].texts[0].get_text()


def test_the_brief_lists_lines_findings_and_what_was_not_compared(tmp_path):
    path = tmp_path / "brief.pdf"
    write_brief(result(), path)
    text = pdf_text(path)

    # luna input: 400 M tokens × 365 ÷ 90 = 1,622.2 MTok × 0.70 = $1,135.56,
    # shown in whole dollars since a value reaches 1,000
    assert "luna, input" in text and "$1,136" in text
    # October billed 365 for 400 M tokens: 0.9125 against 0.90, +1.4%
    assert "Invoice audit findings" in text
    assert "1.4%" in text
    assert "Not compared: luna, batch output" in text
    assert "Price-review clause" in text


def test_a_vendor_brief_keeps_to_that_vendors_lines(tmp_path):
    path = tmp_path / "anthropic.pdf"
    write_brief(result(), path, vendor="anthropic")
    text = pdf_text(path)

    assert "sonnet-x, input" in text
    assert "luna, input" not in text
    assert "Invoice audit findings" not in text
