"""The command line: a headless client of the core.

``desktop.launch`` parses the arguments with :func:`build_parser`, starts the
window for ``open``, no command or ``--self-test``, and hands every other
command to :func:`run`, which never imports Qt.

Exit codes: 0 success, 1 bad data or an unusable file (one line naming what
and how to fix it), 2 usage, including a capability that is not built yet.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from core import __version__
from core.catalogcli import add_catalog_commands, run_catalog
from core.errors import CounterofferError, NotAvailableError

log = logging.getLogger(__name__)

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
WINDOW_COMMANDS = frozenset({None, "open"})


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command, window ones included."""
    parser = argparse.ArgumentParser(
        prog="counteroffer",
        description="Prepare a negotiation with an AI API vendor. With no "
        "command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=_version_text())
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window offscreen on the demo, compute, and exit 0",
    )
    parser.add_argument(
        "--debug", action="store_true", help="show tracebacks and log at debug"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    opener = commands.add_parser("open", help="open the window on a workspace")
    opener.add_argument("workspace", type=Path)

    new = commands.add_parser("new", help="create a workspace")
    new.add_argument("workspace", type=Path)
    new.add_argument("--demo", action="store_true", help="fill it with demo data")
    new.add_argument("--force", action="store_true", help="replace an existing file")

    importer = commands.add_parser("import", help="import usage or contract files")
    importer.add_argument("workspace", type=Path)
    importer.add_argument("files", type=Path, nargs="+", metavar="FILE")
    importer.add_argument("--format", metavar="NAME")
    importer.add_argument("--mapping", type=Path, metavar="FILE")
    importer.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the good rows and keep a report of the rejected ones",
    )
    importer.add_argument("--json", action="store_true", help="print JSON")
    importer.add_argument(
        "--password-file",
        type=Path,
        metavar="FILE",
        help="read a protected workbook's password from FILE",
    )
    importer.add_argument("--sheet", metavar="NAME", help="the sheet to read")
    importer.add_argument(
        "--date-order",
        choices=["dmy", "mdy"],
        help="how to read dates such as 03/04/2026 when the file does not tell",
    )

    analyze = commands.add_parser("analyze", help="compute and print the analysis")
    analyze.add_argument("workspace", type=Path, nargs="?")
    analyze.add_argument("--json", action="store_true", help="print JSON")
    analyze.add_argument(
        "--json-schema", action="store_true", help="print the JSON output's schema"
    )
    analyze.add_argument("--as-of", type=_parse_date, metavar="YYYY-MM-DD")

    brief = commands.add_parser("brief", help="write the PDF negotiation brief")
    brief.add_argument("workspace", type=Path)
    brief.add_argument("-o", "--output", type=Path, required=True)
    brief.add_argument("--vendor", metavar="NAME")
    brief.add_argument("--as-of", type=_parse_date, metavar="YYYY-MM-DD")

    export = commands.add_parser("export", help="write the model as a workbook")
    export.add_argument("workspace", type=Path)
    export.add_argument("-o", "--output", type=Path, required=True)

    template = commands.add_parser("template", help="write a blank input template")
    template.add_argument("kind", choices=["contract"])
    template.add_argument("-o", "--output", type=Path, required=True)

    add_catalog_commands(commands, _parse_date)  # catalog show / load
    return parser


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run a headless command; returns the exit code."""
    stream = out or sys.stdout
    handler = _HANDLERS.get(args.command)
    if handler is None:
        build_parser().print_usage(sys.stderr)
        return EXIT_USAGE
    try:
        return handler(args, stream)
    except NotAvailableError as exc:
        _say(f"counteroffer {args.command}: {exc}")
        return EXIT_USAGE
    except CounterofferError as exc:
        if args.debug:
            raise
        _say(f"error: {exc}")
        return EXIT_DATA


def _cmd_new(args: argparse.Namespace, out: TextIO) -> int:
    from core.session import create_workspace

    path = create_workspace(args.workspace, demo=args.demo, overwrite=args.force)
    out.write(f"created {path}\n")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from core.importcli import run_import

    return run_import(args, out)


def _cmd_analyze(args: argparse.Namespace, out: TextIO) -> int:
    from core.results import analysis_json_schema

    if args.json_schema:
        out.write(json.dumps(analysis_json_schema(), indent=2) + "\n")
        return EXIT_OK
    if args.workspace is None:
        _say("counteroffer analyze: a WORKSPACE is required")
        return EXIT_USAGE
    from core.analysis import analyze
    from core.session import open_workspace

    result = analyze(open_workspace(args.workspace), as_of=args.as_of)
    if args.json:
        out.write(result.model_dump_json(indent=2) + "\n")
    else:
        from core.textreport import render_text

        out.write(render_text(result))
    return EXIT_OK


def _cmd_brief(args: argparse.Namespace, out: TextIO) -> int:
    from core.analysis import analyze
    from core.brief import write_brief
    from core.session import open_workspace

    workspace = open_workspace(args.workspace)
    result = analyze(workspace, as_of=args.as_of)
    write_brief(result, args.output, vendor=args.vendor)
    out.write(f"wrote {args.output}\n")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    raise NotAvailableError("the Excel model export is not available yet")


def _cmd_template(args: argparse.Namespace, out: TextIO) -> int:
    from core.contract_template import write_contract_workbook

    write_contract_workbook(args.output)
    out.write(f"wrote {args.output}\n")
    return EXIT_OK


_HANDLERS: dict[str | None, Callable[[argparse.Namespace, TextIO], int]] = {
    "new": _cmd_new,
    "import": _cmd_import,
    "analyze": _cmd_analyze,
    "brief": _cmd_brief,
    "export": _cmd_export,
    "template": _cmd_template,
    "catalog": run_catalog,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Headless entry point (no window commands)."""
    args = build_parser().parse_args(argv)
    from core.logsetup import configure_logging

    configure_logging(debug=args.debug)
    return run(args)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as YYYY-MM-DD"
        ) from None


def _version_text() -> str:
    return f"counteroffer {__version__}"


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")
