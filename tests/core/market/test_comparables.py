"""Comparable models: other channels, the user's peers and exclusions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.analysis import analyze
from core.market.settings import Comparable
from core.reference import Vendor
from tests.core.factories import row
from tests.core.market.helpers import anthropic_contract, market_workspace

ROWS = [row(date(2026, 11, 1), vendor="anthropic", model="sonnet-x", billed="2.7")]


def sonnet_line(workspace):
    (line,) = analyze(workspace).market_gap.lines
    return line


def test_other_channels_are_proposed_and_resellers_are_not():
    line = sonnet_line(market_workspace(ROWS, anthropic_contract()))

    found = {(c.provider, c.model_id): c for c in line.comparables}
    assert set(found) == {("aws", "anthropic.sonnet-x-v1:0"), ("google", "sonnet-x")}
    aws = found[("aws", "anthropic.sonnet-x-v1:0")]
    assert (aws.kind, aws.origin) == ("channel", "proposed")
    # ours 2.70 (3 less 10%) − 2.50 = 0.20
    assert aws.price_per_mtok == Decimal("2.5")
    assert aws.gap_per_mtok == Decimal("0.20")
    assert line.best_published.provider == "aws"
    assert line.best_published.price_per_mtok == Decimal("2.5")


def test_the_users_choices_confirm_add_and_exclude():
    workspace = market_workspace(ROWS, anthropic_contract())
    workspace.settings.comparables = [
        Comparable(
            vendor=Vendor.ANTHROPIC,
            model="sonnet-x",
            provider="aws",
            model_id="anthropic.sonnet-x-v1:0",
            kind="channel",
        ),
        Comparable(
            vendor=Vendor.ANTHROPIC,
            model="sonnet-x",
            provider="google",
            model_id="sonnet-x",
            kind="channel",
            excluded=True,
        ),
        Comparable(
            vendor=Vendor.ANTHROPIC,
            model="sonnet-x",
            provider="openai",
            model_id="big",
            note="similar quality in our evaluation",
        ),
    ]
    line = sonnet_line(workspace)

    found = {c.model_id: c for c in line.comparables}
    assert set(found) == {"anthropic.sonnet-x-v1:0", "big"}
    assert found["anthropic.sonnet-x-v1:0"].origin == "confirmed"
    peer = found["big"]
    assert (peer.kind, peer.origin, peer.note) == (
        "peer",
        "user",
        "similar quality in our evaluation",
    )
    # ours 2.70 − big's 5.00 = −2.30: the peer costs more
    assert peer.gap_per_mtok == Decimal("-2.30")


def test_excluding_every_other_channel_leaves_the_own_list_price_best():
    workspace = market_workspace(ROWS, anthropic_contract())
    workspace.settings.comparables = [
        Comparable(
            vendor=Vendor.ANTHROPIC,
            model="sonnet-x",
            provider=provider,
            model_id=model_id,
            excluded=True,
        )
        for provider, model_id in (
            ("aws", "anthropic.sonnet-x-v1:0"),
            ("google", "sonnet-x"),
        )
    ]
    line = sonnet_line(workspace)

    assert line.comparables == []
    assert (line.best_published.provider, line.best_published.price_per_mtok) == (
        "anthropic",
        Decimal(3),
    )
