"""read_raw: every kind of file, messy layouts, hostile and damaged input."""

from __future__ import annotations

import gzip
import hashlib
import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import CounterofferError, DataError
from core.importing.base import (
    ImportCancelledError,
    ImportOptions,
    PasswordRequiredError,
    RawTable,
)
from core.importing.files import read_raw
from tests.core.importing import fixtures

ROWS = [
    ["date", "model", "amount"],
    ["2026-01-01", "gpt-5", "12.50"],
    ["2026-01-02", "claude", "3.25"],
]


def read(path: Path, **options: object) -> RawTable:
    raw, _ = read_raw(
        path,
        ImportOptions(**options),  # type: ignore[arg-type]
        progress=lambda _f, _s: None,
        cancel=lambda: False,
    )
    return raw


def refused(path: Path, **options: object) -> str:
    with pytest.raises(DataError) as caught:
        read(path, **options)
    message = str(caught.value)
    assert "\n" not in message
    return message


def cells(raw: RawTable, column: str) -> list[object]:
    return raw.table.column(column).to_pylist()


# ----------------------------------------------------------------- text


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", False),
        ("utf-8", True),
        ("utf-16-le", True),
        ("utf-16-be", True),
        ("utf-16-le", False),
        ("cp1252", False),
    ],
)
def test_encodings(tmp_path: Path, encoding: str, bom: bool) -> None:
    rows = [["Modèle", "Montant"], ["café", "€12,50"], ["thé", "€3"]]
    path = fixtures.csv_file(
        tmp_path / "bill.csv", rows, delimiter=";", encoding=encoding, bom=bom
    )

    raw = read(path)

    assert raw.header == ["Modèle", "Montant"]
    assert cells(raw, "Montant") == ["€12,50", "€3"]
    assert cells(raw, "Modèle") == ["café", "thé"]


def test_cp1252_found_after_the_sample(tmp_path: Path) -> None:
    rows = [["model", "note"]] + [["m", "plain"]] * 30_000 + [["m", "é"]]
    path = fixtures.csv_file(tmp_path / "late.csv", rows, encoding="cp1252")

    raw = read(path)

    assert cells(raw, "note")[-1] == "é"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(tmp_path: Path, delimiter: str) -> None:
    path = fixtures.csv_file(tmp_path / "bill.txt", ROWS, delimiter=delimiter)

    raw = read(path)

    assert raw.header == ["date", "model", "amount"]
    assert cells(raw, "amount") == ["12.50", "3.25"]
    assert raw.source_rows.to_pylist() == [2, 3]


def test_semicolons_win_over_decimal_commas(tmp_path: Path) -> None:
    rows = [["a", "b", "c"], ["1,5", "2,5", "3,5"], ["4,5", "5,5", "6,5"]]
    path = fixtures.csv_file(tmp_path / "eu.csv", rows, delimiter=";")

    raw = read(path)

    assert raw.header == ["a", "b", "c"]
    assert cells(raw, "b") == ["2,5", "5,5"]


def test_quoted_fields_and_newlines(tmp_path: Path) -> None:
    rows = [["model", "note", "amount"], ["a", "two\nlines, quoted", "(1,234.50)"]]
    path = fixtures.csv_file(tmp_path / "q.csv", rows)

    raw = read(path)

    assert cells(raw, "note") == ["two\nlines, quoted"]
    assert cells(raw, "amount") == ["(1,234.50)"]


def test_quoted_newlines_beyond_the_sample(tmp_path: Path) -> None:
    rows = [["id", "note"]] + [[str(i), "plain"] for i in range(20_000)]
    rows += [[str(i), f"line\nbreak {i}"] for i in range(20_000)]
    path = fixtures.csv_file(tmp_path / "late-quotes.csv", rows)

    raw = read(path)

    assert raw.table.num_rows == 40_000
    assert cells(raw, "note")[-1] == "line\nbreak 19999"


def test_title_rows_and_totals_are_left_out_with_notes(tmp_path: Path) -> None:
    rows = [
        ["Usage report"],
        ["Generated 2026-02-01"],
        [],
        *ROWS,
        ["Total", "", "15.75"],
        ["Note: amounts exclude VAT"],
    ]
    path = fixtures.csv_file(tmp_path / "report.csv", rows)

    raw = read(path)

    assert raw.header == ["date", "model", "amount"]
    assert cells(raw, "amount") == ["12.50", "3.25"]
    assert raw.source_rows.to_pylist() == [5, 6]
    assert any("rows 1–3" in note for note in raw.notes)
    assert any("rows 7, 8" in note for note in raw.notes)


def test_duplicate_and_empty_header_names(tmp_path: Path) -> None:
    rows = [["amount", "amount", "", "model"], ["1", "2", "x", "m"]]
    path = fixtures.csv_file(tmp_path / "dup.csv", rows)

    assert read(path).header == ["amount", "amount_2", "column_3", "model"]


def test_two_row_header_joins_group_names(tmp_path: Path) -> None:
    rows = [
        ["", "Input tokens", "", "Output tokens", ""],
        ["Date", "Count", "Cost", "Count", "Cost"],
        ["2026-01-01", "10", "1.5", "3", "0.3"],
    ]
    path = fixtures.csv_file(tmp_path / "groups.csv", rows)

    raw = read(path)

    assert raw.header == [
        "Date",
        "Input tokens Count",
        "Input tokens Cost",
        "Output tokens Count",
        "Output tokens Cost",
    ]


def test_ragged_row_inside_the_data_is_a_problem(tmp_path: Path) -> None:
    text = "a,b,c\n1,2,3\n4,5\n6,7,8\n"
    path = fixtures.text_file(tmp_path / "ragged.csv", text)

    message = refused(path)

    assert "2 fields where the header has 3" in message


def test_gzip_csv(tmp_path: Path) -> None:
    plain = fixtures.csv_file(tmp_path / "bill.csv", ROWS)
    path = fixtures.gzip_file(tmp_path / "bill.csv.gz", plain.read_bytes())

    raw, digest = read_raw(
        path, ImportOptions(), progress=lambda *_: None, cancel=lambda: False
    )

    assert cells(raw, "model") == ["gpt-5", "claude"]
    assert digest == hashlib.sha256(path.read_bytes()).hexdigest()


def test_fingerprint_progress_and_cancel(tmp_path: Path) -> None:
    path = fixtures.csv_file(tmp_path / "bill.csv", ROWS * 1000)
    steps: list[float] = []

    _, digest = read_raw(
        path,
        ImportOptions(),
        progress=lambda fraction, _step: steps.append(fraction),
        cancel=lambda: False,
    )

    assert digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert steps == sorted(steps) and steps[-1] == 0.75
    with pytest.raises(ImportCancelledError):
        read_raw(path, ImportOptions(), progress=lambda *_: None, cancel=lambda: True)


# ------------------------------------------------------- refusals


def test_empty_file(tmp_path: Path) -> None:
    assert "the file is empty" in refused(fixtures.text_file(tmp_path / "e.csv", ""))
    blank = fixtures.text_file(tmp_path / "blank.csv", "\n \r\n")
    assert "the file is empty" in refused(blank)


def test_header_only(tmp_path: Path) -> None:
    path = fixtures.text_file(tmp_path / "h.csv", "date,model,amount\r\n")

    assert "has a header but no rows" in refused(path)


def test_too_large(tmp_path: Path) -> None:
    path = fixtures.csv_file(tmp_path / "big.csv", ROWS)

    assert "more than the" in refused(path, max_bytes=10)


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03garbage\x00\xff" * 50,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        bytes(range(256)) * 4,
    ],
)
def test_binary_junk(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(data)

    assert "not a spreadsheet or text export" in refused(path)


def test_truncated_zip(tmp_path: Path) -> None:
    whole = fixtures.xlsx_file(tmp_path / "whole.xlsx", {"S": ROWS})
    path = fixtures.truncated(tmp_path / "cut.xlsx", whole)

    assert "damaged or incomplete" in refused(path)


def test_truncated_gzip(tmp_path: Path) -> None:
    data = "\n".join(f"{i},{i * 7},x" for i in range(50_000)).encode()
    whole = fixtures.gzip_file(tmp_path / "whole.csv.gz", b"a,b,c\n" + data)
    path = fixtures.truncated(tmp_path / "cut.csv.gz", whole)

    assert "damaged or incomplete" in refused(path)


def test_gzip_bomb(tmp_path: Path) -> None:
    path = fixtures.gzip_bomb(tmp_path / "bomb.csv.gz", expanded=40_000_000)

    assert "gzip bomb" in refused(path, max_bytes=20_000_000)


def test_zip_bomb(tmp_path: Path) -> None:
    path = fixtures.zip_bomb(tmp_path / "bomb.xlsx", expanded=50_000_000)

    assert "zip bomb" in refused(path)


def test_xml_entity_bomb(tmp_path: Path) -> None:
    path = fixtures.entity_bomb_xlsx(tmp_path / "laughs.xlsx")

    assert "XML entities" in refused(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")

    assert "not a spreadsheet" in refused(path)


# ------------------------------------------------------- spreadsheets


def test_xlsx_keeps_types(tmp_path: Path) -> None:
    rows = [
        ["Date", "Tokens", "Cost", "Mixed"],
        [datetime(2026, 1, 2, 5, 6), 10, 1.5, 0.1],
        [date(2026, 1, 3), 20, 0.1, "n/a"],
    ]
    path = fixtures.xlsx_file(tmp_path / "typed.xlsx", {"Usage": rows})

    raw = read(path)

    assert raw.table.schema.field("Tokens").type == pa.int64()
    assert raw.table.schema.field("Cost").type == pa.float64()
    assert pa.types.is_timestamp(raw.table.schema.field("Date").type)
    assert cells(raw, "Date") == [datetime(2026, 1, 2, 5, 6), datetime(2026, 1, 3)]
    assert cells(raw, "Mixed") == ["0.1", "n/a"]
    assert raw.sheet == "Usage"
    assert raw.source_rows.to_pylist() == [2, 3]


def test_xlsx_title_rows_merged_header_and_totals(tmp_path: Path) -> None:
    rows = [
        ["Invoice 2026-01"],
        [],
        ["", "Input tokens", "", "Output tokens", ""],
        ["Date", "Count", "Cost", "Count", "Cost"],
        [date(2026, 1, 1), 10, 1.5, 3, 0.3],
        [date(2026, 1, 2), 20, 3.0, 6, 0.6],
        ["Total", 30, 4.5, 9, 0.9],
    ]
    path = fixtures.xlsx_file(
        tmp_path / "merged.xlsx",
        {"Bill": rows},
        merges={"Bill": ["A1:E1", "B3:C3", "D3:E3"]},
    )

    raw = read(path)

    assert raw.header == [
        "Date",
        "Input tokens Count",
        "Input tokens Cost",
        "Output tokens Count",
        "Output tokens Cost",
    ]
    assert cells(raw, "Input tokens Cost") == [1.5, 3.0]
    assert raw.source_rows.to_pylist() == [5, 6]
    assert any("row 7" in note for note in raw.notes)
    assert any("rows 1–2" in note for note in raw.notes)


def test_sheet_is_chosen_and_named(tmp_path: Path) -> None:
    sheets = {
        "Summary": [["Month", "Total"], ["Jan", 15.75]],
        "Usage": ROWS * 5,
        "Notes": [["Read me"]],
    }
    path = fixtures.xlsx_file(tmp_path / "book.xlsx", sheets)

    raw = read(path)
    asked = read(path, sheet="Summary")

    assert raw.sheet == "Usage"
    assert "'Summary'" in raw.notes[0] and "--sheet" in raw.notes[0]
    assert asked.sheet == "Summary" and asked.header == ["Month", "Total"]
    message = refused(path, sheet="Costs")
    assert "no sheet called 'Costs'" in message and "'Usage'" in message


def test_formula_without_cached_value(tmp_path: Path) -> None:
    rows = [
        ["Model", "Tokens", "Price", "Cost"],
        *[["m", 10, 0.5, 5.0] for _ in range(4)],
        ["m", 10, 0.5, "=B6*C6"],
    ]
    path = fixtures.xlsx_file(tmp_path / "formula.xlsx", {"Bill": rows})

    message = refused(path)

    assert "cell D6 holds a formula without a saved result" in message
    assert "save it again" in message


def test_encrypted_xlsx(tmp_path: Path) -> None:
    path = fixtures.encrypted_xlsx(tmp_path / "locked.xlsx", {"S": ROWS}, "s3cret")

    with pytest.raises(PasswordRequiredError) as missing:
        read(path)
    with pytest.raises(PasswordRequiredError) as wrong:
        read(path, password="guess")
    raw = read(path, password="s3cret")

    assert not missing.value.wrong and wrong.value.wrong
    assert cells(raw, "amount") == ["12.50", "3.25"]


def test_ods(tmp_path: Path) -> None:
    rows = [["Date", "Amount"], [date(2026, 1, 2), 12.5], [date(2026, 1, 3), 3]]
    path = fixtures.ods_file(tmp_path / "bill.ods", {"Usage": rows})

    raw = read(path)

    assert raw.header == ["Date", "Amount"]
    assert cells(raw, "Amount") == [12.5, 3.0]
    assert raw.sheet == "Usage"


def test_legacy_xls(tmp_path: Path) -> None:
    rows = [["Date", "Model", "Cost"], [date(2026, 1, 2), "m", 1.25]]
    path = fixtures.xls_file(tmp_path / "old.xls", {"Usage": rows})

    raw = read(path)

    assert raw.header == ["Date", "Model", "Cost"]
    assert cells(raw, "Cost") == [1.25]
    assert cells(raw, "Date") == [datetime(2026, 1, 2)]


def test_damaged_ole_file(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)

    assert "damaged" in refused(path)


# ------------------------------------------------------- json, parquet


def test_json_pages_are_flattened(tmp_path: Path) -> None:
    page = {
        "object": "page",
        "data": [
            {
                "start_time": 1767225600,
                "end_time": 1767312000,
                "results": [
                    {"amount": {"value": 0.06, "currency": "usd"}, "line_item": "in"},
                    {"amount": {"value": 1.5, "currency": "usd"}, "line_item": "out"},
                ],
            },
            {"start_time": 1767312000, "end_time": 1767398400, "results": []},
        ],
        "has_more": False,
    }
    path = tmp_path / "costs.json"
    path.write_text(json.dumps([page, page]))

    raw = read(path)

    assert raw.header == [
        "start_time",
        "end_time",
        "amount.value",
        "amount.currency",
        "line_item",
    ]
    assert raw.table.num_rows == 4
    assert str(cells(raw, "amount.value")[0]) == "0.06"
    assert cells(raw, "start_time")[0] == 1767225600
    assert raw.source_rows.to_pylist() == [1, 2, 3, 4]


def test_broken_json(tmp_path: Path) -> None:
    path = fixtures.text_file(tmp_path / "cut.json", '{"data": [{"a": 1}')

    assert "JSON is not valid" in refused(path)


def test_parquet_keeps_types(tmp_path: Path) -> None:
    path = tmp_path / "usage.parquet"
    pq.write_table(pa.table({"tokens": [1, 2], "model": ["a", "b"]}), path)

    raw = read(path)

    assert raw.table.schema.field("tokens").type == pa.int64()
    assert raw.source_rows.to_pylist() == [1, 2]


def test_only_project_errors_escape_for_odd_inputs(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    for data in (b"\xef\xbb\xbf", b"\xff\xfe", b'"unterminated\n', b"PK\x03\x04"):
        path.write_bytes(data)
        with pytest.raises(CounterofferError):
            read(path)


def test_gzip_magic_inside_a_text_file_name(tmp_path: Path) -> None:
    path = tmp_path / "bill.csv"
    path.write_bytes(gzip.compress(b"a,b\n1,2\n"))

    assert read(path).header == ["a", "b"]


# ------------------------------------------------------- fuzzing

_SEEDS: dict[str, bytes] = {}


def _seed_files(folder: Path) -> dict[str, bytes]:
    """Valid files of every kind, made once, to mutate."""
    if not _SEEDS:
        made = {
            "csv": fixtures.csv_file(folder / "s.csv", ROWS),
            "xlsx": fixtures.xlsx_file(folder / "s.xlsx", {"S": ROWS}),
            "ods": fixtures.ods_file(folder / "s.ods", {"S": ROWS}),
            "gz": fixtures.gzip_file(folder / "s.csv.gz", b"a,b\n1,2\n"),
        }
        json_path = folder / "s.json"
        json_path.write_text(json.dumps({"data": [{"results": [{"a": 1}]}]}))
        made["json"] = json_path
        _SEEDS.update({kind: path.read_bytes() for kind, path in made.items()})
    return _SEEDS


def _expect_project_error_only(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        read(path)
    except CounterofferError as exc:
        assert str(exc).strip()


# pyarrow builds the text of a row it cannot parse before our handler sees it;
# when that text is not valid UTF-8 (a corrupted byte), the call fails inside
# pyarrow, which reports it as "Exception ignored" and reads on. The import
# then ends in a one-line DataError or reads the file as Windows-1252.
_PYARROW_HANDLER_NOISE = pytest.mark.filterwarnings(
    "ignore::pytest.PytestUnraisableExceptionWarning"
)


@_PYARROW_HANDLER_NOISE
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.binary(max_size=2048))
def test_random_bytes_raise_only_project_errors(tmp_path: Path, data: bytes) -> None:
    _expect_project_error_only(tmp_path / "random.bin", data)


@_PYARROW_HANDLER_NOISE
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    kind=st.sampled_from(["csv", "xlsx", "ods", "gz", "json"]),
    cuts=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 255), st.sampled_from("xdt")),
        min_size=1,
        max_size=6,
    ),
)
def test_mutated_files_raise_only_project_errors(
    tmp_path: Path, kind: str, cuts: list[tuple[float, int, str]]
) -> None:
    data = bytearray(_seed_files(tmp_path)[kind])
    for where, byte, action in cuts:
        if not data:
            break
        index = min(int(where * len(data)), len(data) - 1)
        if action == "x":
            data[index] = byte
        elif action == "d":
            del data[index]
        else:
            data = data[: index + 1]

    _expect_project_error_only(tmp_path / f"mutated.{kind}", bytes(data))
