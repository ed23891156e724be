"""Invoice audit: effective price per month against the contracted price."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.analysis import analyze
from core.market.audit import NO_QUANTITY, NOTHING_BILLED, OUTSIDE_TERM
from tests.core.factories import row
from tests.core.market.helpers import (
    anthropic_contract,
    market_workspace,
    openai_contract,
)


def luna(when: date, quantity: int, billed: str, source_row: int) -> dict:
    return row(
        when, model="luna", quantity=quantity, billed=billed, source_row=source_row
    )


def audit_of(rows, *contracts, tolerance=None):
    workspace = market_workspace(rows, *contracts)
    if tolerance is not None:
        workspace.assumptions.audit_tolerance_pct = Decimal(tolerance)
    return analyze(workspace).market_gap.audit


def test_a_month_billed_above_the_rate_is_a_finding_with_its_rows():
    rows = [
        # October: 60 M + 40 M tokens billed 57 + 38 = 95 → 0.95 per MTok
        # against 0.90: +5.55…%, 95 − 90 = 5 USD at stake.
        luna(date(2026, 10, 3), 60_000_000, "57", 7),
        luna(date(2026, 10, 9), 40_000_000, "38", 3),
        # November: 100 M billed 90.50 → 0.905, +0.55…%: within 1%.
        luna(date(2026, 11, 3), 100_000_000, "90.50", 11),
    ]
    audit = audit_of(rows, openai_contract())

    (finding,) = audit.findings
    assert finding.month == "2026-10"
    assert (finding.model, finding.meter) == ("luna", "input")
    assert finding.quantity == 100_000_000
    assert finding.billed == Decimal(95)
    assert finding.expected == Decimal(90)
    assert finding.effective_price_per_mtok == Decimal("0.95")
    assert finding.contracted_price_per_mtok == Decimal("0.90")
    assert finding.deviation_pct == Decimal("0.05") / Decimal("0.90") * 100
    assert finding.at_stake == Decimal(5)
    assert finding.at_stake_reporting == Decimal(5)
    assert finding.rows == 2
    assert [(r.file, r.row) for r in finding.source_rows] == [
        ("usage.csv", 3),
        ("usage.csv", 7),
    ]
    assert audit.checked_groups == 2
    assert audit.checked_by_vendor == {"openai": 2}
    assert audit.total_at_stake_reporting == Decimal(5)


def test_a_wider_tolerance_clears_the_finding():
    rows = [luna(date(2026, 10, 3), 100_000_000, "95", 2)]

    # +5.55…% is within a 6% tolerance.
    assert audit_of(rows, openai_contract(), tolerance="6").findings == []


def test_usage_only_and_money_only_months_are_skipped_and_counted():
    rows = [
        luna(date(2026, 9, 3), 100_000_000, "0", 2),  # usage report alone
        luna(date(2026, 10, 3), 0, "90", 3),  # cost line alone
    ]
    audit = audit_of(rows, openai_contract())

    assert audit.findings == []
    assert audit.checked_groups == 0
    assert {s.reason: s.groups for s in audit.skipped} == {
        NOTHING_BILLED: 1,
        NO_QUANTITY: 1,
    }


def test_months_outside_the_term_are_not_audited():
    rows = [luna(date(2025, 12, 3), 100_000_000, "500", 2)]
    audit = audit_of(rows, openai_contract())

    assert audit.findings == []
    assert [(s.vendor, s.reason, s.groups) for s in audit.skipped] == [
        ("openai", OUTSIDE_TERM, 1)
    ]


def test_split_cost_and_usage_rows_audit_as_one_group():
    sonnet = {"vendor": "anthropic", "model": "sonnet-x"}
    rows = [
        # 10% off $3 list = $2.70 per MTok; 100 M tokens → 270 expected.
        row(date(2026, 10, 1), **sonnet, quantity=0, billed="150", source_row=2),
        row(date(2026, 10, 2), **sonnet, quantity=0, billed="120", source_row=3),
        row(date(2026, 10, 1), **sonnet, quantity=100_000_000, billed="0"),
    ]
    audit = audit_of(rows, anthropic_contract())

    assert audit.findings == []
    assert audit.checked_groups == 1


def test_a_list_price_cut_mid_month_weights_the_contracted_price():
    sonnet_like = {"model": "luna"}
    rows = [
        # Flat 10% off luna's list: $1 → $0.90 before 2026-07-30, $0.20 →
        # $0.18 from it. 100 M on 07-10 (90) + 100 M on 07-31 (18) = 108.
        row(date(2026, 7, 10), **sonnet_like, quantity=100_000_000, billed="54"),
        row(date(2026, 7, 31), **sonnet_like, quantity=100_000_000, billed="54"),
        # Billed as if the old price held all month: 2 × 90 = 180 → +66.6…%
        row(date(2026, 8, 10), **sonnet_like, quantity=100_000_000, billed="90"),
        row(date(2026, 8, 11), **sonnet_like, quantity=100_000_000, billed="90"),
    ]
    contract = openai_contract(rates=[], discount_off_list_pct=Decimal(10))
    audit = audit_of(rows, contract)

    (finding,) = audit.findings
    assert finding.month == "2026-08"
    # 200 M at $0.18 = 36 expected; 180 − 36 = 144 at stake
    assert finding.expected == Decimal(36)
    assert finding.at_stake == Decimal(144)
    assert finding.contracted_price_per_mtok == Decimal("0.18")
    assert audit.checked_groups == 2
