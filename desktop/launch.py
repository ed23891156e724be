"""The ``counteroffer`` command: the window, or a headless subcommand.

Qt is imported only when a window is wanted, so headless commands start fast
and run on machines without display libraries.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``counteroffer`` script."""
    from core.cli import WINDOW_COMMANDS, build_parser, run
    from core.logsetup import configure_logging

    args = build_parser().parse_args(argv)
    configure_logging(debug=args.debug)
    if args.self_test or args.command in WINDOW_COMMANDS:
        from desktop.app import run_window

        return run_window(
            workspace=getattr(args, "workspace", None), self_test=args.self_test
        )
    return run(args)


def main_window() -> int:
    """Entry point of the windowed launcher (no console on Windows)."""
    return main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
