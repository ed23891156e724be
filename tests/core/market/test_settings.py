"""The user's comparables, model classes and market assumptions persist."""

from __future__ import annotations

from decimal import Decimal

from core.market.settings import Comparable
from core.reference import Vendor
from core.session import new_workspace
from core.storage import load_workspace, save_workspace


def test_market_settings_survive_a_save_and_reopen(tmp_path):
    workspace = new_workspace("Settings")
    workspace.settings.comparables = [
        Comparable(
            vendor=Vendor.OPENAI,
            model="gpt-5.6-luna",
            provider="aws",
            model_id="global.openai.gpt-5.6-luna",
            kind="channel",
            excluded=True,
            note="not offered in our region",
        )
    ]
    workspace.settings.model_classes = {"gpt-5.6-luna": "mid"}
    workspace.assumptions.audit_tolerance_pct = Decimal("2.5")
    workspace.assumptions.price_decline_overrides = {"openai/mid": Decimal(35)}
    path = tmp_path / "settings.counteroffer"

    save_workspace(workspace, path)
    reopened = load_workspace(path)

    assert reopened.settings.comparables == workspace.settings.comparables
    assert reopened.settings.model_classes == {"gpt-5.6-luna": "mid"}
    assert reopened.assumptions.audit_tolerance_pct == Decimal("2.5")
    assert reopened.assumptions.price_decline_overrides == {"openai/mid": Decimal(35)}
