import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from core.results import analysis_json_schema
from core.storage import save_workspace
from desktop.launch import main

from .factories import row, workspace_with

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def small_workspace(tmp_path):
    path = tmp_path / "small.counteroffer"
    rows = [
        row(date(2026, 3, 1), billed="10.004", workload="chatbot"),
        row(
            date(2026, 3, 2),
            billed="20.001",
            vendor="anthropic",
            model="claude-haiku-4-5",
        ),
    ]
    save_workspace(workspace_with(rows, name="Small"), path)
    return path


def test_analyze_json_validates_against_published_schema(small_workspace, capsys):
    assert main(["analyze", str(small_workspace), "--json"]) == 0

    output = json.loads(capsys.readouterr().out)
    jsonschema.validate(output, analysis_json_schema())
    assert output["spend"]["total"] == "30.0050000000"
    for section in ("workspace", "spend", "market_gap", "commitment"):
        assert section in output
    for section in ("self_hosting", "workloads", "position"):
        assert output[section]["available"] is False


def test_published_schema_file_is_current():
    published = json.loads((ROOT / "docs" / "analysis.schema.json").read_text())

    assert published == analysis_json_schema(), (
        "regenerate with: counteroffer analyze --json-schema "
        "> docs/analysis.schema.json"
    )


def test_analyze_text_rounds_for_people(small_workspace, capsys):
    assert main(["analyze", str(small_workspace), "--as-of", "2026-03-31"]) == 0

    text = capsys.readouterr().out
    assert "As of      2026-03-31" in text
    assert "Total billed spend  $30" in text
    assert "Anthropic" in text and "OpenAI" in text


def test_unbuilt_commands_say_so_in_one_line_and_exit_2(capsys):
    assert main(["export", "w", "-o", "m.xlsx"]) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "not available yet" in err


def test_unreadable_workspace_exits_1_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.counteroffer"
    bad.write_bytes(b"not a database")

    assert main(["analyze", str(bad)]) == 1

    err = capsys.readouterr().err
    assert err.startswith("error: bad.counteroffer is not a Counteroffer workspace")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_new_refuses_to_overwrite_without_force(tmp_path, capsys):
    target = tmp_path / "w"
    assert main(["new", str(target)]) == 0
    assert (tmp_path / "w.counteroffer").exists()

    assert main(["new", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["new", str(target), "--force"]) == 0


def test_bad_date_is_a_usage_error(small_workspace, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["analyze", str(small_workspace), "--as-of", "31/03/2026"])

    assert caught.value.code == 2
    assert "write it as YYYY-MM-DD" in capsys.readouterr().err


def test_version(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--version"])

    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("counteroffer ")


def test_demo_analysis_matches_the_generators_own_sums(tmp_path, capsys):
    from decimal import Decimal

    from core.demo import build_demo

    assert main(["new", str(tmp_path / "demo"), "--demo"]) == 0
    capsys.readouterr()
    assert main(["analyze", str(tmp_path / "demo"), "--json"]) == 0

    output = json.loads(capsys.readouterr().out)
    jsonschema.validate(output, analysis_json_schema())
    expected = build_demo().expected_totals
    by_vendor = {
        line["key"]: Decimal(line["amount"]) for line in output["spend"]["by_vendor"]
    }
    assert by_vendor == expected
    assert Decimal(output["spend"]["total"]) == sum(expected.values())
    assert output["workspace"]["first_day"] == "2025-09-01"
    assert output["workspace"]["last_day"] == "2026-11-30"
    assert len(output["spend"]["by_month"]) == 15
    assert len(output["spend"]["by_workload"]) >= 6
    assert output["workspace"]["imports"] == 4
    assert sorted(output["workspace"]["contracts"]) == sorted(
        contract.name for contract in build_demo().contracts
    )


def test_demo_contracts_come_back_from_their_workbooks_unchanged():
    from core.demo import build_demo
    from core.session import demo_workspace

    workspace = demo_workspace()

    by_name = {contract.name: contract for contract in workspace.contracts}
    for contract in build_demo().contracts:
        assert by_name[contract.name] == contract


def test_demo_brief_has_the_cover_spend_and_market_figures(tmp_path, capsys):
    from decimal import ROUND_HALF_UP, Decimal

    from pypdf import PdfReader

    from core.demo import build_demo

    workspace = tmp_path / "demo"
    brief = tmp_path / "out" / "brief.pdf"
    brief.parent.mkdir()
    assert main(["new", str(workspace), "--demo"]) == 0
    assert main(["brief", str(workspace), "-o", str(brief)]) == 0

    reader = PdfReader(brief)
    text = "\n".join(page.extract_text() for page in reader.pages)
    total = sum(build_demo().expected_totals.values())
    shown = total.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert "Negotiation brief" in text and "CONFIDENTIAL" in text
    assert f"${shown:,}" in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert "gpt-5.6-luna" in text and "Triggered" in text
    assert str(tmp_path) not in brief.read_bytes().decode("latin-1")
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor
