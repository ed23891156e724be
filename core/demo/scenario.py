"""The demo company's facts: period, models, list prices, workloads, contracts.

Everything here is fixed data, written by hand; the random part of the demo
(daily volumes) lives in :mod:`core.demo.volumes`. Prices are USD per
million tokens (per MTok). Ids are made up but shaped like the vendors' own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.contract import (
    Clauses,
    Commitment,
    CommitmentTier,
    Contract,
    ContractRate,
)
from core.reference import CommitmentPeriod, Meter, Vendor

FIRST_DAY = date(2025, 9, 1)
LAST_DAY = date(2026, 11, 30)
COMPANY = "Harbourline"

GPT_LUNA = "gpt-5.6-luna"
GPT_55 = "gpt-5.5"
CLAUDE_SONNET = "claude-sonnet-4-6"
CLAUDE_HAIKU = "claude-haiku-4-5"
BEDROCK_SONNET = "anthropic.claude-sonnet-4-5-20250929-v1:0"
BEDROCK_LLAMA = "meta.llama3-1-70b-instruct-v1:0"

LUNA_PRICE_CUT = date(2026, 7, 30)


def _prices(**price_per_mtok: str) -> dict[Meter, Decimal]:
    return {Meter(meter): Decimal(price) for meter, price in price_per_mtok.items()}


# Each model's list price history: (first day valid, price per MTok by meter).
# Batch meters are listed at half the synchronous price, as OpenAI does.
LIST_PRICES: dict[str, tuple[tuple[date, dict[Meter, Decimal]], ...]] = {
    GPT_LUNA: (
        (
            date(2025, 1, 1),
            _prices(
                input="1", cached_input="0.10", output="6",
                batch_input="0.50", batch_output="3",
            ),
        ),
        (
            LUNA_PRICE_CUT,
            _prices(
                input="0.20", cached_input="0.02", output="1.20",
                batch_input="0.10", batch_output="0.60",
            ),
        ),
    ),
    GPT_55: (
        (
            date(2025, 1, 1),
            _prices(
                input="5", cached_input="0.50", output="30",
                batch_input="2.50", batch_output="15",
            ),
        ),
    ),
    CLAUDE_SONNET: (
        (
            date(2025, 1, 1),
            _prices(input="3", output="15", cached_input="0.30", cache_write="3.75"),
        ),
    ),
    CLAUDE_HAIKU: (
        (
            date(2025, 1, 1),
            _prices(input="1", output="5", cached_input="0.10", cache_write="1.25"),
        ),
    ),
    BEDROCK_SONNET: ((date(2025, 1, 1), _prices(input="3", output="15")),),
    BEDROCK_LLAMA: ((date(2025, 1, 1), _prices(input="0.72", output="0.72")),),
}  # fmt: skip


def list_price_per_mtok(model: str, meter: Meter, day: date) -> Decimal:
    """The list price (USD per MTok) of a model's meter valid on ``day``.

    Raises:
        KeyError: the demo does not price that model or meter.
    """
    valid = [prices for start, prices in LIST_PRICES[model] if start <= day]
    return valid[-1][meter]


@dataclass(frozen=True)
class Workload:
    """One use of AI at the demo company and how its traffic behaves.

    ``input_tokens_per_day`` is the weekday input volume on the first day,
    cached and cache-write tokens included. Shares are fractions of that
    input; ``output_per_input`` is output tokens per input token.
    ``monthly_growth`` is a fraction per 30 days (0.03 = 3%).
    """

    name: str
    vendor: Vendor
    model: str
    account_id: str
    input_tokens_per_day: int
    output_per_input: float
    monthly_growth: float
    weekend_factor: float
    input_tokens_per_request: int
    cached_share: float = 0.0
    cache_write_share: float = 0.0
    batch: bool = False
    api_key_id: str = ""


WORKLOADS: tuple[Workload, ...] = (
    Workload(
        name="Support chatbot", vendor=Vendor.OPENAI, model=GPT_LUNA,
        account_id="proj_H7kQm2Vx9LpR4tZs8NcWbY3e",
        input_tokens_per_day=600_000_000, output_per_input=0.07,
        monthly_growth=0.03, weekend_factor=0.65,
        input_tokens_per_request=3_000, cached_share=0.55,
    ),
    Workload(
        name="Nightly summarisation", vendor=Vendor.OPENAI, model=GPT_LUNA,
        account_id="proj_Q2nVt8Jd5XwK1mGr6HsPaL0c",
        input_tokens_per_day=200_000_000, output_per_input=0.12,
        monthly_growth=0.04, weekend_factor=1.0,
        input_tokens_per_request=12_000, batch=True,
    ),
    Workload(
        name="Code assistant", vendor=Vendor.OPENAI, model=GPT_55,
        account_id="proj_Z5rBc1Wn7YqT3kFh9DmLsV2x",
        input_tokens_per_day=80_000_000, output_per_input=0.06,
        monthly_growth=0.05, weekend_factor=0.15,
        input_tokens_per_request=9_000, cached_share=0.5,
    ),
    Workload(
        name="Document extraction", vendor=Vendor.ANTHROPIC, model=CLAUDE_SONNET,
        account_id="wrkspc_01K8vQ3mTz7Rn2XpL5wHc9Jd",
        input_tokens_per_day=150_000_000, output_per_input=0.04,
        monthly_growth=0.04, weekend_factor=0.4,
        input_tokens_per_request=8_000, cached_share=0.35,
        cache_write_share=0.05, api_key_id="apikey_01K8vR6pWx2Nm9TcQ4bZs7Lf",
    ),
    Workload(
        name="Classification", vendor=Vendor.ANTHROPIC, model=CLAUDE_HAIKU,
        account_id="wrkspc_01K8vS1dHq5Wm8YtB3rNc6Ux",
        input_tokens_per_day=250_000_000, output_per_input=0.01,
        monthly_growth=0.015, weekend_factor=0.8,
        input_tokens_per_request=1_200, cached_share=0.6,
        cache_write_share=0.02, api_key_id="apikey_01K8vT4gLz9Pc2XkV7mRw5Qe",
    ),
    Workload(
        name="RAG search", vendor=Vendor.AWS_BEDROCK, model=BEDROCK_SONNET,
        account_id="345678901234",
        input_tokens_per_day=90_000_000, output_per_input=0.05,
        monthly_growth=0.025, weekend_factor=0.5,
        input_tokens_per_request=6_000,
    ),
    Workload(
        name="Translation", vendor=Vendor.AWS_BEDROCK, model=BEDROCK_LLAMA,
        account_id="456789012345",
        input_tokens_per_day=90_000_000, output_per_input=0.9,
        monthly_growth=0.07, weekend_factor=0.7,
        input_tokens_per_request=1_500,
    ),
)  # fmt: skip


def _rates(model: str, **price_per_mtok: str) -> list[ContractRate]:
    return [
        ContractRate(model=model, meter=meter, price=price)
        for meter, price in _prices(**price_per_mtok).items()
    ]


def openai_contract() -> Contract:
    """The OpenAI enterprise agreement (2026–2027) with a $480k annual commitment.

    Usage before 2026-01-01 ran under an earlier order form at the same rates,
    so the demo bills the whole period at these rates.
    """
    rates = _rates(
        GPT_LUNA, input="0.90", output="5.40", cached_input="0.09",
        batch_input="0.45", batch_output="2.70",
    ) + _rates(
        GPT_55, input="4.50", output="27.00", cached_input="0.45",
        batch_input="2.25", batch_output="13.50",
    )  # fmt: skip
    tiers = [
        CommitmentTier(min_commitment=Decimal(bound), discount_pct=Decimal(pct))
        for bound, pct in ((0, 0), (250_000, 5), (500_000, 10), (1_000_000, 15))
    ]
    return Contract(
        name="OpenAI enterprise agreement",
        vendor=Vendor.OPENAI,
        term_start=date(2026, 1, 1),
        term_end=date(2027, 12, 31),
        notice_period_days=90,
        rates=rates,
        commitment=Commitment(
            amount=Decimal(480_000),
            period=CommitmentPeriod.ANNUAL,
            tiers=tiers,
            unused_fee_pct=Decimal(100),
            rollover_pct=Decimal(0),
        ),
        clauses=Clauses(
            price_review_threshold_pct=Decimal(25), mfn=False, reassessment_months=12
        ),
        notes="Renews the 2025 order form at the same rates.",
    )


def anthropic_contract() -> Contract:
    """Anthropic pay-as-you-go: 10% off list on every line, no commitment."""
    return Contract(
        name="Anthropic pay-as-you-go",
        vendor=Vendor.ANTHROPIC,
        term_start=date(2025, 6, 1),
        term_end=date(2026, 12, 31),
        notice_period_days=30,
        discount_off_list_pct=Decimal(10),
    )


# File name of each contract's filled workbook, by vendor.
CONTRACT_WORKBOOKS = {
    Vendor.OPENAI: "contract_openai_enterprise.xlsx",
    Vendor.ANTHROPIC: "contract_anthropic_payg.xlsx",
}
