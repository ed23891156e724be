"""The demo generator: deterministic, in the vendors' formats, adding up."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from core.contract_template import contract_workbook_bytes
from core.demo import DEMO_SEED, DemoData, build_demo, write_demo_files
from core.demo.volumes import daily_volumes
from core.reference import Meter, Vendor

PERIOD = "2025-09-01_2026-11-30"
OPENAI_COSTS = f"openai_costs_{PERIOD}.csv"
OPENAI_USAGE = f"completions_usage_{PERIOD}.csv"
ANTHROPIC_COSTS = f"anthropic_cost_report_{PERIOD}.csv"
ANTHROPIC_USAGE = f"anthropic_usage_report_{PERIOD}.csv"
BEDROCK_CUR = f"aws_cur2_bedrock_{PERIOD}.csv"
MILLION = Decimal(1_000_000)
RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "demo"

HEADERS = {
    OPENAI_COSTS: [
        "start_time", "end_time", "start_time_iso", "end_time_iso",
        "amount_value", "amount_currency", "quantity", "quantity_unit",
        "line_item", "user_id", "api_key_id", "project_id", "organization_id",
        "project_name", "organization_name", "user_email", "api_source",
    ],
    OPENAI_USAGE: [
        "start_time", "end_time", "start_time_iso", "end_time_iso",
        "input_tokens", "input_cached_tokens", "output_tokens",
        "input_audio_tokens", "output_audio_tokens", "num_model_requests",
        "project_id", "model", "batch", "service_tier", "api_key_id", "user_id",
    ],
    ANTHROPIC_COSTS: [
        "starting_at", "ending_at", "amount", "currency", "cost_type",
        "token_type", "model", "service_tier", "context_window", "workspace_id",
        "description",
    ],
    ANTHROPIC_USAGE: [
        "starting_at", "ending_at", "uncached_input_tokens",
        "cache_read_input_tokens", "cache_creation.ephemeral_5m_input_tokens",
        "cache_creation.ephemeral_1h_input_tokens", "output_tokens", "model",
        "workspace_id", "api_key_id", "service_tier", "context_window",
    ],
    BEDROCK_CUR: [
        "identity_line_item_id", "identity_time_interval",
        "bill_billing_period_start_date", "bill_billing_period_end_date",
        "bill_payer_account_id", "line_item_line_item_type",
        "line_item_usage_start_date", "line_item_usage_end_date",
        "line_item_usage_account_id", "line_item_product_code",
        "line_item_usage_type", "line_item_operation", "line_item_resource_id",
        "line_item_usage_amount", "pricing_unit", "line_item_unblended_rate",
        "line_item_unblended_cost", "pricing_public_on_demand_rate",
        "pricing_public_on_demand_cost", "line_item_currency_code",
        "line_item_line_item_description", "product_region_code",
        "resource_tags",
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return build_demo()


def read_csv(demo: DemoData, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(demo.files[name].decode("utf-8"))))


def frame_row(demo: DemoData, file_name: str, source_row: int) -> dict:
    frame = demo.usage
    match = frame[
        (frame["source_file"] == file_name) & (frame["source_row"] == source_row)
    ]
    assert len(match) == 1
    return match.iloc[0].to_dict()


def find_line(lines: list[dict[str, str]], **wanted: str) -> tuple[int, dict[str, str]]:
    """The first line whose columns start with the wanted texts, and its row."""
    for index, line in enumerate(lines):
        if all(line[column].startswith(text) for column, text in wanted.items()):
            return index + 2, line
    raise AssertionError(f"no line matches {wanted}")


# Determinism and shape


def test_two_builds_give_identical_bytes_frames_and_totals(demo):
    again = build_demo(DEMO_SEED)

    assert again.files == demo.files
    assert again.usage.equals(demo.usage)
    assert again.expected_totals == demo.expected_totals
    assert again.contracts == demo.contracts


def test_another_seed_gives_other_volumes():
    assert daily_volumes(DEMO_SEED + 1) != daily_volumes(DEMO_SEED)


def test_files_parse_with_exactly_the_documented_headers(demo):
    assert set(demo.files) == set(HEADERS)
    for name, header in HEADERS.items():
        rows = list(csv.reader(io.StringIO(demo.files[name].decode("utf-8"))))
        assert rows[0] == header, name
        assert all(len(row) == len(header) for row in rows), name


def test_files_stay_small(demo):
    sizes = {name: len(content) for name, content in demo.files.items()}

    assert max(sizes.values()) < 2_000_000
    assert sum(sizes.values()) < 8_000_000


def test_usage_has_one_row_per_cost_line_pointing_at_its_row(demo):
    frame = demo.usage
    for name in (OPENAI_COSTS, ANTHROPIC_COSTS, BEDROCK_CUR):
        lines = len(read_csv(demo, name))
        rows = sorted(frame.loc[frame["source_file"] == name, "source_row"])
        assert rows == list(range(2, lines + 2)), name
    assert len(frame) == 456 * (3 + 2 + 3 + 4 + 4 + 2 + 2)


def test_usage_covers_every_day_vendor_and_workload(demo):
    frame = demo.usage

    assert frame["period_start"].min().date() == date(2025, 9, 1)
    assert frame["period_end"].max().date() == date(2026, 12, 1)
    assert set(frame["vendor"]) == {"openai", "anthropic", "aws-bedrock"}
    assert set(frame["currency"]) == {"USD"}
    assert set(frame["workload"]) == {
        "Support chatbot", "Nightly summarisation", "Code assistant",
        "Document extraction", "Classification", "RAG search", "Translation",
    }  # fmt: skip


# Money adds up


def test_cost_files_summed_by_hand_match_expected_totals_and_frame(demo):
    openai = sum(Decimal(x["amount_value"]) for x in read_csv(demo, OPENAI_COSTS))
    anthropic_cents = sum(Decimal(x["amount"]) for x in read_csv(demo, ANTHROPIC_COSTS))
    bedrock = sum(
        Decimal(x["line_item_unblended_cost"]) for x in read_csv(demo, BEDROCK_CUR)
    )
    from_files = {
        "openai": openai,
        "anthropic": anthropic_cents / 100,
        "aws-bedrock": bedrock,
    }

    by_vendor = demo.usage.groupby("vendor")["billed_amount"].sum()
    assert demo.expected_totals == from_files
    for vendor, total in from_files.items():
        assert Decimal(str(by_vendor[vendor])) == total, vendor


def test_monthly_spend_is_that_of_a_mid_size_company(demo):
    frame = demo.usage
    months: dict[str, Decimal] = defaultdict(Decimal)
    for start, billed in zip(
        frame["period_start"], frame["billed_amount"], strict=True
    ):
        months[start.strftime("%Y-%m")] += billed

    assert len(months) == 15
    assert all(45_000 < total < 95_000 for total in months.values())
    assert months["2026-11"] > months["2025-09"] * Decimal("1.4")


def test_billed_follows_each_vendors_terms(demo):
    frame = demo.usage
    columns = ("vendor", "list_amount", "contracted_amount", "billed_amount")
    for vendor, listed, contracted, billed in zip(
        *(frame[name].tolist() for name in columns), strict=True
    ):
        if vendor == "anthropic":
            assert billed == listed * Decimal("0.9")
        if vendor == "aws-bedrock":
            assert billed == listed
        assert billed == contracted


# Hand-computed lines


def test_luna_input_after_the_price_cut_is_billed_at_our_rate(demo):
    lines = read_csv(demo, OPENAI_COSTS)
    row, line = find_line(
        lines,
        start_time_iso="2026-08-15",
        line_item="gpt-5.6-luna, input",
        project_name="Support chatbot",
    )
    tokens = Decimal(line["quantity"])

    assert line["start_time"] == "1786752000"
    assert line["amount_currency"] == "usd"
    assert Decimal(line["amount_value"]) == tokens * Decimal("0.90") / MILLION
    usage = frame_row(demo, OPENAI_COSTS, row)
    assert usage["meter"] == "input"
    assert usage["quantity"] == tokens
    assert usage["billed_amount"] == Decimal(line["amount_value"])
    assert usage["list_amount"] == tokens * Decimal("0.20") / MILLION


@pytest.mark.parametrize(
    ("day", "line_item", "list_price", "our_price"),
    [
        ("2026-07-29", "gpt-5.6-luna, input", "1", "0.90"),
        ("2026-07-30", "gpt-5.6-luna, input", "0.20", "0.90"),
        ("2026-07-29", "gpt-5.6-luna, cached input", "0.10", "0.09"),
        ("2026-07-30", "gpt-5.6-luna, cached input", "0.02", "0.09"),
        ("2026-07-29", "gpt-5.6-luna, output", "6", "5.40"),
        ("2026-07-30", "gpt-5.6-luna, output", "1.20", "5.40"),
        ("2025-12-31", "gpt-5.6-luna, batch input", "0.50", "0.45"),
        ("2026-11-30", "gpt-5.6-luna, batch output", "0.60", "2.70"),
        ("2026-03-10", "gpt-5.5, output", "30", "27.00"),
        ("2026-03-10", "gpt-5.5, cached input", "0.50", "0.45"),
    ],
)
def test_openai_lines_at_list_and_contract_prices(
    demo, day, line_item, list_price, our_price
):
    row, line = find_line(
        read_csv(demo, OPENAI_COSTS), start_time_iso=day, line_item=line_item
    )
    tokens = Decimal(line["quantity"])

    usage = frame_row(demo, OPENAI_COSTS, row)
    assert usage["list_amount"] == tokens * Decimal(list_price) / MILLION
    assert Decimal(line["amount_value"]) == tokens * Decimal(our_price) / MILLION
    assert usage["billed_amount"] == Decimal(line["amount_value"])


def test_anthropic_cache_write_is_cents_at_ten_percent_off(demo):
    row, line = find_line(
        read_csv(demo, ANTHROPIC_COSTS),
        starting_at="2026-02-03",
        token_type="cache_creation.ephemeral_5m_input_tokens",
        model="claude-sonnet-4-6",
    )
    _, report = find_line(
        read_csv(demo, ANTHROPIC_USAGE),
        starting_at="2026-02-03",
        model="claude-sonnet-4-6",
    )
    tokens = Decimal(report["cache_creation.ephemeral_5m_input_tokens"])

    # $3.75 per MTok list, 10% off, written in cents.
    assert Decimal(line["amount"]) == tokens * Decimal("3.375") / MILLION * 100
    usage = frame_row(demo, ANTHROPIC_COSTS, row)
    assert usage["quantity"] == tokens
    assert usage["meter"] == "cache_write"
    assert usage["list_amount"] == tokens * Decimal("3.75") / MILLION
    assert usage["billed_amount"] == Decimal(line["amount"]) / 100


def test_bedrock_llama_line_counts_thousands_of_tokens_at_list(demo):
    row, line = find_line(
        read_csv(demo, BEDROCK_CUR),
        line_item_usage_start_date="2026-05-20",
        line_item_usage_type="USE1-Llama3.1-70B-input-tokens",
    )
    thousands = Decimal(line["line_item_usage_amount"])

    assert line["pricing_unit"] == "1K tokens"
    assert Decimal(line["line_item_unblended_cost"]) == thousands * Decimal("0.00072")
    assert line["pricing_public_on_demand_cost"] == line["line_item_unblended_cost"]
    assert line["resource_tags"] == '{"user_workload":"Translation"}'
    usage = frame_row(demo, BEDROCK_CUR, row)
    assert usage["quantity"] == thousands * 1000
    assert usage["model"] == "meta.llama3-1-70b-instruct-v1:0"
    assert usage["workload"] == "Translation"
    assert usage["billed_amount"] == Decimal(line["line_item_unblended_cost"])


# Companion usage files agree with the cost files


def test_openai_usage_input_includes_cached_and_matches_costs(demo):
    costs: dict[tuple[str, str, str], int] = defaultdict(int)
    for line in read_csv(demo, OPENAI_COSTS):
        meter = line["line_item"].split(", ")[1]
        kind = "output" if "output" in meter else "input"
        costs[(line["start_time"], line["project_id"], kind)] += int(line["quantity"])

    usage = read_csv(demo, OPENAI_USAGE)
    assert len(usage) == 456 * 3
    for line in usage:
        assert int(line["input_tokens"]) >= int(line["input_cached_tokens"])
        key = (line["start_time"], line["project_id"])
        assert costs[(*key, "input")] == int(line["input_tokens"])
        assert costs[(*key, "output")] == int(line["output_tokens"])
        assert line["batch"] in {"true", "false"}


def test_anthropic_usage_report_matches_the_frame_token_counts(demo):
    frame = demo.usage
    anthropic = frame[frame["vendor"] == "anthropic"]
    from_frame: dict[str, Decimal] = defaultdict(Decimal)
    for meter, quantity in zip(anthropic["meter"], anthropic["quantity"], strict=True):
        from_frame[meter] += quantity

    report = read_csv(demo, ANTHROPIC_USAGE)
    columns = {
        "input": "uncached_input_tokens",
        "cached_input": "cache_read_input_tokens",
        "cache_write": "cache_creation.ephemeral_5m_input_tokens",
        "output": "output_tokens",
    }
    for meter, column in columns.items():
        assert from_frame[meter] == sum(int(line[column]) for line in report)


def test_weekends_are_quieter_for_the_support_chatbot(demo):
    frame = demo.usage
    chat = frame[
        (frame["workload"] == "Support chatbot") & (frame["meter"] == "output")
    ]
    by_kind: dict[bool, list[Decimal]] = {True: [], False: []}
    for start, tokens in zip(chat["period_start"], chat["quantity"], strict=True):
        by_kind[start.weekday() >= 5].append(tokens)

    weekend, weekday = by_kind[True], by_kind[False]
    assert sum(weekend) / len(weekend) < Decimal("0.8") * sum(weekday) / len(weekday)


# Contracts and written files


def test_contracts_carry_the_agreed_terms(demo):
    openai, anthropic = demo.contracts

    assert openai.vendor is Vendor.OPENAI
    assert openai.rate_for("gpt-5.6-luna", Meter.INPUT).price == Decimal("0.90")
    assert openai.rate_for("gpt-5.5", Meter.BATCH_OUTPUT).price == Decimal("13.50")
    assert openai.commitment.amount == Decimal(480_000)
    assert openai.commitment.discount_pct() == Decimal(5)
    assert openai.clauses.price_review_threshold_pct == Decimal(25)
    assert (openai.term_start, openai.term_end) == (
        date(2026, 1, 1),
        date(2027, 12, 31),
    )
    assert anthropic.discount_off_list_pct == Decimal(10)
    assert anthropic.commitment is None
    assert anthropic.notice_period_days == 30


def test_write_demo_files_writes_the_files_and_the_workbooks(demo, tmp_path):
    written = write_demo_files(tmp_path / "demo")

    names = [path.name for path in written]
    assert names == sorted(
        [*HEADERS, "contract_anthropic_payg.xlsx", "contract_openai_enterprise.xlsx"]
    )
    for name, content in demo.files.items():
        assert (tmp_path / "demo" / name).read_bytes() == content


def _members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_bundled_resources_are_up_to_date(demo):
    # Regenerate with: python -m core.demo
    for name, content in demo.files.items():
        assert (RESOURCES / name).read_bytes() == content, name
    workbooks = {
        "contract_openai_enterprise.xlsx": demo.contracts[0],
        "contract_anthropic_payg.xlsx": demo.contracts[1],
    }
    for name, contract in workbooks.items():
        bundled = _members((RESOURCES / name).read_bytes())
        assert bundled == _members(contract_workbook_bytes(contract)), name
