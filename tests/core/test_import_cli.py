"""``counteroffer import``: one transaction per command, duplicates skipped."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from core.demo import build_demo
from core.session import open_workspace
from desktop.launch import main

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
OPENAI = DEMO / "openai_costs_2025-09-01_2026-11-30.csv"
ANTHROPIC = DEMO / "anthropic_cost_report_2025-09-01_2026-11-30.csv"
BEDROCK = DEMO / "aws_cur2_bedrock_2025-09-01_2026-11-30.csv"
CONTRACT = DEMO / "contract_openai_enterprise.xlsx"


@pytest.fixture
def workspace(tmp_path, capsys):
    path = tmp_path / "w.counteroffer"
    assert main(["new", str(path)]) == 0
    capsys.readouterr()
    return path


def test_demo_files_import_to_the_generators_totals(workspace, capsys):
    code = main(["import", str(workspace), str(OPENAI), str(ANTHROPIC), str(BEDROCK)])

    assert code == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "openai_costs_2025-09-01_2026-11-30.csv (openai-costs)" in out
    usage = open_workspace(workspace).usage
    totals = usage.groupby("vendor")["billed_amount"].sum()
    assert {k: Decimal(v) for k, v in totals.items()} == build_demo().expected_totals


def test_json_summary_and_a_second_import_skips_every_row(workspace, capsys):
    assert main(["import", str(workspace), str(OPENAI), "--json"]) == 0
    first = json.loads(capsys.readouterr().out)["files"][0]

    assert main(["import", str(workspace), str(OPENAI), "--json"]) == 0
    second = json.loads(capsys.readouterr().out)["files"][0]

    assert first["imported"] == first["rows_read"] > 0
    assert Decimal(first["totals"]["USD"]) == build_demo().expected_totals["openai"]
    assert (second["imported"], second["duplicates"]) == (0, first["rows_read"])
    assert len(open_workspace(workspace).batches) == 1


def test_contract_workbook_becomes_a_contract(workspace, capsys):
    assert main(["import", str(workspace), str(CONTRACT)]) == 0

    contracts = open_workspace(workspace).contracts
    assert [c.name for c in contracts] == [build_demo().contracts[0].name]
    assert "1 contract imported" in capsys.readouterr().out


def _bad_file(folder: Path) -> Path:
    lines = OPENAI.read_text(encoding="utf-8").splitlines()[:6]
    cells = lines[3].split(",")
    cells[4] = '"12,5O"'
    lines[3] = ",".join(cells)
    path = folder / "openai_costs_bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_bad_row_stops_the_whole_command(workspace, tmp_path, capsys):
    bad = _bad_file(tmp_path)
    before = workspace.read_bytes()

    assert main(["import", str(workspace), str(OPENAI), str(bad)]) == 1

    err = capsys.readouterr().err
    assert err.startswith("error: openai_costs_bad.csv, row 4, column amount_value")
    assert err.count("\n") == 1
    assert workspace.read_bytes() == before


def test_skip_bad_rows_imports_the_rest_and_reports_rejects(
    workspace, tmp_path, capsys
):
    bad = _bad_file(tmp_path)

    assert main(["import", str(workspace), str(bad), "--skip-bad-rows", "--json"]) == 0

    summary = json.loads(capsys.readouterr().out)["files"][0]
    assert (summary["rows_read"], summary["imported"], summary["rejected"]) == (5, 4, 1)
    assert summary["problems"][0]["row"] == 4
    assert summary["problems"][0]["value"] == "12,5O"
    batch = open_workspace(workspace).batches[0]
    assert [p.row for p in batch.rejected] == [4]


def test_unknown_header_suggests_a_mapping(workspace, tmp_path, capsys):
    odd = tmp_path / "odd.csv"
    odd.write_text("when,what,how much\n2026-01-01,thing,3\n", encoding="utf-8")

    assert main(["import", str(workspace), str(odd)]) == 1

    assert "--format generic with --mapping" in capsys.readouterr().err
