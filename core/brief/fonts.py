"""Embedded fonts for the brief, and text marked up for them.

Body text is set in DejaVu Sans. Characters DejaVu has no glyph for (Chinese,
Japanese, Korean) are set in WenQuanYi Micro Hei, a TrueType CJK font. Both
ship in ``resources/fonts`` and are embedded as subsets, so the PDF names no
font a reader would have to supply (no base-14 Helvetica either).

reportlab is imported inside functions: the command line imports this
package at start-up and only the ``brief`` command needs it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from resources import resource_path

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

log = logging.getLogger(__name__)

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
CJK = "WenQuanYiMicroHei"

_FILES = {
    REGULAR: ("DejaVuSans.ttf", 0),
    BOLD: ("DejaVuSans-Bold.ttf", 0),
    CJK: ("wqy-microhei.ttc", 0),
}


@dataclass(frozen=True)
class Run:
    """A stretch of text that one font can set."""

    text: str
    font: str


@cache
def register_fonts() -> None:
    """Register the brief's fonts with reportlab, once per process.

    Families are declared so ``<b>`` in a paragraph picks DejaVu Sans Bold and
    stays in the CJK font inside a CJK run (the CJK font has no bold face).
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, (file_name, face) in _FILES.items():
        path = resource_path("fonts", file_name)
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=face))
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )
    pdfmetrics.registerFontFamily(CJK, normal=CJK, bold=CJK, italic=CJK, boldItalic=CJK)
    log.debug("registered brief fonts")


@cache
def _coverage(font_name: str) -> frozenset[int]:
    """Code points the registered font has a glyph for."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    font: Any = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


def font_runs(text: str, base: str = REGULAR) -> list[Run]:
    """Split ``text`` into runs, each in ``base`` or in the CJK fallback.

    A character goes to the fallback only when ``base`` lacks it and the
    fallback has it; anything neither font has stays in ``base`` (it prints
    as the font's empty box rather than vanishing).
    """
    base_glyphs, cjk_glyphs = _coverage(base), _coverage(CJK)
    runs: list[Run] = []
    for char in text:
        code = ord(char)
        font = CJK if code not in base_glyphs and code in cjk_glyphs else base
        if runs and runs[-1].font == font:
            runs[-1] = Run(runs[-1].text + char, font)
        else:
            runs.append(Run(char, font))
    return runs


def markup(text: str, base: str = REGULAR) -> str:
    """Paragraph markup for user text: XML-escaped, CJK runs in their font."""
    return "".join(_marked(run, base) for run in font_runs(text, base))


def _marked(run: Run, base: str) -> str:
    escaped = escape(run.text)
    if run.font == base:
        return escaped
    return f'<font name="{run.font}">{escaped}</font>'


def text_width(text: str, size_pt: float, base: str = REGULAR) -> float:
    """Width of ``text`` set with fallback, in points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widths = (stringWidth(run.text, run.font, size_pt) for run in font_runs(text, base))
    return float(sum(widths))


def draw_text(
    canvas: Canvas,
    x_pt: float,
    y_pt: float,
    text: str,
    *,
    size_pt: float,
    base: str = REGULAR,
    align: str = "left",
) -> None:
    """Draw one line on a canvas with CJK fallback, aligned on ``x_pt``.

    ``align`` is "left", "right" or "centre"; coordinates are in points from
    the page's lower-left corner.
    """
    width = text_width(text, size_pt, base)
    offset = {"left": 0.0, "right": width, "centre": width / 2}[align]
    cursor = x_pt - offset
    for run, run_width in _measured(text, size_pt, base):
        canvas.setFont(run.font, size_pt)
        canvas.drawString(cursor, y_pt, run.text)
        cursor += run_width


def _measured(text: str, size_pt: float, base: str) -> Iterator[tuple[Run, float]]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for run in font_runs(text, base):
        yield run, stringWidth(run.text, run.font, size_pt)


def fit_text(text: str, width_pt: float, size_pt: float, base: str = REGULAR) -> str:
    """``text`` shortened with an ellipsis so that it fits ``width_pt``."""
    if text_width(text, size_pt, base) <= width_pt:
        return text
    while text and text_width(text + "…", size_pt, base) > width_pt:
        text = text[:-1]
    return text.rstrip() + "…"
