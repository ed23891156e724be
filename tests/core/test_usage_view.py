from datetime import date
from decimal import Decimal

import pytest

from core.catalog_models import catalog_model_ids
from core.modelmatch import resolve_model
from core.usage import empty_usage, usage_frame
from core.usage_view import filter_usage, pivot_usage, sort_usage

from .factories import row


def _usage():
    """Five rows over two months, three vendors, two workloads.

    Billed: Jan openai 1.10 + 2.25, anthropic 0.40; Feb openai 5, bedrock 7.
    """
    rows = [
        row(date(2026, 1, 3), billed="1.10", model="gpt-5.5", workload="Chatbot"),
        row(date(2026, 1, 9), vendor="anthropic", model="claude-haiku-4-5",
            billed="0.40", workload="Extraction"),
        row(date(2026, 1, 31), billed="2.25", model="GPT-5.6-luna",
            workload="Chatbot"),
        row(date(2026, 2, 1), billed="5", model="gpt-5.5"),
        row(date(2026, 2, 14), vendor="aws-bedrock", model="meta.llama3",
            billed="7", workload="Extraction"),
    ]  # fmt: skip
    for number, line in enumerate(rows, start=2):
        line["source_row"] = number
    return usage_frame(rows)


def _column(frame, name):
    return [str(value) for value in frame[name]]


def test_filter_matches_any_text_column_ignoring_case():
    usage = _usage()

    found = filter_usage(usage, "  CHAT ")

    assert found["source_row"].tolist() == [2, 4]
    assert list(found.index) == [0, 1]
    assert filter_usage(usage, "luna")["source_row"].tolist() == [4]
    assert filter_usage(usage, "")["source_row"].tolist() == [2, 3, 4, 5, 6]


def test_filter_on_one_column_reads_its_stored_text():
    usage = _usage()

    assert filter_usage(usage, "gpt", "model")["source_row"].tolist() == [2, 4, 5]
    assert filter_usage(usage, "anthropic", "model").empty
    assert filter_usage(usage, "2.25", "billed_amount")["source_row"].tolist() == [4]
    assert filter_usage(usage, "2026-02", "period_start")["source_row"].tolist() == [
        5,
        6,
    ]


def test_filter_refuses_an_unknown_column():
    with pytest.raises(ValueError, match="no column 'price'"):
        filter_usage(_usage(), "x", "price")


def test_sort_by_amount_is_exact_and_descending_on_request():
    usage = _usage()

    ordered = sort_usage(usage, "billed_amount", ascending=False)

    assert _column(ordered, "billed_amount") == [
        "7.0000000000",
        "5.0000000000",
        "2.2500000000",
        "1.1000000000",
        "0.4000000000",
    ]
    assert list(ordered.index) == [0, 1, 2, 3, 4]


def test_sort_text_ignores_case_and_keeps_ties_in_order():
    ordered = sort_usage(_usage(), "model")

    assert ordered["model"].tolist() == [
        "claude-haiku-4-5",
        "gpt-5.5",
        "gpt-5.5",
        "GPT-5.6-luna",
        "meta.llama3",
    ]
    assert ordered["source_row"].tolist() == [3, 2, 5, 4, 6]


def test_sort_puts_empty_cells_last_both_ways():
    usage = _usage()
    usage.loc[1, "list_amount"] = Decimal(3)

    for ascending in (True, False):
        ordered = sort_usage(usage, "list_amount", ascending)
        assert ordered["source_row"].tolist()[0] == 3
        assert ordered["list_amount"].isna().tolist() == [False, *[True] * 4]


def test_pivot_by_vendor_sums_months_exactly():
    pivot = pivot_usage(_usage(), columns="vendor")

    assert list(pivot.columns) == [
        "month",
        "openai",  # 1.10 + 2.25 + 5 = 8.35
        "aws-bedrock",  # 7
        "anthropic",  # 0.40
        "Total",
    ]
    assert pivot["month"].tolist() == ["2026-01", "2026-02", "Total"]
    assert [Decimal(v) for v in pivot["openai"]] == [
        Decimal("3.35"),
        Decimal(5),
        Decimal("8.35"),
    ]
    assert [Decimal(v) for v in pivot["aws-bedrock"]] == [0, 7, 7]
    assert [Decimal(v) for v in pivot["Total"]] == [
        Decimal("3.75"),
        Decimal(12),
        Decimal("15.75"),
    ]


def test_pivot_by_workload_labels_empty_keys():
    pivot = pivot_usage(_usage(), columns="workload")

    assert list(pivot.columns) == [
        "month",
        "Extraction",  # 0.40 + 7
        "(unattributed)",  # 5
        "Chatbot",  # 1.10 + 2.25
        "Total",
    ]
    assert Decimal(pivot["Extraction"].iloc[-1]) == Decimal("7.40")


def test_pivot_splits_currencies_and_gives_no_cross_currency_total():
    rows = [
        row(date(2026, 3, 1), billed="2"),
        row(date(2026, 3, 2), billed="3", currency="EUR"),
        row(date(2026, 4, 2), billed="4.5", currency="EUR"),
    ]

    pivot = pivot_usage(usage_frame(rows), columns="vendor")

    assert list(pivot.columns) == ["month", "openai (EUR)", "openai (USD)"]
    assert [Decimal(v) for v in pivot["openai (EUR)"]] == [
        3,
        Decimal("4.5"),
        Decimal("7.5"),
    ]
    assert [Decimal(v) for v in pivot["openai (USD)"]] == [2, 0, 2]


def test_pivot_of_nothing_has_only_the_total_row():
    pivot = pivot_usage(empty_usage(), columns="model")

    assert list(pivot.columns) == ["month", "Total"]
    assert pivot["month"].tolist() == ["Total"]
    assert [Decimal(v) for v in pivot["Total"]] == [0]


def test_pivot_refuses_unknown_dimensions():
    with pytest.raises(ValueError, match="pivot columns"):
        pivot_usage(_usage(), columns="colour")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="pivot values"):
        pivot_usage(_usage(), value="quantity")  # type: ignore[arg-type]


def test_catalog_model_ids_are_the_vendors_and_resolve_as_aliases():
    ids = catalog_model_ids("openai")

    assert "gpt-4o" in ids
    assert ids == sorted(ids, key=str.casefold)
    assert not any(model_id.startswith("claude") for model_id in ids)
    match = resolve_model("openai", "house-model", {"house-model": "gpt-4o"})
    assert match.resolved and match.model_id == "gpt-4o"
    assert catalog_model_ids("other") == []
    assert catalog_model_ids("nobody") == []
