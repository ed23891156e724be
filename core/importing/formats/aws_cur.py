"""AWS Cost and Usage Report 2.0 (CUR 2.0) lines for Amazon Bedrock.

A CUR holds every AWS service; only lines whose ``line_item_product_code``
is ``AmazonBedrock`` are usage for us. Other services' lines are skipped and
counted in a note, not reported as errors. Legacy CUR column names
(``lineItem/UsageType``) read the same, by their header key.

Each Bedrock line becomes one usage row: ``billed_amount`` ←
``line_item_unblended_cost``, ``list_amount`` ←
``pricing_public_on_demand_cost``, ``contracted_amount`` ←
``line_item_net_unblended_cost`` (after private rates and discounts) when
the report has it; the effective (amortised) amount is not set. Amounts are
in ``line_item_currency_code``, exact. The period is
``line_item_usage_start_date`` to ``line_item_usage_end_date``; the account
``line_item_usage_account_id`` (else ``bill_payer_account_id``).

The usage type names region, model and meter:
``USE1-Claude4.6Sonnet-cache-read-input-token-count``. The region prefix
and the meter words are removed, leaving the model as AWS wrote it
(``Claude4.6Sonnet``, ``Llama3.1-70B``); but a model id named by
``line_item_resource_id`` (``…:foundation-model/<id>`` or
``…:inference-profile/<id>``) or by a ``product_model_id`` column is
preferred, as the exact id; a line naming no model (tax) has the model
``AmazonBedrock``. The meter comes from the usage type's words
(input, output, cache read, cache write, batch). Quantity is
``line_item_usage_amount`` × the ``pricing_unit`` multiplier (``1K tokens``
→ × 1,000), in tokens.

Workload: the ``resource_tags`` JSON object (or Parquet map) key
``user_workload`` (any case), else ``user_app``, ``user_application``,
``user_project``, or the same keys without ``user_``; legacy reports' split
columns (``resourceTags/user:workload``) work too.

``line_item_line_item_type`` gives the charge category: Usage,
DiscountedUsage and SavingsPlanCoveredUsage are Usage; Tax is Tax; Credit,
Refund and the discounts are Credit; SavingsPlanNegation is Adjustment;
fees (SavingsPlanUpfrontFee, SavingsPlanRecurringFee, RIFee, Fee) are
Purchase; unknown types are Adjustment, with a note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from core.importing.assemble import assemble
from core.importing.base import Converted, ImportOptions, RawTable, RowIssues
from core.importing.cells import decimals, timestamps
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
from core.importing.formats._vendor import (
    Signature,
    check_period,
    first_present,
    missing_columns,
    resolve,
)
from core.reference import ChargeCategory, Meter, Vendor

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

SIGNATURE = Signature(
    key=(
        "line_item_usage_type", "line_item_unblended_cost",
        "line_item_product_code", "line_item_usage_amount",
        "line_item_usage_start_date", "line_item_line_item_type",
    ),
    other=(
        "line_item_usage_end_date", "line_item_usage_account_id",
        "line_item_currency_code", "pricing_public_on_demand_cost",
        "pricing_unit", "line_item_resource_id", "resource_tags",
        "bill_payer_account_id", "identity_line_item_id",
        "line_item_operation", "line_item_unblended_rate",
        "product_region_code",
    ),
    foreign=("billed_cost", "cost_in_billing_currency"),
)  # fmt: skip
_NEEDED = (
    "line_item_usage_type", "line_item_unblended_cost", "line_item_product_code",
    "line_item_usage_start_date", "line_item_usage_end_date",
)  # fmt: skip
BEDROCK = "amazonbedrock"
_SERVICE = "AmazonBedrock"  # the model of lines that name none (tax)
WORKLOAD_KEYS = (
    "user_workload", "user_app", "user_application", "user_project",
    "workload", "app", "application", "project",
)  # fmt: skip

_LINE_ITEM_TYPES = {
    "usage": ChargeCategory.USAGE,
    "discountedusage": ChargeCategory.USAGE,
    "savingsplancoveredusage": ChargeCategory.USAGE,
    "tax": ChargeCategory.TAX,
    "credit": ChargeCategory.CREDIT,
    "refund": ChargeCategory.CREDIT,
    "discount": ChargeCategory.CREDIT,
    "bundleddiscount": ChargeCategory.CREDIT,
    "edpdiscount": ChargeCategory.CREDIT,
    "privateratediscount": ChargeCategory.CREDIT,
    "distributordiscount": ChargeCategory.CREDIT,
    "sppdiscount": ChargeCategory.CREDIT,
    "savingsplannegation": ChargeCategory.ADJUSTMENT,
    "savingsplanupfrontfee": ChargeCategory.PURCHASE,
    "savingsplanrecurringfee": ChargeCategory.PURCHASE,
    "rifee": ChargeCategory.PURCHASE,
    "fee": ChargeCategory.PURCHASE,
}
_LIST = "pricing_public_on_demand_cost"
_CONTRACTED = "line_item_net_unblended_cost"
_UNMETERED = (ChargeCategory.PURCHASE.value, ChargeCategory.TAX.value)
_MODEL_ARN = re.compile(r":(?:foundation-model|inference-profile)/([^/]+)$")


class AwsCur2:
    """An AWS CUR 2.0 (or legacy CUR) export, read for its Bedrock lines."""

    name = "aws-cur2"
    label = "AWS Cost and Usage Report (Amazon Bedrock)"

    def match(self, header: Sequence[str]) -> float:
        """How surely ``header`` is a CUR, 0 to 1."""
        return SIGNATURE.score(header)

    def convert(self, raw: RawTable, options: ImportOptions) -> Converted:
        """One usage row per Bedrock line; amounts exact, quantities in
        tokens."""
        columns = resolve(raw)
        missing = [key for key in _NEEDED if key not in columns]
        if missing:
            return missing_columns(raw, missing, self.label)
        bedrock, notes = _bedrock_lines(raw, columns)
        return _convert(bedrock, options, columns, notes)


def _convert(
    raw: RawTable, options: ImportOptions, columns: dict[str, str], notes: list[str]
) -> Converted:
    issues = RowIssues(raw)

    order = options.date_order
    start_column = columns["line_item_usage_start_date"]
    end_column = columns["line_item_usage_end_date"]
    start = timestamps(raw, issues, start_column, date_order=order)
    end = timestamps(raw, issues, end_column, date_order=order)
    check_period(issues, start, end, end_column)
    codes, labels = _labels(raw, issues, columns)
    category = take_text([label.category for label in labels], codes)
    accounts = ("line_item_usage_account_id", "bill_payer_account_id")

    return assemble(
        raw,
        issues,
        {
            "period_start": start,
            "period_end": end,
            "vendor": Vendor.AWS_BEDROCK.value,
            "account": first_text(raw, columns, accounts),
            "workload": _workload(raw, columns),
            "model": take_text([label.model for label in labels], codes),
            "meter": take_text([label.meter for label in labels], codes),
            "quantity": _quantity(raw, issues, columns, category, labels, codes),
            "list_amount": _money(raw, issues, columns, _LIST),
            "contracted_amount": _money(raw, issues, columns, _CONTRACTED),
            "billed_amount": decimals(raw, issues, columns["line_item_unblended_cost"]),
            "currency": take_text([label.currency for label in labels], codes),
            "charge_category": category,
            "commitment_id": first_text(raw, columns, _COMMITMENTS, null=True),
        },
        notes=notes
        + unknown_types_note(
            [(label.line_type, label.known_type) for label in labels],
            codes,
            "line item type",
        ),
    )


@dataclass(frozen=True)
class _Label:
    """What one distinct combination of the label columns means."""

    model: str
    meter: str
    multiplier: Decimal
    category: str
    line_type: str
    known_type: bool
    currency: str


_LABEL_COLUMNS = (
    "line_item_usage_type", "line_item_resource_id", "product_model_id",
    "pricing_unit", "line_item_line_item_type", "line_item_currency_code",
)  # fmt: skip
_COMMITMENTS = (
    "savings_plan_savings_plan_a_r_n", "savings_plan_savings_plan_arn",
    "reservation_reservation_a_r_n", "reservation_reservation_arn",
)  # fmt: skip


def _labels(
    raw: RawTable, issues: RowIssues, columns: dict[str, str]
) -> tuple[np.ndarray, list[_Label]]:
    """Group the lines by their label columns and read each group once."""
    sources = [raw_column(raw, columns, key) for key in _LABEL_COLUMNS]
    codes, keys = distinct_rows(sources, raw.table.num_rows)
    labels = [_label(*key) for key in keys]
    if "line_item_currency_code" in columns:
        currencies = [label.currency for label in labels]
        column = columns["line_item_currency_code"]
        flag_currencies(issues, currencies, codes, column)
    return codes, labels


def _label(
    usage_type: str,
    resource_id: str,
    model_id: str,
    unit: str,
    line_type: str,
    currency: str,
) -> _Label:
    found = _LINE_ITEM_TYPES.get(line_type.lower())
    category = (found or ChargeCategory.ADJUSTMENT).value
    meter = Meter.OTHER.value
    if category not in _UNMETERED:
        meter = meter_from_words(f"{usage_type} {unit}")
    arn = _MODEL_ARN.search(resource_id)
    model = (
        (arn.group(1) if arn else "")
        or model_id
        or model_from_label(usage_type)
        or usage_type
        or _SERVICE
    )
    return _Label(
        model=model,
        meter=meter,
        multiplier=unit_multiplier(unit),
        category=category,
        line_type=line_type,
        known_type=found is not None,
        currency=currency.upper() or "USD",
    )


def _quantity(
    raw: RawTable,
    issues: RowIssues,
    columns: dict[str, str],
    category: pa.Array,
    labels: list[_Label],
    codes: np.ndarray,
) -> pa.Array:
    """``line_item_usage_amount`` × the pricing unit's multiplier, in tokens.

    Required and not negative on usage lines; 0 when empty on others.
    """
    import pyarrow as pa

    column = columns.get("line_item_usage_amount")
    if column is None:
        return pa.repeat(pa.scalar(0, pa.decimal128(38, QUANTITY)), raw.table.num_rows)
    amount = decimals(raw, issues, column, required=False, scale=QUANTITY)
    return usage_quantity(
        amount,
        category,
        [label.multiplier for label in labels],
        codes,
        issues,
        column,
        refund_hint="refunds come as line items of type Refund or Credit",
    )


def _money(
    raw: RawTable, issues: RowIssues, columns: dict[str, str], key: str
) -> pa.Array | None:
    """An optional cost column, exact; None when the report lacks it."""
    if key not in columns:
        return None
    return decimals(raw, issues, columns[key], required=False)


def _bedrock_lines(
    raw: RawTable, columns: dict[str, str]
) -> tuple[RawTable, list[str]]:
    """Keep the Amazon Bedrock lines; a note counts the others."""
    import pyarrow as pa

    product = raw_column(raw, columns, "line_item_product_code")
    codes, keys = distinct_rows([product], raw.table.num_rows)
    kept = [code.lower() == BEDROCK for (code,) in keys]
    sizes = group_sizes(codes, len(keys))
    skipped = sum(size for size, ok in zip(sizes, kept, strict=True) if not ok)
    if not skipped:
        return raw, []
    others = sorted(code for (code,), ok in zip(keys, kept, strict=True) if not ok)
    note = (
        f"{skipped} lines of other AWS services ({', '.join(others[:5])}) were "
        "skipped: only Amazon Bedrock lines are imported"
    )
    return keep_rows(raw, spread(kept, codes, pa.bool_())), [note]


def _workload(raw: RawTable, columns: dict[str, str]) -> pa.Array:
    """The workload tag, from ``resource_tags`` or legacy split tag columns."""
    tagged = tag_values(raw, columns.get("resource_tags"), WORKLOAD_KEYS)
    split = [f"resource_tags_{key}" for key in WORKLOAD_KEYS]
    if not any(key in columns for key in split):
        return tagged
    return first_present(tagged, first_text(raw, columns, split))


FORMATS = [AwsCur2()]
