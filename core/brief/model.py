"""The brief as a prepared report model: every figure already formatted.

:func:`prepare_brief` turns an :class:`~core.results.AnalysisResult` into a
:class:`BriefModel` of plain strings, tables and chart references. The
renderer only lays these out, so every number a reader sees was rounded
here, once, through :mod:`core.money`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from core.errors import DataError
from core.market.results import MarketGapLine
from core.results import AnalysisResult, PendingSection, SpendLine, SpendSection

TITLE = "Negotiation brief"
SUBTITLE = "AI API spend and negotiation position"
ALL_VENDORS = "All vendors"
CONFIDENTIAL = "Confidential"
CONFIDENTIAL_NOTICE = (
    "Contract terms, prices and spend for the negotiation team only. Do not "
    "share it with the vendor or forward it outside the company."
)
PENDING_TEXT = "Not yet computed in this version."


@dataclass(frozen=True)
class Column:
    """A table column: its header and whether it holds figures."""

    header: str
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    """A titled table of formatted cells; ``total`` is an optional last row."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None
    note: str = ""


@dataclass(frozen=True)
class Headline:
    """One key figure: a label, its formatted value and a line of context."""

    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class Headlines:
    """Key figures shown side by side at the top of a section."""

    items: tuple[Headline, ...]


@dataclass(frozen=True)
class Note:
    """A paragraph of plain text; ``kind`` picks its style."""

    text: str
    kind: Literal["body", "caution", "pending"] = "body"


@dataclass(frozen=True)
class ChartRef:
    """A chart to draw with :mod:`core.charts`.

    ``spend_by_month`` draws ``spend``; ``market_prices`` draws
    ``market_lines``, ``height_mm`` tall. Both are already restricted to
    what the brief covers (one vendor's when the brief is filtered).
    """

    kind: Literal["spend_by_month", "market_prices"]
    caption: str
    spend: SpendSection | None = None
    market_lines: tuple[MarketGapLine, ...] = ()
    height_mm: float | None = None


Block = Headlines | Table | ChartRef | Note


@dataclass(frozen=True)
class Section:
    """A numbered part of the brief."""

    key: str
    title: str
    blocks: tuple[Block, ...]
    pending: bool = False


@dataclass(frozen=True)
class CoverFact:
    """A labelled line of the cover page."""

    label: str
    value: str


@dataclass(frozen=True)
class BriefModel:
    """Everything the renderer prints, already formatted."""

    title: str
    subtitle: str
    workspace: str
    vendor: str | None
    vendor_label: str
    as_of: date
    confidentiality: str
    confidentiality_notice: str
    cover_facts: tuple[CoverFact, ...]
    sections: tuple[Section, ...]
    metadata_title: str
    metadata_subject: str
    author: str
    creator: str


_PENDING_TITLES = {
    "position": "Negotiation position and asks",
    "commitment": "Committed spend and tier",
    "self_hosting": "Self-hosting alternative (walk-away option)",
    "workloads": "Workloads and savings levers",
}


def prepare_brief(result: AnalysisResult, vendor: str | None) -> BriefModel:
    """Format ``result`` for the brief, optionally for one vendor.

    Args:
        result: the analysis; amounts in ``result.spend.currency``, unrounded.
        vendor: a vendor id ("openai") or label ("OpenAI"), any case, or
            None for every vendor.

    Raises:
        DataError: ``vendor`` has no usage in the result; the message lists
            the vendors that do.
    """
    from core.brief.market_blocks import market_section
    from core.brief.spend_blocks import method_section, spend_section

    line = match_vendor(result.spend, vendor) if vendor is not None else None
    label = line.label if line else ALL_VENDORS
    ws = result.workspace

    sections = (
        spend_section(result, line),
        *_pending_sections(result, ("position",)),
        market_section(result, line),
        *_pending_sections(result, ("commitment", "self_hosting", "workloads")),
        method_section(result, line),
    )
    return BriefModel(
        title=TITLE,
        subtitle=SUBTITLE,
        workspace=ws.name,
        vendor=line.key if line else None,
        vendor_label=label,
        as_of=ws.as_of,
        confidentiality=CONFIDENTIAL,
        confidentiality_notice=CONFIDENTIAL_NOTICE,
        cover_facts=_cover_facts(result, label),
        sections=sections,
        metadata_title=f"{TITLE}: {ws.name} ({label})",
        metadata_subject=f"{SUBTITLE} as of {ws.as_of.isoformat()}",
        author="Counteroffer",
        creator=f"Counteroffer {ws.app_version}",
    )


def match_vendor(spend: SpendSection, name: str) -> SpendLine:
    """The by-vendor line whose id or label matches ``name``.

    Matching ignores case, spaces and punctuation, so "Azure OpenAI",
    "azure-openai" and "AZURE_OPENAI" all match.

    Raises:
        DataError: no vendor with usage matches.
    """
    wanted = _normalised(name)
    for line in spend.by_vendor:
        if wanted in (_normalised(line.key), _normalised(line.label)):
            return line
    if not spend.by_vendor:
        raise DataError.single(
            f"cannot filter the brief to vendor {name!r}: this workspace has "
            "no usage yet",
            "Import usage first, or leave out --vendor",
        )
    present = ", ".join(f"{line.label} ({line.key})" for line in spend.by_vendor)
    raise DataError.single(
        f"vendor {name!r} has no usage in this workspace",
        f"Pass --vendor with one of: {present}; or leave it out for all vendors",
    )


def _normalised(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


def _cover_facts(result: AnalysisResult, vendor_label: str) -> tuple[CoverFact, ...]:
    ws = result.workspace
    contracts = ", ".join(ws.contracts) if ws.contracts else "None recorded"
    return (
        CoverFact("Workspace", ws.name),
        CoverFact("Vendor", vendor_label),
        CoverFact("As of", ws.as_of.isoformat()),
        CoverFact("Usage covered", period_text(result)),
        CoverFact("Contracts", contracts),
        CoverFact("Reporting currency", ws.reporting_currency),
        CoverFact("Price catalog", ws.catalog),
        CoverFact("Generated", _timestamp(ws.generated_at)),
        CoverFact("Counteroffer version", ws.app_version),
    )


def period_text(result: AnalysisResult) -> str:
    """The days the usage covers, e.g. "2026-01-01 to 2026-06-30"."""
    first, last = result.workspace.first_day, result.workspace.last_day
    if first is None or last is None:
        return "No usage imported"
    return f"{first.isoformat()} to {last.isoformat()}"


def _timestamp(moment: datetime) -> str:
    text = moment.strftime("%Y-%m-%d %H:%M")
    offset = moment.utcoffset()
    if offset is None:
        return text
    return f"{text} UTC" if not offset else f"{text} {moment:%z}"


def _pending_sections(
    result: AnalysisResult, keys: tuple[str, ...]
) -> tuple[Section, ...]:
    """A short honest note for each of ``keys`` whose capability is not built."""
    parts: dict[str, PendingSection] = {
        "position": result.position,
        "commitment": result.commitment,
        "self_hosting": result.self_hosting,
        "workloads": result.workloads,
    }
    return tuple(
        Section(key, _PENDING_TITLES[key], (Note(PENDING_TEXT, "pending"),), True)
        for key in keys
        if not parts[key].available
    )
