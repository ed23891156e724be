"""Price trends: classes, the log-linear fit, fallbacks and projections."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest

from core.analysis import analyze
from core.contract import ContractRate
from core.market.results import ModelPricePath, PricePoint
from core.market.trends import decline_rates, propose_class
from core.reference import Meter
from tests.core.factories import row
from tests.core.market.helpers import AS_OF, CUT, market_workspace, openai_contract

ROWS = [row(date(2026, 11, 1), model="luna", quantity=1_000_000, billed="0.9")]


def test_classes_follow_the_input_price_per_mtok():
    assert propose_class(Decimal("0.49")) == "small"
    assert propose_class(Decimal("0.5")) == "mid"
    assert propose_class(Decimal("2.99")) == "mid"
    assert propose_class(Decimal(3)) == "frontier"


def path(*points: tuple[date, str]) -> ModelPricePath:
    return ModelPricePath(
        vendor="openai",
        model="m",
        provider="openai",
        model_id="m",
        meter="input",
        model_class="small",
        class_source="proposed",
        points=[PricePoint(day=d, price_per_mtok=Decimal(p)) for d, p in points],
    )


def test_two_points_a_year_apart_give_the_halving_rate():
    halved = path((AS_OF - timedelta(days=365), "1"), (AS_OF, "0.5"))
    (rate,) = decline_rates([halved], Decimal(30), {}, AS_OF)

    # slope = ln(0.5) ÷ (365 ÷ 365.25 years); decline = 1 − 0.5^(365.25/365)
    expected = (1 - 0.5 ** (365.25 / 365)) * 100
    assert float(rate.fitted_pct) == pytest.approx(expected, rel=1e-12)
    assert rate.basis == "fitted"
    assert rate.points == 2
    assert rate.low_pct == rate.base_pct * Decimal("0.5")
    assert rate.high_pct == rate.base_pct * Decimal("1.5")


def test_flat_or_single_prices_fall_back_to_the_assumption():
    flat = path((AS_OF - timedelta(days=300), "2"), (AS_OF, "2"))
    single = path((AS_OF, "2"))

    for paths, why in (([flat], "no price changed"), ([single], "fewer than 2")):
        (rate,) = decline_rates(paths, Decimal(30), {}, AS_OF)
        assert rate.fitted_pct is None
        assert (rate.base_pct, rate.basis) == (Decimal(30), "assumption")
        assert why in rate.note


def test_a_rate_set_by_the_user_wins_and_the_high_case_is_capped():
    halved = path((AS_OF - timedelta(days=365), "1"), (AS_OF, "0.5"))
    (rate,) = decline_rates([halved], Decimal(30), {"openai/small": Decimal(80)}, AS_OF)

    assert (rate.base_pct, rate.basis) == (Decimal(80), "override")
    assert rate.low_pct == Decimal(40)
    # 80 × 1.5 = 120, capped at 95
    assert rate.high_pct == Decimal(95)


def sample_days() -> list[date]:
    """First of each month from 2024-11-01 to 2026-11-01, and the as-of day."""
    days = [date(2024 + (10 + i) // 12, (10 + i) % 12 + 1, 1) for i in range(25)]
    return [*days, AS_OF]


def test_the_catalog_history_is_sampled_and_fitted_per_vendor_and_class():
    contract = openai_contract(
        rates=[
            ContractRate(model="luna", meter=Meter.INPUT, price=Decimal("0.9")),
            ContractRate(model="big", meter=Meter.INPUT, price=Decimal("4.5")),
        ]
    )
    trends = analyze(market_workspace(ROWS, contract)).market_gap.trends
    rates = {(r.vendor, r.model_class): r for r in trends.rates}

    # luna: $1 before the cut, $0.20 after; output moves by the same factor,
    # so the pooled slope equals the input series' own least-squares slope.
    days = sample_days()
    years = [(d - AS_OF).days / 365.25 for d in days]
    logs = [math.log(0.2 if d >= CUT else 1.0) for d in days]
    slope = np.polyfit(years, logs, 1)[0]
    small = rates[("openai", "small")]
    assert small.points == 2 * len(days)
    assert float(small.fitted_pct) == pytest.approx((1 - math.exp(slope)) * 100)
    # big never changed price: the assumed 30% is used.
    frontier = rates[("openai", "frontier")]
    assert (frontier.basis, frontier.base_pct) == ("assumption", Decimal(30))
    luna_input = next(
        p for p in trends.paths if (p.model, p.meter) == ("luna", "input")
    )
    assert [p.day for p in luna_input.points] == days


def test_the_users_class_is_used():
    workspace = market_workspace(ROWS, openai_contract())
    workspace.settings.model_classes = {"luna": "mid"}
    market = analyze(workspace).market_gap

    assert {r.model_class for r in market.trends.rates} == {"mid"}
    assert all(p.class_source == "user" for p in market.trends.paths)
    assert {line.model_class for line in market.lines} == {"mid"}


def test_projection_over_the_rest_of_the_term_and_a_new_term():
    workspace = market_workspace(ROWS, openai_contract())
    workspace.assumptions.price_decline_overrides = {"openai/small": Decimal(40)}
    trends = analyze(workspace).market_gap.trends
    projection = next(
        p for p in trends.projections if (p.model, p.meter) == ("luna", "input")
    )
    low, base, high = projection.scenarios

    # Term 2026-01-01 to 2027-12-31 (729 days): 396 days left after the
    # as-of date; a new term of 729 days ends 2029-12-29.
    assert projection.new_term_end == date(2029, 12, 29)
    rest, renewal = 396 / 365.25, (396 + 729) / 365.25
    assert float(base.at_term_end) == pytest.approx(0.2 * 0.6**rest)
    assert float(base.at_new_term_end) == pytest.approx(0.2 * 0.6**renewal)
    # mean of 0.2 × 0.6^t over the new term
    average = 0.2 * (0.6**renewal - 0.6**rest) / (math.log(0.6) * (renewal - rest))
    assert float(base.average_new_term) == pytest.approx(average)
    assert (low.decline_pct, high.decline_pct) == (Decimal(20), Decimal(60))
    assert high.average_new_term < base.average_new_term < low.average_new_term
