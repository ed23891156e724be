"""The Market page's background calls: edits of its settings, the catalog.

Like :mod:`desktop.jobs`, every function only calls the core and returns
plain data, so it can run on the task runner's worker thread. The edits
take the workspace and change it in place; the document then re-analyses.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from core.catalog import CatalogSnapshot
    from core.market.results import MarketGapLine, TrendResult
    from core.market.settings import Comparable
    from core.pricing import PriceOverride
    from core.workspace import Workspace


def _override_key(override: PriceOverride) -> tuple[str, str, str, date]:
    return (override.provider, override.model_id, override.meter, override.quoted_on)


def set_price_override(
    workspace: Workspace, override: PriceOverride, replacing: PriceOverride | None
) -> None:
    """Add ``override`` in place of ``replacing`` (if given) and of any
    override for the same model, meter and quote date."""
    dropped = {_override_key(override)}
    if replacing is not None:
        dropped.add(_override_key(replacing))
    kept = [
        o for o in workspace.settings.price_overrides if _override_key(o) not in dropped
    ]
    workspace.settings = workspace.settings.model_copy(
        update={"price_overrides": [*kept, override]}
    )


def remove_price_override(workspace: Workspace, override: PriceOverride) -> None:
    """Drop ``override`` (matched by model, meter and quote date)."""
    key = _override_key(override)
    kept = [o for o in workspace.settings.price_overrides if _override_key(o) != key]
    workspace.settings = workspace.settings.model_copy(update={"price_overrides": kept})


def set_assumptions(workspace: Workspace, updates: Mapping[str, Any]) -> None:
    """Change some assumptions, all validated before any is kept.

    Raises:
        DataError: a value is out of range; nothing changed.
    """
    from core.assumptions import Assumptions
    from core.validation import validate_as

    data = {**workspace.assumptions.model_dump(), **updates}
    workspace.assumptions = validate_as(Assumptions, data)


def set_decline_override(workspace: Workspace, group: str, pct: Decimal | None) -> None:
    """Set the annual decline of ``group`` ("openai/small"); None clears it."""
    rates = dict(workspace.assumptions.price_decline_overrides)
    if pct is None:
        rates.pop(group, None)
    else:
        rates[group] = pct
    set_assumptions(workspace, {"price_decline_overrides": rates})


def set_comparable(workspace: Workspace, comparable: Comparable) -> None:
    """Record the user's decision on one comparable, replacing an older one."""
    key = (comparable.vendor, comparable.model, comparable.provider)
    kept = [
        c
        for c in workspace.settings.comparables
        if (c.vendor, c.model, c.provider) != key or c.model_id != comparable.model_id
    ]
    workspace.settings = workspace.settings.model_copy(
        update={"comparables": [*kept, comparable]}
    )


def read_catalog(path: Path) -> CatalogSnapshot:
    """Read a genai-prices or LiteLLM price file (never the network)."""
    from core.catalog_sources import load_catalog_file

    return load_catalog_file(path)


def use_catalog(workspace: Workspace, snapshot: CatalogSnapshot) -> None:
    """Price the workspace's analysis with ``snapshot``."""
    workspace.use_catalog(snapshot)


def catalog_table(
    snapshot: CatalogSnapshot, day: date, overrides: list[PriceOverride]
) -> pd.DataFrame:
    """The catalog's models with their prices on ``day``."""
    from core.catalog_models import catalog_price_table

    return catalog_price_table(snapshot, day, overrides)


def history_figure(trends: TrendResult | None, line: MarketGapLine) -> Figure:
    """The price-history chart of ``line``'s model and meter."""
    from core.charts import price_history_figure

    if trends is None:
        return price_history_figure(None, None)
    key = (line.vendor, line.model, line.meter)
    return price_history_figure(trends.path_for(*key), trends.projection_for(*key))
