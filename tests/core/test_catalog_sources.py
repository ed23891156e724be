import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from core import catalog_sources
from core.catalog_sources import bundled_snapshot, load_catalog_file
from core.errors import DataError
from core.reference import Meter

# A LiteLLM price file: per-token USD prices, keyed by model id.
LITELLM = {
    "sample_spec": {
        "input_cost_per_token": 0.0,
        "litellm_provider": "one of https://docs.litellm.ai/docs/providers",
        "deprecation_date": "date when the model becomes deprecated",
    },
    "gpt-4o": {
        "input_cost_per_token": 2.5e-06,
        "output_cost_per_token": 1e-05,
        "cache_read_input_token_cost": 1.25e-06,
        "input_cost_per_token_batches": 1.25e-06,
        "output_cost_per_token_batches": 5e-06,
        "input_cost_per_token_priority": 4.25e-06,
        "litellm_provider": "openai",
        "mode": "chat",
        "max_input_tokens": 128000,
        "source": "https://openai.example/pricing",
    },
    "anthropic.claude-sonnet-4-6": {
        "input_cost_per_token": 3.3e-06,
        "output_cost_per_token": 1.65e-05,
        "cache_read_input_token_cost": 3.3e-07,
        "cache_creation_input_token_cost": 4.125e-06,
        "litellm_provider": "bedrock_converse",
        "mode": "chat",
    },
    "azure/gpt-4o-2024-05-13": {
        "input_cost_per_token": 5e-06,
        "output_cost_per_token": 1.5e-05,
        "input_cost_per_token_above_200k_tokens": 1e-05,
        "litellm_provider": "azure",
        "deprecation_date": "2026-10-23",
        "successor_model": "azure/gpt-5.1",
    },
    "dall-e-3": {
        "output_cost_per_image": 0.04,
        "litellm_provider": "openai",
        "mode": "image_generation",
    },
}

# A genai-prices data file: an array of providers, prices per MTok.
GENAI = [
    {
        "id": "openai",
        "name": "OpenAI",
        "api_pattern": "https://api\\.openai\\.com",
        "pricing_urls": ["https://openai.example/pricing"],
        "price_comments": "Rates checked on 2026-09-01.",
        "models": [
            {
                "id": "orbit-1",
                "name": "Orbit 1",
                "match": {
                    "or": [{"equals": "orbit-1"}, {"equals": "orbit-1-2025-04-16"}]
                },
                "price_comments": "Batch rates verified on 2026-10-12.",
                "prices": [
                    {"prices": {"input_mtok": 10, "output_mtok": 40}},
                    {
                        "constraint": {"start_date": "2025-06-10"},
                        "prices": {"input_mtok": 2, "output_mtok": 8},
                    },
                ],
                "price_variants": [
                    {
                        "when": {"processing": "batch"},
                        "prices": {"input_mtok": 1, "output_mtok": 4},
                    },
                    {
                        "when": {"service_tier": "priority"},
                        "prices": {"input_mtok": 3.5},
                        "constraint": {"start_date": "2026-01-01"},
                    },
                ],
            },
            {
                "id": "orbit-long",
                "match": {"starts_with": "orbit-long"},
                "prices": {
                    "input_mtok": {
                        "base": 1.25,
                        "tiers": [{"start": 200000, "price": 2.5}],
                    },
                    "output_mtok": 10,
                    "requests_kcount": 5,
                },
            },
        ],
    },
    {
        "id": "deepseek",
        "name": "DeepSeek",
        "api_pattern": "https://api\\.deepseek\\.com",
        "models": [
            {
                "id": "ds-chat",
                "match": {"equals": "ds-chat"},
                "prices": [
                    {"prices": {"input_mtok": 0.135}},
                    {
                        "constraint": {
                            "start_time": "00:30:00Z",
                            "end_time": "16:30:00Z",
                        },
                        "prices": {"input_mtok": 0.27},
                    },
                ],
            }
        ],
    },
]


def write_json(folder: Path, name: str, content: object) -> Path:
    path = folder / name
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


def by_id(snapshot, model_id):
    return next(m for m in snapshot.models if m.model_id == model_id)


def test_litellm_prices_become_exact_prices_per_million_tokens(tmp_path):
    path = write_json(tmp_path, "litellm-prices-1.110.2.json", LITELLM)

    snapshot = load_catalog_file(path)

    assert (snapshot.source, snapshot.version) == ("litellm", "1.110.2")
    assert snapshot.as_of is None
    assert snapshot.loaded_from == "litellm-prices-1.110.2.json"
    assert len(snapshot.models) == 3  # sample_spec and the image model left out
    gpt = by_id(snapshot, "gpt-4o")
    assert gpt.provider == "openai"
    assert [p.start for p in gpt.history] == [None]
    assert gpt.history[0].prices == {
        Meter.INPUT: Decimal("2.5"),
        Meter.OUTPUT: Decimal("10"),
        Meter.CACHED_INPUT: Decimal("1.25"),
        Meter.BATCH_INPUT: Decimal("1.25"),
        Meter.BATCH_OUTPUT: Decimal("5"),
    }
    assert gpt.history[0].variants == {"priority": {Meter.INPUT: Decimal("4.25")}}
    assert (gpt.context_window, gpt.pricing_url) == (
        128000,
        "https://openai.example/pricing",
    )


def test_litellm_prices_are_decimal_exact_where_floats_are_not(tmp_path):
    snapshot = load_catalog_file(write_json(tmp_path, "p.json", LITELLM))

    claude = by_id(snapshot, "anthropic.claude-sonnet-4-6")
    prices = claude.history[0].prices

    assert 3.3e-06 * 1_000_000 != 3.3  # what a float would have given
    assert [str(prices[m]) for m in Meter if m in prices] == [
        "3.3",
        "16.5",
        "0.33",
        "4.125",
    ]
    assert claude.provider == "aws"
    assert Meter.BATCH_INPUT not in prices  # no batch price is invented


def test_litellm_deprecated_model_keeps_its_successor_and_tier_mark(tmp_path):
    snapshot = load_catalog_file(
        write_json(tmp_path, "p.json", LITELLM), as_of=date(2026, 11, 20)
    )

    old = by_id(snapshot, "azure/gpt-4o-2024-05-13")

    assert old.provider == "azure"
    assert old.deprecated
    assert old.deprecation_date == date(2026, 10, 23)
    assert old.successor == "azure/gpt-5.1"
    assert old.match_names == ["gpt-4o-2024-05-13"]
    assert old.history[0].tiered
    assert old.history[0].prices[Meter.INPUT] == Decimal(5)
    assert snapshot.as_of == old.checked == date(2026, 11, 20)


@pytest.mark.parametrize(
    ("litellm_provider", "expected"),
    [
        ("bedrock", "aws"),
        ("bedrock_converse", "aws"),
        ("azure", "azure"),
        ("vertex_ai-anthropic_models", "google"),
        ("vertex_ai", "google"),
        ("gemini", "google"),
        ("mistral", "mistral"),
        ("deepseek", "deepseek"),
        ("openai", "openai"),
        ("some_new_cloud", "some_new_cloud"),
    ],
)
def test_litellm_providers_map_to_catalog_provider_ids(litellm_provider, expected):
    from core.catalog_litellm import provider_id

    assert provider_id(litellm_provider, "x") == expected


def test_genai_prices_file_keeps_price_history_batch_and_tiers(tmp_path):
    snapshot = load_catalog_file(write_json(tmp_path, "data.json", GENAI))

    assert snapshot.source == "genai-prices"
    assert len(snapshot.version) == 12  # no version in the name: a digest
    assert snapshot.as_of == date(2026, 10, 12)
    orbit = by_id(snapshot, "orbit-1")
    assert [p.start for p in orbit.history] == [
        None,
        date(2025, 6, 10),
        date(2026, 1, 1),
    ]
    assert orbit.history[0].prices == {
        Meter.INPUT: Decimal(10),
        Meter.OUTPUT: Decimal(40),
        Meter.BATCH_INPUT: Decimal(1),
        Meter.BATCH_OUTPUT: Decimal(4),
    }
    assert orbit.history[1].prices[Meter.INPUT] == Decimal(2)
    assert orbit.history[2].variants == {"priority": {Meter.INPUT: Decimal("3.5")}}
    assert orbit.match_names == ["orbit-1-2025-04-16"]
    assert (orbit.checked, orbit.pricing_url) == (
        date(2026, 10, 12),
        "https://openai.example/pricing",
    )


def test_genai_prices_tiers_requests_and_time_of_day(tmp_path):
    snapshot = load_catalog_file(write_json(tmp_path, "data.json", GENAI))

    long = by_id(snapshot, "orbit-long")
    deepseek = by_id(snapshot, "ds-chat")

    assert long.history[0].tiered
    assert long.history[0].prices[Meter.INPUT] == Decimal("1.25")
    assert long.history[0].prices[Meter.REQUEST] == Decimal("0.005")  # $5 per 1,000
    assert long.checked == date(2026, 9, 1)  # the provider's remark
    # 16 of 24 hours at the standard rate; the off-peak discount is left out.
    assert deepseek.history[0].prices == {Meter.INPUT: Decimal("0.27")}
    assert deepseek.checked == snapshot.as_of


def test_as_of_argument_dates_a_file(tmp_path):
    path = write_json(tmp_path, "data.json", GENAI)

    assert load_catalog_file(path, as_of=date(2026, 12, 1)).as_of == date(2026, 12, 1)


def test_loaded_from_keeps_the_name_never_the_folder(tmp_path):
    folder = tmp_path / "Secret Project"
    folder.mkdir()
    snapshot = load_catalog_file(write_json(folder, "prices.json", LITELLM))

    assert snapshot.loaded_from == "prices.json"
    assert "Secret" not in snapshot.model_dump_json()


def _bad(tmp_path: Path, content: object) -> Path:
    return write_json(tmp_path, "catalog.json", content)


def _genai_with(**model) -> list:
    base = {"id": "m", "match": {"equals": "m"}, "prices": {"input_mtok": 1}}
    return [{"id": "openai", "name": "O", "api_pattern": "x", "models": [base | model]}]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            {"gpt-4o": {"input_cost_per_token": "abc"}},
            "entry 'gpt-4o' has input_cost_per_token 'abc', not a number",
        ),
        (
            {"gpt-4o": {"input_cost_per_token": -1e-06}},
            "entry 'gpt-4o' has input_cost_per_token -0.000001, below zero",
        ),
        (
            {"gpt-4o": {"output_cost_per_token": True}},
            "has output_cost_per_token True, not a number",
        ),
        ({"gpt-4o": {"input_cost_per_token": [1]}}, "not a number"),
        ({"gpt-4o": "cheap"}, "entry 'gpt-4o' is not an object"),
        ({}, "has no priced models"),
        ({"sample_spec": {}}, "has no priced models"),
        ([], "has no providers"),
        ("prices", "is JSON but not a price catalog"),
        (42, "is JSON but not a price catalog"),
        ([1, 2], "item 1 of the array is not a provider object"),
        ([{"id": "openai"}], "provider 'openai': name: Field required"),
        (_genai_with(prices={"input_mtok": "abc"}), "provider 'openai', model 'm'"),
        (
            _genai_with(prices={"input_mtok": -2}),
            "model 'm' of provider 'openai' has input_mtok -2",
        ),
        (_genai_with(match="m"), "provider 'openai', model 'm'"),
        (_genai_with(match={}), "provider 'openai', model 'm'"),
        (
            _genai_with(prices=[{"constraint": {"start_date": "soon"}, "prices": {}}]),
            "model 'm'",
        ),
    ],
)
def test_malformed_files_give_one_line_naming_the_file(tmp_path, content, expected):
    with pytest.raises(DataError) as caught:
        load_catalog_file(_bad(tmp_path, content))

    message = str(caught.value)
    assert message.startswith("catalog.json: ")
    assert expected in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "is empty"),
        (b"  \n", "is empty"),
        (b"{oops", "is not JSON (line 1, column 2"),
        (b"\xff\xfe{}", "is not UTF-8 text"),
        (b'{"m": {"input_cost_per_token": NaN}}', "NaN, not a number"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_unreadable_bytes_give_one_line(tmp_path, data, expected):
    path = tmp_path / "catalog.json"
    path.write_bytes(data)

    with pytest.raises(DataError) as caught:
        load_catalog_file(path)

    assert str(caught.value).startswith("catalog.json: ")
    assert expected in str(caught.value)


def test_missing_file_and_folder_are_data_errors(tmp_path):
    with pytest.raises(DataError, match=r"nowhere\.json: does not exist"):
        load_catalog_file(tmp_path / "nowhere.json")
    with pytest.raises(DataError, match="cannot be read"):
        load_catalog_file(tmp_path)


def test_files_over_the_size_limit_are_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(catalog_sources, "MAX_FILE_BYTES", 1024)
    path = _bad(tmp_path, {"m": {"input_cost_per_token": 1, "pad": "x" * 2048}})

    with pytest.raises(DataError, match="price files over 0 MB are refused"):
        load_catalog_file(path)


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(LITELLM).encode())

    assert len(load_catalog_file(path).models) == 3


def test_bundled_snapshot_is_cached_and_dated_by_its_remarks():
    snapshot = bundled_snapshot()

    assert snapshot is bundled_snapshot()
    assert snapshot.source == "genai-prices"
    assert snapshot.loaded_from is None
    assert snapshot.as_of is not None
    assert len(snapshot.models) > 1000
    assert all(m.history for m in snapshot.models if m.provider == "openai")
