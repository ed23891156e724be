"""reportlab flowables for the blocks of a prepared brief.

Each function lays out one kind of :mod:`core.brief.model` block; no figure
is computed or rounded here. reportlab, matplotlib and svglib are imported
inside functions.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from core.brief.fonts import BOLD, REGULAR, markup, text_width
from core.brief.model import Block, ChartRef, Headlines, Note, Table
from core.brief.theme import (
    ACCENT,
    ACCENT_LIGHT,
    CAUTION_FILL,
    CELL_PADDING_PT,
    CELL_SIZE_PT,
    CHART_HEIGHT_MM,
    CONTENT_WIDTH_MM,
    INK,
    NUMBER_COLUMN_MM,
    PENDING_FILL,
    RULE,
    TABLE_TITLE_ROOM_MM,
    ZEBRA,
    pt,
)

log = logging.getLogger(__name__)

Styles = dict[str, Any]


def block_flowables(block: Block, styles: Styles) -> list[Any]:
    """The flowables that print ``block``, in reading order."""
    if isinstance(block, Headlines):
        return [headlines_flowable(block, styles)]
    if isinstance(block, Table):
        return table_flowables(block, styles)
    if isinstance(block, ChartRef):
        return [chart_flowable(block, styles)]
    return [note_flowable(block, styles)]


def grid(
    rows: list[list[Any]],
    widths_pt: list[float],
    commands: list[tuple[Any, ...]],
    *,
    repeat_rows: int = 0,
) -> Any:
    """A left-aligned table in the embedded font.

    Without an explicit cell font reportlab opens every table in Helvetica,
    which would put a non-embedded font into the PDF. With ``repeat_rows``
    the table may span pages and repeats that many header rows.
    """
    from reportlab.platypus import LongTable, Table

    kind = LongTable if repeat_rows else Table
    table = kind(rows, colWidths=widths_pt, repeatRows=repeat_rows, hAlign="LEFT")
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands])
    return table


def headlines_flowable(block: Headlines, styles: Styles) -> Any:
    """Key figures in a row of equal boxes across the content width."""
    from reportlab.lib.colors import HexColor, white
    from reportlab.platypus import Paragraph

    cells = [
        [
            Paragraph(markup(item.label), styles["headline_label"]),
            Paragraph(markup(item.value), styles["headline_value"]),
            Paragraph(markup(item.detail), styles["headline_detail"]),
        ]
        for item in block.items
    ]
    width = pt(CONTENT_WIDTH_MM) / len(cells)
    return grid(
        [cells],
        [width] * len(cells),
        [
            ("BACKGROUND", (0, 0), (-1, -1), HexColor(ACCENT_LIGHT)),
            ("LINEBEFORE", (1, 0), (-1, -1), 2, white),
            ("LINEABOVE", (0, 0), (-1, 0), 1.5, HexColor(ACCENT)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ("LEFTPADDING", (0, 0), (-1, -1), 7),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ],
    )


def table_flowables(block: Table, styles: Styles) -> list[Any]:
    """A titled table whose header repeats on every page it spans."""
    from reportlab.platypus import CondPageBreak, Paragraph

    head = [
        Paragraph(
            markup(c.header), styles["cell_head_number" if c.numeric else "cell_head"]
        )
        for c in block.columns
    ]
    body = [_row_cells(row, block, styles) for row in block.rows]
    if block.total is not None:
        body.append(_row_cells(block.total, block, styles, bold=True))
    commands = _table_style(len(body), has_total=block.total is not None)
    table = grid([head, *body], _column_widths(block), commands, repeat_rows=1)

    flowables = [
        CondPageBreak(pt(TABLE_TITLE_ROOM_MM)),
        Paragraph(markup(block.title), styles["h2"]),
        table,
    ]
    if block.note:
        flowables.append(Paragraph(markup(block.note), styles["caption"]))
    return flowables


def _row_cells(
    row: tuple[str, ...], block: Table, styles: Styles, *, bold: bool = False
) -> list[Any]:
    from reportlab.platypus import Paragraph

    cells = []
    for text, column in zip(row, block.columns, strict=True):
        style = styles["cell_number" if column.numeric else "cell"]
        content = markup(text)
        cells.append(Paragraph(f"<b>{content}</b>" if bold else content, style))
    return cells


def _column_widths(block: Table) -> list[float]:
    """Figure columns fit their widest cell (at least a minimum width, in
    points); the first (label) column takes the rest of the line."""
    rows = [tuple(c.header for c in block.columns), *block.rows]
    if block.total is not None:
        rows.append(block.total)
    widths = [
        max(
            pt(NUMBER_COLUMN_MM),
            max(text_width(row[index], CELL_SIZE_PT, BOLD) for row in rows)
            + 2 * CELL_PADDING_PT,
        )
        for index in range(1, len(block.columns))
    ]
    return [pt(CONTENT_WIDTH_MM) - sum(widths), *widths]


def _table_style(body_rows: int, *, has_total: bool) -> list[tuple[Any, ...]]:
    from reportlab.lib.colors import HexColor, white

    style: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(ACCENT_LIGHT)),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor(ACCENT)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING_PT),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING_PT),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, HexColor(RULE)),
    ]
    if body_rows:
        last_zebra = body_rows - 1 if has_total else body_rows
        style.append(
            ("ROWBACKGROUNDS", (0, 1), (-1, last_zebra), [white, HexColor(ZEBRA)])
        )
    if has_total:
        style += [
            ("FONTNAME", (0, -1), (-1, -1), BOLD),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, HexColor(INK)),
        ]
    return style


def note_flowable(block: Note, styles: Styles) -> Any:
    """A paragraph; cautions and pending notes sit in a tinted box."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph

    if block.kind == "body":
        return Paragraph(markup(block.text), styles["note"])
    paragraph = Paragraph(markup(block.text), styles["body"])
    fill = CAUTION_FILL if block.kind == "caution" else PENDING_FILL
    return grid(
        [[paragraph]],
        [pt(CONTENT_WIDTH_MM)],
        [
            ("BACKGROUND", (0, 0), (-1, -1), HexColor(fill)),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ],
    )


def chart_flowable(block: ChartRef, styles: Styles) -> Any:
    """The chart as vector graphics, full content width, with its caption."""
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    drawing = figure_drawing(block, pt(CONTENT_WIDTH_MM))
    return KeepTogether(
        [
            Spacer(1, 8),
            drawing,
            Paragraph(markup(block.caption), styles["caption"]),
        ]
    )


def _figure(block: ChartRef, width_in: float, height_in: float) -> Any:
    """The matplotlib figure a chart block names, at the printed size."""
    from core.charts import market_prices_figure, spend_by_month_figure

    if block.kind == "market_prices":
        return market_prices_figure(
            block.market_lines, width_in=width_in, height_in=height_in
        )
    if block.spend is None:
        raise ValueError("a spend chart needs the spend section")
    return spend_by_month_figure(block.spend, width_in=width_in, height_in=height_in)


def figure_drawing(block: ChartRef, width_pt: float) -> Any:
    """Render the chart's matplotlib figure to SVG, then to a reportlab Drawing.

    The figure is made at the printed size (``width_pt`` wide, the chart
    height tall), so its 8-point labels print at 8 points.
    """
    from svglib.svglib import svg2rlg

    width_in = width_pt / 72
    height_in = pt(block.height_mm or CHART_HEIGHT_MM) / 72
    figure = _figure(block, width_in, height_in)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    buffer.seek(0)

    drawing = svg2rlg(buffer)
    if drawing is None:
        raise RuntimeError("the chart could not be converted to vector graphics")
    # Drawings open in Helvetica unless told otherwise; see grid().
    drawing.initialFontName = REGULAR
    scale = width_pt / drawing.width
    drawing.scale(scale, scale)
    drawing.width, drawing.height = width_pt, drawing.height * scale
    log.debug("chart converted at scale %.3f", scale)
    return drawing
