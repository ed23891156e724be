from datetime import date
from decimal import Decimal

from core.analysis import analyze
from core.usage import usage_frame
from core.workloads import accounts_and_workloads, with_workloads

from .factories import row, workspace_with


def _rows():
    first = row(date(2026, 1, 1), billed="10", workload="from file")
    first["account"] = "proj_a"
    second = row(date(2026, 1, 2), billed="5")
    second["account"] = "proj_b"
    return [first, second]


def test_mapping_wins_over_file_and_fills_blanks():
    usage = usage_frame(_rows())

    mapped = with_workloads(usage, {"proj_b": "Chatbot"})

    assert mapped["workload"].tolist() == ["from file", "Chatbot"]
    assert usage["workload"].tolist() == ["from file", ""]
    assert (
        with_workloads(usage, {"proj_a": "Extraction"})["workload"][0] == "Extraction"
    )


def test_analysis_uses_the_mapping():
    workspace = workspace_with(_rows())
    workspace.settings.workload_map = {"proj_b": "Chatbot"}

    spend = analyze(workspace).spend

    assert {line.key: line.amount for line in spend.by_workload} == {
        "from file": Decimal(10),
        "Chatbot": Decimal(5),
    }


def test_accounts_listed_for_the_editor():
    table = accounts_and_workloads(usage_frame(_rows()))

    assert table[["account", "workload", "rows"]].values.tolist() == [
        ["proj_a", "from file", 1],
        ["proj_b", "", 1],
    ]
