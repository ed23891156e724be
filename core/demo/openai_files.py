"""The demo's OpenAI exports: the dashboard cost export and the usage export.

Cost export (``openai_costs_<from>_<to>.csv``): one line per day, project and
line item. ``line_item`` is ``"<model>, <meter>"`` with the meter one of
``input`` (uncached input only), ``cached input``, ``output``,
``batch input``, ``batch output``; ``quantity`` is tokens; ``amount_value``
is USD, exact (no rounding), at the contract's rate for that meter;
``amount_currency`` is ``usd``. Times are Unix seconds and ISO 8601, UTC.

Usage export (``completions_usage_<from>_<to>.csv``): one line per day,
project, model and batch flag; ``input_tokens`` INCLUDES
``input_cached_tokens``; ``batch`` is ``true``/``false``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from core.contract import Contract
from core.demo.ledger import (
    Charge,
    Ledger,
    csv_bytes,
    plain,
    price_charge,
    unix_seconds,
)
from core.demo.scenario import COMPANY
from core.demo.volumes import DayVolume
from core.reference import Meter, Vendor

COST_HEADER = (
    "start_time", "end_time", "start_time_iso", "end_time_iso",
    "amount_value", "amount_currency", "quantity", "quantity_unit",
    "line_item", "user_id", "api_key_id", "project_id", "organization_id",
    "project_name", "organization_name", "user_email", "api_source",
)  # fmt: skip
USAGE_HEADER = (
    "start_time", "end_time", "start_time_iso", "end_time_iso",
    "input_tokens", "input_cached_tokens", "output_tokens",
    "input_audio_tokens", "output_audio_tokens", "num_model_requests",
    "project_id", "model", "batch", "service_tier", "api_key_id", "user_id",
)  # fmt: skip
ORGANIZATION_ID = "org-Vt4Lx8Qm2Rz6Nw1Kc9Hs5Bp"

# How the export names each meter in ``line_item``.
LINE_ITEM_METERS = {
    Meter.INPUT: "input",
    Meter.CACHED_INPUT: "cached input",
    Meter.OUTPUT: "output",
    Meter.BATCH_INPUT: "batch input",
    Meter.BATCH_OUTPUT: "batch output",
}


def openai_files(
    volumes: Sequence[DayVolume], contract: Contract, period: str
) -> tuple[Ledger, dict[str, bytes]]:
    """The cost export as a ledger, and both exports' bytes by file name.

    ``period`` is the ``<from>_<to>`` part of the file names.
    """
    ledger = Ledger(f"openai_costs_{period}.csv", Vendor.OPENAI, COST_HEADER)
    usage_lines: list[list[str]] = []
    for volume in volumes:
        if volume.workload.vendor is not Vendor.OPENAI:
            continue
        for charge in _charges(volume, contract):
            ledger.add(_cost_line(charge), charge)
        usage_lines.append(_usage_line(volume))

    files = {
        ledger.file_name: ledger.to_bytes(),
        f"completions_usage_{period}.csv": csv_bytes(USAGE_HEADER, usage_lines),
    }
    return ledger, files


def _charges(volume: DayVolume, contract: Contract) -> list[Charge]:
    if volume.workload.batch:
        metered = [
            (Meter.BATCH_INPUT, volume.input_tokens),
            (Meter.BATCH_OUTPUT, volume.output_tokens),
        ]
    else:
        metered = [
            (Meter.INPUT, volume.uncached_input_tokens),
            (Meter.CACHED_INPUT, volume.cache_read_tokens),
            (Meter.OUTPUT, volume.output_tokens),
        ]
    charges = []
    for meter, tokens in metered:
        rate = contract.rate_for(volume.workload.model, meter)
        if rate is None:
            raise KeyError(f"the demo contract has no rate for {meter}")
        charges.append(price_charge(volume, meter, tokens, rate.price))
    return charges


def _times(volume: DayVolume) -> list[str]:
    start = volume.day
    end = start + timedelta(days=1)
    return [
        str(unix_seconds(start)),
        str(unix_seconds(end)),
        f"{start.isoformat()}T00:00:00+00:00",
        f"{end.isoformat()}T00:00:00+00:00",
    ]


def _cost_line(charge: Charge) -> list[str]:
    workload = charge.volume.workload
    return [
        *_times(charge.volume),
        plain(charge.billed_usd),
        "usd",
        str(charge.tokens),
        "tokens",
        f"{workload.model}, {LINE_ITEM_METERS[charge.meter]}",
        "",
        "",
        workload.account_id,
        ORGANIZATION_ID,
        workload.name,
        COMPANY,
        "",
        "",
    ]


def _usage_line(volume: DayVolume) -> list[str]:
    return [
        *_times(volume),
        str(volume.input_tokens),
        str(volume.cache_read_tokens),
        str(volume.output_tokens),
        "0",
        "0",
        str(volume.requests),
        volume.workload.account_id,
        volume.workload.model,
        "true" if volume.workload.batch else "false",
        "default",
        "",
        "",
    ]
