"""Vendor export formats: fixtures are written by the tests themselves.

The helpers here write small CSV and JSON exports into a test's folder and
read them back through the whole import pipeline.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from core.demo import DemoData
from core.importing.base import ImportOptions, ImportResult

# Each vendor export's header as the vendor writes it (CSV) and as an API
# page flattens (dotted names, bucket times copied onto each result).
HEADERS: dict[str, tuple[str, ...]] = {
    "openai-costs": (
        "start_time", "end_time", "start_time_iso", "end_time_iso",
        "amount_value", "amount_currency", "quantity", "quantity_unit",
        "line_item", "user_id", "api_key_id", "project_id", "organization_id",
        "project_name", "organization_name", "user_email", "api_source",
    ),
    "openai-costs-api": (
        "object", "start_time", "end_time", "amount.value", "amount.currency",
        "line_item", "project_id", "organization_id",
    ),
    "openai-usage": (
        "start_time", "end_time", "start_time_iso", "end_time_iso",
        "input_tokens", "input_cached_tokens", "output_tokens",
        "input_audio_tokens", "output_audio_tokens", "num_model_requests",
        "project_id", "model", "batch", "service_tier", "api_key_id", "user_id",
    ),
    "openai-usage-api": (
        "object", "start_time", "end_time", "input_tokens",
        "input_cached_tokens", "output_tokens", "input_audio_tokens",
        "output_audio_tokens", "num_model_requests", "project_id", "model",
        "batch",
    ),
    "anthropic-cost-report": (
        "starting_at", "ending_at", "amount", "currency", "cost_type",
        "token_type", "model", "service_tier", "context_window",
        "workspace_id", "description",
    ),
    "anthropic-usage-report": (
        "starting_at", "ending_at", "uncached_input_tokens",
        "cache_read_input_tokens", "cache_creation.ephemeral_5m_input_tokens",
        "cache_creation.ephemeral_1h_input_tokens", "output_tokens", "model",
        "workspace_id", "api_key_id", "service_tier", "context_window",
    ),
    "anthropic-usage-report-api": (
        "starting_at", "ending_at", "uncached_input_tokens",
        "cache_creation.ephemeral_1h_input_tokens",
        "cache_creation.ephemeral_5m_input_tokens", "cache_read_input_tokens",
        "output_tokens", "server_tool_use.web_search_requests", "model",
        "workspace_id",
    ),
    "deepseek": (
        "user_id", "start_time_iso", "end_time_iso", "model", "api_key_name",
        "api_key", "type", "price", "amount",
    ),
}  # fmt: skip


def own_format(header_name: str) -> str:
    """The format that should claim a header of :data:`HEADERS`."""
    return header_name.removesuffix("-api")


def write_csv(
    path: Path, header: Sequence[str], lines: Iterable[Sequence[object]]
) -> Path:
    """A UTF-8 CSV file as the vendors write them."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(lines)
    return path


def write_pages(path: Path, buckets: list[dict[str, Any]]) -> Path:
    """One API page of time buckets, each with its ``results``."""
    page = {"object": "page", "data": buckets, "has_more": False, "next_page": None}
    path.write_text(json.dumps(page), encoding="utf-8")
    return path


def read(path: Path, **options: Any) -> ImportResult:
    """The file through the whole import pipeline."""
    from core.importing.pipeline import read_import

    return read_import(path, ImportOptions(**options))


@cache
def demo() -> DemoData:
    """The demo generator's data: files, usage rows, totals (built once)."""
    from core.demo import build_demo

    return build_demo()
