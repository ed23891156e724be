"""The catalog browser: which prices the analysis uses, and loading others.

The table of models is built on the task runner when the tab is first
shown and whenever the catalog, the as-of date or the overrides change.
A file the user loads is read there too; a malformed one reaches the
window's error display and the current catalog stays.
"""

from __future__ import annotations

import logging
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import market_jobs
from desktop.frame_model import format_decimal
from desktop.views.frame_table import frame_table
from desktop.views.market_rows import OVERRIDE_BADGE
from desktop.views.market_table import DecoratedFrameModel, KeyedProxy
from desktop.views.widgets import note_label

if TYPE_CHECKING:
    import pandas as pd

    from core.catalog import CatalogSnapshot
    from core.pricing import PriceOverride
    from core.workspace import Workspace
    from desktop.tasks import TaskRunner

log = logging.getLogger(__name__)

OFFLINE_NOTE = (
    "Prices never come from the network: they are the catalog stored in this "
    "workspace. Load a genai-prices or LiteLLM price file to use other prices; "
    "the workspace keeps a copy."
)
FILE_FILTER = "Price catalogs (*.json);;All files (*)"
CATALOG_HEADERS = {
    "provider": "Provider",
    "model_id": "Model id",
    "name": "Name",
    "input": "Input USD/MTok",
    "output": "Output USD/MTok",
    "cached_input": "Cached USD/MTok",
    "valid_from": "Valid from",
    "checked": "Checked",
    "override": "Override",
}
PRICE_COLUMNS = (3, 4, 5)
MAX_COLUMN_WIDTH = 280


class CatalogBrowser(QWidget):
    """The stored catalog: its description, its models, and Load Catalog…."""

    edit_requested = Signal(object, str)  # change(workspace), description

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._shown_key: tuple[object, ...] | None = None
        self._wanted: tuple[CatalogSnapshot, date, list[PriceOverride]] | None = None
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.load_button = QPushButton("Load Catalog…")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by provider, model or name")
        self.filter.setClearButtonEnabled(True)
        self.model = DecoratedFrameModel(
            self,
            headers=CATALOG_HEADERS,
            formatters={
                "input": _price,
                "output": _price,
                "cached_input": _price,
                "override": lambda flag: OVERRIDE_BADGE if flag else "",
            },
        )
        self.proxy = KeyedProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = frame_table(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setMaximumSectionSize(MAX_COLUMN_WIDTH)
        self.table.horizontalHeader().setStretchLastSection(True)
        self._build_layout()
        self.load_button.clicked.connect(self._on_load_button_clicked)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.info, stretch=1)
        top.addWidget(self.load_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(note_label(OFFLINE_NOTE))
        layout.addWidget(self.filter)
        layout.addWidget(self.table, stretch=1)

    def show_catalog(
        self, workspace: Workspace, as_of: date, overrides: list[PriceOverride]
    ) -> None:
        """Describe ``workspace``'s catalog; list its models when visible."""
        info = workspace.catalog
        loaded = (
            f"loaded from {info.loaded_from}"
            if info.loaded_from
            else "installed with the app"
        )
        self.info.setText(
            f"<b>{info.source} {info.version}</b> · prices as of "
            f"{info.as_of or 'undated'} · {info.models:,} models · {loaded} · "
            f"prices shown as of {as_of}"
        )
        self._wanted = (workspace.catalog_snapshot, as_of, list(overrides))
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """List the models of the catalog last shown, unless listed already."""
        if self._wanted is None:
            return
        snapshot, as_of, overrides = self._wanted
        key = (id(snapshot), as_of, tuple(overrides))
        if key == self._shown_key:
            return
        self._shown_key = key
        self._tasks.run(
            partial(market_jobs.catalog_table, snapshot, as_of, overrides),
            description="Listing the catalog",
            on_success=partial(self._on_table_built, key),
        )

    def _on_table_built(self, key: tuple[object, ...], frame: pd.DataFrame) -> None:
        if key != self._shown_key:
            return  # a newer catalog or date was asked for meanwhile
        self.model.decorate(numeric=PRICE_COLUMNS)
        self.proxy.set_keys(frame.to_numpy().tolist())
        self.model.set_frame(frame)
        self.table.resizeColumnsToContents()

    def _on_load_button_clicked(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Load Price Catalog", str(Path.home()), FILE_FILTER
        )
        if not chosen:
            return
        self._tasks.run(
            partial(market_jobs.read_catalog, Path(chosen)),
            description="Reading the price catalog",
            on_success=self._on_catalog_read,
        )

    def _on_catalog_read(self, snapshot: CatalogSnapshot) -> None:
        log.info("switching to a loaded catalog of %d models", len(snapshot.models))
        change = partial(market_jobs.use_catalog, snapshot=snapshot)
        self.edit_requested.emit(change, "Switching the price catalog")


def _price(value: object) -> str:
    from decimal import Decimal

    return format_decimal(value, min_places=2) if isinstance(value, Decimal) else ""
