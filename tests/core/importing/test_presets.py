"""Mapping presets recalled by header, and JSON mapping files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.errors import DataError
from core.importing.presets import (
    find_preset,
    mapping_from_file,
    mapping_problems,
    save_preset,
)
from core.mapping import ColumnMapping, MappingPreset
from core.workspace import WorkspaceSettings

HEADER = ["Invoice Date", "Vendor", "Model", "Amount (USD)"]
MAPPING = ColumnMapping(
    columns={
        "period_start": "Invoice Date",
        "vendor": "Vendor",
        "model": "Model",
        "billed_amount": "Amount (USD)",
    },
    fixed={"currency": "USD"},
)


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_saved_preset_is_found_by_header_in_any_order_and_case() -> None:
    settings = save_preset(WorkspaceSettings(), "Acme invoices", HEADER, MAPPING)

    shuffled = ["amount_usd", "MODEL", " vendor ", "invoice-date"]
    found = find_preset(shuffled, settings.mapping_presets)

    assert found is not None
    assert found.name == "Acme invoices"
    assert found.header == ["invoice_date", "vendor", "model", "amount_usd"]
    assert found.mapping == MAPPING
    assert find_preset([*HEADER, "Extra"], settings.mapping_presets) is None
    assert find_preset([], settings.mapping_presets) is None


def test_saving_replaces_the_same_name_and_keeps_others() -> None:
    other = MappingPreset(name="Other", header=["a"], mapping=ColumnMapping())
    before = WorkspaceSettings(mapping_presets=[other])
    first = save_preset(before, "Acme", HEADER, MAPPING)
    changed = MAPPING.model_copy(update={"fixed": {"currency": "EUR"}})

    second = save_preset(first, " acme ", HEADER, changed)

    assert [p.name for p in second.mapping_presets] == ["Other", "acme"]
    assert second.mapping_presets[1].mapping.fixed == {"currency": "EUR"}
    assert before.mapping_presets == [other]
    assert len(first.mapping_presets) == 2


def test_the_latest_of_two_presets_for_one_header_wins() -> None:
    settings = save_preset(WorkspaceSettings(), "Old", HEADER, MAPPING)
    newer = MAPPING.model_copy(update={"quantity_multiplier": 1000})
    settings = save_preset(settings, "New", HEADER, newer)

    found = find_preset(HEADER, settings.mapping_presets)

    assert found is not None
    assert found.name == "New"


def test_a_preset_must_have_a_name_and_fit_its_header() -> None:
    with pytest.raises(DataError) as caught:
        save_preset(WorkspaceSettings(), "  ", HEADER[:3], MAPPING)

    reasons = [p.reason for p in caught.value.problems]
    assert reasons == [
        "the preset has no name",
        "the column 'Amount (USD)' mapped to billed_amount is not in the file",
    ]


def test_mapping_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "acme.json"
    path.write_text(
        "\ufeff" + json.dumps({**MAPPING.model_dump(), "date_order": "dmy"}),
        encoding="utf-8",
    )

    mapping = mapping_from_file(path)

    assert mapping == MAPPING.model_copy(update={"date_order": "dmy"})


def test_mapping_file_problems_name_the_field_and_the_fix(tmp_path: Path) -> None:
    path = write_json(
        tmp_path / "bad.json",
        {
            "columns": {"vendor": 5, "period_start": "Date"},
            "fixed": {"model": "m", "currency": "USD"},
            "quantity_multiplier": 0,
            "date_order": "ymd",
            "sheet": "Costs",
        },
    )

    with pytest.raises(DataError) as caught:
        mapping_from_file(path)

    found = {p.column: p for p in caught.value.problems}
    assert set(found) == {
        "columns.vendor", "quantity_multiplier", "date_order", "sheet",
    }  # fmt: skip
    assert found["columns.vendor"].fix == 'write the value in quotes, such as "USD"'
    assert "1000" in found["quantity_multiplier"].fix
    assert found["date_order"].fix.startswith("write dmy (day first) or mdy")
    assert str(found["sheet"]).startswith("bad.json, column sheet:")
    assert all(p.file == "bad.json" for p in caught.value.problems)


def test_mapping_file_must_be_a_complete_mapping(tmp_path: Path) -> None:
    path = write_json(tmp_path / "thin.json", {"columns": {"cost": "Cost"}})

    with pytest.raises(DataError) as caught:
        mapping_from_file(path)

    reasons = [p.reason for p in caught.value.problems]
    assert reasons[0] == "'cost' is not a field a mapping can fill"
    assert "period_start is neither mapped nor fixed" in reasons
    assert len(reasons) == 6


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"columns": {,}}', r"bad\.json, row 1: is not valid JSON: .* column 14"),
        ("[1, 2]", r"must be a JSON object with columns, fixed"),
        (b"\xff\xfe{}", r"is not UTF-8 text"),
    ],
)
def test_unreadable_mapping_files(
    tmp_path: Path, content: str | bytes, expected: str
) -> None:
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")

    with pytest.raises(DataError, match=expected):
        mapping_from_file(path)


def test_missing_mapping_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"nowhere\.json"):
        mapping_from_file(tmp_path / "nowhere.json")


def test_fixed_dates_and_numbers_are_checked_without_a_file() -> None:
    mapping = ColumnMapping(
        columns={"vendor": "V", "model": "M", "billed_amount": "A"},
        fixed={"period_start": "03/04/2026", "currency": "USD", "quantity": "lots"},
    )

    problems = mapping_problems(mapping)

    assert [p.column for p in problems] == ["period_start", "quantity"]
    assert "could be day/month or month/day" in problems[0].reason
    assert problems[1].reason == "the fixed quantity 'lots' is not a number"
    settled = mapping.model_copy(update={"date_order": "dmy"})
    assert [p.column for p in mapping_problems(settled)] == ["quantity"]
