from datetime import date
from decimal import Decimal

import pytest

from core.analysis import analyze
from core.assumptions import Assumptions
from core.errors import DataError
from core.spend import compute_spend
from core.usage import empty_usage, usage_frame

from .factories import row, workspace_with

ROWS = [
    row(date(2026, 1, 5), billed="100.10", listed="110", workload="chatbot"),
    row(date(2026, 1, 20), billed="50.05", listed="55", workload="", meter="output"),
    row(
        date(2026, 2, 3),
        vendor="anthropic",
        model="claude-sonnet-4-6",
        billed="200",
        listed="250",
        workload="extraction",
        quantity=3_000_000,
    ),
    row(
        date(2026, 2, 4),
        vendor="anthropic",
        model="claude-sonnet-4-6",
        billed="80",
        listed="80",
        currency="EUR",
        workload="chatbot",
    ),
]
# EUR at 1.25 USD: the EUR row is worth 100 USD.
ASSUMPTIONS = Assumptions(fx_rates={"EUR": Decimal("1.25")})


def test_totals_by_vendor_model_meter_workload_and_month():
    spend = compute_spend(usage_frame(ROWS), ASSUMPTIONS)

    # 100.10 + 50.05 + 200 + 80 × 1.25
    assert spend.total == Decimal("450.15")
    # 110 + 55 + 250 + 80 × 1.25
    assert spend.list_total == Decimal("515")
    assert spend.discount_vs_list == (Decimal(515) - Decimal("450.15")) / 515
    by_vendor = {line.key: line.amount for line in spend.by_vendor}
    assert by_vendor == {"anthropic": Decimal("300"), "openai": Decimal("150.15")}
    assert [line.key for line in spend.by_vendor] == ["anthropic", "openai"]
    assert spend.by_vendor[0].label == "Anthropic"
    assert spend.by_vendor[0].share == Decimal("300") / Decimal("450.15")

    workloads = {line.key: line.amount for line in spend.by_workload}
    assert workloads == {
        "extraction": Decimal("200"),
        "chatbot": Decimal("200.10"),
        "(unattributed)": Decimal("50.05"),
    }
    meters = {line.key: (line.amount, line.quantity) for line in spend.by_meter}
    assert meters["input"] == (Decimal("400.10"), Decimal(5_000_000))
    assert meters["output"] == (Decimal("50.05"), Decimal(1_000_000))

    months = [(m.month, m.amount, m.by_vendor) for m in spend.by_month]
    assert months == [
        ("2026-01", Decimal("150.15"), {"openai": Decimal("150.15")}),
        ("2026-02", Decimal("300"), {"anthropic": Decimal("300")}),
    ]


def test_missing_exchange_rate_names_currency_and_fix():
    with pytest.raises(DataError, match="no exchange rate from EUR to USD"):
        compute_spend(usage_frame(ROWS), Assumptions())


def test_list_total_is_absent_when_a_row_lacks_a_list_amount():
    rows = [row(date(2026, 1, 1), listed="2"), row(date(2026, 1, 2), listed=None)]

    assert compute_spend(usage_frame(rows), Assumptions()).list_total is None


def test_empty_usage_gives_zero_and_empty_breakdowns():
    spend = compute_spend(empty_usage(), Assumptions())

    assert spend.total == 0
    assert spend.by_vendor == [] and spend.by_month == []


def test_analyze_summarises_workspace_and_marks_pending_sections():
    workspace = workspace_with(ROWS)
    workspace.assumptions = ASSUMPTIONS

    result = analyze(workspace)

    assert result.workspace.first_day == date(2026, 1, 5)
    assert result.workspace.last_day == date(2026, 2, 4)
    assert result.workspace.as_of == date(2026, 2, 4)
    assert result.workspace.usage_rows == 4
    assert result.workspace.vendors == ["anthropic", "openai"]
    assert result.spend.total == Decimal("450.15")
    for name in ("market_gap", "commitment", "self_hosting", "workloads", "position"):
        assert getattr(result, name).available is False


def test_as_of_argument_wins_over_data_end():
    result = analyze(workspace_with(ROWS[:1]), as_of=date(2026, 3, 1))

    assert result.workspace.as_of == date(2026, 3, 1)


def test_each_vendor_has_its_own_breakdowns_with_shares_within_it():
    spend = compute_spend(usage_frame(ROWS), ASSUMPTIONS)

    anthropic, openai = spend.vendors
    assert (anthropic.key, anthropic.amount) == ("anthropic", Decimal(300))
    # 250 + 80 × 1.25
    assert anthropic.list_total == Decimal(350)
    assert [(w.key, w.amount, w.share) for w in anthropic.by_workload] == [
        ("extraction", Decimal(200), Decimal(200) / Decimal(300)),
        ("chatbot", Decimal(100), Decimal(100) / Decimal(300)),
    ]
    assert [m.key for m in openai.by_meter] == ["input", "output"]
    assert openai.by_model[0].share == 1
