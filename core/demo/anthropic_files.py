"""The demo's Anthropic exports: the Admin API cost report and usage report.

Cost report (``anthropic_cost_report_<from>_<to>.csv``): one line per day,
workspace, model and token type. ``amount`` is a decimal string IN CENTS of
USD, exact ("12345.67" is $123.4567), at 10% below list. ``token_type`` is
``uncached_input_tokens``, ``cache_read_input_tokens``,
``cache_creation.ephemeral_5m_input_tokens`` or ``output_tokens``;
``cost_type`` is ``tokens``. The report gives no token count, so the usage
table takes the count from the usage report's matching line.

Usage report (``anthropic_usage_report_<from>_<to>.csv``): one line per day,
model, workspace, API key and service tier, with the token counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from core.contract import Contract
from core.demo.ledger import Charge, Ledger, csv_bytes, plain, price_charge
from core.demo.scenario import CLAUDE_HAIKU, CLAUDE_SONNET, list_price_per_mtok
from core.demo.volumes import DayVolume
from core.reference import Meter, Vendor

COST_HEADER = (
    "starting_at", "ending_at", "amount", "currency", "cost_type", "token_type",
    "model", "service_tier", "context_window", "workspace_id", "description",
)  # fmt: skip
USAGE_HEADER = (
    "starting_at", "ending_at", "uncached_input_tokens",
    "cache_read_input_tokens", "cache_creation.ephemeral_5m_input_tokens",
    "cache_creation.ephemeral_1h_input_tokens", "output_tokens", "model",
    "workspace_id", "api_key_id", "service_tier", "context_window",
)  # fmt: skip

# The report's token_type for each meter, and how the description says it.
TOKEN_TYPES = {
    Meter.INPUT: ("uncached_input_tokens", "input tokens"),
    Meter.CACHED_INPUT: ("cache_read_input_tokens", "prompt caching read"),
    Meter.CACHE_WRITE: (
        "cache_creation.ephemeral_5m_input_tokens",
        "prompt caching write (5 minutes)",
    ),
    Meter.OUTPUT: ("output_tokens", "output tokens"),
}
DISPLAY_NAMES = {CLAUDE_SONNET: "Claude Sonnet 4.6", CLAUDE_HAIKU: "Claude Haiku 4.5"}
_CENTS_PER_USD = Decimal(100)


def anthropic_files(
    volumes: Sequence[DayVolume], contract: Contract, period: str
) -> tuple[Ledger, dict[str, bytes]]:
    """The cost report as a ledger, and both reports' bytes by file name.

    ``period`` is the ``<from>_<to>`` part of the file names.
    """
    name = f"anthropic_cost_report_{period}.csv"
    ledger = Ledger(name, Vendor.ANTHROPIC, COST_HEADER)
    usage_lines: list[list[str]] = []
    our_share = 1 - contract.discount_off_list_pct / 100
    for volume in volumes:
        if volume.workload.vendor is not Vendor.ANTHROPIC:
            continue
        for charge in _charges(volume, our_share):
            ledger.add(_cost_line(charge), charge)
        usage_lines.append(_usage_line(volume))

    files = {
        ledger.file_name: ledger.to_bytes(),
        f"anthropic_usage_report_{period}.csv": csv_bytes(USAGE_HEADER, usage_lines),
    }
    return ledger, files


def _charges(volume: DayVolume, our_share: Decimal) -> list[Charge]:
    metered = (
        (Meter.INPUT, volume.uncached_input_tokens),
        (Meter.CACHED_INPUT, volume.cache_read_tokens),
        (Meter.CACHE_WRITE, volume.cache_write_tokens),
        (Meter.OUTPUT, volume.output_tokens),
    )
    charges = []
    for meter, tokens in metered:
        list_price = list_price_per_mtok(volume.workload.model, meter, volume.day)
        charges.append(price_charge(volume, meter, tokens, list_price * our_share))
    return charges


def _times(volume: DayVolume) -> list[str]:
    end = volume.day + timedelta(days=1)
    return [f"{volume.day.isoformat()}T00:00:00Z", f"{end.isoformat()}T00:00:00Z"]


def _cost_line(charge: Charge) -> list[str]:
    workload = charge.volume.workload
    token_type, words = TOKEN_TYPES[charge.meter]
    return [
        *_times(charge.volume),
        plain(charge.billed_usd * _CENTS_PER_USD),
        "USD",
        "tokens",
        token_type,
        workload.model,
        "standard",
        "0-200k",
        workload.account_id,
        f"{DISPLAY_NAMES[workload.model]} usage: {words}",
    ]


def _usage_line(volume: DayVolume) -> list[str]:
    workload = volume.workload
    return [
        *_times(volume),
        str(volume.uncached_input_tokens),
        str(volume.cache_read_tokens),
        str(volume.cache_write_tokens),
        "0",
        str(volume.output_tokens),
        workload.model,
        workload.account_id,
        workload.api_key_id,
        "standard",
        "0-200k",
    ]
