"""OpenAI's cost export and completions usage export (CSV or API pages).

Cost export (``openai-costs``): one line per time bucket and group, with the
amount billed (``amount_value`` in ``amount_currency``, lower case ``usd``),
the quantity in ``quantity_unit`` and a ``line_item`` such as
``"gpt-5.6-luna, cached input"``: the model, a comma, the meter. The Costs
API pages (``amount.value``, ``amount.currency``, bucket ``start_time`` and
``end_time`` in Unix seconds) are read the same way; they carry no
quantities, so their rows count 0 units.

Usage export (``openai-usage``, ``completions_usage_<from>_<to>.csv`` or the
Usage API's completions pages): token counts per bucket, project, model and
batch flag, and no money. ``input_tokens`` includes ``input_cached_tokens``.
Each line becomes one row per meter with a count other than zero, billed 0
USD: the file adds token counts, never spend (see the note it returns).

Both: the account is the project id (else the API key id); the workload the
project name when the export has one; models are kept as OpenAI wrote them.
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
    check_not_negative,
    check_period,
    column_text,
    count_column,
    count_true,
    currency_codes,
    first_present,
    lookup,
    missing_columns,
    resolve,
    sample,
    subtract,
    unknown_note,
    zeros,
)
from core.reference import Meter, Vendor

if TYPE_CHECKING:
    import pyarrow as pa

_TIMES = ("start_time", "end_time", "start_time_iso", "end_time_iso")
_ACCOUNT_KEYS = ("project_id", "api_key_id")
_COUNTS = (
    "input_tokens",
    "input_cached_tokens",
    "output_tokens",
    "input_audio_tokens",
    "output_audio_tokens",
)

COSTS_SIGNATURE = Signature(
    key=("start_time", "end_time", "amount_value", "amount_currency", "line_item"),
    other=(
        "start_time_iso", "end_time_iso", "quantity", "quantity_unit",
        "user_id", "api_key_id", "project_id", "organization_id",
        "project_name", "organization_name", "user_email", "api_source",
    ),
    foreign=(
        "input_tokens", "output_tokens", "num_model_requests", "starting_at",
        "cost_type", "token_type",
    ),
)  # fmt: skip

USAGE_SIGNATURE = Signature(
    key=(
        "start_time", "end_time", "input_tokens", "input_cached_tokens",
        "output_tokens", "num_model_requests",
    ),
    other=(
        "start_time_iso", "end_time_iso", "input_audio_tokens",
        "output_audio_tokens", "project_id", "model", "batch", "service_tier",
        "api_key_id", "user_id",
    ),
    foreign=(
        "amount_value", "line_item", "uncached_input_tokens", "starting_at",
        "cost_type", "amount",
    ),
)  # fmt: skip

# The meter part of a line item, lower case with single spaces.
LINE_ITEM_METERS: dict[str, str] = {
    "input": Meter.INPUT,
    "uncached input": Meter.INPUT,
    "cached input": Meter.CACHED_INPUT,
    "output": Meter.OUTPUT,
    "batch input": Meter.BATCH_INPUT,
    "batch output": Meter.BATCH_OUTPUT,
    "cache write": Meter.CACHE_WRITE,
    "image": Meter.IMAGE,
    "images": Meter.IMAGE,
    "request": Meter.REQUEST,
    "requests": Meter.REQUEST,
    "audio": Meter.AUDIO,
    "audio input": Meter.AUDIO,
    "audio output": Meter.AUDIO,
    "input audio": Meter.AUDIO,
    "output audio": Meter.AUDIO,
}

_NO_QUANTITIES = (
    "The file gives no quantities (the Costs API pages do not): its rows count "
    "0 units. Import the usage export of the same period for token counts."
)
USAGE_ONLY_NOTE = (
    "This file counts tokens but holds no amounts: its rows add tokens at "
    "amount 0 and change no spend total. Spend comes from the OpenAI cost "
    "export. The dashboard's cost CSV already counts tokens, so import this "
    "file beside it only if the cost file has no quantities (Costs API "
    "pages); otherwise tokens are counted twice."
)


class OpenAICosts:
    """OpenAI's cost export (dashboard CSV or Costs API pages)."""

    name = "openai-costs"
    label = "OpenAI cost export"

    def match(self, header: Sequence[str]) -> float:
        """How surely ``header`` is a cost export, 0 to 1."""
        return COSTS_SIGNATURE.score(header)

    def convert(self, raw: RawTable, options: ImportOptions) -> Converted:
        """One usage row per line; amounts in the line's currency, exact."""
        columns = resolve(raw)
        missing = _missing_times(columns) + [
            key for key in ("amount_value",) if key not in columns
        ]
        if missing:
            return missing_columns(raw, missing, self.label)
        issues = RowIssues(raw)

        start, end = _period(raw, issues, columns, options)
        billed = decimals(raw, issues, columns["amount_value"])
        quantity, notes = _quantity(raw, issues, columns)
        model, meter, unknown = _split_line_items(
            column_text(raw, columns, "line_item")
        )
        currency = currency_codes(raw, issues, columns.get("amount_currency"))

        return assemble(
            raw,
            issues,
            {
                "period_start": start,
                "period_end": end,
                "vendor": Vendor.OPENAI.value,
                "account": _account(raw, columns),
                "workload": column_text(raw, columns, "project_name"),
                "model": model,
                "meter": meter,
                "quantity": quantity,
                "billed_amount": billed,
                "currency": currency,
            },
            notes=notes + unknown,
        )


class OpenAIUsage:
    """OpenAI's completions usage export (CSV or Usage API pages)."""

    name = "openai-usage"
    label = "OpenAI usage export (tokens, no amounts)"

    def match(self, header: Sequence[str]) -> float:
        """How surely ``header`` is a completions usage export, 0 to 1."""
        return USAGE_SIGNATURE.score(header)

    def convert(self, raw: RawTable, options: ImportOptions) -> Converted:
        """One usage row per line and meter, billed 0 USD; counts in tokens."""
        columns = resolve(raw)
        missing = _missing_times(columns) + [
            key for key in ("input_tokens", "output_tokens") if key not in columns
        ]
        if missing:
            return missing_columns(raw, missing, self.label)
        issues = RowIssues(raw)

        start, end = _period(raw, issues, columns, options)
        counts = _usage_counts(raw, issues, columns)
        meters = _usage_meters(raw, columns, counts)

        common = {
            "period_start": start,
            "period_end": end,
            "vendor": Vendor.OPENAI.value,
            "account": _account(raw, columns),
            "model": column_text(raw, columns, "model"),
            "billed_amount": Decimal(0),
            "currency": "USD",
        }
        return assemble_meters(raw, issues, common, meters, [USAGE_ONLY_NOTE])


def _missing_times(columns: dict[str, str]) -> list[str]:
    missing = []
    for name in ("start_time", "end_time"):
        if name not in columns and f"{name}_iso" not in columns:
            missing.append(name)
    return missing


def _period(
    raw: RawTable, issues: RowIssues, columns: dict[str, str], options: ImportOptions
) -> tuple[pa.Array, pa.Array]:
    """Bucket start and end, UTC; the ISO columns win over Unix seconds."""
    found = []
    for name in ("start_time", "end_time"):
        column = columns.get(f"{name}_iso") or columns[name]
        found.append(timestamps(raw, issues, column, date_order=options.date_order))
    start, end = found
    check_period(issues, start, end, columns.get("end_time_iso") or columns["end_time"])
    return start, end


def _quantity(
    raw: RawTable, issues: RowIssues, columns: dict[str, str]
) -> tuple[pa.Array, list[str]]:
    """Units per line (0 where the export gives none), with a note if so."""
    if "quantity" not in columns:
        return zeros(raw), [_NO_QUANTITIES]
    quantity = decimals(raw, issues, columns["quantity"], required=False, scale=6)
    check_not_negative(issues, quantity, columns["quantity"])
    return quantity.fill_null(0), []


def _account(raw: RawTable, columns: dict[str, str]) -> pa.Array:
    """The project id, else the API key id, else empty."""
    return first_present(*(column_text(raw, columns, key) for key in _ACCOUNT_KEYS))


def _split_line_items(items: pa.Array) -> tuple[pa.Array, pa.Array, list[str]]:
    """``"gpt-5.5, cached input"`` → model ``gpt-5.5``, meter ``cached_input``.

    The meter is the text after the last comma. Items without a comma, or
    with meter words we do not know, keep their whole text as the model and
    go to the meter ``other``, with a note naming them; so do empty items
    (an export not grouped by line item), with no model.
    """
    import pyarrow.compute as pc

    parts = pc.extract_regex(items, r"^(?P<model>.*),(?P<meter>[^,]*)$")
    split = pc.is_valid(parts)
    model = pc.if_else(
        split, pc.utf8_trim_whitespace(pc.struct_field(parts, [0])), items
    )
    words = pc.utf8_lower(pc.struct_field(parts, [1]))
    words = pc.utf8_trim_whitespace(pc.replace_substring_regex(words, r"[\s_-]+", " "))
    meter, unknown = lookup(words.fill_null(""), LINE_ITEM_METERS, Meter.OTHER)
    blank = pc.equal(items, "")
    unknown = pc.and_(unknown, pc.invert(blank))
    notes = unknown_note(count_true(unknown), "line item", sample(items, unknown))
    if count_true(blank):
        notes.append(
            f"{count_true(blank)} rows name no line item (the export was not "
            "grouped by line item): they are imported under the meter "
            "'other' with no model"
        )
    return model, meter, notes


def _usage_counts(
    raw: RawTable, issues: RowIssues, columns: dict[str, str]
) -> dict[str, pa.Array]:
    """The token counts of each usage line by column key, plus ``uncached``:
    input tokens less cached ones (the export counts cached within input)."""
    import pyarrow.compute as pc

    counts = {key: count_column(raw, issues, columns, key) for key in _COUNTS}
    uncached = subtract(counts["input_tokens"], counts["input_cached_tokens"])
    issues.add(
        pc.less(uncached, 0),
        columns.get("input_cached_tokens", "input_cached_tokens"),
        "more cached input tokens than input tokens",
        "input_tokens includes the cached ones; check both cells",
    )
    counts["uncached"] = uncached
    return counts


def _usage_meters(
    raw: RawTable, columns: dict[str, str], counts: dict[str, pa.Array]
) -> list[MeterCount]:
    """The meters of a usage line: batch lines bill batch input and output."""
    import pyarrow as pa
    import pyarrow.compute as pc

    flag = pc.utf8_lower(column_text(raw, columns, "batch", default="false"))
    batch = pc.is_in(flag, value_set=pa.array(["true", "1", "yes", "t"]))
    input_meter = pc.if_else(batch, Meter.BATCH_INPUT.value, Meter.INPUT.value)
    output_meter = pc.if_else(batch, Meter.BATCH_OUTPUT.value, Meter.OUTPUT.value)
    return [
        MeterCount(input_meter, counts["uncached"]),
        MeterCount(Meter.CACHED_INPUT.value, counts["input_cached_tokens"]),
        MeterCount(output_meter, counts["output_tokens"]),
        MeterCount(Meter.AUDIO.value, counts["input_audio_tokens"]),
        MeterCount(Meter.AUDIO.value, counts["output_audio_tokens"]),
    ]


FORMATS = [OpenAICosts(), OpenAIUsage()]
