"""Run every analysis on a workspace and gather the results."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from core import __version__
from core.market.section import compute_market_gap
from core.results import AnalysisResult, PendingSection, WorkspaceSummary
from core.spend import compute_spend
from core.workloads import with_workloads
from core.workspace import Workspace

_PENDING = {
    "commitment": "Committed-spend and tier reassessment is not computed yet.",
    "self_hosting": "Self-hosting break-even is not computed yet.",
    "workloads": "Workload attribution and savings are not computed yet.",
    "position": "Negotiation position and asks are not computed yet.",
}


def analyze(workspace: Workspace, *, as_of: date | None = None) -> AnalysisResult:
    """Compute every available section for ``workspace``.

    ``as_of`` overrides the workspace's own as-of date; without either, the
    last day covered by the usage data is used.
    """
    usage = workspace.usage
    first_day, last_day = _coverage(workspace)
    effective_as_of = (
        as_of or workspace.assumptions.as_of or last_day or datetime.now(UTC).date()
    )
    summary = WorkspaceSummary(
        name=workspace.name,
        as_of=effective_as_of,
        reporting_currency=workspace.assumptions.reporting_currency,
        usage_rows=len(usage),
        imports=len(workspace.batches),
        contracts=[contract.name for contract in workspace.contracts],
        vendors=sorted(usage["vendor"].unique().tolist()) if len(usage) else [],
        first_day=first_day,
        last_day=last_day,
        catalog=workspace.catalog.label,
        app_version=__version__,
        generated_at=datetime.now(UTC).replace(microsecond=0),
    )
    return AnalysisResult(
        workspace=summary,
        spend=compute_spend(
            with_workloads(usage, workspace.settings.workload_map),
            workspace.assumptions,
        ),
        market_gap=compute_market_gap(workspace, usage, effective_as_of),
        **{name: PendingSection(note=note) for name, note in _PENDING.items()},
    )


def _coverage(workspace: Workspace) -> tuple[date | None, date | None]:
    """First and last day the usage covers (period ends are exclusive)."""
    usage = workspace.usage
    if usage.empty:
        return None, None
    first = usage["period_start"].min().date()
    last_end = usage["period_end"].max()
    last = (last_end - timedelta(microseconds=1)).date()
    return first, max(first, last)
