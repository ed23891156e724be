"""Help ▸ About names the version and the price catalog."""

from __future__ import annotations

from core import __version__
from core.catalog import bundled_catalog_info


def test_about_names_version_and_catalog(window, dialogs):
    catalog = bundled_catalog_info()

    window.menu.about.trigger()

    [text] = dialogs.texts("about")
    assert f"Counteroffer {__version__}" in text
    assert catalog.label in text
    assert catalog.as_of is not None
    assert f"checked on {catalog.as_of.isoformat()}" in text
