"""The demo's AWS Cost and Usage Report (CUR 2.0) lines for Amazon Bedrock.

File ``aws_cur2_bedrock_<from>_<to>.csv``: one ``Usage`` line per day,
linked account and usage type (``USE1-Claude4.5Sonnet-input-tokens``,
``USE1-Llama3.1-70B-output-tokens``…). ``line_item_usage_amount`` is in
THOUSANDS of tokens (``pricing_unit`` ``1K tokens``) and both rates are USD
per 1,000 tokens. There is no contract, so ``line_item_unblended_cost``
equals ``pricing_public_on_demand_cost``; both are exact. The workload is in
``resource_tags``, a JSON object with a ``user_workload`` key; the model id
ends ``line_item_resource_id``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from core.demo.ledger import Charge, Ledger, plain, price_charge
from core.demo.scenario import BEDROCK_LLAMA, BEDROCK_SONNET, list_price_per_mtok
from core.demo.volumes import DayVolume
from core.reference import Meter, Vendor

HEADER = (
    "identity_line_item_id", "identity_time_interval",
    "bill_billing_period_start_date", "bill_billing_period_end_date",
    "bill_payer_account_id", "line_item_line_item_type",
    "line_item_usage_start_date", "line_item_usage_end_date",
    "line_item_usage_account_id", "line_item_product_code",
    "line_item_usage_type", "line_item_operation", "line_item_resource_id",
    "line_item_usage_amount", "pricing_unit", "line_item_unblended_rate",
    "line_item_unblended_cost", "pricing_public_on_demand_rate",
    "pricing_public_on_demand_cost", "line_item_currency_code",
    "line_item_line_item_description", "product_region_code", "resource_tags",
)  # fmt: skip
PAYER_ACCOUNT_ID = "210987654321"
REGION = "us-east-1"
PRICING_UNIT = "1K tokens"
_TOKENS_PER_UNIT = Decimal(1_000)

# Usage-type stem and display name of each Bedrock model.
MODELS = {
    BEDROCK_SONNET: ("USE1-Claude4.5Sonnet", "Claude Sonnet 4.5"),
    BEDROCK_LLAMA: ("USE1-Llama3.1-70B", "Llama 3.1 70B Instruct"),
}
_DIRECTIONS = {Meter.INPUT: "input", Meter.OUTPUT: "output"}


def bedrock_file(volumes: Sequence[DayVolume], period: str) -> Ledger:
    """The CUR extract as a ledger; ``period`` is the ``<from>_<to>`` text."""
    ledger = Ledger(f"aws_cur2_bedrock_{period}.csv", Vendor.AWS_BEDROCK, HEADER)
    for volume in volumes:
        if volume.workload.vendor is not Vendor.AWS_BEDROCK:
            continue
        for meter, tokens in (
            (Meter.INPUT, volume.input_tokens),
            (Meter.OUTPUT, volume.output_tokens),
        ):
            list_price = list_price_per_mtok(volume.workload.model, meter, volume.day)
            charge = price_charge(volume, meter, tokens, list_price)
            ledger.add(_cur_line(charge), charge)
    return ledger


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _billing_period(day: date) -> tuple[str, str]:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return _timestamp(first), _timestamp(following)


def _cur_line(charge: Charge) -> list[str]:
    volume = charge.volume
    workload = volume.workload
    usage_type, description = _usage_type(charge)
    start, end = _timestamp(volume.day), _timestamp(volume.day + timedelta(days=1))
    price = list_price_per_mtok(workload.model, charge.meter, volume.day)
    rate_per_1k = plain(price / _TOKENS_PER_UNIT)
    line_id = f"{volume.day}|{workload.account_id}|{usage_type}"
    return [
        hashlib.sha256(line_id.encode()).hexdigest()[:52],
        f"{start}/{end}",
        *_billing_period(volume.day),
        PAYER_ACCOUNT_ID,
        "Usage",
        start,
        end,
        workload.account_id,
        "AmazonBedrock",
        usage_type,
        "InvokeModelInference",
        f"arn:aws:bedrock:{REGION}::foundation-model/{workload.model}",
        plain(Decimal(charge.tokens) / _TOKENS_PER_UNIT),
        PRICING_UNIT,
        rate_per_1k,
        plain(charge.billed_usd),
        rate_per_1k,
        plain(charge.list_usd),
        "USD",
        f"${rate_per_1k} per 1K {description}",
        REGION,
        json.dumps({"user_workload": workload.name}, separators=(",", ":")),
    ]


def _usage_type(charge: Charge) -> tuple[str, str]:
    """The CUR usage type of a charge and the tail of its description."""
    stem, display = MODELS[charge.volume.workload.model]
    direction = _DIRECTIONS[charge.meter]
    described = f"{direction} tokens for {display} in US East (N. Virginia)"
    return f"{stem}-{direction}-tokens", described
