"""The market price catalog: which one the analysis uses and how old it is.

The default catalog is the genai-prices snapshot installed with the app. It
is read offline; its network updater is never constructed.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib.metadata import version

from pydantic import BaseModel

_DATE_IN_TEXT = re.compile(r"(?:checked|as of)\s+(\d{4}-\d{2}-\d{2})", re.IGNORECASE)


class CatalogInfo(BaseModel):
    """Where market prices come from and the newest date they vouch for."""

    source: str
    version: str
    as_of: date | None
    models: int

    @property
    def label(self) -> str:
        when = self.as_of.isoformat() if self.as_of else "undated"
        return f"{self.source} {self.version} (prices as of {when})"


@cache
def bundled_catalog_info() -> CatalogInfo:
    """Describe the genai-prices snapshot shipped with the app.

    Its date is the newest "checked YYYY-MM-DD" or "as of YYYY-MM-DD" remark
    in the data: the last day its maintainers vouch for. Price start dates
    are not used, since some announce changes that are still to come.
    """
    from genai_prices.data_snapshot import get_snapshot

    newest: date | None = None
    models = 0
    for provider in get_snapshot().providers:
        texts = [provider.price_comments or ""]
        for model in provider.models:
            models += 1
            texts.append(model.price_comments or "")
        for text in texts:
            for found in _DATE_IN_TEXT.findall(text):
                day = date.fromisoformat(found)
                if newest is None or day > newest:
                    newest = day
    return CatalogInfo(
        source="genai-prices",
        version=version("genai-prices"),
        as_of=newest,
        models=models,
    )
