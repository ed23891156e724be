"""FOCUS billing exports, versions 1.0, 1.1 and 1.2 (CSV, gzip or Parquet).

FOCUS (the FinOps Open Cost and Usage Specification) is the column set that
Azure, AWS, Google and Oracle export natively. One line becomes one usage
row: ``billed_amount`` ← BilledCost, ``effective_amount`` ← EffectiveCost,
``list_amount`` ← ListCost, ``contracted_amount`` ← ContractedCost (all in
BillingCurrency, exact), ``charge_category`` ← ChargeCategory,
``commitment_id`` ← CommitmentDiscountId, ``account`` ← SubAccountName, else
SubAccountId, period ← ChargePeriodStart/End. Amounts keep the file's sign
(FOCUS writes credits negative) and its amortisation (a commitment purchase
has EffectiveCost 0; the usage it covers carries the cost). A Usage line of
ChargeClass Correction (a fix to an earlier period, whose quantity may be
negative) is kept as an Adjustment.

Vendor, first by ProviderName, else by PublisherName: Microsoft or Azure
with "OpenAI" in the publisher or service name, or an OpenAI model, is
azure-openai; AWS or Amazon with a Bedrock service is aws-bedrock; Google
with a Vertex, Gemini or AI service is google; OpenAI, Anthropic, Mistral,
DeepSeek and Google by name; anything else is other (and noted).

Model: the first of SkuMeter, x_SkuMeterName, x_UsageType and SkuId that
names a known model family once meter and region words are removed
(``gpt-4o-0806-Inp-glbl`` → ``gpt-4o-0806``,
``USE1-Claude3.5Sonnet-input-tokens`` → ``Claude3.5Sonnet``); else
ServiceName. Meter: from the words of those columns, PricingUnit and
ConsumedUnit (:func:`~core.importing.formats._cloud.meter_from_words`);
Purchase and Tax lines are ``other``. Quantity: ConsumedQuantity when
ConsumedUnit counts tokens, else PricingQuantity × the PricingUnit's
multiplier (``1M Tokens`` → × 1,000,000), in tokens, hours or requests; an
empty quantity counts 0 on lines other than Usage. Workload: the Tags JSON
object's ``workload`` key (any case), else ``app``, ``application`` or
``project``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from core.importing.assemble import assemble
from core.importing.base import (
    ColumnPlan,
    Converted,
    ImportOptions,
    RawTable,
    RowIssues,
)
from core.importing.cells import decimals, header_key, timestamps
from core.importing.formats._cloud import (
    QUANTITY,
    distinct_rows,
    first_text,
    flag_currencies,
    flag_groups,
    group_sizes,
    is_token_unit,
    meter_from_words,
    model_of,
    raw_column,
    scale_by,
    tag_values,
    take_text,
    unit_multiplier,
    vendor_of,
)
from core.importing.formats._vendor import (
    Signature,
    check_period,
    count_true,
    missing_columns,
    resolve,
    unknown_note,
)
from core.reference import ChargeCategory, Meter, Vendor
from core.usage import MONEY_SCALE, QUANTITY_SCALE

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

SIGNATURE = Signature(
    key=(
        "billed_cost", "effective_cost", "list_cost", "contracted_cost",
        "billing_currency", "charge_category", "charge_period_start",
        "charge_period_end", "pricing_quantity", "pricing_unit",
    ),
    other=(
        "provider_name", "publisher_name", "service_name", "service_category",
        "charge_class", "charge_description", "consumed_quantity",
        "consumed_unit", "sku_id", "sku_price_id", "sub_account_id",
        "billing_period_start", "invoice_issuer_name", "list_unit_price",
    ),
)  # fmt: skip
_NEEDED = (
    "billed_cost", "billing_currency", "charge_category",
    "charge_period_start", "charge_period_end",
)  # fmt: skip
WORKLOAD_KEYS = ("workload", "app", "application", "project")
# Columns the CSV reader may parse as decimals itself, with their scale.
_EXACT = {
    **dict.fromkeys(
        ("billed_cost", "effective_cost", "list_cost", "contracted_cost"),
        MONEY_SCALE,
    ),
    "pricing_quantity": QUANTITY_SCALE,
    "consumed_quantity": QUANTITY_SCALE,
}
# Every column convert reads, by header key (keep in step with _convert).
_READ = frozenset(
    {
        *_NEEDED,
        "effective_cost", "list_cost", "contracted_cost", "charge_class",
        "pricing_quantity", "pricing_unit", "consumed_quantity",
        "consumed_unit", "provider_name", "publisher_name", "service_name",
        "sku_meter", "x_sku_meter_name", "x_usage_type", "sku_id",
        "commitment_discount_id", "sub_account_name", "sub_account_id", "tags",
    }
)  # fmt: skip

_CATEGORIES = {c.value.lower(): c.value for c in ChargeCategory}
_UNMETERED = frozenset({ChargeCategory.PURCHASE.value, ChargeCategory.TAX.value})


class FocusFormat:
    """A FOCUS 1.0–1.2 export from any provider."""

    name = "focus"
    label = "FOCUS billing export (1.0–1.2)"

    def match(self, header: Sequence[str]) -> float:
        """How surely ``header`` is a FOCUS export, 0 to 1."""
        return SIGNATURE.score(header)

    def plan_columns(self, header: Sequence[str]) -> ColumnPlan:
        """The columns :meth:`convert` reads (a FOCUS file has many more),
        amounts and quantities parsed as exact decimals while reading."""
        return ColumnPlan(
            keep=frozenset(n for n in header if header_key(n) in _READ),
            exact={n: _EXACT[header_key(n)] for n in header if header_key(n) in _EXACT},
        )

    def convert(self, raw: RawTable, options: ImportOptions) -> Converted:
        """One usage row per line; amounts in BillingCurrency, exact."""
        columns = resolve(raw)
        missing = [key for key in _NEEDED if key not in columns]
        if not {"pricing_quantity", "consumed_quantity"} & columns.keys():
            missing.append("pricing_quantity")
        if missing:
            return missing_columns(raw, missing, self.label)
        return _convert(raw, options, columns)


def _convert(
    raw: RawTable, options: ImportOptions, columns: dict[str, str]
) -> Converted:
    issues = RowIssues(raw)

    sources = [raw_column(raw, columns, key) for key in _LABEL_COLUMNS]
    codes, keys = distinct_rows(sources, raw.table.num_rows)
    labels = [_label(*key) for key in keys]
    _check_labels(issues, columns, labels, codes)
    named = {
        field: take_text([getattr(label, field) for label in labels], codes)
        for field in ("vendor", "model", "meter", "currency", "category")
    }
    quantity = _quantities(raw, issues, columns, named["category"], labels, codes)

    order = options.date_order
    start = timestamps(raw, issues, columns["charge_period_start"], date_order=order)
    end = timestamps(raw, issues, columns["charge_period_end"], date_order=order)
    check_period(issues, start, end, columns["charge_period_end"])
    billed = decimals(raw, issues, columns["billed_cost"])
    account_keys = ("sub_account_name", "sub_account_id")

    return assemble(
        raw,
        issues,
        {
            "period_start": start,
            "period_end": end,
            "vendor": named["vendor"],
            "account": first_text(raw, columns, account_keys),
            "workload": tag_values(raw, columns.get("tags"), WORKLOAD_KEYS),
            "model": named["model"],
            "meter": named["meter"],
            "quantity": quantity,
            "list_amount": _money(raw, issues, columns, "list_cost"),
            "contracted_amount": _money(raw, issues, columns, "contracted_cost"),
            "billed_amount": billed,
            "effective_amount": _money(raw, issues, columns, "effective_cost"),
            "currency": named["currency"],
            "charge_category": named["category"],
            "commitment_id": first_text(
                raw, columns, ("commitment_discount_id",), null=True
            ),
        },
        notes=_notes(named["category"], billed, labels, codes),
    )


# Columns whose distinct combinations decide every label of a line.
_LABEL_COLUMNS = (
    "provider_name", "publisher_name", "service_name", "sku_meter",
    "x_sku_meter_name", "x_usage_type", "sku_id", "pricing_unit",
    "consumed_unit", "charge_category", "charge_class", "billing_currency",
)  # fmt: skip


@dataclass(frozen=True)
class _Label:
    """What one distinct combination of the label columns means.

    ``category`` is empty when ChargeCategory is not a FOCUS one;
    ``consumed_multiplier`` is None when ConsumedUnit does not count tokens.
    """

    vendor: str
    model: str
    meter: str
    category: str
    currency: str
    pricing_multiplier: Decimal
    consumed_multiplier: Decimal | None
    example: str


def _label(
    provider: str, publisher: str, service: str, sku_meter: str,
    x_meter: str, x_usage: str, sku_id: str, pricing_unit: str,
    consumed_unit: str, category: str, charge_class: str, currency: str,
) -> _Label:  # fmt: skip
    named = (sku_meter, x_meter, x_usage, sku_id)
    category = _category(category, charge_class)
    meter = Meter.OTHER.value
    if category not in _UNMETERED:
        meter = meter_from_words(" ".join((*named, pricing_unit, consumed_unit)))
    consumed = unit_multiplier(consumed_unit) if is_token_unit(consumed_unit) else None
    model = model_of(named, service)
    return _Label(
        vendor=vendor_of(provider, publisher, service, model),
        model=model,
        meter=meter,
        category=category,
        currency=currency.upper(),
        pricing_multiplier=unit_multiplier(pricing_unit),
        consumed_multiplier=consumed,
        example=next((text for text in (*named, pricing_unit) if text), service),
    )


def _category(written: str, charge_class: str) -> str:
    """The FOCUS charge category, or "" when unknown; a correction of usage
    (which may have a negative quantity) is kept as an adjustment."""
    category = _CATEGORIES.get(written.lower(), "")
    correction = charge_class.lower() == "correction"
    if correction and category == ChargeCategory.USAGE.value:
        return ChargeCategory.ADJUSTMENT.value
    return category


def _check_labels(
    issues: RowIssues, columns: dict[str, str], labels: list[_Label], codes: np.ndarray
) -> None:
    """Flag rows with an unknown charge category or a malformed currency."""
    flag_groups(
        issues,
        [not label.category for label in labels],
        codes,
        columns["charge_category"],
        "not a FOCUS charge category",
        "write Usage, Purchase, Tax, Credit or Adjustment",
    )
    currencies = [label.currency for label in labels]
    flag_currencies(issues, currencies, codes, columns["billing_currency"])


def _quantities(
    raw: RawTable,
    issues: RowIssues,
    columns: dict[str, str],
    category: pa.Array,
    labels: list[_Label],
    codes: np.ndarray,
) -> pa.Array:
    """Units consumed in the meter's unit (tokens, hours…), ``decimal128(38, 6)``.

    ConsumedQuantity where ConsumedUnit counts tokens, else PricingQuantity ×
    the PricingUnit multiplier. Empty counts 0 except on Usage lines.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    consumed_column = columns.get("consumed_quantity", "")
    consumed = scale_by(
        _counts(raw, issues, consumed_column),
        [label.consumed_multiplier or Decimal(1) for label in labels],
        codes,
        issues,
        consumed_column,
    )
    counts_tokens = pa.array([lab.consumed_multiplier is not None for lab in labels])
    use_consumed = pc.and_(counts_tokens.take(pa.array(codes)), pc.is_valid(consumed))
    pricing_column = columns.get("pricing_quantity", "")
    pricing = _counts(raw, issues, pricing_column)
    if not pc.all(use_consumed).as_py():
        multipliers = [label.pricing_multiplier for label in labels]
        pricing = scale_by(pricing, multipliers, codes, issues, pricing_column)
    quantity = pc.if_else(use_consumed, consumed, pricing)

    shown = pricing_column or consumed_column
    _check_usage_quantities(issues, category, quantity, shown)
    return quantity.fill_null(0)


def _check_usage_quantities(
    issues: RowIssues, category: pa.Array, quantity: pa.Array, column: str
) -> None:
    """Usage lines need a quantity, and not a negative one."""
    import pyarrow.compute as pc

    usage = pc.equal(category, ChargeCategory.USAGE.value)
    issues.add(
        pc.and_(usage, pc.is_null(quantity)),
        column,
        "a usage line needs a quantity",
        "fill in PricingQuantity (or ConsumedQuantity)",
    )
    issues.add(
        pc.and_(usage, pc.less(quantity, 0)),
        column,
        "a usage quantity cannot be negative",
        "book refunds as ChargeCategory Credit",
    )


def _counts(raw: RawTable, issues: RowIssues, column: str) -> pa.Array:
    """A quantity column, ``decimal128(38, 6)``; all null when ``column`` is
    empty (the file lacks it)."""
    import pyarrow as pa

    if not column:
        return pa.nulls(raw.table.num_rows, pa.decimal128(38, QUANTITY))
    return decimals(raw, issues, column, required=False, scale=QUANTITY)


def _money(
    raw: RawTable, issues: RowIssues, columns: dict[str, str], key: str
) -> pa.Array | None:
    """An optional cost column, exact; None when the file lacks it."""
    if key not in columns:
        return None
    return decimals(raw, issues, columns[key], required=False)


def _notes(
    category: pa.Array, billed: pa.Array, labels: list[_Label], codes: np.ndarray
) -> list[str]:
    """Notes on credits written positive, unknown meters and other vendors."""
    import pyarrow.compute as pc

    notes = []
    credit = pc.equal(category, ChargeCategory.CREDIT.value)
    positive = count_true(pc.and_(credit, pc.greater(billed, 0)))
    if positive:
        notes.append(
            f"{positive} Credit lines have a positive BilledCost; FOCUS writes "
            "credits negative, so check the export: they are imported as written"
        )
    sizes = group_sizes(codes, len(labels))
    unmetered = [
        (size, label.example)
        for size, label in zip(sizes, labels, strict=True)
        if label.category == ChargeCategory.USAGE.value
        and label.meter == Meter.OTHER.value
    ]
    examples = sorted({example for _, example in unmetered})[:5]
    notes += unknown_note(sum(size for size, _ in unmetered), "meter", examples)
    others = sum(
        size
        for size, label in zip(sizes, labels, strict=True)
        if label.vendor == Vendor.OTHER.value
    )
    if others:
        notes.append(
            f"{others} lines are not from an AI vendor we know; they are imported "
            "under the vendor 'other'"
        )
    return notes


FORMATS = [FocusFormat()]
