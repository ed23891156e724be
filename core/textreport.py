"""A plain-text summary of an analysis, for the terminal."""

from __future__ import annotations

from core.money import format_money, format_percent
from core.results import AnalysisResult, SpendLine


def render_text(result: AnalysisResult) -> str:
    """Headline figures in a few aligned lines; amounts rounded to units."""
    ws, spend = result.workspace, result.spend
    lines = [
        f"Workspace  {ws.name}",
        f"As of      {ws.as_of.isoformat()}",
        f"Usage      {ws.usage_rows:,} rows from {ws.imports} imports, {_span(result)}",
        f"Catalog    {ws.catalog}",
        "",
        f"Total billed spend  {format_money(spend.total, spend.currency)}",
    ]
    for title, breakdown in (
        ("By vendor", spend.by_vendor),
        ("By workload", spend.by_workload),
        ("By model", spend.by_model),
    ):
        lines += ["", title, *_table(breakdown, spend.currency)]
    if result.market_gap.available:
        lines += ["", f"Market gap  {result.market_gap.note}"]
    pending = [
        name
        for name in ("market_gap", "commitment", "self_hosting", "position")
        if not getattr(result, name).available
    ]
    if pending:
        lines += ["", "Not computed yet: " + ", ".join(pending)]
    return "\n".join(lines) + "\n"


def _table(breakdown: list[SpendLine], currency: str) -> list[str]:
    width = max((len(line.label) for line in breakdown), default=0)
    return [
        f"  {line.label:<{width}}  {format_money(line.amount, currency):>14}"
        f"  {format_percent(line.share):>6}"
        for line in breakdown
    ]


def _span(result: AnalysisResult) -> str:
    first, last = result.workspace.first_day, result.workspace.last_day
    if first is None or last is None:
        return "no usage yet"
    return f"{first.isoformat()} to {last.isoformat()}"
