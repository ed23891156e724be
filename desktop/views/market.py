"""Market: our contracted prices against today's list prices, with evidence.

The page shows what :attr:`AnalysisResult.market_gap` holds: headline
cards, the gap table with each line's evidence, the contracted-vs-market
chart and the selected line's price history with its projection, the
invoice audit and clause checks, the overrides and comparables the user
keeps, and the price catalog. Every change the user makes is handed on as
``edit_requested(change, description)``; the document applies it and
analyses again.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.money import ZERO
from desktop import market_jobs
from desktop.views.base import View
from desktop.views.catalog import CatalogBrowser
from desktop.views.frame_table import frame_table
from desktop.views.market_assumptions import AssumptionBar
from desktop.views.market_editors import ComparablesPanel, OverridesPanel
from desktop.views.market_rows import (
    AUDIT_HEADERS,
    AUDIT_NUMERIC,
    GAP_HEADERS,
    GAP_NUMERIC,
    audit_rows,
    clause_text,
    gap_rows,
    headline_figures,
    line_evidence,
    line_key,
)
from desktop.views.market_table import (
    MAX_ALPHA,
    OVERPAY_RGB,
    SAVING_RGB,
    DecoratedFrameModel,
    KeyedProxy,
    gap_colour,
)
from desktop.views.widgets import FigureCard, note_label, section_label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from core.market.results import MarketGapLine, MarketGapSection
    from core.workspace import Workspace
    from desktop.jobs import Analysis
    from desktop.tasks import TaskRunner

log = logging.getLogger(__name__)

CARDS = (
    ("net", "Gap per year"),
    ("above", "Above list"),
    ("review", "Price-review clause"),
    ("mfn", "MFN clause"),
    ("audit", "Invoice audit"),
    ("catalog", "Price catalog"),
)
VALUE_COLUMN = list(GAP_HEADERS).index("value")
PENDING = "Computing…"
NO_LINE = "Select a line to see where its figures come from."
CHART_MIN_WIDTH, CHART_MIN_HEIGHT = 320, 150


class ChartArea(QWidget):
    """A titled place for one matplotlib figure, or a note while there is none."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas: QWidget | None = None
        self.note = note_label(PENDING)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(section_label(title))
        self.layout_.addWidget(self.note, stretch=1)

    def show_figure(self, figure: Figure | None, note: str = PENDING) -> None:
        if self.canvas is not None:
            self.layout_.removeWidget(self.canvas)
            self.canvas.deleteLater()
            self.canvas = None
        self.note.setText(note)
        self.note.setVisible(figure is None)
        if figure is not None:
            from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

            self.canvas = FigureCanvasQTAgg(figure)
            self.canvas.setMinimumSize(CHART_MIN_WIDTH, CHART_MIN_HEIGHT)
            self.layout_.addWidget(self.canvas, stretch=1)


class MarketView(View):
    """The market gap, its evidence and the prices behind it."""

    edit_requested = Signal(object, str)  # change(workspace), description

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__("Market", parent)
        self._tasks = tasks
        self._workspace: Workspace | None = None
        self._market: MarketGapSection | None = None
        self._selected: tuple[str, str, str] | None = None
        self._history_token = 0
        self.subtitle = note_label()
        self.cards = {key: FigureCard(caption) for key, caption in CARDS}
        self.assumptions = AssumptionBar()
        self.gap_model = DecoratedFrameModel(self, headers=GAP_HEADERS)
        self.gap_proxy = KeyedProxy(self)
        self.gap_proxy.setSourceModel(self.gap_model)
        self.gap_table = frame_table(self.gap_proxy)
        self.gap_table.setSortingEnabled(True)
        self.gap_table.sortByColumn(VALUE_COLUMN, Qt.SortOrder.DescendingOrder)
        self.gap_table.horizontalHeader().setStretchLastSection(True)
        self.detail = _rich_label(NO_LINE)
        self.override_button = QPushButton("Override Market Price…")
        self.prices_chart = ChartArea("Our price against list price")
        self.history_chart = ChartArea("Price history and projection")
        self.audit_model = DecoratedFrameModel(self, headers=AUDIT_HEADERS)
        self.audit_proxy = KeyedProxy(self)
        self.audit_proxy.setSourceModel(self.audit_model)
        self.audit_table = frame_table(self.audit_proxy)
        self.audit_table.setSortingEnabled(True)
        self.audit_table.horizontalHeader().setStretchLastSection(True)
        self.audit_note = note_label()
        self.clauses = _rich_label("")
        self.overrides = OverridesPanel()
        self.comparables = ComparablesPanel()
        self.catalog = CatalogBrowser(tasks)
        self.tabs = QTabWidget()
        self._build_layout()
        self._connect()

    # -- building ---------------------------------------------------------

    def _build_layout(self) -> None:
        # The page is dense; below its minimum width it scrolls sideways
        # rather than making the whole window wider than a small screen.
        content = QWidget()
        page = QVBoxLayout(content)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.subtitle)
        cards = QGridLayout()
        for column, card in enumerate(self.cards.values()):
            cards.addWidget(card, 0, column)
            cards.setColumnStretch(column, 1)
        page.addLayout(cards)
        page.addWidget(self.assumptions)
        self.tabs.addTab(self._gap_tab(), "Gap")
        self.tabs.addTab(self.prices_chart, "Price Chart")
        self.tabs.addTab(self._audit_tab(), "Audit and Clauses")
        self.tabs.addTab(self._editors_tab(), "Overrides and Comparables")
        self.tabs.addTab(self.catalog, "Catalog")
        page.addWidget(self.tabs, stretch=1)
        outer = _scrolled(content)
        outer.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.addWidget(outer, stretch=1)

    def _gap_tab(self) -> QWidget:
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.gap_table, stretch=1)
        column.addLayout(_legend())
        evidence = QWidget()
        detail = QVBoxLayout(evidence)
        detail.setContentsMargins(0, 0, 0, 0)
        detail.addWidget(section_label("Evidence for the selected line"))
        detail.addWidget(_scrolled(self.detail), stretch=1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.override_button)
        buttons.addStretch()
        detail.addLayout(buttons)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(evidence)
        bottom.addWidget(self.history_chart)
        bottom.setSizes([480, 560])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([300, 260])
        return splitter

    def _audit_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(section_label("Invoice audit findings"))
        layout.addWidget(self.audit_note)
        layout.addWidget(self.audit_table, stretch=1)
        layout.addWidget(section_label("Price-review and MFN clauses"))
        layout.addWidget(_scrolled(self.clauses), stretch=1)
        return tab

    def _editors_tab(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.overrides)
        splitter.addWidget(self.comparables)
        return splitter

    def _connect(self) -> None:
        self.gap_table.selectionModel().currentRowChanged.connect(
            self._on_gap_current_row_changed
        )
        self.override_button.clicked.connect(self.overrides.add_for_line)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        for source in (
            self.assumptions,
            self.overrides,
            self.comparables,
            self.catalog,
        ):
            source.edit_requested.connect(self.edit_requested)

    # -- showing ------------------------------------------------------------

    def show_workspace(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self.overrides.show_overrides(workspace.settings.price_overrides)
        self.comparables.show_catalog(workspace.catalog_snapshot)

    def show_analysis(self, analysis: Analysis | None) -> None:
        super().show_analysis(analysis)
        if analysis is None:
            self._clear(PENDING)
            return
        market = analysis.result.market_gap
        self._market = market
        self.subtitle.setText(market.note)
        for key, (value, detail) in headline_figures(market).items():
            self.cards[key].show_figure(value, detail)
        if self._workspace is not None:
            self.assumptions.show_values(self._workspace.assumptions, market)
            as_of = market.as_of or analysis.result.workspace.as_of
            overrides = self._workspace.settings.price_overrides
            self.catalog.show_catalog(self._workspace, as_of, overrides)
        self._show_gap_table(market)
        self._show_audit(market)
        self.prices_chart.show_figure(
            analysis.market_figure, "No line to chart." if market.lines else ""
        )

    def show_failure(self, message: str) -> None:
        super().show_failure(message)
        self._clear(f"The analysis could not be completed: {message}")

    def selected_line(self) -> MarketGapLine | None:
        """The line the gap table's current row shows."""
        index = self.gap_table.currentIndex()
        if self._market is None or not index.isValid():
            return None
        return self._market.lines[self.gap_proxy.source_row(index.row())]

    def _clear(self, text: str) -> None:
        self._market = None
        self.subtitle.setText(text)
        for card in self.cards.values():
            card.show_figure("…")
        self.gap_model.set_frame(None)
        self.audit_model.set_frame(None)
        self.prices_chart.show_figure(None, PENDING)
        self.history_chart.show_figure(None, PENDING)
        self.detail.setText(NO_LINE)

    def _show_gap_table(self, market: MarketGapSection) -> None:
        import pandas as pd

        remembered = self._selected  # the model reset below clears the selection
        rows = gap_rows(market)
        values = [line.annual_value_reporting for line in market.lines]
        largest = max((abs(v) for v in values if v is not None), default=ZERO)
        self.gap_proxy.set_keys(rows.keys)
        self.gap_model.decorate(
            numeric=GAP_NUMERIC,
            backgrounds=[gap_colour(value, largest) for value in values],
            tooltips=[line_evidence(market, line) for line in market.lines],
        )
        self.gap_model.set_frame(pd.DataFrame(rows.text, columns=list(GAP_HEADERS)))
        self.gap_table.resizeColumnsToContents()
        self._select(remembered)

    def _select(self, key: tuple[str, str, str] | None) -> None:
        """Select the line ``key`` names, else the first row."""
        assert self._market is not None
        keys = [line_key(line) for line in self._market.lines]
        target = 0
        if key in keys:
            source = self.gap_model.index(keys.index(key), 0)
            target = max(self.gap_proxy.mapFromSource(source).row(), 0)
        if self.gap_proxy.rowCount():
            self.gap_table.selectRow(target)
        else:
            self._show_line(None)

    def _show_audit(self, market: MarketGapSection) -> None:
        import pandas as pd

        audit = market.audit
        rows = audit_rows(audit)
        self.audit_proxy.set_keys(rows.keys)
        self.audit_model.decorate(numeric=AUDIT_NUMERIC)
        self.audit_model.set_frame(pd.DataFrame(rows.text, columns=list(AUDIT_HEADERS)))
        self.audit_table.resizeColumnsToContents()
        self.audit_note.setText(
            "No invoice audit was possible."
            if audit is None
            else f"{audit.checked_groups:,} month-lines checked at a tolerance of "
            f"{audit.tolerance_pct}%; {len(audit.findings)} strayed. {audit.formula}"
        )
        self.clauses.setText(clause_text(market))

    def _show_line(self, line: MarketGapLine | None) -> None:
        market = self._market
        self.detail.setText(
            NO_LINE if line is None or market is None else line_evidence(market, line)
        )
        self.overrides.show_line(line, None if market is None else market.as_of)
        self.comparables.show_line(line)
        self.override_button.setEnabled(line is not None)
        if line is None or market is None:
            self.history_chart.show_figure(None, "")
            return
        self._history_token += 1
        self._tasks.run(
            partial(market_jobs.history_figure, market.trends, line),
            description="Drawing the price history",
            on_success=partial(self._on_history_built, self._history_token),
        )

    # -- slots --------------------------------------------------------------

    def _on_gap_current_row_changed(self, current: QModelIndex, _old: object) -> None:
        line = self.selected_line() if current.isValid() else None
        self._selected = None if line is None else line_key(line)
        self._show_line(line)

    def _on_tabs_current_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.catalog:
            self.catalog.refresh()

    def _on_history_built(self, token: int, figure: Figure) -> None:
        if token == self._history_token:
            self.history_chart.show_figure(figure)


def _rich_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    label.setOpenExternalLinks(False)
    return label


def _muted(text: str) -> QLabel:
    label = note_label(text)
    label.setWordWrap(False)
    return label


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


def _legend() -> QHBoxLayout:
    row = QHBoxLayout()
    for rgb, text in (
        (OVERPAY_RGB, "we pay more than list"),
        (SAVING_RGB, "we pay less than list"),
    ):
        swatch = QLabel()
        swatch.setFixedSize(12, 12)
        red, green, blue = rgb
        swatch.setStyleSheet(f"background: rgba({red}, {green}, {blue}, {MAX_ALPHA});")
        row.addWidget(swatch)
        row.addWidget(_muted(text))
        row.addSpacing(8)
    row.addWidget(_muted("the stronger the tint, the larger the value a year"))
    row.addStretch()
    return row
