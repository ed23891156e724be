"""The plain calls the window runs in the background.

Each function only calls the core and returns plain data; none touches Qt,
so :mod:`desktop.tasks` can run them on a worker thread. Heavy libraries are
imported here, on that thread, never while the window first paints.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from core.results import AnalysisResult
    from core.workspace import Workspace

log = logging.getLogger(__name__)

UNTITLED = "Untitled"


@dataclass(frozen=True)
class Analysis:
    """What the views show: the result, the rows behind it and its chart."""

    result: AnalysisResult
    usage: pd.DataFrame
    month_figure: Figure


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
    """Compute every section and the monthly chart shared with the brief."""
    from core.analysis import analyze
    from core.charts import spend_by_month_figure

    result = analyze(workspace)
    return Analysis(
        result=result,
        usage=workspace.usage,
        month_figure=spend_by_month_figure(result.spend),
    )


def write_brief(result: AnalysisResult, path: Path) -> Path:
    """Write the PDF negotiation brief; returns the path."""
    from core.brief import write_brief as write_pdf

    write_pdf(result, path)
    return path
