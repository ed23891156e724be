"""The PDF negotiation brief: a prepared model, a renderer, a safe write.

``write_brief`` is what the command line and the window call; it imports
reportlab, matplotlib and svglib only when a brief is actually written.
"""

from __future__ import annotations

import logging
from pathlib import Path

from core.brief.model import BriefModel, prepare_brief
from core.brief.output import write_atomically
from core.errors import ExportError
from core.results import AnalysisResult

log = logging.getLogger(__name__)

__all__ = [
    "BriefModel",
    "ExportError",
    "prepare_brief",
    "render_brief",
    "write_brief",
]


def render_brief(model: BriefModel) -> bytes:
    """The brief as PDF bytes (A4 portrait), built in memory."""
    from core.brief.render import BriefRenderer

    return BriefRenderer(model).render()


def write_brief(
    result: AnalysisResult, path: Path | str, *, vendor: str | None = None
) -> None:
    """Write the negotiation brief for ``result`` to ``path`` as a PDF.

    Args:
        result: the analysis to present; amounts unrounded, in the
            reporting currency.
        path: the PDF to create or replace; replaced only once the new
            brief is complete.
        vendor: restrict the brief to one vendor, by id or label (any case).

    Raises:
        DataError: ``vendor`` has no usage in ``result``.
        ExportError: ``path`` cannot be written.
    """
    model = prepare_brief(result, vendor)
    data = render_brief(model)
    write_atomically(data, Path(path))
    log.info("wrote the brief (%d bytes)", len(data))
