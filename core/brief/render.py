"""Lay out a prepared brief as an A4 PDF with reportlab's platypus.

:class:`BriefRenderer` owns the page templates (a cover, then body pages with
a header and footer), the story and the page decorations; subclasses may
override any hook. Every page carries the confidentiality marking and
"Page x of y", stamped by :func:`numbered_canvas` once the total is known.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from core.brief.flowables import Styles, block_flowables, grid
from core.brief.fonts import BOLD, REGULAR, draw_text, fit_text, markup, register_fonts
from core.brief.model import BriefModel, Note, Section
from core.brief.theme import (
    ACCENT,
    BODY_HEIGHT_MM,
    CONFIDENTIAL_RED,
    CONTENT_WIDTH_MM,
    COVER_BAND_MM,
    FOOTER_BASELINE_MM,
    FOOTER_RULE_MM,
    FOOTER_SIZE_PT,
    HEADER_BASELINE_MM,
    HEADER_RULE_MM,
    HEADER_SIZE_PT,
    HEADING_ROOM_MM,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MUTED,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    RULE,
    make_styles,
    pt,
)

log = logging.getLogger(__name__)

COVER_TEMPLATE = "cover"
BODY_TEMPLATE = "body"


class BriefRenderer:
    """Render one :class:`BriefModel` to PDF bytes."""

    def __init__(self, model: BriefModel) -> None:
        self.model = model
        register_fonts()
        self.styles: Styles = make_styles()

    def render(self) -> bytes:
        """The whole PDF, built in memory."""
        buffer = io.BytesIO()
        document = self.document(buffer)
        document.build(self.story(), canvasmaker=numbered_canvas(self.page_label))
        log.debug("brief laid out on %d pages", document.page)
        return buffer.getvalue()

    def document(self, buffer: io.BytesIO) -> Any:
        """The doc template: A4 portrait, metadata, embedded initial font."""
        from reportlab.platypus import BaseDocTemplate

        model = self.model
        return BaseDocTemplate(
            buffer,
            pagesize=(pt(PAGE_WIDTH_MM), pt(PAGE_HEIGHT_MM)),
            pageTemplates=self.page_templates(),
            title=model.metadata_title,
            subject=model.metadata_subject,
            author=model.author,
            creator=model.creator,
            initialFontName=REGULAR,
            initialFontSize=9.5,
            lang="en",
        )

    def page_templates(self) -> list[Any]:
        """A cover template, then one used by every later page."""
        from reportlab.platypus import Frame, PageTemplate

        def frame(name: str) -> Any:
            return Frame(
                pt(MARGIN_LEFT_MM),
                pt(MARGIN_BOTTOM_MM),
                pt(CONTENT_WIDTH_MM),
                pt(BODY_HEIGHT_MM),
                id=name,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )

        return [
            PageTemplate(COVER_TEMPLATE, [frame("cover")], onPage=self.draw_cover_page),
            PageTemplate(BODY_TEMPLATE, [frame("body")], onPage=self.draw_later_page),
        ]

    def story(self) -> list[Any]:
        """Every flowable, cover first."""
        from reportlab.platypus import NextPageTemplate, PageBreak

        story = self.cover_story()
        story += [NextPageTemplate(BODY_TEMPLATE), PageBreak()]
        for number, section in enumerate(self.model.sections, start=1):
            story += self.section_story(number, section)
        return story

    def cover_story(self) -> list[Any]:
        """Title, workspace and vendor, the facts table and the notice."""
        from reportlab.platypus import Paragraph, Spacer

        model, styles = self.model, self.styles
        return [
            Spacer(1, pt(22)),
            Paragraph(markup(model.title), styles["cover_title"]),
            Paragraph(markup(model.subtitle), styles["cover_subtitle"]),
            Paragraph(markup(model.workspace), styles["cover_workspace"]),
            Paragraph(markup(model.vendor_label), styles["cover_vendor"]),
            Spacer(1, pt(12)),
            self.cover_facts(),
            Spacer(1, pt(14)),
            self.notice_box(),
        ]

    def cover_facts(self) -> Any:
        """The cover's label/value lines as a ruled two-column table."""
        from reportlab.lib.colors import HexColor
        from reportlab.platypus import Paragraph

        rows = [
            [
                Paragraph(markup(fact.label), self.styles["fact_label"]),
                Paragraph(markup(fact.value), self.styles["body"]),
            ]
            for fact in self.model.cover_facts
        ]
        label_width = pt(48)
        return grid(
            rows,
            [label_width, pt(CONTENT_WIDTH_MM) - label_width],
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, HexColor(RULE)),
                ("LINEABOVE", (0, 0), (-1, 0), 0.4, HexColor(RULE)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ],
        )

    def notice_box(self) -> Any:
        """The confidentiality notice, boxed in red."""
        from reportlab.lib.colors import HexColor
        from reportlab.platypus import Paragraph

        text = f"<b>{markup(self.model.confidentiality.upper())}</b><br/>" + markup(
            self.model.confidentiality_notice
        )
        return grid(
            [[Paragraph(text, self.styles["notice"])]],
            [pt(CONTENT_WIDTH_MM)],
            [
                ("BOX", (0, 0), (-1, -1), 1, HexColor(CONFIDENTIAL_RED)),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ],
        )

    def section_story(self, number: int, section: Section) -> list[Any]:
        """A numbered heading and the section's blocks.

        A heading never ends a page, and a section of notes only is kept on
        one page, so it is not split into a heading and a few stray lines.
        """
        from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph

        story = [Paragraph(f"{number}. {markup(section.title)}", self.styles["h1"])]
        for block in section.blocks:
            story += block_flowables(block, self.styles)
        if all(isinstance(block, Note) for block in section.blocks):
            story = [KeepTogether(story)]
        return [CondPageBreak(pt(HEADING_ROOM_MM)), *story]

    def page_label(self, page: int, pages: int) -> str:
        """The page-number text stamped in every footer."""
        return f"Page {page} of {pages}"

    def draw_cover_page(self, canvas: Any, document: Any) -> None:
        """Cover decoration: a coloured band, the marking and the footer."""
        from reportlab.lib.colors import HexColor, white

        width, height = pt(PAGE_WIDTH_MM), pt(PAGE_HEIGHT_MM)
        canvas.saveState()
        canvas.setFillColor(HexColor(ACCENT))
        canvas.rect(0, height - pt(COVER_BAND_MM), width, pt(COVER_BAND_MM), 0, 1)
        canvas.setFillColor(white)
        baseline = height - pt(COVER_BAND_MM) + pt(3.2)
        canvas.setFont(BOLD, 9)
        canvas.drawString(pt(MARGIN_LEFT_MM), baseline, "Counteroffer")
        self._draw_marking(canvas, width - pt(MARGIN_RIGHT_MM), height - pt(20))
        self.draw_footer(canvas)
        canvas.restoreState()

    def draw_later_page(self, canvas: Any, document: Any) -> None:
        """Header (title, workspace, vendor, marking) and footer."""
        canvas.saveState()
        self.draw_header(canvas)
        self.draw_footer(canvas)
        canvas.restoreState()

    def draw_header(self, canvas: Any) -> None:
        """Running header: what the brief is about, and the marking."""
        from reportlab.lib.colors import HexColor

        model = self.model
        top = pt(PAGE_HEIGHT_MM)
        right = pt(PAGE_WIDTH_MM - MARGIN_RIGHT_MM)
        text = f"{model.title} · {model.workspace} · {model.vendor_label}"
        marking_width = pt(32)
        shown = fit_text(text, pt(CONTENT_WIDTH_MM) - marking_width, HEADER_SIZE_PT)
        canvas.setFillColor(HexColor(MUTED))
        draw_text(
            canvas,
            pt(MARGIN_LEFT_MM),
            top - pt(HEADER_BASELINE_MM),
            shown,
            size_pt=HEADER_SIZE_PT,
        )
        canvas.setFillColor(HexColor(CONFIDENTIAL_RED))
        draw_text(
            canvas,
            right,
            top - pt(HEADER_BASELINE_MM),
            model.confidentiality.upper(),
            size_pt=HEADER_SIZE_PT,
            base=BOLD,
            align="right",
        )
        canvas.setStrokeColor(HexColor(RULE))
        canvas.setLineWidth(0.5)
        canvas.line(
            pt(MARGIN_LEFT_MM),
            top - pt(HEADER_RULE_MM),
            right,
            top - pt(HEADER_RULE_MM),
        )

    def draw_footer(self, canvas: Any) -> None:
        """Footer rule and confidentiality line; the page number comes later."""
        from reportlab.lib.colors import HexColor

        right = pt(PAGE_WIDTH_MM - MARGIN_RIGHT_MM)
        canvas.setStrokeColor(HexColor(RULE))
        canvas.setLineWidth(0.5)
        canvas.line(pt(MARGIN_LEFT_MM), pt(FOOTER_RULE_MM), right, pt(FOOTER_RULE_MM))
        canvas.setFillColor(HexColor(CONFIDENTIAL_RED))
        draw_text(
            canvas,
            pt(MARGIN_LEFT_MM),
            pt(FOOTER_BASELINE_MM),
            f"{self.model.confidentiality} · for the negotiation team only",
            size_pt=FOOTER_SIZE_PT,
        )

    def _draw_marking(self, canvas: Any, right_pt: float, top_pt: float) -> None:
        """A red outlined "CONFIDENTIAL" stamp whose top-right is given."""
        from reportlab.lib.colors import HexColor

        text = self.model.confidentiality.upper()
        size = 11.0
        width = canvas.stringWidth(text, BOLD, size) + pt(8)
        height = pt(8)
        canvas.setStrokeColor(HexColor(CONFIDENTIAL_RED))
        canvas.setFillColor(HexColor(CONFIDENTIAL_RED))
        canvas.setLineWidth(1.2)
        canvas.rect(right_pt - width, top_pt - height, width, height, 1, 0)
        canvas.setFont(BOLD, size)
        canvas.drawCentredString(right_pt - width / 2, top_pt - height + pt(2.6), text)


def numbered_canvas(label: Any) -> type[Any]:
    """A canvas class that stamps ``label(page, pages)`` in every footer.

    Pages are held back until :meth:`save`, when their count is known.
    """
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._held_pages)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                self.setFillColor(HexColor(MUTED))
                draw_text(
                    self,
                    pt(PAGE_WIDTH_MM - MARGIN_RIGHT_MM),
                    pt(FOOTER_BASELINE_MM),
                    label(number, pages),
                    size_pt=FOOTER_SIZE_PT,
                    align="right",
                )
                super().showPage()
            super().save()

    return NumberedCanvas
