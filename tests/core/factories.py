"""Small hand-made inputs for core tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from core.session import new_workspace
from core.usage import usage_frame
from core.workspace import Workspace


def day(year: int, month: int, number: int) -> datetime:
    return datetime(year, month, number, tzinfo=UTC)


def row(
    when: date,
    *,
    vendor: str = "openai",
    model: str = "gpt-5.5",
    meter: str = "input",
    quantity: int = 1_000_000,
    billed: str = "1",
    listed: str | None = None,
    currency: str = "USD",
    workload: str = "",
    source_row: int = 2,
    source_file: str = "usage.csv",
) -> dict[str, Any]:
    start = datetime(when.year, when.month, when.day, tzinfo=UTC)
    return {
        "period_start": start,
        "period_end": start + timedelta(days=1),
        "vendor": vendor,
        "model": model,
        "meter": meter,
        "quantity": quantity,
        "billed_amount": billed,
        "list_amount": listed,
        "currency": currency,
        "workload": workload,
        "source_file": source_file,
        "source_row": source_row,
    }


def workspace_with(rows: list[dict[str, Any]], name: str = "Test") -> Workspace:
    workspace = new_workspace(name)
    workspace.add_batch(
        usage_frame(rows),
        file_name="usage.csv",
        source_format="test",
        fingerprint="0" * 64,
    )
    return workspace
