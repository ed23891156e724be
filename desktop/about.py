"""Help ▸ About: the version and the price catalog the app ships with."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from core import __version__


def about_text() -> str:
    """The About box's text (rich text, a few short paragraphs)."""
    from core.catalog import bundled_catalog_info

    catalog = bundled_catalog_info()
    checked = catalog.as_of.isoformat() if catalog.as_of else "undated"
    return (
        f"<h3>Counteroffer {__version__}</h3>"
        "<p>Prepares a negotiation with AI API vendors from your own invoices "
        "and contracts. It works offline: nothing you open leaves this "
        "computer.</p>"
        f"<p>Market prices: {catalog.label}.<br>"
        f"Catalog checked on {checked}, {catalog.models:,} models.</p>"
        f"<p>Python {platform.python_version()}, Qt {qVersion()}, "
        f"PySide6 {pyside_version}.</p>"
    )


def show_about(parent: QWidget) -> None:
    """Show the About box."""
    QMessageBox.about(parent, "About Counteroffer", about_text())
