from datetime import date
from decimal import Decimal

import pytest

from core.catalog_sources import bundled_snapshot
from core.cli import main
from core.pricing import PriceOverride
from core.reference import Meter
from core.session import new_workspace
from core.storage import load_workspace, save_workspace

from .test_catalog_sources import LITELLM, write_json


@pytest.fixture
def workspace_path(tmp_path):
    workspace = new_workspace("Deal")
    workspace.assumptions = workspace.assumptions.model_copy(
        update={"as_of": date(2026, 11, 1)}
    )
    workspace.settings.price_overrides = [
        PriceOverride(
            provider="openai",
            model_id="o3",
            meter=Meter.OUTPUT,
            price_per_mtok=Decimal("6.5"),
            note="quoted by the vendor on 2026-10-20",
            quoted_on=date(2026, 10, 20),
        )
    ]
    path = tmp_path / "deal.counteroffer"
    save_workspace(workspace, path)
    return path


def test_show_describes_the_catalog(workspace_path, capsys):
    assert main(["catalog", "show", str(workspace_path)]) == 0

    lines = capsys.readouterr().out.splitlines()
    snapshot = bundled_snapshot()
    assert lines[0] == f"Catalog      genai-prices {snapshot.version}"
    assert lines[1] == f"Prices as of {snapshot.as_of.isoformat()}"
    assert lines[2] == "Loaded from  bundled with Counteroffer"
    assert lines[3].startswith(f"Models       {len(snapshot.models)} from ")
    assert lines[4] == "Overrides    1"


def test_show_model_prices_on_the_workspace_date_with_overrides(workspace_path, capsys):
    assert main(["catalog", "show", str(workspace_path), "o3-2025-04-16"]) == 0

    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "o3 (o3), provider openai"
    assert lines[1].startswith("List prices on 2026-11-01 from genai-prices ")
    assert lines[2] == "Pricing page  https://developers.openai.com/api/docs/pricing"
    assert lines[3].startswith("Checked       20")
    rows = {line.split("  ")[1].strip(): line for line in lines if line[:2] == "  "}
    assert rows["input"].split() == ["input", "$2.00", "MTok", "2025-06-10"]
    assert rows["output"].split()[:4] == ["output", "$6.50", "MTok", "2026-10-20"]
    assert "OVERRIDE: quoted by the vendor on 2026-10-20 (catalog $8.00)" in out
    assert rows["batch input"].split() == [
        "batch",
        "input",
        "$1.00",
        "MTok",
        "2026-10-14",
    ]
    assert "priority input" in rows


def test_show_model_on_another_day(workspace_path, capsys):
    argv = ["catalog", "show", str(workspace_path), "o3", "--as-of", "2025-01-01"]
    assert main(argv) == 0

    out = capsys.readouterr().out
    assert "List prices on 2025-01-01" in out
    assert "$10.00" in out and "$40.00" in out and "OVERRIDE" not in out


def test_show_an_unknown_model_is_one_line_and_exit_1(workspace_path, capsys):
    assert main(["catalog", "show", str(workspace_path), "gpt-99"]) == 1

    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "has no model named 'gpt-99'" in err


def test_load_a_litellm_file_into_the_workspace(workspace_path, tmp_path, capsys):
    prices = write_json(tmp_path, "litellm-prices-1.110.2.json", LITELLM)

    argv = [
        "catalog",
        "load",
        str(workspace_path),
        str(prices),
        "--as-of",
        "2026-11-20",
    ]
    assert main(argv) == 0

    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        "loaded 3 models from litellm-prices-1.110.2.json (litellm 1.110.2, "
        f"prices as of 2026-11-20) into {workspace_path}"
    )
    assert "1 price override(s) name a model this catalog does not list" in out
    reopened = load_workspace(workspace_path)
    assert reopened.catalog.label == "litellm 1.110.2 (prices as of 2026-11-20)"
    assert reopened.catalog_snapshot.loaded_from == "litellm-prices-1.110.2.json"

    assert main(["catalog", "show", str(workspace_path), "gpt-4o"]) == 0
    shown = capsys.readouterr().out
    assert "input" in shown and "$2.50" in shown


@pytest.mark.parametrize(
    "content",
    [
        {"gpt-4o": {"input_cost_per_token": "abc"}},
        {"gpt-4o": {"input_cost_per_token": -1}},
        [{"id": "openai"}],
        "just text",
        {},
    ],
)
def test_a_bad_file_changes_nothing_and_says_why_in_one_line(
    workspace_path, tmp_path, capsys, content
):
    before = workspace_path.read_bytes()
    bad = write_json(tmp_path, "catalog.json", content)

    assert main(["catalog", "load", str(workspace_path), str(bad)]) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: catalog.json: ")
    assert captured.err.count("\n") == 1
    assert workspace_path.read_bytes() == before


def test_a_file_that_is_not_json_changes_nothing(workspace_path, tmp_path, capsys):
    before = workspace_path.read_bytes()
    bad = tmp_path / "prices.json"
    bad.write_text("model,price\ngpt-4o,2.5\n")

    assert main(["catalog", "load", str(workspace_path), str(bad)]) == 1

    assert "prices.json: is not JSON" in capsys.readouterr().err
    assert workspace_path.read_bytes() == before
