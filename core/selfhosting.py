"""The self-hosting scenario: our walk-away alternative, described."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class SelfHostingScenario(BaseModel):
    """An open-weight model served on rented or owned GPUs.

    Money is in USD. Defaults follow published figures for an 8B model on one
    H100 with vLLM (about 3,400 output tokens/s) at a specialist cloud's rate;
    every one is editable.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    name: str = "Llama 3.1 8B on H100"
    open_weight_model: str = "llama-3.1-8b-instruct"
    gpu: str = "H100 80GB"
    gpu_hourly_usd: Decimal = Field(Decimal("2.99"), gt=0)
    gpus_per_replica: int = Field(1, ge=1)
    tokens_per_second: Decimal = Field(Decimal(3400), gt=0)
    utilisation_pct: Decimal = Field(Decimal(30), gt=0, le=100)
    redundancy_factor: Decimal = Field(Decimal(2), ge=1)
    staff_usd_per_year: Decimal = Field(Decimal(150_000), ge=0)
    setup_usd: Decimal = Field(Decimal(20_000), ge=0)
    setup_amortisation_months: int = Field(24, ge=1)
