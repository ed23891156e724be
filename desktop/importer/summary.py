"""What an import added, in a few lines for the user."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from core.money import format_money

if TYPE_CHECKING:
    from core.importing.pipeline import ImportSummary


def summary_text(summaries: Sequence[ImportSummary], skipped: Sequence[str]) -> str:
    """One line per imported file, then the files left out."""
    lines = [_line(summary) for summary in summaries]
    imported = sum(summary.imported for summary in summaries)
    contracts = sum(summary.contracts for summary in summaries)
    head = f"Imported {imported:,} rows"
    if contracts:
        head += f" and {contracts} contract{'s' if contracts != 1 else ''}"
    head += f" from {len(summaries)} file{'s' if len(summaries) != 1 else ''}."
    text = "\n".join([head, *lines])
    if skipped:
        text += "\nNot imported: " + ", ".join(skipped) + "."
    return text


def _line(summary: ImportSummary) -> str:
    if summary.contracts and not summary.rows_read:
        return f"• {summary.file_name}: contract added"
    parts = [f"{summary.imported:,} rows imported"]
    if summary.duplicates:
        parts.append(f"{summary.duplicates:,} already held and skipped")
    if summary.rejected:
        parts.append(f"{summary.rejected:,} rejected")
    totals = ", ".join(
        format_money(amount, currency, places=2)
        for currency, amount in summary.totals.items()
    )
    if totals:
        parts.append(f"{totals} billed")
    return f"• {summary.file_name}: " + "; ".join(parts)
