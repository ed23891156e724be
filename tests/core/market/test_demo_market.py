"""The market gap on the bundled demo, its brief, and pricing offline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from core.analysis import analyze
from core.brief import write_brief
from core.contract import Clauses, Contract, ContractRate
from core.money import format_money
from core.reference import Meter, Vendor
from core.session import demo_workspace, new_workspace
from core.usage import usage_frame
from tests.core.factories import row

LUNA_CUT = date(2026, 7, 30)


@pytest.fixture(scope="module")
def demo_result():
    return analyze(demo_workspace())


def luna(result, meter):
    (line,) = [
        line
        for line in result.market_gap.lines
        if (line.model, line.meter) == ("gpt-5.6-luna", meter)
    ]
    return line


def test_luna_input_and_output_cost_more_than_list(demo_result):
    market = demo_result.market_gap
    entered, produced = luna(demo_result, "input"), luna(demo_result, "output")

    assert market.available
    # The agreement's $0.90 / $5.40 against the cut list price $0.20 / $1.20
    assert entered.gap_per_mtok == Decimal("0.70")
    assert produced.gap_per_mtok == Decimal("4.20")
    assert entered.annual_value > 0 and produced.annual_value > 0
    assert entered.quote.source.startswith("genai-prices")
    openai = next(t for t in market.totals_by_vendor if t.vendor == "openai")
    assert openai.annual_value_reporting > 0
    assert market.uncontracted_vendors == ["aws-bedrock"]


def test_the_openai_review_clause_triggered_on_the_price_cut(demo_result):
    fired = {
        (check.model, check.meter): check
        for check in demo_result.market_gap.triggers
        if check.triggered
    }

    for meter in ("input", "output"):
        check = fired[("gpt-5.6-luna", meter)]
        assert check.since == LUNA_CUT
        assert check.threshold_pct == 25


def test_the_demo_is_billed_at_its_rates(demo_result):
    audit = demo_result.market_gap.audit

    assert audit.findings == []
    assert audit.checked_groups > 0


def test_the_brief_shows_the_market_section(demo_result, tmp_path):
    path = tmp_path / "brief.pdf"
    write_brief(demo_result, path)
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    market = demo_result.market_gap

    assert "Market gap against today's list prices" in text
    assert format_money(market.total_annual_value, "USD") in text
    assert format_money(luna(demo_result, "input").annual_value, "USD") in text
    assert "gpt-5.6-luna, input" in text
    assert "77.8%" in text
    assert "Yes, since 2026-07-30" in text
    assert "Invoice audit" in text
    assert "List-price decline per year" in text


def test_pricing_never_reaches_the_network(monkeypatch):
    from genai_prices.update_prices import UpdatePrices

    from core.catalog_sources import bundled_snapshot
    from core.modelmatch import _cached_lookup

    def refuse(*args, **kwargs):
        raise AssertionError("the price updater was constructed")

    monkeypatch.setattr(UpdatePrices, "__init__", refuse)
    bundled_snapshot.cache_clear()
    _cached_lookup.cache_clear()
    workspace = new_workspace("Offline")
    workspace.add_batch(
        usage_frame([row(date(2026, 11, 1), model="gpt-5.6-luna", billed="0.9")]),
        file_name="usage.csv",
        source_format="test",
        fingerprint="0" * 64,
    )
    workspace.contracts = [
        Contract(
            name="Order form",
            vendor=Vendor.OPENAI,
            term_start=date(2026, 1, 1),
            term_end=date(2026, 12, 31),
            rates=[
                ContractRate(
                    model="gpt-5.6-luna", meter=Meter.INPUT, price=Decimal("0.9")
                )
            ],
            clauses=Clauses(price_review_threshold_pct=Decimal(25)),
        )
    ]

    (line,) = analyze(workspace).market_gap.lines

    assert line.market_price_per_mtok == Decimal("0.2")
