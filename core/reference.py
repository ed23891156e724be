"""Reference vocabulary: vendors, meters and their billing units."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum


class Vendor(StrEnum):
    """Who sends the invoice. The value is the id stored in workspaces."""

    OPENAI = "openai"
    ANTHROPIC = "anthropic"
    AWS_BEDROCK = "aws-bedrock"
    AZURE_OPENAI = "azure-openai"
    GOOGLE = "google"
    MISTRAL = "mistral"
    DEEPSEEK = "deepseek"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _VENDOR_LABELS[self]

    @property
    def catalog_provider(self) -> str | None:
        """The provider id that prices this vendor's models in genai-prices."""
        return _CATALOG_PROVIDERS.get(self)


_VENDOR_LABELS = {
    Vendor.OPENAI: "OpenAI",
    Vendor.ANTHROPIC: "Anthropic",
    Vendor.AWS_BEDROCK: "Amazon Bedrock",
    Vendor.AZURE_OPENAI: "Azure OpenAI",
    Vendor.GOOGLE: "Google",
    Vendor.MISTRAL: "Mistral",
    Vendor.DEEPSEEK: "DeepSeek",
    Vendor.OTHER: "Other",
}

_CATALOG_PROVIDERS = {
    Vendor.OPENAI: "openai",
    Vendor.ANTHROPIC: "anthropic",
    Vendor.AWS_BEDROCK: "aws",
    Vendor.AZURE_OPENAI: "azure",
    Vendor.GOOGLE: "google",
    Vendor.MISTRAL: "mistral",
    Vendor.DEEPSEEK: "deepseek",
}


class BillingUnit(StrEnum):
    """What a meter counts."""

    TOKEN = "token"
    REQUEST = "request"
    IMAGE = "image"
    AUDIO_MINUTE = "audio_minute"
    HOUR = "hour"
    CURRENCY = "currency"


class Meter(StrEnum):
    """A priced dimension of a model."""

    INPUT = "input"
    OUTPUT = "output"
    CACHED_INPUT = "cached_input"
    CACHE_WRITE = "cache_write"
    BATCH_INPUT = "batch_input"
    BATCH_OUTPUT = "batch_output"
    REQUEST = "request"
    IMAGE = "image"
    AUDIO = "audio"
    PROVISIONED = "provisioned"
    OTHER = "other"

    @property
    def unit(self) -> BillingUnit:
        """The unit this meter's quantities are counted in."""
        return _METER_UNITS.get(self, BillingUnit.TOKEN)

    @property
    def price_basis(self) -> Decimal:
        """How many units one quoted price covers: 1,000,000 for tokens.

        Token prices are quoted per million tokens (per MTok); every other
        meter is priced per single unit.
        """
        return Decimal(1_000_000) if self.unit is BillingUnit.TOKEN else Decimal(1)

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


_METER_UNITS = {
    Meter.REQUEST: BillingUnit.REQUEST,
    Meter.IMAGE: BillingUnit.IMAGE,
    Meter.AUDIO: BillingUnit.AUDIO_MINUTE,
    Meter.PROVISIONED: BillingUnit.HOUR,
    Meter.OTHER: BillingUnit.CURRENCY,
}


class ChargeCategory(StrEnum):
    """FOCUS charge categories; plain invoices are all usage."""

    USAGE = "Usage"
    PURCHASE = "Purchase"
    TAX = "Tax"
    CREDIT = "Credit"
    ADJUSTMENT = "Adjustment"


class CommitmentPeriod(StrEnum):
    """How often committed spend is measured."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"
    TERM = "term"
