"""Anthropic's Admin API cost report and usage report (CSV or API pages).

Cost report (``anthropic-cost-report``): one line per time bucket and group
with ``amount``, a decimal IN CENTS ("123.45" is 1.2345 USD), ``currency``,
``cost_type`` (``tokens``, ``web_search``, ``code_execution``), and for
tokens a ``token_type`` that names the meter. It gives no token counts, so
its rows count 0 units; the usage report supplies the counts.

Usage report (``anthropic-usage-report``): token counts per bucket, model,
workspace, API key and service tier, and no money. Each line becomes one row
per meter with a count other than zero, billed 0 USD. The API pages'
``cache_creation`` and ``server_tool_use`` objects arrive as dotted columns
(``cache_creation.ephemeral_5m_input_tokens``).

The two reports add up: per day, workspace, model and meter, the cost
report's rows carry the money and the usage report's rows the tokens, so
neither is counted twice. The account is the workspace id (empty for the
default workspace); models are kept as Anthropic wrote them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from core.importing.assemble import assemble
from core.importing.base import Converted, ImportOptions, RawTable, RowIssues
from core.importing.cells import decimals, timestamps
from core.importing.formats._vendor import (
    MeterCount,
    Signature,
    assemble_meters,
    check_period,
    column_text,
    count_column,
    count_true,
    currency_codes,
    lookup,
    missing_columns,
    resolve,
    sample,
    unknown_note,
    zeros,
)
from core.reference import Meter, Vendor

if TYPE_CHECKING:
    import pyarrow as pa

COST_SIGNATURE = Signature(
    key=("starting_at", "ending_at", "amount", "currency", "cost_type"),
    other=(
        "token_type", "model", "service_tier", "context_window",
        "workspace_id", "description",
    ),
    foreign=(
        "uncached_input_tokens", "output_tokens", "amount_value", "line_item",
        "price", "type", "input_tokens",
    ),
)  # fmt: skip

USAGE_SIGNATURE = Signature(
    key=(
        "starting_at", "ending_at", "uncached_input_tokens",
        "cache_read_input_tokens", "output_tokens",
    ),
    other=(
        "cache_creation_ephemeral_5m_input_tokens",
        "cache_creation_ephemeral_1h_input_tokens", "model", "workspace_id",
        "api_key_id", "service_tier", "context_window",
    ),
    foreign=(
        "amount", "cost_type", "token_type", "input_tokens", "amount_value",
        "input_cached_tokens",
    ),
)  # fmt: skip

# token_type (punctuation as underscores) → meter.
TOKEN_TYPES: dict[str, str] = {
    "uncached_input_tokens": Meter.INPUT,
    "output_tokens": Meter.OUTPUT,
    "cache_read_input_tokens": Meter.CACHED_INPUT,
    "cache_creation_ephemeral_5m_input_tokens": Meter.CACHE_WRITE,
    "cache_creation_ephemeral_1h_input_tokens": Meter.CACHE_WRITE,
    "cache_creation_input_tokens": Meter.CACHE_WRITE,
}
# cost_type other than tokens → meter. Code execution is billed by container
# time, which no meter counts.
COST_TYPES: dict[str, str] = {
    "web_search": Meter.REQUEST,
    "code_execution": Meter.OTHER,
}
# Usage report count columns (as header keys) → meter.
USAGE_COLUMNS = (
    ("uncached_input_tokens", Meter.INPUT),
    ("cache_read_input_tokens", Meter.CACHED_INPUT),
    ("cache_creation_ephemeral_5m_input_tokens", Meter.CACHE_WRITE),
    ("cache_creation_ephemeral_1h_input_tokens", Meter.CACHE_WRITE),
    ("output_tokens", Meter.OUTPUT),
    ("server_tool_use_web_search_requests", Meter.REQUEST),
)
_BATCH_METERS = {Meter.INPUT: Meter.BATCH_INPUT, Meter.OUTPUT: Meter.BATCH_OUTPUT}

COST_NOTE = (
    "The cost report gives amounts but no token counts: its rows count 0 "
    "units. Import the usage report of the same period: its rows add the "
    "token counts at amount 0, so together they give spend and volume per "
    "day, workspace, model and meter."
)
USAGE_ONLY_NOTE = (
    "This file counts tokens but holds no amounts: its rows add tokens at "
    "amount 0 and change no spend total. Spend comes from the Anthropic cost "
    "report, which has no token counts: import both."
)


class AnthropicCostReport:
    """Anthropic's cost report: amounts in cents, no token counts."""

    name = "anthropic-cost-report"
    label = "Anthropic cost report"

    def match(self, header: Sequence[str]) -> float:
        """How surely ``header`` is a cost report, 0 to 1."""
        return COST_SIGNATURE.score(header)

    def convert(self, raw: RawTable, options: ImportOptions) -> Converted:
        """One usage row per line; cents become units of the currency."""
        columns = resolve(raw)
        missing = [
            k for k in ("starting_at", "ending_at", "amount") if k not in columns
        ]
        if missing:
            return missing_columns(raw, missing, self.label)
        issues = RowIssues(raw)

        start, end = _period(raw, issues, columns, options)
        billed = decimals(raw, issues, columns["amount"], divide_by=100)
        currency = currency_codes(raw, issues, columns.get("currency"))
        meter, notes = _cost_meters(raw, columns)

        return assemble(
            raw,
            issues,
            {
                "period_start": start,
                "period_end": end,
                "vendor": Vendor.ANTHROPIC.value,
                "account": column_text(raw, columns, "workspace_id"),
                "model": column_text(raw, columns, "model"),
                "meter": meter,
                "quantity": zeros(raw),
                "billed_amount": billed,
                "currency": currency,
            },
            notes=[COST_NOTE, *notes],
        )


class AnthropicUsageReport:
    """Anthropic's usage report: token counts, no amounts."""

    name = "anthropic-usage-report"
    label = "Anthropic usage report (tokens, no amounts)"

    def match(self, header: Sequence[str]) -> float:
        """How surely ``header`` is a usage report, 0 to 1."""
        return USAGE_SIGNATURE.score(header)

    def convert(self, raw: RawTable, options: ImportOptions) -> Converted:
        """One usage row per line and meter, billed 0 USD; counts in tokens."""
        columns = resolve(raw)
        needed = ("starting_at", "ending_at", "uncached_input_tokens", "output_tokens")
        missing = [key for key in needed if key not in columns]
        if missing:
            return missing_columns(raw, missing, self.label)
        issues = RowIssues(raw)

        start, end = _period(raw, issues, columns, options)
        meters = _usage_meters(raw, issues, columns)

        common = {
            "period_start": start,
            "period_end": end,
            "vendor": Vendor.ANTHROPIC.value,
            "account": column_text(raw, columns, "workspace_id"),
            "model": column_text(raw, columns, "model"),
            "billed_amount": Decimal(0),
            "currency": "USD",
        }
        return assemble_meters(raw, issues, common, meters, [USAGE_ONLY_NOTE])


def _period(
    raw: RawTable, issues: RowIssues, columns: dict[str, str], options: ImportOptions
) -> tuple[pa.Array, pa.Array]:
    """Bucket start and end, UTC."""
    start = timestamps(
        raw, issues, columns["starting_at"], date_order=options.date_order
    )
    end = timestamps(raw, issues, columns["ending_at"], date_order=options.date_order)
    check_period(issues, start, end, columns["ending_at"])
    return start, end


def _is_batch(raw: RawTable, columns: dict[str, str]) -> pa.Array:
    import pyarrow.compute as pc

    tier = pc.utf8_lower(column_text(raw, columns, "service_tier"))
    return pc.equal(tier, "batch")


def _batch_meter(batch: pa.Array, meter: Meter) -> pa.Array | str:
    """``meter``, or its batch form on batch rows if it has one."""
    import pyarrow.compute as pc

    if meter not in _BATCH_METERS:
        return meter.value
    return pc.if_else(batch, _BATCH_METERS[meter].value, meter.value)


def _usage_meters(
    raw: RawTable, issues: RowIssues, columns: dict[str, str]
) -> list[MeterCount]:
    """The counts of a usage line, one per meter; batch lines bill batch
    input and output."""
    batch = _is_batch(raw, columns)
    return [
        MeterCount(_batch_meter(batch, meter), count_column(raw, issues, columns, key))
        for key, meter in USAGE_COLUMNS
    ]


def _cost_meters(raw: RawTable, columns: dict[str, str]) -> tuple[pa.Array, list[str]]:
    """The meter of each cost line, and notes on the types we do not know.

    Token lines take the meter of their ``token_type``; other lines that of
    their ``cost_type``. A line without a cost type but with a token type
    counts as tokens.
    """
    import pyarrow.compute as pc

    cost_type = pc.utf8_lower(column_text(raw, columns, "cost_type"))
    token_type = column_text(raw, columns, "token_type")
    token_meter, unknown_token = _token_meters(raw, columns, token_type)
    other_meter, unknown_cost = lookup(cost_type, COST_TYPES, Meter.OTHER)

    is_tokens = pc.or_(
        pc.equal(cost_type, "tokens"),
        pc.and_(pc.equal(cost_type, ""), pc.not_equal(token_type, "")),
    )
    unknown_token = pc.and_(unknown_token, is_tokens)
    unknown_cost = pc.and_(unknown_cost, pc.invert(is_tokens))
    notes = [
        *unknown_note(
            count_true(unknown_token), "token type", sample(token_type, unknown_token)
        ),
        *unknown_note(
            count_true(unknown_cost), "cost type", sample(cost_type, unknown_cost)
        ),
    ]
    return pc.if_else(is_tokens, token_meter, other_meter), notes


def _token_meters(
    raw: RawTable, columns: dict[str, str], token_type: pa.Array
) -> tuple[pa.Array, pa.Array]:
    """The meter of each token type (batch form on the batch tier), and a
    mask of the types we do not know."""
    import pyarrow.compute as pc

    key = pc.replace_substring_regex(pc.utf8_lower(token_type), r"[^0-9a-z]+", "_")
    meter, unknown = lookup(key, TOKEN_TYPES, Meter.OTHER)
    batch = _is_batch(raw, columns)
    for plain, batched in _BATCH_METERS.items():
        on_batch = pc.and_(batch, pc.equal(meter, plain.value))
        meter = pc.if_else(on_batch, batched.value, meter)
    return meter, unknown


FORMATS = [AnthropicCostReport(), AnthropicUsageReport()]
