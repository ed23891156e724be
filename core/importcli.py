"""The ``counteroffer import`` command."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import TextIO

from core.errors import DataError, Problem
from core.importing.base import ImportOptions, PasswordRequiredError
from core.importing.pipeline import ImportSummary
from core.money import round_money

EXIT_OK, EXIT_DATA = 0, 1


def run_import(args: argparse.Namespace, out: TextIO) -> int:
    """Import the files into the workspace and save it, or change nothing.

    Prints one line per file (or JSON with ``--json``): rows read, imported,
    skipped as duplicates, rejected with reasons, and totals per currency.
    """
    from core.importing.service import import_files
    from core.session import open_workspace, save_opened

    workspace = open_workspace(args.workspace)
    options = _options(args)
    try:
        summaries = import_files(workspace, args.files, options)
    except PasswordRequiredError as exc:
        password = _ask_password(exc)
        if password is None:
            raise
        summaries = import_files(
            workspace, args.files, _with_password(options, password)
        )
    except DataError as exc:
        if args.json:
            out.write(json.dumps({"problems": _problems_json(exc.problems)}, indent=2))
            out.write("\n")
            return EXIT_DATA
        raise
    save_opened(workspace, args.workspace)
    if args.json:
        out.write(json.dumps(_summaries_json(summaries), indent=2) + "\n")
    else:
        out.write("".join(_summary_line(s) for s in summaries))
    return EXIT_OK


def _options(args: argparse.Namespace) -> ImportOptions:
    mapping = None
    if args.mapping is not None:
        from core.importing.presets import mapping_from_file

        mapping = mapping_from_file(args.mapping)
    password = None
    if args.password_file is not None:
        password = _read_password(args.password_file)
    return ImportOptions(
        format=args.format,
        mapping=mapping,
        skip_bad_rows=args.skip_bad_rows,
        password=password,
        sheet=args.sheet,
        date_order=args.date_order,
    )


def _with_password(options: ImportOptions, password: str) -> ImportOptions:
    from dataclasses import replace

    return replace(options, password=password)


def _read_password(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:
        raise DataError.single(
            f"cannot read the password file: {exc.strerror or exc}",
            "check the path given to --password-file",
            file=path.name,
        ) from exc


def _ask_password(error: PasswordRequiredError) -> str | None:
    """Prompt on a terminal; None when there is no one to ask."""
    if error.wrong or not sys.stdin.isatty():
        return None
    return getpass.getpass(f"Password for {error.file_name}: ")


def _summary_line(summary: ImportSummary) -> str:
    totals = ", ".join(
        f"{currency} {round_money(amount):,}"
        for currency, amount in sorted(summary.totals.items())
    )
    parts = [
        f"{summary.rows_read:,} rows read",
        f"{summary.imported:,} imported",
        f"{summary.duplicates:,} already imported",
        f"{summary.rejected:,} rejected",
    ]
    if summary.contracts:
        parts = [f"{summary.contracts} contract imported"]
    line = f"{summary.file_name} ({summary.format}): {', '.join(parts)}"
    if totals:
        line += f"; billed {totals}"
    lines = [line]
    lines += [f"  rejected: {problem}" for problem in summary.problems[:20]]
    if len(summary.problems) > 20:
        lines.append(f"  … and {len(summary.problems) - 20} more rejected rows")
    lines += [f"  note: {note}" for note in summary.notes]
    return "\n".join(lines) + "\n"


def _summaries_json(summaries: list[ImportSummary]) -> dict[str, object]:
    return {
        "files": [
            {
                "file": s.file_name,
                "format": s.format,
                "rows_read": s.rows_read,
                "imported": s.imported,
                "duplicates": s.duplicates,
                "rejected": s.rejected,
                "contracts": s.contracts,
                "totals": {c: str(a) for c, a in sorted(s.totals.items())},
                "problems": _problems_json(s.problems),
                "notes": s.notes,
            }
            for s in summaries
        ]
    }


def _problems_json(problems: list[Problem]) -> list[dict[str, object]]:
    return [
        {
            "file": p.file,
            "sheet": p.sheet,
            "row": p.row,
            "column": p.column,
            "value": p.value,
            "reason": p.reason,
            "fix": p.fix,
        }
        for p in problems
    ]
