import socket
from datetime import date
from decimal import Decimal

import pytest
from pytest_socket import SocketBlockedError

from core import catalog, catalog_sources, modelmatch
from core.catalog import CatalogModel, CatalogSnapshot, PricePeriod
from core.catalog_sources import bundled_snapshot, load_catalog_file
from core.pricing import (
    PriceOverride,
    find_model,
    normalized_name,
    price_as_of,
    price_history,
)
from core.reference import Meter

from .test_catalog_sources import GENAI, LITELLM, write_json


@pytest.fixture(scope="module")
def bundled() -> CatalogSnapshot:
    return bundled_snapshot()


def quote(snapshot, provider, name, meter, day, overrides=(), **options):
    model = find_model(snapshot, provider, name)
    assert model is not None, name
    return price_as_of(snapshot, model, meter, day, overrides, **options)


# Known answers, read by hand from genai-prices' data (PRODUCT.md §4).


def test_gpt_5_6_luna_input_fell_from_one_dollar_to_twenty_cents(bundled):
    before = quote(bundled, "openai", "gpt-5.6-luna", Meter.INPUT, date(2026, 7, 29))
    after = quote(bundled, "openai", "gpt-5.6-luna", Meter.INPUT, date(2026, 7, 30))

    assert before.price_per_mtok == Decimal("1.00")
    assert before.valid_from is None
    assert after.price_per_mtok == Decimal("0.20")
    assert after.valid_from == date(2026, 7, 30)
    assert after.tiered  # long prompts pay more; the base tier is quoted
    assert after.currency == "USD"
    assert after.source.startswith("genai-prices ")
    assert after.pricing_url and after.checked


def test_o3_input_was_ten_dollars_until_2025_06_10_then_two(bundled):
    o3 = find_model(bundled, "openai", "o3")

    assert quote(
        bundled, "openai", "o3", Meter.INPUT, date(2025, 6, 9)
    ).price_per_mtok == Decimal(10)
    late = quote(bundled, "openai", "o3", Meter.INPUT, date(2026, 11, 1))
    assert late.price_per_mtok == Decimal(2)
    # Later periods (batch and service tiers added) do not move the date.
    assert late.valid_from == date(2025, 6, 10)
    assert price_history(bundled, o3, Meter.INPUT) == [
        (None, Decimal(10)),
        (date(2025, 6, 10), Decimal(2)),
    ]
    assert price_history(bundled, o3, Meter.OUTPUT) == [
        (None, Decimal(40)),
        (date(2025, 6, 10), Decimal(8)),
    ]


def test_claude_sonnet_4_6_batch_input_is_a_dollar_fifty(bundled):
    batch = quote(
        bundled, "anthropic", "claude-sonnet-4-6", Meter.BATCH_INPUT, date(2026, 11, 1)
    )
    standard = quote(
        bundled, "anthropic", "claude-sonnet-4-6", Meter.INPUT, date(2026, 11, 1)
    )

    assert batch.price_per_mtok == Decimal("1.50")
    assert standard.price_per_mtok == Decimal(3)
    assert batch.provider == "anthropic"


def test_batch_price_exists_only_from_when_the_catalog_states_it(bundled):
    # genai-prices records Anthropic's batch table from 2026-10-14 only.
    assert (
        quote(
            bundled,
            "anthropic",
            "claude-sonnet-4-6",
            Meter.BATCH_INPUT,
            date(2026, 10, 13),
        )
        is None
    )


def test_service_tier_prices_are_variants(bundled):
    priority = quote(
        bundled, "openai", "o3", Meter.INPUT, date(2026, 11, 1), variant="priority"
    )
    flex = quote(
        bundled, "openai", "o3", Meter.OUTPUT, date(2026, 11, 1), variant="flex"
    )

    assert priority.price_per_mtok == Decimal("3.5")
    assert priority.variant == "priority"
    assert flex.price_per_mtok == Decimal(4)


@pytest.mark.parametrize(
    ("provider", "name", "expected"),
    [
        ("openai", "o3", ("openai", "o3")),
        ("openai", "o3-2025-04-16", ("openai", "o3")),
        ("openai", "GPT-4o-2024-08-06", ("openai", "gpt-4o")),
        (None, "claude-sonnet-4-6", ("anthropic", "claude-sonnet-4-6")),
        ("anthropic", "claude-sonnet-4-6-20260101", ("anthropic", "claude-sonnet-4-6")),
        ("aws-bedrock", "us.anthropic.claude-sonnet-4-6", ("aws", None)),
        ("aws", "claude-sonnet-4-6", ("aws", None)),
        ("deepseek", "deepseek-chat", ("deepseek", "deepseek-chat")),
    ],
)
def test_find_model_in_the_bundled_catalog(bundled, provider, name, expected):
    model = find_model(bundled, provider, name)

    assert model is not None
    assert model.provider == expected[0]
    if expected[1] is not None:
        assert model.model_id == expected[1]
    else:
        assert "claude-sonnet-4-6" in model.model_id


def test_unknown_names_find_nothing(bundled):
    assert find_model(bundled, "openai", "no-such-model-9") is None
    assert find_model(bundled, "mistral", "o3") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5"),
        ("regional.anthropic.claude-sonnet-4-6-v1:0", "claude-sonnet-4-6"),
        ("azure/gpt-4o-2024-08-06", "gpt-4o"),
        ("azure/eu/gpt-4o", "gpt-4o"),
        ("gpt-4o-0806", "gpt-4o"),
        ("claude-3-5-sonnet@20240620", "claude-3-5-sonnet"),
        ("GPT-4.1", "gpt-4.1"),
        ("gemini-2.5-pro", "gemini-2.5-pro"),
    ],
)
def test_normalized_names(name, expected):
    assert normalized_name(name) == expected


def test_find_model_in_a_litellm_catalog(tmp_path):
    snapshot = load_catalog_file(write_json(tmp_path, "p.json", LITELLM))

    azure = find_model(snapshot, "azure-openai", "gpt-4o-2024-05-13")
    bedrock = find_model(snapshot, "aws", "us.anthropic.claude-sonnet-4-6-v1:0")

    assert azure.model_id == "azure/gpt-4o-2024-05-13"
    assert bedrock.model_id == "anthropic.claude-sonnet-4-6"
    assert find_model(snapshot, "openai", "gpt-4o").model_id == "gpt-4o"
    assert find_model(snapshot, None, "gpt-4o").provider == "openai"


def test_file_history_and_tiers_through_lookups(tmp_path):
    snapshot = load_catalog_file(write_json(tmp_path, "data.json", GENAI))
    orbit = find_model(snapshot, "openai", "orbit-1-2025-04-16")

    assert price_history(snapshot, orbit, Meter.INPUT) == [
        (None, Decimal(10)),
        (date(2025, 6, 10), Decimal(2)),
    ]
    assert price_history(snapshot, orbit, Meter.BATCH_INPUT) == [(None, Decimal(1))]
    assert price_history(snapshot, orbit, Meter.INPUT, variant="priority") == [
        (date(2026, 1, 1), Decimal("3.5"))
    ]
    assert price_history(snapshot, orbit, Meter.CACHE_WRITE) == []
    assert price_as_of(snapshot, orbit, Meter.CACHE_WRITE, date(2026, 1, 1)) is None


def _one_model(start: date | None) -> tuple[CatalogSnapshot, CatalogModel]:
    model = CatalogModel(
        provider="openai",
        model_id="m",
        history=[PricePeriod(start=start, prices={Meter.INPUT: Decimal(4)})],
        pricing_url="https://openai.example/pricing",
        checked=date(2026, 10, 1),
    )
    return CatalogSnapshot(source="test", version="1", models=[model]), model


def test_no_price_before_the_first_dated_period():
    snapshot, model = _one_model(date(2026, 1, 1))

    assert price_as_of(snapshot, model, Meter.INPUT, date(2025, 12, 31)) is None
    assert price_as_of(snapshot, model, Meter.INPUT, date(2026, 1, 1)).valid_from == (
        date(2026, 1, 1)
    )


def _override(price: str, quoted_on: date, note: str = "") -> PriceOverride:
    return PriceOverride(
        provider="openai",
        model_id="m",
        meter=Meter.INPUT,
        price_per_mtok=Decimal(price),
        note=note,
        quoted_on=quoted_on,
    )


def test_an_override_wins_from_the_day_it_was_quoted():
    snapshot, model = _one_model(None)
    overrides = [
        _override("3", date(2026, 11, 20), "quoted by the vendor on 2026-11-20"),
        _override("2.5", date(2026, 12, 15), "second quote"),
    ]

    before = price_as_of(snapshot, model, Meter.INPUT, date(2026, 11, 19), overrides)
    first = price_as_of(snapshot, model, Meter.INPUT, date(2026, 11, 20), overrides)
    later = price_as_of(snapshot, model, Meter.INPUT, date(2027, 1, 1), overrides)

    assert (before.price_per_mtok, before.override) == (Decimal(4), None)
    assert first.price_per_mtok == Decimal(3)
    assert first.override.note == "quoted by the vendor on 2026-11-20"
    assert (first.valid_from, first.source) == (date(2026, 11, 20), "price override")
    assert first.pricing_url == "https://openai.example/pricing"
    assert later.price_per_mtok == Decimal("2.5")


def test_an_override_for_another_meter_or_model_does_not_apply():
    snapshot, model = _one_model(None)
    other = _override("1", date(2026, 1, 1)).model_copy(update={"model_id": "n"})
    output = _override("1", date(2026, 1, 1)).model_copy(update={"meter": Meter.OUTPUT})

    found = price_as_of(snapshot, model, Meter.INPUT, date(2026, 6, 1), [other, output])

    assert found.override is None
    assert price_as_of(snapshot, model, Meter.OUTPUT, date(2026, 6, 1), [output])


def test_an_override_is_a_standard_price_not_a_service_tier_one(bundled):
    o3 = find_model(bundled, "openai", "o3")
    override = PriceOverride(
        provider="openai",
        model_id="o3",
        meter=Meter.INPUT,
        price_per_mtok=Decimal("1.5"),
        quoted_on=date(2026, 10, 1),
    )
    day = date(2026, 11, 1)

    standard = price_as_of(bundled, o3, Meter.INPUT, day, [override])
    priority = price_as_of(
        bundled, o3, Meter.INPUT, day, [override], variant="priority"
    )

    assert standard.price_per_mtok == Decimal("1.5")
    assert (priority.price_per_mtok, priority.override) == (Decimal("3.5"), None)


def test_overrides_refuse_negative_prices():
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        _override("-1", date(2026, 1, 1))


def test_loading_and_pricing_never_reach_the_network(tmp_path, monkeypatch):
    """No socket opens (pytest-socket blocks them in this suite) and
    genai-prices' network updater is never constructed or started."""
    from genai_prices.data_snapshot import _bundled_snapshot
    from genai_prices.update_prices import UpdatePrices

    def refuse(*_args, **_kwargs):
        raise AssertionError("genai-prices' UpdatePrices must never be used")

    monkeypatch.setattr(UpdatePrices, "__init__", refuse)
    monkeypatch.setattr(UpdatePrices, "start", refuse)
    with (
        pytest.raises(SocketBlockedError),
        pytest.warns(UserWarning, match="tried to use socket"),
    ):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # Start from cold caches so the bundled data is really read again.
    for cached in (
        catalog_sources.bundled_snapshot,
        catalog.bundled_catalog_info,
        modelmatch._cached_lookup,
        _bundled_snapshot,
    ):
        cached.cache_clear()

    snapshot = catalog_sources.bundled_snapshot()
    sonnet = quote(
        snapshot, "aws-bedrock", "claude-sonnet-4-6", Meter.INPUT, date(2026, 11, 1)
    )
    loaded = load_catalog_file(write_json(tmp_path, "p.json", LITELLM))
    genai = load_catalog_file(write_json(tmp_path, "d.json", GENAI))

    assert sonnet is not None
    assert catalog.bundled_catalog_info().models == len(snapshot.models)
    assert quote(loaded, "openai", "gpt-4o", Meter.INPUT, date(2026, 1, 1))
    assert quote(genai, "openai", "orbit-1", Meter.INPUT, date(2026, 1, 1))
