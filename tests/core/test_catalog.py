import sqlite3
import zlib
from contextlib import closing
from datetime import date
from decimal import Decimal

import pytest

from core.catalog import (
    CatalogModel,
    CatalogSnapshot,
    PricePeriod,
    bundled_catalog_info,
    newest_checked_date,
    snapshot_from_bytes,
    snapshot_to_bytes,
)
from core.catalog_sources import bundled_snapshot, load_catalog_file
from core.errors import WorkspaceError
from core.pricing import PriceOverride
from core.reference import Meter
from core.session import new_workspace
from core.storage import load_workspace, save_workspace

from .test_catalog_sources import LITELLM, write_json


def test_bundled_info_describes_the_bundled_snapshot():
    snapshot = bundled_snapshot()
    info = bundled_catalog_info()

    assert info == snapshot.info()
    assert info.models == len(snapshot.models)
    assert info.label == f"genai-prices {snapshot.version} (prices as of {info.as_of})"


def test_newest_checked_date_reads_the_maintainers_remarks():
    texts = [
        "Rates verified on 2026-10-12 at the pricing page.",
        "Prices checked 2026-10-19; retired on 2027-01-01.",
        "Endpoints listed these rates when checked on 2026-11-03.",
        "Table as of 2026-09-30.",
        None,
        "Checked 2026-02-30 is not a day.",
    ]

    assert newest_checked_date(texts) == date(2026, 11, 3)
    assert newest_checked_date(["retired on 2027-01-01"]) is None


def test_a_snapshot_keeps_a_file_name_never_a_path():
    for given in ("/home/ann/deals/prices.json", r"C:\Users\ann\prices.json"):
        snapshot = CatalogSnapshot(source="litellm", version="1", loaded_from=given)
        assert snapshot.loaded_from == "prices.json"


def test_period_on_picks_the_period_in_force():
    model = CatalogModel(
        provider="openai",
        model_id="m",
        history=[
            PricePeriod(start=None, prices={Meter.INPUT: Decimal(10)}),
            PricePeriod(start=date(2025, 6, 10), prices={Meter.INPUT: Decimal(2)}),
        ],
    )

    assert model.period_on(date(2025, 6, 9)).prices[Meter.INPUT] == Decimal(10)
    assert model.period_on(date(2025, 6, 10)).prices[Meter.INPUT] == Decimal(2)


def test_stored_bundled_snapshot_is_small_and_reads_back_equal():
    snapshot = bundled_snapshot()

    stored = snapshot_to_bytes(snapshot)

    assert len(stored) < 1_000_000  # about 53 kB with genai-prices 0.2.3
    assert snapshot_from_bytes(stored) == snapshot


@pytest.mark.parametrize(
    "blob",
    [b"not zlib", zlib.compress(b'{"source": 1}'), zlib.compress(b"[]")[:-3]],
)
def test_damaged_stored_snapshots_raise_value_errors(blob):
    with pytest.raises(ValueError):
        snapshot_from_bytes(blob)


def test_a_new_workspace_stores_the_bundled_catalog(tmp_path):
    path = tmp_path / "w.counteroffer"
    save_workspace(new_workspace("W"), path)

    reopened = load_workspace(path)

    assert reopened.catalog_snapshot == bundled_snapshot()
    assert reopened.catalog == bundled_catalog_info()
    with closing(sqlite3.connect(path)) as connection:
        (name,) = connection.execute("SELECT name FROM catalog").fetchone()
    assert name == "snapshot"


def test_workspace_round_trip_keeps_a_loaded_catalog_and_overrides(tmp_path):
    snapshot = load_catalog_file(
        write_json(tmp_path, "prices.json", LITELLM), as_of=date(2026, 11, 20)
    )
    workspace = new_workspace("W")
    workspace.use_catalog(snapshot)
    workspace.settings.price_overrides = [
        PriceOverride(
            provider="openai",
            model_id="gpt-4o",
            meter=Meter.INPUT,
            price_per_mtok=Decimal("2.125"),
            note="quoted by the vendor on 2026-11-20",
            quoted_on=date(2026, 11, 20),
        )
    ]
    path = tmp_path / "w.counteroffer"

    save_workspace(workspace, path)
    reopened = load_workspace(path)

    assert reopened.catalog_snapshot == snapshot
    assert reopened.catalog_snapshot.model_dump_json() == snapshot.model_dump_json()
    assert reopened.catalog == snapshot.info()
    assert reopened.catalog.label == (
        f"litellm {snapshot.version} (prices as of 2026-11-20)"
    )
    assert reopened.settings.price_overrides == workspace.settings.price_overrides


def test_a_workspace_without_its_catalog_is_damaged_and_left_unchanged(tmp_path):
    path = tmp_path / "w.counteroffer"
    save_workspace(new_workspace("W"), path)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("DELETE FROM catalog")
        connection.commit()
    before = path.read_bytes()

    with pytest.raises(WorkspaceError, match="price catalog is missing"):
        load_workspace(path)

    assert path.read_bytes() == before


def test_a_damaged_stored_catalog_is_a_damaged_workspace(tmp_path):
    path = tmp_path / "w.counteroffer"
    save_workspace(new_workspace("W"), path)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE catalog SET body = x'00ff'")
        connection.commit()

    with pytest.raises(WorkspaceError, match="is damaged"):
        load_workspace(path)
