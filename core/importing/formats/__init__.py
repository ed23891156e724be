"""The formats we import, one module each, found by name or by header."""

from __future__ import annotations

import importlib
from functools import cache

from core.importing.base import ImportFormat

# Module names under this package; each defines ``FORMATS``, a list of
# format objects. Listed here rather than discovered so the order of
# precedence between equally good matches is explicit.
_MODULES = (
    "focus",
    "openai",
    "anthropic",
    "azure",
    "aws_cur",
    "deepseek",
    "contract",
    "generic",
)


@cache
def all_formats() -> tuple[ImportFormat, ...]:
    """Every known format, in order of precedence."""
    found: list[ImportFormat] = []
    for module_name in _MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{module_name}":
                raise
            continue
        found.extend(module.FORMATS)
    return tuple(found)


def format_named(name: str) -> ImportFormat | None:
    """The format called ``name`` (as ``--format`` takes it), if any."""
    for candidate in all_formats():
        if candidate.name == name:
            return candidate
    return None
