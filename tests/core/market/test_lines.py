"""Market-gap lines: contracted against list price, run-rate and value.

Every expectation is worked out by hand in the comments from the catalog
in :mod:`tests.core.market.helpers`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.analysis import analyze
from core.contract import ContractRate
from core.reference import Meter
from tests.core.factories import row
from tests.core.market.helpers import (
    AS_OF,
    CUT,
    anthropic_contract,
    market_workspace,
    openai_contract,
)

LUNA_ROWS = [
    # Before the window (2026-09-02 to 2026-11-30): not in the run-rate.
    row(date(2026, 8, 20), model="luna", quantity=999_000_000, billed="899.1"),
    row(date(2026, 10, 1), model="luna", quantity=300_000_000, billed="270"),
    row(date(2026, 11, 15), model="luna", quantity=150_000_000, billed="135"),
    row(
        date(2026, 11, 15),
        model="luna",
        meter="output",
        quantity=45_000_000,
        billed="243",
        source_file="other.csv",
    ),
]


def market_of(workspace):
    return analyze(workspace).market_gap


def line_for(market, model, meter):
    (found,) = [
        line for line in market.lines if (line.model, line.meter) == (model, meter)
    ]
    return found


def test_listed_rate_against_todays_list_price_with_run_rate_value():
    market = market_of(market_workspace(LUNA_ROWS, openai_contract()))
    line = line_for(market, "luna", "input")

    assert (market.window_start, market.window_end) == (date(2026, 9, 2), AS_OF)
    assert line.comparable
    assert line.contracted_price_per_mtok == Decimal("0.90")
    assert line.market_price_per_mtok == Decimal("0.2")
    # 0.90 − 0.20 = 0.70 per MTok; 0.70 ÷ 0.90 = 77.77…%
    assert line.gap_per_mtok == Decimal("0.70")
    assert line.gap_pct == Decimal("0.70") / Decimal("0.90") * 100
    # (300 M + 150 M) tokens in 90 days × 365 ÷ 90 = 1,825 MTok a year
    assert line.volume.quantity == 450_000_000
    assert line.annual_volume_mtok == Decimal(1825)
    # 0.70 × 1,825 = 1,277.50 USD a year
    assert line.annual_value == Decimal("1277.5")
    assert line.annual_value_reporting == Decimal("1277.5")
    assert line.volume.rows == 2
    assert line.volume.source_files == ["usage.csv"]
    assert line.contract.rate_source == "listed rate"
    assert line.quote.valid_from == CUT
    assert line.quote.source == "test-catalog 1"
    assert line.quote.checked == date(2026, 10, 20)
    assert "0.7" in line.formula and "1,825" in line.formula


def test_output_line_and_totals_by_vendor_and_overall():
    market = market_of(market_workspace(LUNA_ROWS, openai_contract()))
    output = line_for(market, "luna", "output")

    # 5.40 − 1.20 = 4.20; 45 M × 365 ÷ 90 = 182.5 MTok; 4.20 × 182.5 = 766.5
    assert output.gap_per_mtok == Decimal("4.20")
    assert output.annual_value == Decimal("766.5")
    assert output.volume.source_files == ["other.csv"]
    (openai,) = market.totals_by_vendor
    # 1,277.5 + 766.5; the batch lines have no volume (batch output has no
    # list price at all, so it adds nothing)
    assert openai.annual_value_reporting == Decimal("2044")
    assert market.total_annual_value == Decimal("2044")
    assert (openai.lines, openai.comparable_lines) == (4, 3)


def test_batch_without_a_list_price_is_not_compared_and_says_why():
    market = market_of(market_workspace(LUNA_ROWS, openai_contract()))
    batch_output = line_for(market, "luna", "batch_output")
    batch_input = line_for(market, "luna", "batch_input")

    assert not batch_output.comparable
    assert "no batch price" in batch_output.reason
    assert batch_output.market_price_per_mtok is None
    assert batch_output.annual_value is None
    assert "override" in batch_output.fix
    # Batch input has its own list price: 0.45 − 0.10 = 0.35
    assert batch_input.comparable
    assert batch_input.gap_per_mtok == Decimal("0.35")


def test_flat_discount_lines_come_from_usage_and_show_negative_gaps():
    rows = [
        row(
            date(2026, 10, 1),
            vendor="anthropic",
            model="sonnet-x",
            quantity=90_000_000,
            billed="243",
        )
    ]
    market = market_of(market_workspace(rows, anthropic_contract()))
    (line,) = market.lines

    # contracted = 3 × (1 − 10%) = 2.70; gap = 2.70 − 3 = −0.30
    assert line.contract.rate_source == "discount off list"
    assert line.contracted_price_per_mtok == Decimal("2.70")
    assert line.gap_per_mtok == Decimal("-0.30")
    # 90 MTok × 365 ÷ 90 = 365 MTok; −0.30 × 365 = −109.5
    assert line.annual_value == Decimal("-109.5")
    assert market.total_annual_value == Decimal("-109.5")


def test_money_and_tokens_on_different_rows_are_added_before_dividing():
    # Anthropic's cost report carries money with no tokens, its usage report
    # tokens with nothing billed: the volume comes from the usage rows.
    rows = [
        row(
            date(2026, 10, 1),
            vendor="anthropic",
            model="sonnet-x",
            quantity=0,
            billed="243",
            source_file="cost.csv",
        ),
        row(
            date(2026, 10, 1),
            vendor="anthropic",
            model="sonnet-x",
            quantity=90_000_000,
            billed="0",
            source_file="usage_report.csv",
        ),
    ]
    market = market_of(market_workspace(rows, anthropic_contract()))
    (line,) = market.lines

    assert line.annual_volume_mtok == Decimal(365)
    assert line.volume.rows == 1
    assert line.volume.source_files == ["usage_report.csv"]


def test_a_contract_currency_without_fx_is_not_compared_with_the_fix():
    workspace = market_workspace(LUNA_ROWS, openai_contract(currency="EUR"))
    line = line_for(market_of(workspace), "luna", "input")

    assert not line.comparable
    assert "exchange rate" in line.reason
    assert "1 EUR = ? USD" in line.fix


def test_a_contract_in_another_currency_converts_through_fx():
    workspace = market_workspace(LUNA_ROWS, openai_contract(currency="EUR"))
    workspace.assumptions.fx_rates = {"EUR": Decimal("1.25")}
    line = line_for(market_of(workspace), "luna", "input")

    # list 0.20 USD = 0.20 ÷ 1.25 = 0.16 EUR; gap 0.90 − 0.16 = 0.74 EUR
    assert line.market_price_per_mtok == Decimal("0.16")
    assert line.gap_per_mtok == Decimal("0.74")
    # 0.74 × 1,825 = 1,350.5 EUR = 1,688.125 USD
    assert line.annual_value == Decimal("1350.5")
    assert line.annual_value_reporting == Decimal("1688.125")


def test_an_unknown_model_is_listed_with_its_reason():
    contract = openai_contract(
        rates=[ContractRate(model="mystery", meter=Meter.INPUT, price=Decimal(1))]
    )
    (line,) = market_of(market_workspace(LUNA_ROWS, contract)).lines

    assert not line.comparable
    assert "mystery" in line.reason
    assert "Model names" in line.fix


def test_no_contract_means_no_comparison():
    market = market_of(market_workspace(LUNA_ROWS))

    assert market.available is False
    assert "contract" in market.note


def test_vendors_without_a_contract_are_named():
    rows = [*LUNA_ROWS, row(date(2026, 10, 1), vendor="anthropic", model="sonnet-x")]
    market = market_of(market_workspace(rows, openai_contract()))

    assert market.uncontracted_vendors == ["anthropic"]
