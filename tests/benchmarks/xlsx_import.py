"""XLSX import benchmark: a whole import against a bare python-calamine read.

Run from the repository root::

    .venv/bin/python tests/benchmarks/xlsx_import.py [--rows 200000] [--runs 5]

The workbook (10 columns: a timestamp, text, whole numbers and decimals) is
generated once with openpyxl's write-only mode and cached under
``/tmp/counteroffer-bench``. Each run times, one after the other, a bare
``CalamineWorkbook.from_path(...).get_sheet_by_name(...).to_python()`` and
``core.importing.files.read_raw`` on the same file (which also hashes the
file, inspects the zip and converts the rows to Arrow columns), and the
whole import, ``core.importing.pipeline.read_import`` with a saved column
mapping (reading plus conversion to validated usage rows). It prints the
median of each, their ratios to the bare read (target for the whole import:
at most 1.3) and a breakdown of where ``read_raw`` spends the time beyond
calamine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path("/tmp/counteroffer-bench")
SHEET = "Usage"
HEADER = [
    "Date",
    "Vendor",
    "Model",
    "Meter",
    "Project",
    "Tokens",
    "Requests",
    "Unit price",
    "Cost",
    "Currency",
]


def workbook(rows: int) -> Path:
    """The cached benchmark workbook, written on first use."""
    path = CACHE / f"usage_{rows}x{len(HEADER)}.xlsx"
    if path.exists():
        return path
    from openpyxl import Workbook

    CACHE.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    sheet.append(HEADER)
    models = ["gpt-5.5", "claude-opus-4", "gemini-2.5-pro", "deepseek-v3", "o4-mini"]
    meters = ["input", "output", "cached_input"]
    start = datetime(2025, 9, 1)
    for index in range(rows):
        tokens = 1_000 + (index * 7919) % 5_000_000
        price = (1 + index % 17) / 8
        sheet.append(
            [
                start + timedelta(hours=index % 10_000),
                "openai" if index % 3 else "anthropic",
                models[index % len(models)],
                meters[index % len(meters)],
                f"project-{index % 40}",
                tokens,
                1 + index % 300,
                price,
                round(tokens * price / 1_000_000, 6),
                "USD",
            ]
        )
    tmp = path.with_suffix(".tmp.xlsx")
    book.save(tmp)
    tmp.rename(path)
    print(f"generated {path} in {time.perf_counter() - started:.1f} s")
    return path


def bare_read(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name(SHEET).to_python()
    return len(rows)


def our_read(path: Path) -> int:
    from core.importing.base import ImportOptions
    from core.importing.files import read_raw

    raw, _digest = read_raw(
        path, ImportOptions(), progress=lambda _f, _s: None, cancel=lambda: False
    )
    return int(raw.table.num_rows)


MAPPING = {
    "columns": {
        "period_start": "Date",
        "vendor": "Vendor",
        "model": "Model",
        "meter": "Meter",
        "workload": "Project",
        "quantity": "Tokens",
        "billed_amount": "Cost",
        "currency": "Currency",
    }
}


def our_import(path: Path) -> int:
    from core.importing.base import ImportOptions
    from core.importing.pipeline import read_import
    from core.mapping import ColumnMapping

    options = ImportOptions(
        format="generic", mapping=ColumnMapping.model_validate(MAPPING)
    )
    return len(read_import(path, options).usage)


def timed(action, path: Path) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action(path)
    return time.perf_counter() - started


def breakdown(path: Path) -> None:
    """Where read_raw's time goes beyond the calamine read, for one run."""
    from python_calamine import CalamineWorkbook

    from core.importing.readers.safety import file_sha256, inspect_zip
    from core.importing.readers.spreadsheet import rows_to_table

    started = time.perf_counter()
    file_sha256(path, progress=lambda *_: None, cancel=lambda: False, step="")
    hashed = time.perf_counter()
    inspect_zip(path, path.name, 2_000_000_000)
    inspected = time.perf_counter()
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET)
    rows = sheet.to_python(skip_empty_area=False)
    read = time.perf_counter()
    rows_to_table(rows, path.name, SHEET)
    converted = time.perf_counter()
    print(
        f"  sha256 {hashed - started:.3f} s, zip check {inspected - hashed:.3f} s, "
        f"calamine {read - inspected:.3f} s, rows to Arrow {converted - read:.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    path = workbook(options.rows)
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    assert bare_read(path) == our_read(path) + 1 == our_import(path) + 1
    bare, ours, imports = [], [], []
    for _ in range(options.runs):
        bare.append(timed(bare_read, path))
        ours.append(timed(our_read, path))
        imports.append(timed(our_import, path))
    bare_median = statistics.median(bare)
    our_median = statistics.median(ours)
    import_median = statistics.median(imports)
    runs = f"(median of {options.runs})"
    print(f"python_calamine to_python: {bare_median:.2f} s {runs}")
    print(f"read_raw:                  {our_median:.2f} s {runs}")
    print(f"read_import (mapped):      {import_median:.2f} s {runs}")
    print(f"read_raw ratio:            {our_median / bare_median:.2f}")
    print(
        f"import ratio:              {import_median / bare_median:.2f} (target <= 1.3)"
    )
    breakdown(path)


if __name__ == "__main__":
    main()
