"""Page geometry, colours and paragraph styles of the brief.

Geometry is in millimetres on A4 portrait; :func:`pt` converts to the
points reportlab draws in. reportlab is imported inside functions.
"""

from __future__ import annotations

from typing import Any

from core.brief.fonts import BOLD, REGULAR

MM_TO_PT = 72 / 25.4

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_LEFT_MM = 18.0
MARGIN_RIGHT_MM = 18.0
MARGIN_TOP_MM = 24.0
MARGIN_BOTTOM_MM = 22.0
HEADER_BASELINE_MM = 13.0  # below the top edge
HEADER_RULE_MM = 16.0  # below the top edge
FOOTER_BASELINE_MM = 10.0  # above the bottom edge
FOOTER_RULE_MM = 14.0  # above the bottom edge
COVER_BAND_MM = 9.0  # height of the coloured band atop the cover
CONTENT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
BODY_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM
# Below this much room left on a page, a heading starts the next page
# rather than sit alone at the bottom.
HEADING_ROOM_MM = 45.0
TABLE_TITLE_ROOM_MM = 30.0
CHART_HEIGHT_MM = 68.0
NUMBER_COLUMN_MM = 25.0  # narrowest figure column

CELL_SIZE_PT = 8.5
CELL_PADDING_PT = 6.0
HEADER_SIZE_PT = 7.5
FOOTER_SIZE_PT = 7.5

INK = "#1F2933"
MUTED = "#5F6B7A"
ACCENT = "#0B5394"
ACCENT_LIGHT = "#E3ECF6"
ZEBRA = "#F4F6F9"
RULE = "#C3CCD6"
CONFIDENTIAL_RED = "#A61B1B"
CAUTION_FILL = "#FFF6E0"
PENDING_FILL = "#F1F1F1"


def pt(millimetres: float) -> float:
    """Millimetres to PDF points."""
    return millimetres * MM_TO_PT


# Each style is the body style (DejaVu Sans 9.5/13 pt in ink) with these
# changes; "colour" is a hex string and "right" right-aligns.
_STYLE_CHANGES: dict[str, dict[str, Any]] = {
    "body": {},
    "note": {"spaceAfter": 5},
    "small": {"fontSize": 8, "leading": 10.5},
    "caption": {"fontSize": 8, "leading": 10.5, "colour": MUTED, "spaceAfter": 6},
    "cover_title": {"fontName": BOLD, "fontSize": 28, "leading": 34, "spaceAfter": 4},
    "cover_subtitle": {"fontSize": 13, "leading": 17, "colour": MUTED},
    "cover_workspace": {
        "fontName": BOLD, "fontSize": 20, "leading": 26, "spaceBefore": 28,
    },
    "cover_vendor": {"fontSize": 14, "leading": 19, "colour": ACCENT},
    "h1": {
        "fontName": BOLD, "fontSize": 15, "leading": 19, "spaceBefore": 12,
        "spaceAfter": 8, "colour": ACCENT,
    },
    "h2": {
        "fontName": BOLD, "fontSize": 10.5, "leading": 14, "spaceBefore": 10,
        "spaceAfter": 4,
    },
    "cell": {"fontSize": CELL_SIZE_PT, "leading": 11},
    "cell_number": {"fontSize": CELL_SIZE_PT, "leading": 11, "right": True},
    "cell_head": {"fontName": BOLD, "fontSize": CELL_SIZE_PT, "leading": 11},
    "cell_head_number": {
        "fontName": BOLD, "fontSize": CELL_SIZE_PT, "leading": 11, "right": True,
    },
    "fact_label": {"colour": MUTED},
    "headline_label": {"fontSize": 7.5, "leading": 9.5, "colour": MUTED},
    "headline_value": {
        "fontName": BOLD, "fontSize": 13, "leading": 16, "spaceBefore": 2,
    },
    "headline_detail": {
        "fontSize": 7.5, "leading": 9.5, "colour": MUTED, "spaceBefore": 2,
    },
    "notice": {"fontSize": 8.5, "leading": 11.5, "colour": CONFIDENTIAL_RED},
}  # fmt: skip


def make_styles() -> dict[str, Any]:
    """Paragraph styles by name, all in the embedded fonts."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle(
        "base", fontName=REGULAR, fontSize=9.5, leading=13, textColor=HexColor(INK)
    )
    styles = {}
    for name, changes in _STYLE_CHANGES.items():
        options = dict(changes)
        if "colour" in options:
            options["textColor"] = HexColor(options.pop("colour"))
        if options.pop("right", False):
            options["alignment"] = TA_RIGHT
        styles[name] = ParagraphStyle(name, parent=base, **options)
    return styles
