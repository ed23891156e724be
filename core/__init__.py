"""Counteroffer's engine: domain model, importers, analysis and reports.

Nothing in this package imports Qt; the desktop window and the command line
are two clients of the same functions.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("counteroffer")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
