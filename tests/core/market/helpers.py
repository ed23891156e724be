"""A small hand-made price catalog and contracts for the market tests.

Prices are USD per MTok. Every expected figure in the tests is worked out
by hand from these numbers.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from core.catalog import CatalogModel, CatalogSnapshot, PricePeriod
from core.contract import Clauses, Contract, ContractRate
from core.reference import Meter, Vendor
from tests.core.factories import workspace_with

AS_OF = date(2026, 11, 30)
CUT = date(2026, 7, 30)
BATCH_LISTED = date(2026, 10, 14)
AWS_CUT = date(2026, 5, 1)
URL = "https://example.test/pricing"


def prices(**per_mtok: str) -> dict[Meter, Decimal]:
    return {Meter(meter): Decimal(price) for meter, price in per_mtok.items()}


def period(start: date | None, **per_mtok: str) -> PricePeriod:
    return PricePeriod(start=start, prices=prices(**per_mtok))


def catalog() -> CatalogSnapshot:
    """luna: $1/$6 cut to $0.20/$1.20 on 2026-07-30, batch input listed
    from 2026-10-14 at $0.10. big: $5/$30 throughout. sonnet-x: $3/$15 at
    Anthropic and Google; at AWS $3 cut to $2.50 on 2026-05-01. A reseller
    sells sonnet-x at $1, which is never proposed."""
    luna = CatalogModel(
        provider="openai",
        model_id="luna",
        history=[
            period(None, input="1", output="6", cached_input="0.1"),
            period(CUT, input="0.2", output="1.2", cached_input="0.02"),
            period(
                BATCH_LISTED,
                input="0.2",
                output="1.2",
                cached_input="0.02",
                batch_input="0.1",
            ),
        ],
        pricing_url=URL,
        checked=date(2026, 10, 20),
    )
    big = CatalogModel(
        provider="openai",
        model_id="big",
        history=[period(None, input="5", output="30")],
        checked=date(2026, 10, 20),
    )
    return CatalogSnapshot(
        source="test-catalog",
        version="1",
        as_of=date(2026, 11, 1),
        models=[
            luna,
            big,
            _sonnet("anthropic", "sonnet-x"),
            _sonnet("google", "sonnet-x"),
            CatalogModel(
                provider="aws",
                model_id="anthropic.sonnet-x-v1:0",
                history=[
                    period(None, input="3", output="15"),
                    period(AWS_CUT, input="2.5", output="12.5"),
                ],
            ),
            _sonnet("reseller", "sonnet-x", input_price="1"),
        ],
    )


def _sonnet(provider: str, model_id: str, input_price: str = "3") -> CatalogModel:
    return CatalogModel(
        provider=provider,
        model_id=model_id,
        history=[period(None, input=input_price, output="15")],
    )


def openai_contract(**changes: Any) -> Contract:
    """luna at $0.90 input, $5.40 output, $0.45 batch input, $2.70 batch
    output; review at 25%; term 2026-01-01 to 2027-12-31."""
    fields: dict[str, Any] = {
        "name": "OpenAI order form",
        "vendor": Vendor.OPENAI,
        "term_start": date(2026, 1, 1),
        "term_end": date(2027, 12, 31),
        "rates": [
            ContractRate(model="luna", meter=Meter.INPUT, price=Decimal("0.90")),
            ContractRate(model="luna", meter=Meter.OUTPUT, price=Decimal("5.40")),
            ContractRate(model="luna", meter=Meter.BATCH_INPUT, price=Decimal("0.45")),
            ContractRate(model="luna", meter=Meter.BATCH_OUTPUT, price=Decimal("2.70")),
        ],
        "clauses": Clauses(price_review_threshold_pct=Decimal(25)),
    }
    fields.update(changes)
    return Contract(**fields)


def anthropic_contract(**changes: Any) -> Contract:
    """10% off list, no rates; term 2026-01-01 to 2026-12-31."""
    fields: dict[str, Any] = {
        "name": "Anthropic terms",
        "vendor": Vendor.ANTHROPIC,
        "term_start": date(2026, 1, 1),
        "term_end": date(2026, 12, 31),
        "discount_off_list_pct": Decimal(10),
    }
    fields.update(changes)
    return Contract(**fields)


def market_workspace(rows: list[dict[str, Any]], *contracts: Contract) -> Any:
    """A workspace of ``rows`` priced with :func:`catalog`, as of AS_OF."""
    workspace = workspace_with(rows)
    workspace.use_catalog(catalog())
    workspace.contracts = list(contracts)
    workspace.assumptions.as_of = AS_OF
    return workspace
