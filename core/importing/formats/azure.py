"""Azure cost details exports (Azure OpenAI lines).

One line per day, subscription, resource and meter. Only Azure OpenAI lines
are usage for us: a line is kept when MeterCategory, MeterSubCategory or
ProductName mention OpenAI or its MeterName names an OpenAI model (gpt-…,
o3…); lines of other services are skipped and counted in a note. The file
may lack those columns, in which case every line is kept.

Amounts are in BillingCurrency (or BillingCurrencyCode; USD when the file
names none). ``billed_amount`` ← CostInBillingCurrency; ``list_amount`` ←
PAYGPrice (or PayGPrice) × Quantity on OnDemand lines only (PAYGPrice
means nothing on reserved lines); ``contracted_amount`` ← UnitPrice ×
Quantity (after negotiated discounts); ``effective_amount`` ←
EffectivePrice × Quantity (after reservations and savings plans), 0 on
Purchase lines. Products are exact, then rounded half away from zero to
the usage table's 10 decimal places.

Quantity is in UnitOfMeasure, which mixes ``1K`` and ``1M`` (tokens) and
``1 Hour`` (provisioned throughput, PTU) in one file; it becomes tokens or
hours by the unit's multiplier. Meter, from MeterName's words: ``Inp``
input, ``Outp`` output, ``cached``/``cchd`` cached input, ``Batch`` batch,
hours ``provisioned``. Model: MeterName without its meter, unit and
deployment words (``gpt-4o-0806-Inp-glbl`` → ``gpt-4o-0806``; ``glbl``,
``regnl``, ``dz``/``Data Zone``, ``Inp``, ``Outp``, ``cached``, ``Batch``
are dropped), else MeterName as written; provisioned meters name no model
(``Provisioned Managed Global`` → ``Provisioned Managed``).

The day is ``Date`` (Azure writes it month first, so ambiguous dates read
as m/d/yyyy unless the import says otherwise); the period is that day.
Account: SubscriptionName (else SubscriptionId), then `` / ``
ResourceGroup when there is one. Workload: the Tags' ``workload`` key (any
case), else ``app``, ``application`` or ``project``; Azure writes tags with
or without braces. ChargeType gives the charge category (Refund is Credit;
UnusedReservation and UnusedSavingsPlan are Usage; RoundingAdjustment and
unknown types are Adjustment, with a note); the commitment is BenefitId,
else ReservationId.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from core.importing.assemble import assemble
from core.importing.base import Converted, ImportOptions, RawTable, RowIssues
from core.importing.cells import decimals, header_key, timestamps
from core.importing.formats._cloud import (
    QUANTITY,
    distinct_rows,
    first_text,
    flag_currencies,
    group_sizes,
    keep_rows,
    meter_from_words,
    model_from_label,
    raw_column,
    spread,
    tag_values,
    take_text,
    unit_multiplier,
    unknown_types_note,
    usage_quantity,
)
from core.importing.formats._vendor import Signature, missing_columns, resolve
from core.reference import ChargeCategory, Meter, Vendor

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

SIGNATURE = Signature(
    key=(
        "date", "meter_name", "quantity", "unit_of_measure",
        "cost_in_billing_currency", "payg_price", "unit_price",
        "effective_price",
    ),
    other=(
        "meter_category", "meter_sub_category", "pricing_model",
        "subscription_name", "resource_group", "tags", "charge_type",
        "product_name", "meter_id", "consumed_service", "resource_location",
        "billing_period_start_date", "subscription_id",
    ),
    foreign=("billed_cost", "line_item_usage_type"),
)  # fmt: skip
# Header keys that other Azure exports spell differently: MCA writes
# PayGPrice, which splits as "pay_g_price".
_ALIASES = {"pay_g_price": "payg_price"}
_CURRENCIES = ("billing_currency", "billing_currency_code", "currency")
WORKLOAD_KEYS = ("workload", "app", "application", "project")

_CHARGE_TYPES = {
    "usage": ChargeCategory.USAGE,
    "unusedreservation": ChargeCategory.USAGE,
    "unusedsavingsplan": ChargeCategory.USAGE,
    "purchase": ChargeCategory.PURCHASE,
    "tax": ChargeCategory.TAX,
    "refund": ChargeCategory.CREDIT,
    "credit": ChargeCategory.CREDIT,
}
_UNMETERED = (ChargeCategory.PURCHASE.value, ChargeCategory.TAX.value)
_SERVICE_COLUMNS = ("meter_category", "meter_sub_category", "product_name")
_OPENAI_MODEL = re.compile(r"(?i)^(gpt|o[1-9]|dall|whisper|tts|sora|text.embedding)")


class AzureCostDetails:
    """An Azure cost details export (actual or amortised cost)."""

    name = "azure-cost-details"
    label = "Azure cost details export"

    def match(self, header: Sequence[str]) -> float:
        """How surely ``header`` is an Azure cost details export, 0 to 1."""
        return SIGNATURE.score([_ALIASES.get(header_key(h), h) for h in header])

    def convert(self, raw: RawTable, options: ImportOptions) -> Converted:
        """One usage row per Azure OpenAI line; amounts exact, quantities in
        tokens or hours."""
        columns = resolve(raw)
        for alias, key in _ALIASES.items():
            if alias in columns:
                columns.setdefault(key, columns[alias])
        needed = ("date", "meter_name", "quantity", "cost_in_billing_currency")
        missing = [key for key in needed if key not in columns]
        if missing:
            return missing_columns(raw, missing, self.label)
        openai, notes = _openai_lines(raw, columns)
        return _convert(openai, options, columns, notes)


def _convert(
    raw: RawTable, options: ImportOptions, columns: dict[str, str], notes: list[str]
) -> Converted:
    issues = RowIssues(raw)

    order = options.date_order or "mdy"
    day = timestamps(raw, issues, columns["date"], date_order=order)
    codes, labels = _labels(raw, issues, columns)
    category = take_text([label.category for label in labels], codes)
    counted = decimals(raw, issues, columns["quantity"], required=False, scale=QUANTITY)
    quantity = _quantity(issues, columns, category, counted, labels, codes)
    amounts = _amounts(raw, issues, columns, counted, labels, codes)

    return assemble(
        raw,
        issues,
        {
            "period_start": day,
            "period_end": _next_day(day),
            "vendor": Vendor.AZURE_OPENAI.value,
            "account": _account(raw, columns),
            "workload": tag_values(raw, columns.get("tags"), WORKLOAD_KEYS),
            "model": take_text([label.model for label in labels], codes),
            "meter": take_text([label.meter for label in labels], codes),
            "quantity": quantity,
            **amounts,
            "currency": take_text([label.currency for label in labels], codes),
            "charge_category": category,
            "commitment_id": first_text(
                raw, columns, ("benefit_id", "reservation_id"), null=True
            ),
        },
        notes=notes
        + unknown_types_note(
            [(label.charge_type, label.known_type) for label in labels],
            codes,
            "ChargeType",
        ),
    )


@dataclass(frozen=True)
class _Label:
    """What one distinct combination of the label columns means."""

    model: str
    meter: str
    multiplier: Decimal
    category: str
    charge_type: str
    known_type: bool
    on_demand: bool
    currency: str


_LABEL_COLUMNS = ("meter_name", "unit_of_measure", "charge_type", "pricing_model")


def _labels(
    raw: RawTable, issues: RowIssues, columns: dict[str, str]
) -> tuple[np.ndarray, list[_Label]]:
    """Group the lines by their label columns and read each group once."""
    currency_key = next((key for key in _CURRENCIES if key in columns), None)
    sources = [raw_column(raw, columns, key) for key in _LABEL_COLUMNS]
    sources.append(
        None if currency_key is None else raw_column(raw, columns, currency_key)
    )
    codes, keys = distinct_rows(sources, raw.table.num_rows)
    labels = [_label(*key) for key in keys]
    if currency_key is not None:
        currencies = [label.currency for label in labels]
        flag_currencies(issues, currencies, codes, columns[currency_key])
    return codes, labels


def _label(
    meter_name: str, unit: str, charge_type: str, pricing_model: str, currency: str
) -> _Label:
    found = _CHARGE_TYPES.get(charge_type.lower().replace(" ", ""))
    category = (found or ChargeCategory.ADJUSTMENT).value
    if not charge_type:
        category = ChargeCategory.USAGE.value
    meter = Meter.OTHER.value
    if category not in _UNMETERED:
        meter = meter_from_words(f"{meter_name} {unit}")
    return _Label(
        model=model_from_label(meter_name) or meter_name or "Azure OpenAI",
        meter=meter,
        multiplier=unit_multiplier(unit),
        category=category,
        charge_type=charge_type,
        known_type=found is not None or not charge_type,
        on_demand=pricing_model.lower().replace(" ", "") in ("ondemand", ""),
        currency=currency.upper() or "USD",
    )


def _quantity(
    issues: RowIssues,
    columns: dict[str, str],
    category: pa.Array,
    counted: pa.Array,
    labels: list[_Label],
    codes: np.ndarray,
) -> pa.Array:
    """Quantity × the unit's multiplier: tokens, or hours for PTU lines.

    Required and not negative on usage lines; 0 when empty on others.
    """

    return usage_quantity(
        counted,
        category,
        [label.multiplier for label in labels],
        codes,
        issues,
        columns["quantity"],
        refund_hint="refunds come as ChargeType Refund",
    )


def _amounts(
    raw: RawTable,
    issues: RowIssues,
    columns: dict[str, str],
    counted: pa.Array,
    labels: list[_Label],
    codes: np.ndarray,
) -> dict[str, pa.Array | None]:
    """Billed, list, contracted and effective amounts in the billing currency."""
    import pyarrow as pa
    import pyarrow.compute as pc

    billed = decimals(raw, issues, columns["cost_in_billing_currency"])
    listed = _price_times(raw, issues, columns.get("payg_price"), counted)
    if listed is not None:
        on_demand = spread([label.on_demand for label in labels], codes, pa.bool_())
        listed = pc.if_else(on_demand, listed, pa.scalar(None, listed.type))
    effective = _price_times(raw, issues, columns.get("effective_price"), counted)
    if effective is not None:
        bought = [label.category == ChargeCategory.PURCHASE.value for label in labels]
        purchase = spread(bought, codes, pa.bool_())
        effective = pc.if_else(purchase, pa.scalar(0, effective.type), effective)
    contracted = _price_times(raw, issues, columns.get("unit_price"), counted)
    return {
        "billed_amount": billed,
        "list_amount": listed,
        "contracted_amount": contracted,
        "effective_amount": effective,
    }


# Bounds that keep price × quantity inside decimal128(38, 16) before rounding.
_PRICE_DIGITS = 10
_QUANTITY_DIGITS = 11


def _price_times(
    raw: RawTable, issues: RowIssues, column: str | None, counted: pa.Array
) -> pa.Array | None:
    """Unit price × Quantity, both in UnitOfMeasure, ``decimal128(38, 10)``.

    None when the file has no such price column. Prices or quantities too
    large to be real are flagged and their product left empty.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if column is None:
        return None
    price = decimals(raw, issues, column, required=False)
    price = _bounded(issues, price, column, _PRICE_DIGITS)
    quantity = _bounded(issues, counted, column, _QUANTITY_DIGITS)
    product = pc.multiply(
        price.cast(pa.decimal128(10 + _PRICE_DIGITS, 10)),
        quantity.cast(pa.decimal128(QUANTITY + _QUANTITY_DIGITS, QUANTITY)),
    )
    rounded = pc.round(product, 10, round_mode="half_towards_infinity")
    return rounded.cast(pa.decimal128(38, 10))


def _bounded(issues: RowIssues, values: pa.Array, column: str, digits: int) -> pa.Array:
    """Values below 10**digits in size; larger ones flagged and emptied."""
    import pyarrow as pa
    import pyarrow.compute as pc

    limit = pa.scalar(Decimal(10) ** digits, values.type)
    huge = pc.greater_equal(pc.abs(values), limit).fill_null(False)
    if not pc.any(huge).as_py():
        return values
    issues.add(huge, column, "too large to be a real price or quantity", "check it")
    return pc.if_else(huge, pa.scalar(None, values.type), values)


def _openai_lines(raw: RawTable, columns: dict[str, str]) -> tuple[RawTable, list[str]]:
    """Keep Azure OpenAI lines; a note counts the lines of other services."""
    import pyarrow as pa

    services = [key for key in _SERVICE_COLUMNS if key in columns]
    if not services:
        return raw, []
    sources = [raw_column(raw, columns, key) for key in ("meter_name", *services)]
    codes, keys = distinct_rows(sources, raw.table.num_rows)
    kept = [
        _OPENAI_MODEL.match(meter) is not None
        or any("openai" in service.lower() for service in named)
        for meter, *named in keys
    ]
    sizes = group_sizes(codes, len(keys))
    skipped = sum(size for size, ok in zip(sizes, kept, strict=True) if not ok)
    if not skipped:
        return raw, []
    others = sorted({key[1] for key, ok in zip(keys, kept, strict=True) if not ok})
    note = (
        f"{skipped} lines of other Azure services ({', '.join(others[:5])}) were "
        "skipped: only Azure OpenAI lines are imported"
    )
    return keep_rows(raw, spread(kept, codes, pa.bool_())), [note]


def _next_day(day: pa.Array) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.add(day, pa.scalar(timedelta(days=1), pa.duration("us")))


def _account(raw: RawTable, columns: dict[str, str]) -> pa.Array:
    """SubscriptionName (else SubscriptionId), then `` / `` ResourceGroup."""
    import pyarrow as pa

    keys = ("subscription_name", "subscription_id", "subscription_guid")
    sources = [raw_column(raw, columns, key) for key in (*keys, "resource_group")]
    codes, found = distinct_rows(sources, raw.table.num_rows)
    names = []
    for *subscription, group in found:
        name = next((text for text in subscription if text), "")
        names.append(" / ".join(part for part in (name, group) if part))
    return spread(names, codes, pa.string())


FORMATS = [AzureCostDetails()]
