"""A deterministic demo: 15 months of a mid-size company's AI API spend.

The company (Harbourline) runs seven workloads on three vendors from
2025-09-01 to 2026-11-30, spending roughly $50k a month at the start and
$85k at the end:

- OpenAI, billed at the enterprise agreement's rates (billed equals
  contracted; no separate commitment-discount line): support chatbot and
  nightly summarisation on ``gpt-5.6-luna`` (the summarisation runs on the
  Batch API), code assistant on ``gpt-5.5``. The luna list price falls 80%
  on 2026-07-30 ($1/$6 to $0.20/$1.20 per MTok) while our contracted rate
  stays at $0.90/$5.40: the gap the product exists to show. The agreement
  starts 2026-01-01; the months before ran on an earlier order form at the
  same rates, so the whole period is billed at them.
- Anthropic, pay-as-you-go at 10% off list: document extraction on
  ``claude-sonnet-4-6``, classification on ``claude-haiku-4-5``.
- Amazon Bedrock at list price (no contract): RAG search on Claude Sonnet
  4.5, translation on Llama 3.1 70B.

:func:`build_demo` returns the vendor files (in the formats of PRODUCT.md
§3, described in each writer's module), the usage table an importer should
produce from the cost files, the two contracts, and each vendor's billed
total summed line by line. Volumes come from ``random.Random(seed)``; no
clock is read, so one seed always gives the same bytes.

Usage-table conventions: one row per money-bearing line of a cost file
(OpenAI cost export, Anthropic cost report, AWS CUR), ``source_row`` its
row in that file (header is row 1); ``account`` is the OpenAI project id,
the Anthropic workspace id or the AWS linked account id; ``workload`` the
OpenAI project name or the Bedrock ``user_workload`` tag (for Anthropic,
the workspace's workload); ``model`` as the vendor names it (the Bedrock
model id for Bedrock); ``quantity`` in tokens. Amounts are USD, exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from core.contract import Contract
from core.demo.anthropic_files import anthropic_files
from core.demo.bedrock_files import bedrock_file
from core.demo.openai_files import openai_files
from core.demo.scenario import (
    CONTRACT_WORKBOOKS,
    FIRST_DAY,
    LAST_DAY,
    anthropic_contract,
    openai_contract,
)
from core.demo.volumes import daily_volumes

if TYPE_CHECKING:
    import pandas as pd

DEMO_SEED = 20_260_730
PERIOD = f"{FIRST_DAY.isoformat()}_{LAST_DAY.isoformat()}"
RESOURCE_FOLDER = Path(__file__).resolve().parents[2] / "resources" / "demo"

__all__ = ["DEMO_SEED", "RESOURCE_FOLDER", "DemoData", "build_demo", "write_demo_files"]


@dataclass(frozen=True)
class DemoData:
    """Everything the demo generates.

    ``files`` maps each vendor file's name to its exact bytes;
    ``expected_totals`` maps a vendor id (``"openai"``…) to the USD billed
    in its cost file, summed line by line as they were written.
    """

    usage: pd.DataFrame
    contracts: list[Contract]
    files: dict[str, bytes]
    expected_totals: dict[str, Decimal]


def build_demo(seed: int = DEMO_SEED) -> DemoData:
    """Generate the demo: vendor files, usage table, contracts and totals."""
    from core.usage import usage_frame

    volumes = daily_volumes(seed)
    contracts = [openai_contract(), anthropic_contract()]
    openai_ledger, files = openai_files(volumes, contracts[0], PERIOD)
    anthropic_ledger, anthropic_reports = anthropic_files(volumes, contracts[1], PERIOD)
    bedrock_ledger = bedrock_file(volumes, PERIOD)

    files.update(anthropic_reports)
    files[bedrock_ledger.file_name] = bedrock_ledger.to_bytes()
    ledgers = (openai_ledger, anthropic_ledger, bedrock_ledger)
    rows = [row for ledger in ledgers for row in ledger.usage_rows]
    return DemoData(
        usage=usage_frame(rows),
        contracts=contracts,
        files=files,
        expected_totals={
            ledger.vendor.value: ledger.billed_total_usd for ledger in ledgers
        },
    )


def write_demo_files(folder: Path, seed: int = DEMO_SEED) -> list[Path]:
    """Write the vendor files and the filled contract workbooks into ``folder``.

    The folder is created if needed; files of the same names are replaced.
    Returns the written paths, sorted by name.
    """
    from core.contract_template import write_contract_workbook

    demo = build_demo(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in demo.files.items():
        path = folder / name
        path.write_bytes(content)
        written.append(path)

    for contract in demo.contracts:
        path = folder / CONTRACT_WORKBOOKS[contract.vendor]
        write_contract_workbook(path, contract)
        written.append(path)
    return sorted(written)
