"""Price-review and MFN clauses: whether they apply now and since when."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.analysis import analyze
from core.contract import Clauses, ContractRate
from core.pricing import PriceOverride
from core.reference import Meter
from tests.core.factories import row
from tests.core.market.helpers import (
    AWS_CUT,
    BATCH_LISTED,
    CUT,
    anthropic_contract,
    market_workspace,
    openai_contract,
)

ROWS = [row(date(2026, 11, 1), model="luna", quantity=1_000_000, billed="0.9")]


def checks(workspace, clause="triggers"):
    market = analyze(workspace).market_gap
    return {(c.model, c.meter): c for c in getattr(market, clause)}


def test_review_triggers_since_the_price_cut():
    found = checks(market_workspace(ROWS, openai_contract()))
    check = found[("luna", "input")]

    # 25% below 0.90 is 0.675: the $1 list price was not below it, the
    # $0.20 from 2026-07-30 is.
    assert check.triggered
    assert check.since == CUT
    assert not check.since_first_record
    # (0.90 − 0.20) ÷ 0.90
    assert check.fall_pct == Decimal("0.70") / Decimal("0.90") * 100
    assert check.evidence.price_per_mtok == Decimal("0.2")
    assert check.evidence.valid_from == CUT
    assert "2026-07-30" in check.status


def test_a_meter_first_priced_recently_says_since_at_least():
    check = checks(market_workspace(ROWS, openai_contract()))[("luna", "batch_input")]

    # 0.10 < 0.45 × 0.75 since batch was first listed; earlier unknown.
    assert check.triggered
    assert check.since == BATCH_LISTED
    assert check.since_first_record


def test_a_higher_threshold_is_not_reached():
    contract = openai_contract(clauses=Clauses(price_review_threshold_pct=80))
    check = checks(market_workspace(ROWS, contract))[("luna", "input")]

    # 80% below 0.90 is 0.18; 0.20 is not below it.
    assert not check.triggered
    assert check.since is None


def test_an_override_joins_the_price_path():
    workspace = market_workspace(ROWS, openai_contract())
    quoted = date(2026, 9, 1)
    workspace.settings.price_overrides = [
        PriceOverride(
            provider="openai",
            model_id="luna",
            meter=Meter.INPUT,
            price_per_mtok=Decimal("0.70"),
            note="quoted by the account manager",
            quoted_on=quoted,
        )
    ]
    check = checks(workspace)[("luna", "input")]

    # From 2026-09-01 the quote (0.70) wins and is not below 0.675.
    assert not check.triggered
    assert check.market_price_per_mtok == Decimal("0.70")
    assert check.evidence.override_note == "quoted by the account manager"


def test_contracts_without_a_review_clause_have_no_review_check():
    contract = openai_contract(clauses=Clauses())

    assert checks(market_workspace(ROWS, contract)) == {}


def sonnet_rows():
    return [row(date(2026, 11, 1), vendor="anthropic", model="sonnet-x", billed="2.8")]


def test_mfn_compares_with_the_best_published_price_of_the_same_model():
    contract = anthropic_contract(
        discount_off_list_pct=Decimal(0),
        rates=[ContractRate(model="sonnet-x", meter=Meter.INPUT, price=Decimal("2.8"))],
        clauses=Clauses(mfn=True),
    )
    check = checks(market_workspace(sonnet_rows(), contract), "mfn")[
        ("sonnet-x", "input")
    ]

    # AWS lists the same model at 2.50 since 2026-05-01 (3.00 before);
    # Anthropic and Google at 3.00; the reseller's 1.00 does not count.
    assert check.triggered
    assert check.market_price_per_mtok == Decimal("2.5")
    assert check.since == AWS_CUT
    assert check.evidence.provider == "aws"
    # (2.80 − 2.50) ÷ 2.80
    assert check.fall_pct == Decimal("0.3") / Decimal("2.8") * 100


def test_mfn_holds_when_no_published_price_is_below_ours():
    contract = anthropic_contract(
        discount_off_list_pct=Decimal(0),
        rates=[ContractRate(model="sonnet-x", meter=Meter.INPUT, price=Decimal("2.5"))],
        clauses=Clauses(mfn=True),
    )
    check = checks(market_workspace(sonnet_rows(), contract), "mfn")[
        ("sonnet-x", "input")
    ]

    assert not check.triggered
