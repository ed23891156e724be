"""DeepSeek's usage export: one line per period, key, model and type.

Columns: ``user_id, start_time_iso, end_time_iso, model, api_key_name,
api_key, type, price, amount``. ``type`` names the meter
(``input_cache_hit_tokens``, ``input_cache_miss_tokens``, ``output_tokens``,
``request_count``); ``amount`` is how many of them (tokens or requests), and
``price`` the price of ONE of them, so a line costs ``price × amount``. This
reading is the one the names support (``amount`` of a ``type``, a ``price``
per unit) and the magnitudes confirm: token prices are millionths
(``0.00000028``). A file whose token prices are all 0.001 or more cannot be
per token (that is 1,000 per million) and is read as priced per million
tokens, with a note. Request lines usually carry no price; they cost 0.

The export names no currency, and DeepSeek bills in USD or (on its China
platform) CNY. Amounts are taken as USD, with a note, unless the file has a
``currency`` column: adding one is how a CNY account's file is imported.
Some exports give one ``utc_date`` instead of the start and end times; the
period is then that day. The account is the key's name (else the key, else
the user id), and the key's name is also the workload.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from core.importing.assemble import assemble
from core.importing.base import Converted, ImportOptions, RawTable, RowIssues
from core.importing.cells import decimals, timestamps
from core.importing.formats._vendor import (
    Signature,
    check_not_negative,
    check_period,
    column_text,
    count_true,
    currency_codes,
    first_present,
    lookup,
    missing_columns,
    resolve,
    sample,
    unknown_note,
)
from core.reference import Meter, Vendor
from core.usage import QUANTITY_SCALE

if TYPE_CHECKING:
    import pyarrow as pa

SIGNATURE = Signature(
    key=("model", "api_key_name", "type", "price", "amount"),
    other=("user_id", "start_time_iso", "end_time_iso", "api_key"),
    foreign=(
        "cost_type", "token_type", "starting_at", "amount_value", "line_item",
        "input_tokens",
    ),
)  # fmt: skip

TYPES: dict[str, str] = {
    "input_cache_hit_tokens": Meter.CACHED_INPUT,
    "input_cache_miss_tokens": Meter.INPUT,
    "output_tokens": Meter.OUTPUT,
    "request_count": Meter.REQUEST,
}

# A price per token at or above this (1,000 per million tokens) is not
# plausible for any model; a file whose token prices all reach it quotes
# them per million tokens.
PER_TOKEN_CEILING = Decimal("0.001")
_PRICE_SCALE = 18
_AMOUNT_SCALE = 10
# Amounts must fit decimal128(38, 10): 28 digits before the point.
_AMOUNT_LIMIT = Decimal(10) ** 27

USD_NOTE = (
    "The DeepSeek export names no currency: amounts are taken as USD. If the "
    "account is billed in CNY (DeepSeek's China platform), add a column named "
    "currency holding CNY to the file and import it again."
)
PER_MILLION_NOTE = (
    "The token prices in this file are all 0.001 or more, too high to be per "
    "token: they are read as prices per million tokens."
)


class DeepSeekUsage:
    """DeepSeek's usage export: counts and unit prices per type."""

    name = "deepseek"
    label = "DeepSeek usage export"

    def match(self, header: Sequence[str]) -> float:
        """How surely ``header`` is a DeepSeek usage export, 0 to 1."""
        return SIGNATURE.score(header)

    def convert(self, raw: RawTable, options: ImportOptions) -> Converted:
        """One usage row per line; billed = price per unit × count, exact."""
        columns = resolve(raw)
        has_times = "start_time_iso" in columns and "end_time_iso" in columns
        missing = [key for key in ("type", "price", "amount") if key not in columns]
        if not has_times and "utc_date" not in columns:
            missing += ["start_time_iso", "end_time_iso"]
        if missing:
            return missing_columns(raw, missing, self.label)
        issues = RowIssues(raw)

        start, end = _period(raw, issues, columns, options, has_times)
        meter, notes = _meters(raw, columns)
        quantity = decimals(raw, issues, columns["amount"], scale=QUANTITY_SCALE)
        check_not_negative(issues, quantity, columns["amount"])
        billed, price_notes = _billed(raw, issues, columns, meter, quantity)
        currency = currency_codes(raw, issues, columns.get("currency"))
        key_name = column_text(raw, columns, "api_key_name")
        account = first_present(
            key_name,
            column_text(raw, columns, "api_key"),
            column_text(raw, columns, "user_id"),
        )

        if "currency" not in columns:
            notes.append(USD_NOTE)
        return assemble(
            raw,
            issues,
            {
                "period_start": start,
                "period_end": end,
                "vendor": Vendor.DEEPSEEK.value,
                "account": account,
                "workload": key_name,
                "model": column_text(raw, columns, "model"),
                "meter": meter,
                "quantity": quantity,
                "billed_amount": billed,
                "currency": currency,
            },
            notes=notes + price_notes,
        )


def _period(
    raw: RawTable,
    issues: RowIssues,
    columns: dict[str, str],
    options: ImportOptions,
    has_times: bool,
) -> tuple[pa.Array, pa.Array]:
    """The line's period, UTC: its start and end, or its whole UTC day."""
    import pyarrow as pa
    import pyarrow.compute as pc

    order = options.date_order
    if not has_times:
        day = timestamps(raw, issues, columns["utc_date"], date_order=order)
        return day, pc.add(day, pa.scalar(timedelta(days=1), pa.duration("us")))
    start = timestamps(raw, issues, columns["start_time_iso"], date_order=order)
    end = timestamps(raw, issues, columns["end_time_iso"], date_order=order)
    check_period(issues, start, end, columns["end_time_iso"])
    return start, end


def _meters(raw: RawTable, columns: dict[str, str]) -> tuple[pa.Array, list[str]]:
    """The meter of each line from its ``type``; unknown types go to other."""
    import pyarrow.compute as pc

    kind = column_text(raw, columns, "type")
    meter, unknown = lookup(pc.utf8_lower(kind), TYPES, Meter.OTHER)
    return meter, unknown_note(count_true(unknown), "type", sample(kind, unknown))


def _billed(
    raw: RawTable,
    issues: RowIssues,
    columns: dict[str, str],
    meter: pa.Array,
    quantity: pa.Array,
) -> tuple[pa.Array, list[str]]:
    """``price × amount`` per line, in the file's currency, to 10 decimals.

    The product is exact, then rounded half away from zero at the tenth
    decimal, the usage table's resolution.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    price = _prices(raw, issues, columns["price"], meter)
    per_million = _per_million(price, pc.equal(meter, Meter.REQUEST.value))
    product = pc.multiply(
        price.cast(pa.decimal256(30, _PRICE_SCALE)),
        quantity.cast(pa.decimal256(30, 6)),
    )
    if per_million:
        product = pc.multiply(product, pa.scalar(Decimal("0.000001")))
    rounded = pc.round(product, _AMOUNT_SCALE, round_mode="half_towards_infinity")

    too_large = pc.greater_equal(pc.abs(rounded), pa.scalar(_AMOUNT_LIMIT))
    issues.add(
        too_large,
        columns["amount"],
        "price × amount is too large to be an amount",
        "check the price and the amount of the line",
    )
    billed = pc.if_else(too_large, pa.scalar(None, rounded.type), rounded)
    notes = [PER_MILLION_NOTE] if per_million else []
    return billed.cast(pa.decimal128(38, _AMOUNT_SCALE)), notes


def _prices(raw: RawTable, issues: RowIssues, column: str, meter: pa.Array) -> pa.Array:
    """The price of one unit per line; token lines need one, request lines
    without one cost 0."""
    import pyarrow.compute as pc

    price = decimals(raw, issues, column, required=False, scale=_PRICE_SCALE)
    is_request = pc.equal(meter, Meter.REQUEST.value)
    issues.add(
        pc.and_(pc.is_null(price), pc.invert(is_request)),
        column,
        "a price is required",
        "fill in the price of one token, such as 0.00000028",
    )
    return price.fill_null(0)


def _per_million(price: pa.Array, is_request: pa.Array) -> bool:
    """True when every priced token line is priced per million tokens."""
    import pyarrow.compute as pc

    priced = pc.and_(pc.invert(is_request), pc.not_equal(price, 0))
    token_prices = price.filter(priced)
    if len(token_prices) == 0:
        return False
    return bool(pc.all(pc.greater_equal(token_prices, PER_TOKEN_CEILING)).as_py())


FORMATS = [DeepSeekUsage()]
