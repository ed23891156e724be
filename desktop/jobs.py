"""The plain calls the window runs in the background.

Each function only calls the core and returns plain data; none touches Qt,
so :mod:`desktop.tasks` can run them on a worker thread. Heavy libraries are
imported here, on that thread, never while the window first paints.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from core.importing.base import ImportResult
    from core.importing.pipeline import ImportSummary
    from core.mapping import ColumnMapping
    from core.modelmatch import ModelMatch
    from core.results import AnalysisResult
    from core.workspace import Workspace

log = logging.getLogger(__name__)

UNTITLED = "Untitled"


@dataclass(frozen=True)
class Analysis:
    """What the views show: the result, the rows behind it and its charts.

    ``usage`` carries the workloads after the user's mapping; ``models`` is
    how each billed model name resolved; ``accounts`` the distinct vendor,
    account and workload triples; ``catalog_ids`` the catalog's model ids
    for each vendor in the data.
    """

    result: AnalysisResult
    usage: pd.DataFrame
    month_figure: Figure
    market_figure: Figure | None = None
    models: list[ModelMatch] = field(default_factory=list)
    accounts: pd.DataFrame | None = None
    catalog_ids: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class PresetRequest:
    """A mapping the user asked to keep as a preset for a file's header."""

    name: str
    header: list[str]
    mapping: ColumnMapping


def blank_workspace() -> Workspace:
    """A new, empty workspace."""
    from core.session import new_workspace

    return new_workspace(UNTITLED)


def demo_workspace() -> Workspace:
    """The bundled demo, built in memory."""
    from core import session

    return session.demo_workspace()


def open_workspace(path: Path) -> tuple[Workspace, Path]:
    """Read the workspace file ``path`` names; returns it and its full path.

    ``demo`` names ``demo.counteroffer``, as on the command line.
    """
    from core.session import open_workspace as open_file
    from core.storage import resolve_path

    target = resolve_path(path).resolve()
    return open_file(target), target


def save_workspace(workspace: Workspace, path: Path) -> Path:
    """Write ``workspace`` to ``path`` atomically; returns the path."""
    from core.storage import save_workspace as save_file

    save_file(workspace, path)
    return path


def remove_import(workspace: Workspace, batch_id: int) -> Workspace:
    """Drop one imported file's rows from ``workspace``."""
    workspace.remove_batch(batch_id)
    return workspace


def analyse(workspace: Workspace) -> Analysis:
    """Compute every section, the monthly chart shared with the brief, and
    what the Data page's editors list."""
    from core.analysis import analyze
    from core.brief.market_format import ordered
    from core.catalog_models import catalog_model_ids
    from core.charts import (
        market_chart_height_in,
        market_prices_figure,
        spend_by_month_figure,
    )
    from core.modelmatch import resolve_usage_models
    from core.workloads import accounts_and_workloads, with_workloads

    result = analyze(workspace)
    lines = result.market_gap.lines
    settings = workspace.settings
    usage = with_workloads(workspace.usage, settings.workload_map)
    vendors = sorted(usage["vendor"].unique().tolist()) if len(usage) else []
    return Analysis(
        result=result,
        usage=usage,
        month_figure=spend_by_month_figure(result.spend),
        market_figure=market_prices_figure(
            ordered(lines), height_in=market_chart_height_in(len(lines))
        ),
        models=resolve_usage_models(usage, settings.model_aliases),
        accounts=accounts_and_workloads(usage),
        catalog_ids={vendor: catalog_model_ids(vendor) for vendor in vendors},
    )


def edit_workspace(
    workspace: Workspace, change: Callable[[Workspace], object]
) -> Workspace:
    """Apply ``change`` to ``workspace``; returns the workspace."""
    change(workspace)
    return workspace


def set_model_alias(workspace: Workspace, reported: str, model_id: str) -> None:
    """Read the billed name ``reported`` as catalog model ``model_id``;
    an empty id removes the alias."""
    aliases = dict(workspace.settings.model_aliases)
    if model_id.strip():
        aliases[reported] = model_id.strip()
    else:
        aliases.pop(reported, None)
    workspace.settings = workspace.settings.model_copy(
        update={"model_aliases": aliases}
    )


def set_workload(workspace: Workspace, account: str, workload: str) -> None:
    """Attribute ``account``'s rows to ``workload``; empty text removes the
    mapping so the file's own workload shows again."""
    mapping = dict(workspace.settings.workload_map)
    if workload.strip():
        mapping[account] = workload.strip()
    else:
        mapping.pop(account, None)
    workspace.settings = workspace.settings.model_copy(update={"workload_map": mapping})


def replace_contract(workspace: Workspace, index: int, data: dict[str, Any]) -> None:
    """Validate ``data`` as a contract and put it in place of the one at ``index``.

    Raises:
        DataError: the data is not a valid contract; nothing changed.
    """
    from core.contract import Contract
    from core.validation import validate_as

    contract = validate_as(Contract, data)
    contracts = list(workspace.contracts)
    contracts[index] = contract
    workspace.contracts = contracts


def apply_imports(
    workspace: Workspace,
    results: list[ImportResult],
    presets: list[PresetRequest],
) -> tuple[Workspace, list[ImportSummary]]:
    """Add read files to ``workspace`` and keep the presets asked for.

    The presets are checked first, so a bad one changes nothing.
    """
    from core.importing.pipeline import apply_imports as apply_results
    from core.importing.presets import save_preset

    settings = workspace.settings
    for preset in presets:
        settings = save_preset(settings, preset.name, preset.header, preset.mapping)
    summaries = apply_results(workspace, results)
    workspace.settings = settings
    return workspace, summaries


def write_contract_template(path: Path) -> Path:
    """Write the blank contract workbook to ``path``; returns the path."""
    from core.contract_template import write_contract_workbook

    return write_contract_workbook(path)


def write_brief(result: AnalysisResult, path: Path) -> Path:
    """Write the PDF negotiation brief; returns the path."""
    from core.brief import write_brief as write_pdf

    write_pdf(result, path)
    return path


@dataclass(frozen=True)
class RowsQuery:
    """Which usage rows to show, and in what order.

    ``column`` limits the text search to one column (None: every text
    column); ``sort_column`` None keeps the import order.
    """

    text: str = ""
    column: str | None = None
    sort_column: str | None = None
    ascending: bool = True

    @property
    def is_plain(self) -> bool:
        """Whether the query shows every row in import order."""
        return not self.text.strip() and self.sort_column is None


def query_usage(usage: pd.DataFrame, query: RowsQuery) -> pd.DataFrame:
    """The rows ``query`` asks for, filtered and sorted in the core."""
    from core.usage_view import filter_usage, sort_usage

    rows = filter_usage(usage, query.text, query.column)
    if query.sort_column is not None:
        rows = sort_usage(rows, query.sort_column, query.ascending)
    return rows


def pivot(usage: pd.DataFrame, columns: str) -> pd.DataFrame:
    """Billed amount by month and ``columns`` (vendor, model, workload…)."""
    from core.usage_view import pivot_usage

    return pivot_usage(usage, columns=columns)  # type: ignore[arg-type]
