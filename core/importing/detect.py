"""Recognising a file's format by its header."""

from __future__ import annotations

from collections.abc import Sequence

from core.errors import DataError
from core.importing.base import ImportFormat
from core.importing.formats import all_formats, format_named

# Below this score a header is not taken for a known format.
MIN_SCORE = 0.6


def rank_formats(header: Sequence[str]) -> list[tuple[float, ImportFormat]]:
    """Formats that recognise ``header``, best first, with their scores."""
    scored = [(fmt.match(header), fmt) for fmt in all_formats()]
    ranked = [(score, fmt) for score, fmt in scored if score >= MIN_SCORE]
    return sorted(ranked, key=lambda pair: -pair[0])


def choose_format(
    header: Sequence[str], requested: str | None, *, file_name: str
) -> ImportFormat:
    """The format to read a file with: the one asked for, or the best match.

    Raises:
        DataError: the requested format does not exist, or nothing matches.
    """
    if requested:
        chosen = format_named(requested)
        if chosen is None:
            names = ", ".join(fmt.name for fmt in all_formats())
            raise DataError.single(
                f"there is no format called {requested!r}",
                f"use one of {names}",
                file=file_name,
            )
        return chosen
    ranked = rank_formats(header)
    if not ranked:
        shown = ", ".join(list(header)[:8])
        raise DataError.single(
            f"the columns ({shown}) match no known export",
            "pass --format generic with --mapping to map the columns yourself",
            file=file_name,
        )
    return ranked[0][1]
