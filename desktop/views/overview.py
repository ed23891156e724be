"""Overview: the workspace's headline figures, spend by vendor, the chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from core.money import format_money, format_percent
from desktop.views.base import View
from desktop.views.widgets import (
    PENDING_TEXT,
    SPEND_HEADERS,
    FigureCard,
    StatusBox,
    fill_table,
    fit_to_rows,
    make_table,
    note_label,
    section_label,
    spend_row,
)

if TYPE_CHECKING:
    from core.results import AnalysisResult, SpendLine
    from desktop.jobs import Analysis

CARDS = (
    ("total", "Total billed"),
    ("list_total", "At list price"),
    ("discount", "Implied discount"),
    ("period", "Period covered"),
    ("rows", "Usage rows"),
    ("imports", "Imports"),
    ("top_vendor", "Top vendor"),
    ("top_workload", "Top workload"),
)
CARDS_PER_ROW = 4
NO_USAGE = "no usage imported yet"
UNAVAILABLE_TEXT = "—"
CHART_PENDING = "The chart appears once computed."
EMPTY_HEADLINE = "Nothing to show yet"
EMPTY_HINT = (
    "This workspace holds no usage yet. Import your vendors' usage or cost "
    "exports and invoices with File ▸ Import… or by dropping the files on "
    "this window, or explore with File ▸ New from Demo."
)
CHART_MIN_WIDTH, CHART_MIN_HEIGHT = 420, 260


class OverviewView(View):
    """Headline figures of the spend section, a vendor table and the chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Overview", parent)
        self.subtitle = note_label()
        self.body.addWidget(self.subtitle)
        self.empty_hint = StatusBox(EMPTY_HEADLINE)
        self.empty_hint.hide()
        self.body.addWidget(self.empty_hint)
        self.cards = {key: FigureCard(caption) for key, caption in CARDS}
        self.body.addLayout(self._card_grid())
        self.vendors = make_table(["Vendor", *SPEND_HEADERS])
        self.workloads = make_table(["Workload", *SPEND_HEADERS])
        self.chart_area = QVBoxLayout()
        self.chart_placeholder = note_label(CHART_PENDING)
        self.chart_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_area.addWidget(self.chart_placeholder)
        self.canvas: QWidget | None = None
        self.body.addLayout(self._lower_row(), stretch=1)

    def _card_grid(self) -> QGridLayout:
        grid = QGridLayout()
        for position, card in enumerate(self.cards.values()):
            grid.addWidget(card, position // CARDS_PER_ROW, position % CARDS_PER_ROW)
        for column in range(CARDS_PER_ROW):
            grid.setColumnStretch(column, 1)
        return grid

    def _lower_row(self) -> QHBoxLayout:
        left = QVBoxLayout()
        left.addWidget(section_label("Spend by vendor"))
        left.addWidget(self.vendors)
        left.addSpacing(8)
        left.addWidget(section_label("Spend by workload"))
        left.addWidget(self.workloads, stretch=1)
        right = QVBoxLayout()
        right.addWidget(section_label("Billed spend by month"))
        right.addLayout(self.chart_area, stretch=1)
        row = QHBoxLayout()
        row.addLayout(left, stretch=2)
        row.addLayout(right, stretch=3)
        return row

    def show_analysis(self, analysis: Analysis | None) -> None:
        super().show_analysis(analysis)
        if analysis is None:
            self._clear(PENDING_TEXT, CHART_PENDING)
            return
        result = analysis.result
        self.subtitle.setText(_subtitle(result))
        self.empty_hint.show_status(EMPTY_HEADLINE, EMPTY_HINT)
        self.empty_hint.setVisible(result.workspace.usage_rows == 0)
        for key, (value, detail) in headline_figures(result).items():
            self.cards[key].show_figure(value, detail)
        self._show_breakdown(self.vendors, result.spend.by_vendor, result)
        fit_to_rows(self.vendors, len(result.spend.by_vendor))
        self._show_breakdown(self.workloads, result.spend.by_workload, result)
        self._show_chart(analysis)

    def _show_breakdown(
        self, table: QTableWidget, lines: list[SpendLine], result: AnalysisResult
    ) -> None:
        currency = result.spend.currency
        fill_table(
            table, [spend_row(line, currency) for line in lines], numeric={1, 2, 3}
        )

    def show_failure(self, message: str) -> None:
        super().show_failure(message)
        self._clear(UNAVAILABLE_TEXT, "No chart: the analysis could not be completed.")
        self.empty_hint.show_status("The analysis could not be completed", message)
        self.empty_hint.show()

    def _clear(self, figure: str, chart_note: str) -> None:
        self.subtitle.setText("")
        self.empty_hint.hide()
        self.chart_placeholder.setText(chart_note)
        for card in self.cards.values():
            card.show_figure(figure)
        fill_table(self.vendors, [])
        fill_table(self.workloads, [])
        self._replace_canvas(None)

    def _show_chart(self, analysis: Analysis) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        canvas = FigureCanvasQTAgg(analysis.month_figure)
        canvas.setMinimumSize(CHART_MIN_WIDTH, CHART_MIN_HEIGHT)
        self._replace_canvas(canvas)

    def _replace_canvas(self, canvas: QWidget | None) -> None:
        if self.canvas is not None:
            self.chart_area.removeWidget(self.canvas)
            self.canvas.deleteLater()
        self.canvas = canvas
        self.chart_placeholder.setVisible(canvas is None)
        if canvas is not None:
            self.chart_area.addWidget(canvas, stretch=1)


def headline_figures(result: AnalysisResult) -> dict[str, tuple[str, str]]:
    """Value and detail text of each headline card."""
    spend, summary = result.spend, result.workspace
    money = spend.currency
    figures = {
        "total": (format_money(spend.total, money), "invoiced, all vendors"),
        "list_total": _list_total(result),
        "discount": _discount(result),
        "period": _period(result),
        "rows": (f"{summary.usage_rows:,}", "lines of usage and charges"),
        "imports": (f"{summary.imports:,}", "files imported"),
        "top_vendor": _top(spend.by_vendor),
        "top_workload": _top(spend.by_workload),
    }
    return figures


def _list_total(result: AnalysisResult) -> tuple[str, str]:
    spend = result.spend
    if result.workspace.usage_rows == 0:
        return "n/a", NO_USAGE
    if spend.list_total is None:
        return "n/a", "some rows carry no list price"
    return format_money(spend.list_total, spend.currency), "what new customers pay"


def _discount(result: AnalysisResult) -> tuple[str, str]:
    spend = result.spend
    if result.workspace.usage_rows == 0:
        return "n/a", NO_USAGE
    fraction = spend.discount_vs_list
    if fraction is None:
        return "n/a", "needs list prices on every row"
    detail = "below list price" if fraction >= 0 else "above list price"
    return format_percent(fraction), detail


def _period(result: AnalysisResult) -> tuple[str, str]:
    first, last = result.workspace.first_day, result.workspace.last_day
    if first is None or last is None:
        return "none", NO_USAGE
    return f"{first:%b %Y} – {last:%b %Y}", f"{first.isoformat()} to {last.isoformat()}"


def _top(lines: list[SpendLine]) -> tuple[str, str]:
    if not lines:
        return "none", ""
    top = lines[0]
    return top.label, f"{format_percent(top.share)} of spend"


def _subtitle(result: AnalysisResult) -> str:
    summary = result.workspace
    return (
        f"{summary.name} · as of {summary.as_of.isoformat()} · "
        f"amounts in {summary.reporting_currency}, rounded to whole units"
    )
