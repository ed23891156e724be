"""Regenerate the bundled demo files: ``python -m core.demo [folder]``.

Without a folder it rewrites ``resources/demo`` in the source tree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from core.demo import RESOURCE_FOLDER, write_demo_files


def main(argv: list[str]) -> int:
    """Write the demo into the folder named in ``argv`` (or the resources)."""
    folder = Path(argv[0]) if argv else RESOURCE_FOLDER
    write_demo_files(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
