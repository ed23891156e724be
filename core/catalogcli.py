"""The ``counteroffer catalog`` commands: show or load the price catalog.

``catalog show WORKSPACE [MODEL]`` describes the catalog the workspace
uses, or one model's list prices on the workspace's as-of date.
``catalog load WORKSPACE FILE`` replaces that catalog with a genai-prices
or LiteLLM price file; a file that cannot be used leaves the workspace
untouched.

This module is imported when the parser is built, so it imports nothing
heavy at module level.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from core.catalog import CatalogModel, CatalogSnapshot
    from core.pricing import PriceOverride, PriceQuote
    from core.workspace import Workspace

log = logging.getLogger(__name__)

EXIT_OK = 0


def add_catalog_commands(
    commands: Any, date_type: Callable[[str], date]
) -> argparse.ArgumentParser:
    """Add ``catalog show`` and ``catalog load`` to the command parsers.

    ``commands`` is the object ``add_subparsers`` returned; ``date_type``
    parses a YYYY-MM-DD argument.
    """
    catalog: argparse.ArgumentParser = commands.add_parser(
        "catalog", help="show or load the price catalog"
    )
    actions = catalog.add_subparsers(
        dest="catalog_command", metavar="ACTION", required=True
    )

    show = actions.add_parser("show", help="describe the catalog or one model")
    show.add_argument("workspace", type=Path)
    show.add_argument("model", nargs="?", metavar="MODEL")
    show.add_argument("--provider", metavar="NAME", help="e.g. openai, aws, azure")
    show.add_argument(
        "--as-of",
        type=date_type,
        metavar="YYYY-MM-DD",
        help="the day to price (default: the workspace's as-of date)",
    )

    load = actions.add_parser("load", help="use a genai-prices or LiteLLM file")
    load.add_argument("workspace", type=Path)
    load.add_argument("file", type=Path, metavar="FILE")
    load.add_argument(
        "--as-of",
        type=date_type,
        metavar="YYYY-MM-DD",
        help="the day the file's prices were current",
    )
    return catalog


def run_catalog(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``catalog show`` or ``catalog load``; returns the exit code.

    Raises:
        DataError: the model is not in the catalog, or the file cannot be
            used as a catalog (the workspace is then unchanged).
        WorkspaceError: the workspace cannot be opened or saved.
    """
    if args.catalog_command == "load":
        return _load(args, out)
    return _show(args, out)


def _show(args: argparse.Namespace, out: TextIO) -> int:
    from core.session import open_workspace

    workspace = open_workspace(args.workspace)
    if args.model is None:
        out.write(_catalog_text(workspace))
        return EXIT_OK

    from core.errors import DataError
    from core.pricing import find_model

    snapshot = workspace.catalog_snapshot
    model = find_model(snapshot, args.provider, args.model)
    if model is None:
        raise DataError.single(
            f"the catalog {snapshot.source_label} has no model named '{args.model}'",
            "check the spelling, or name the provider with --provider",
        )
    day = args.as_of or _workspace_as_of(workspace)
    out.write(_model_text(workspace, model, day))
    return EXIT_OK


def _load(args: argparse.Namespace, out: TextIO) -> int:
    from core.catalog_sources import load_catalog_file
    from core.session import open_workspace, save_opened

    workspace = open_workspace(args.workspace)
    snapshot = load_catalog_file(args.file, as_of=args.as_of)
    workspace.use_catalog(snapshot)
    target = save_opened(workspace, args.workspace)
    log.info("loaded a price catalog of %d models", len(snapshot.models))

    when = snapshot.as_of.isoformat() if snapshot.as_of else "undated"
    out.write(
        f"loaded {len(snapshot.models)} models from {snapshot.loaded_from} "
        f"({snapshot.source_label}, prices as of {when}) into {target}\n"
    )
    orphans = _orphan_overrides(snapshot, workspace.settings.price_overrides)
    if orphans:
        out.write(
            f"note: {orphans} price override(s) name a model this catalog "
            "does not list; they are kept\n"
        )
    return EXIT_OK


def _catalog_text(workspace: Workspace) -> str:
    snapshot = workspace.catalog_snapshot
    providers = {model.provider for model in snapshot.models}
    rows = [
        ("Catalog", snapshot.source_label),
        ("Prices as of", snapshot.as_of.isoformat() if snapshot.as_of else "undated"),
        ("Loaded from", snapshot.loaded_from or "bundled with Counteroffer"),
        ("Models", f"{len(snapshot.models)} from {len(providers)} providers"),
        ("Overrides", str(len(workspace.settings.price_overrides))),
    ]
    return "".join(f"{label:<13}{value}\n" for label, value in rows)


def _model_text(workspace: Workspace, model: CatalogModel, day: date) -> str:
    lines = _model_header(workspace.catalog_snapshot, model, day)
    quotes = _quotes(workspace, model, day)
    if not quotes:
        return "\n".join([*lines, "No list price on that day."]) + "\n"

    lines.append(f"  {'meter':<22}{'price':>12}  {'per':<8}  valid from")
    lines.extend(_quote_line(quote, model, day) for quote in quotes)
    if any(quote.tiered for quote in quotes):
        lines.append("  * base tier: prompts above a size threshold cost more")
    return "\n".join(lines) + "\n"


def _model_header(
    snapshot: CatalogSnapshot, model: CatalogModel, day: date
) -> list[str]:
    named = f" ({model.name})" if model.name else ""
    lines = [
        f"{model.model_id}{named}, provider {model.provider}",
        f"List prices on {day.isoformat()} from {snapshot.label}",
        f"Pricing page  {model.pricing_url or 'not given'}",
        f"Checked       {_day_text(model.checked, 'not stated')}",
    ]
    if model.deprecated:
        retired = model.deprecation_date
        lines.append(
            "Deprecated    "
            + (f"retires {retired.isoformat()}" if retired else "yes")
            + (f"; successor {model.successor}" if model.successor else "")
        )
    return [*lines, ""]


def _quotes(workspace: Workspace, model: CatalogModel, day: date) -> list[PriceQuote]:
    """Standard prices (overrides applied), then the service tiers'."""
    from core.catalog import FLEX, PRIORITY
    from core.pricing import price_as_of
    from core.reference import Meter

    overrides = workspace.settings.price_overrides
    found = (
        price_as_of(
            workspace.catalog_snapshot, model, meter, day, overrides, variant=variant
        )
        for variant in (None, PRIORITY, FLEX)
        for meter in Meter
    )
    return [quote for quote in found if quote is not None]


def _quote_line(quote: PriceQuote, model: CatalogModel, day: date) -> str:
    from core.reference import BillingUnit

    meter = quote.meter.label
    if quote.variant is not None:
        meter = f"{quote.variant} {meter}"
    price = _price_text(quote.price_per_mtok, quote.currency)
    per = "MTok" if quote.meter.unit is BillingUnit.TOKEN else "request"
    text = (
        f"  {meter:<22}{price:>12}{'*' if quote.tiered else ' '} {per:<8}  "
        f"{_day_text(quote.valid_from, 'undated')}"
    )
    if quote.override is not None:
        note = f": {quote.override.note}" if quote.override.note else ""
        text += f"  OVERRIDE{note}"
        catalog = _catalog_price(model, quote, day)
        if catalog is not None:
            text += f" (catalog {_price_text(catalog, 'USD')})"
    return text


def _catalog_price(model: CatalogModel, quote: PriceQuote, day: date) -> Decimal | None:
    period = model.period_on(day)
    return None if period is None else period.prices.get(quote.meter)


def _price_text(price: Decimal, currency: str) -> str:
    """Every digit the catalog gives, at least cents: $0.20, $0.0028."""
    from core.money import format_money

    exponent = price.as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return format_money(price, currency, places)


def _day_text(day: date | None, missing: str) -> str:
    return day.isoformat() if day else missing


def _workspace_as_of(workspace: Workspace) -> date:
    """The analysis' as-of rule: the set date, else the usage's last day,
    else today."""
    if workspace.assumptions.as_of is not None:
        return workspace.assumptions.as_of
    usage = workspace.usage
    if not usage.empty:
        last_end: datetime = usage["period_end"].max()
        return (last_end - timedelta(microseconds=1)).date()
    return datetime.now(UTC).date()


def _orphan_overrides(
    snapshot: CatalogSnapshot, overrides: Iterable[PriceOverride]
) -> int:
    listed = {(model.provider, model.model_id) for model in snapshot.models}
    return sum((o.provider, o.model_id) not in listed for o in overrides)
