"""Generic invoices: any table whose columns the user has mapped once.

A :class:`~core.mapping.ColumnMapping` names, for each usage field, the
file column it comes from (``columns``) or one value for every row
(``fixed``). The format is never recognised by its header: it is chosen
with ``--format generic`` or by a saved preset whose header matches.

How fields are read:

- ``period_start``: a date or date-time (see :mod:`core.importing.cells`).
  ``period_end`` unmapped, or empty on a row, means the line covers one
  day: the end is the start plus 24 hours.
- ``vendor``: a vendor id or label in any case (``openai``, ``OpenAI``,
  ``Amazon Bedrock``, ``AWS Bedrock``, ``azure-openai``); others are
  reported with the list of choices.
- ``meter``: words such as input/prompt, output/completion, cached
  input/cache read, cache write, batch input/output, request, image, audio;
  other words, empty cells or no meter mapping at all book the line under
  ``other`` (said in a note).
- ``quantity``: multiplied by ``quantity_multiplier``; unmapped, or empty
  on a row that has an amount, it is 0 units.
- ``billed_amount``: the amount column; when only ``unit_price`` and
  ``quantity`` are mapped, unit price × quantity. The unit price is per
  million units when the ``unit`` cell says 1M, M or MTok ("per 1M
  tokens"), per thousand when it says 1K or K, otherwise per single unit.
  The product is kept to the usage table's 10 decimal places.
- ``currency``: a three-letter code (``$``, ``€``, ``£`` are read as USD,
  EUR, GBP); ``account`` and ``workload``: free text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from core.errors import DataError
from core.importing.assemble import assemble
from core.importing.base import Converted, ImportOptions, RawTable, RowIssues
from core.importing.cells import decimals, text, timestamps
from core.importing.formats._vendor import (
    check_not_negative,
    check_period,
    lookup,
    sample,
    unknown_note,
)
from core.importing.presets import find_column, mapping_problems
from core.mapping import ColumnMapping
from core.reference import Meter, Vendor

if TYPE_CHECKING:
    import pyarrow as pa

_EXTRA_VENDOR_NAMES = {
    "open ai": Vendor.OPENAI,
    "aws bedrock": Vendor.AWS_BEDROCK,
    "bedrock": Vendor.AWS_BEDROCK,
    "amazon": Vendor.AWS_BEDROCK,
    "aws": Vendor.AWS_BEDROCK,
    "azure": Vendor.AZURE_OPENAI,
    "microsoft azure": Vendor.AZURE_OPENAI,
    "azure open ai": Vendor.AZURE_OPENAI,
    "google gemini": Vendor.GOOGLE,
    "gemini": Vendor.GOOGLE,
    "vertex ai": Vendor.GOOGLE,
    "google vertex ai": Vendor.GOOGLE,
    "mistral ai": Vendor.MISTRAL,
    "deep seek": Vendor.DEEPSEEK,
}
_METER_WORDS = {
    Meter.INPUT: ("input", "prompt", "uncached input", "input uncached"),
    Meter.OUTPUT: ("output", "completion", "completions", "generated"),
    Meter.CACHED_INPUT: (
        "cached input", "cache read", "cache read input", "cache hit", "cached",
        "input cached", "input cache hit",
    ),
    Meter.CACHE_WRITE: (
        "cache write", "cache write input", "cache creation",
        "cache creation input",
    ),
    Meter.BATCH_INPUT: ("batch input", "batch prompt"),
    Meter.BATCH_OUTPUT: ("batch output", "batch completion"),
    Meter.REQUEST: ("request", "requests", "request count", "call", "calls"),
    Meter.IMAGE: ("image", "images"),
    Meter.AUDIO: ("audio", "audio minute", "audio minutes"),
    Meter.PROVISIONED: ("provisioned", "provisioned throughput", "ptu"),
    Meter.OTHER: ("other",),
}  # fmt: skip
_CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP"}
_SEPARATORS = r"[\s_\-./]+"
_TOKEN_SUFFIX = r" tokens?$"
# Quantities and unit prices beyond this are typing errors, and keeping
# them below it leaves room for exact products in decimal256.
_IMPLAUSIBLE = Decimal(10) ** 20


def _normalised(name: str) -> str:
    """Lower case, separators collapsed to one space, no "tokens" suffix."""
    spaced = re.sub(_SEPARATORS, " ", name.strip().lower()).strip()
    return re.sub(_TOKEN_SUFFIX, "", spaced)


VENDOR_NAMES: dict[str, str] = {
    **{_normalised(v.value): v.value for v in Vendor},
    **{_normalised(v.label): v.value for v in Vendor},
    **{name: v.value for name, v in _EXTRA_VENDOR_NAMES.items()},
}
"""Normalised vendor names and labels → :class:`Vendor` id."""

METER_NAMES: dict[str, str] = {
    **{_normalised(m.value): m.value for m in Meter},
    **{word: m.value for m, words in _METER_WORDS.items() for word in words},
}
"""Normalised meter words → :class:`Meter` id."""

VENDOR_FIX = "use one of " + ", ".join(v.label for v in Vendor)
METER_FIX = "use one of " + ", ".join(m.label for m in Meter)


def vendor_from_text(name: str) -> Vendor | None:
    """The vendor a name or label stands for, in any case; None if unknown."""
    found = VENDOR_NAMES.get(_normalised(name))
    return None if found is None else Vendor(found)


def currency_code(text_: str) -> str | None:
    """A three-letter currency code from a code or a common symbol; None if
    it is neither."""
    code = _CURRENCY_SYMBOLS.get(text_.strip(), text_.strip().upper())
    return code if re.fullmatch(r"[A-Z]{3}", code) else None


def meter_from_text(name: str) -> Meter | None:
    """The meter a word stands for ("prompt", "cache read"); None if unknown."""
    found = METER_NAMES.get(_normalised(name))
    return None if found is None else Meter(found)


class GenericFormat:
    """Any invoice table, read through the user's column mapping."""

    name = "generic"
    label = "Generic invoice (mapped columns)"

    def match(self, header: Sequence[str]) -> float:
        """Never recognised by header: chosen by name or by a preset."""
        return 0.0

    def convert(self, raw: RawTable, options: ImportOptions) -> Converted:
        """Usage rows from ``raw`` through ``options.mapping``.

        Raises:
            DataError: there is no mapping, or it does not fit the file
                (every problem at once). Bad cells do not raise; they are
                returned as problems of their rows.
        """
        mapping = options.mapping
        if not isinstance(mapping, ColumnMapping):
            raise DataError.single(
                "a generic file needs a column mapping",
                "map the columns in the import dialog, or pass --mapping FILE "
                "(see docs/mapping.md)",
                file=raw.file_name,
                sheet=raw.sheet,
            )
        problems = mapping_problems(
            mapping, raw.header, file=raw.file_name, sheet=raw.sheet
        )
        if problems:
            raise DataError(problems)
        return _convert(raw, mapping, options)


FORMATS = [GenericFormat()]


# ---------------------------------------------------------------- parsing


def _convert(
    raw: RawTable, mapping: ColumnMapping, options: ImportOptions
) -> Converted:
    work, source = _with_fixed_columns(raw, mapping)
    issues = RowIssues(work)
    notes: list[str] = []
    # The order asked for on this import beats the one saved with a preset.
    order = options.date_order or mapping.date_order

    start = timestamps(work, issues, source["period_start"], date_order=order)
    columns: dict[str, object] = {
        "period_start": start,
        "period_end": _period_end(work, issues, source, start, order, notes),
        "vendor": _vendors(work, issues, source["vendor"]),
        "model": _models(work, issues, source["model"]),
        "meter": _meters(work, source.get("meter"), notes),
        "currency": _currencies(work, issues, source["currency"]),
    }
    for field in ("account", "workload"):
        if field in source:
            columns[field] = text(work, source[field])

    quantity = _quantities(work, issues, source, mapping.quantity_multiplier, notes)
    columns["quantity"] = quantity
    columns["billed_amount"] = _billed(work, issues, source, quantity)
    if "list_amount" in source:
        columns["list_amount"] = decimals(
            work, issues, source["list_amount"], required=False
        )
    return assemble(work, issues, columns, notes=notes)


def _with_fixed_columns(
    raw: RawTable, mapping: ColumnMapping
) -> tuple[RawTable, dict[str, str]]:
    """The raw table with each fixed value as a column, and field → column."""
    import pyarrow as pa

    source = {
        field: str(find_column(column, raw.header))
        for field, column in mapping.columns.items()
    }
    table = raw.table
    for field, value in mapping.fixed.items():
        # Named so a message about it reads well, and apart from the file's.
        name = f"fixed {field}"
        while name in table.column_names:
            name += " "
        constant = pa.repeat(pa.scalar(value, pa.string()), table.num_rows)
        table = table.append_column(name, constant)
        source[field] = name
    work = RawTable(raw.file_name, table, raw.source_rows, raw.sheet, raw.notes)
    return work, source


def _period_end(
    raw: RawTable,
    issues: RowIssues,
    source: Mapping[str, str],
    start: pa.Array,
    order: str | None,
    notes: list[str],
) -> pa.Array:
    """The mapped end, or one day after the start where there is none."""
    import pyarrow as pa
    import pyarrow.compute as pc

    next_day = pc.add(start, pa.scalar(timedelta(days=1), pa.duration("us")))
    if "period_end" not in source:
        notes.append(
            "period_end is not mapped: each line is taken to cover one day "
            "from its date"
        )
        return next_day
    column = source["period_end"]
    end = timestamps(raw, issues, column, required=False, date_order=order)
    end = pc.if_else(pc.is_null(end), next_day, end)
    check_period(issues, start, end, column)
    return end


def _vendors(raw: RawTable, issues: RowIssues, column: str) -> pa.Array:
    """Vendor ids; unknown or empty names are flagged."""
    import pyarrow.compute as pc

    words = _normalised_column(raw, column)
    ids, unknown = lookup(words, VENDOR_NAMES, Vendor.OTHER.value)
    empty = pc.equal(words, "")
    issues.add(empty, column, "a vendor is required", VENDOR_FIX)
    issues.add(
        pc.and_(unknown, pc.invert(empty)), column, "not a vendor we know", VENDOR_FIX
    )
    return ids


def _models(raw: RawTable, issues: RowIssues, column: str) -> pa.Array:
    import pyarrow.compute as pc

    names = text(raw, column)
    issues.add(
        pc.equal(names, ""),
        column,
        "a model name is required",
        "write the model as the vendor bills it, such as gpt-5.6-luna",
    )
    return names


def _meters(raw: RawTable, column: str | None, notes: list[str]) -> pa.Array | str:
    """Meter ids; unknown words and empty cells are booked as ``other``."""
    import pyarrow.compute as pc

    if column is None:
        notes.append("meter is not mapped: every line is booked under 'other'")
        return Meter.OTHER.value
    words = _normalised_column(raw, column)
    ids, unknown = lookup(words, METER_NAMES, Meter.OTHER.value)
    unknown = pc.and_(unknown, pc.not_equal(words, ""))
    count = pc.sum(unknown.cast("int64")).as_py() or 0
    notes += unknown_note(count, "meter", sample(text(raw, column), unknown))
    return ids


def _currencies(raw: RawTable, issues: RowIssues, column: str) -> pa.Array:
    """Upper-case three-letter codes; common symbols read as their code."""
    import pyarrow as pa
    import pyarrow.compute as pc

    codes = pc.utf8_upper(text(raw, column))
    for symbol, code in _CURRENCY_SYMBOLS.items():
        codes = pc.if_else(pc.equal(codes, symbol), pa.scalar(code), codes)
    wrong = pc.invert(pc.match_substring_regex(codes, r"^[A-Z]{3}$"))
    issues.add(wrong, column, "not a currency code", "write a code such as USD")
    return codes


def _normalised_column(raw: RawTable, column: str) -> pa.Array:
    """The column's text as :func:`_normalised` gives it, vectorised."""
    import pyarrow.compute as pc

    lowered = pc.utf8_lower(text(raw, column))
    spaced = pc.utf8_trim_whitespace(
        pc.replace_substring_regex(lowered, _SEPARATORS, " ")
    )
    return pc.replace_substring_regex(spaced, _TOKEN_SUFFIX, "")


def _quantities(
    raw: RawTable,
    issues: RowIssues,
    source: Mapping[str, str],
    multiplier: int,
    notes: list[str],
) -> pa.Array:
    """Units consumed, in the meter's unit: the cell × ``multiplier``.

    Required when the amount comes from the unit price; otherwise an empty
    cell is 0 units.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    column = source.get("quantity")
    kind = pa.decimal128(38, 6)
    if column is None:
        notes.append("quantity is not mapped: every line counts 0 units")
        return pa.repeat(pa.scalar(0, kind), raw.table.num_rows)
    priced = "billed_amount" not in source
    values = decimals(raw, issues, column, required=priced, scale=6)
    if not priced:
        empty = pc.equal(text(raw, column), "")
        filled = pc.sum(empty.cast("int64")).as_py() or 0
        if filled:
            notes.append(f"rows without a quantity count 0 units: {filled}")
        values = pc.if_else(empty, pa.scalar(0, kind), values)
    check_not_negative(issues, values, column)
    values = _implausible(issues, values, column, _IMPLAUSIBLE / multiplier)
    factor = pa.scalar(multiplier, pa.decimal256(len(str(multiplier)), 0))
    return pc.multiply(values.cast(pa.decimal256(38, 6)), factor).cast(kind)


def _billed(
    raw: RawTable,
    issues: RowIssues,
    source: Mapping[str, str],
    quantity: pa.Array,
) -> pa.Array:
    """The invoiced amount: the amount column, else unit price × quantity."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if "billed_amount" in source:
        return decimals(raw, issues, source["billed_amount"])
    column = source["unit_price"]
    price = _implausible(issues, decimals(raw, issues, column), column, _IMPLAUSIBLE)
    product = pc.multiply(
        pc.multiply(
            price.cast(pa.decimal256(31, 10)), quantity.cast(pa.decimal256(27, 6))
        ),
        _price_basis(raw, source.get("unit")),
    )
    # Keep the usage table's 10 decimal places; the product of a price per
    # million and a token count can carry 22.
    rounded = pc.round(product, 10, round_mode="half_towards_infinity")
    rounded = _implausible(issues, rounded, column, Decimal(10) ** 27)
    return rounded.cast(pa.decimal128(38, 10))


def _price_basis(raw: RawTable, unit_column: str | None) -> pa.Array:
    """Per row, what one unit of quantity costs as a share of the unit price:
    1/1,000,000 when the unit says 1M or MTok, 1/1,000 for 1K, else 1."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = pa.decimal256(7, 6)
    one = pa.repeat(pa.scalar(1, kind), raw.table.num_rows)
    if unit_column is None:
        return one
    unit = pc.utf8_lower(text(raw, unit_column))
    million = pc.match_substring_regex(unit, r"\b(1 ?m|m|mtoks?|million|1,?000,?000)\b")
    thousand = pc.match_substring_regex(unit, r"\b(1 ?k|k|ktoks?|thousand|1,?000)\b")
    per_thousand = pc.if_else(thousand, pa.scalar(Decimal("0.001"), kind), one)
    return pc.if_else(million, pa.scalar(Decimal("0.000001"), kind), per_thousand)


def _implausible(
    issues: RowIssues, values: pa.Array, column: str, limit: Decimal
) -> pa.Array:
    """Flag and blank values whose size is at or beyond ``limit``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    scale = values.type.scale
    wide = pa.decimal256(76, scale)
    bound = pa.scalar(int(limit), pa.decimal256(76, 0)).cast(wide)
    huge = pc.greater_equal(pc.abs(values).cast(wide), bound).fill_null(False)
    issues.add(
        huge,
        column,
        "too large to be a real quantity or amount",
        "check the cell and the quantity multiplier",
    )
    return pc.if_else(huge, pa.scalar(None, values.type), values)
