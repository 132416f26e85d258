"""Pages, their furniture (header, footer, page numbers) and the one way to build a PDF.

A document is a reportlab story (paragraphs, tables, photos, QR codes) laid on a ``PageSetup``;
``render_pdf`` builds it in memory. Page numbers need the total, which is known only at the end,
so each page is kept until the document is saved and its header and footer are drawn then.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from skillcert.core.documents.fonts import cjk_font

PAGE_OF_PAGES = "第 {page} 页 共 {pages} 页"


@dataclass(frozen=True)
class PageSetup:
    """Paper size and margins (top, right, bottom, left), in points."""

    size: tuple[float, float] = A4
    margins: tuple[float, float, float, float] = (15 * mm, 15 * mm, 15 * mm, 15 * mm)

    @property
    def frame_width(self) -> float:
        """The width a table may fill, for its column widths."""
        return self.size[0] - self.margins[1] - self.margins[3]

    @property
    def frame_height(self) -> float:
        return self.size[1] - self.margins[0] - self.margins[2]


A4_PORTRAIT = PageSetup()
A4_LANDSCAPE = PageSetup(size=landscape(A4))


@dataclass(frozen=True)
class Furniture:
    """What every page carries in its margins. Each text may hold ``{page}`` and ``{pages}``:
    a print paper puts its copy number in ``header_right`` (e.g. "第 012 份") so that it is on
    every page, and the footer says where the page stands in the document."""

    header: str = ""
    header_right: str = ""
    footer: str = PAGE_OF_PAGES
    font_size: float = 9

    def text(self, template: str, *, page: int, pages: int) -> str:
        # Replacement, not str.format: a header may quote user text with braces in it.
        return template.replace("{page}", str(page)).replace("{pages}", str(pages))

    def draw(self, canvas: Canvas, *, setup: PageSetup, font: str, page: int, pages: int) -> None:
        width, height = setup.size
        top, right, bottom, _left = setup.margins
        canvas.saveState()
        canvas.setFont(font, self.font_size)
        canvas.setFillColor(colors.black)
        header_y = height - top / 2 - self.font_size / 3
        if self.header:
            canvas.drawCentredString(
                width / 2, header_y, self.text(self.header, page=page, pages=pages)
            )
        if self.header_right:
            canvas.drawRightString(
                width - right, header_y, self.text(self.header_right, page=page, pages=pages)
            )
        if self.footer:
            canvas.drawCentredString(
                width / 2,
                bottom / 2 - self.font_size / 3,
                self.text(self.footer, page=page, pages=pages),
            )
        canvas.restoreState()


class _FurnishedCanvas(Canvas):
    """Keeps each finished page until ``save``, when the page count is known."""

    def __init__(
        self, *args: Any, furniture: Furniture, setup: PageSetup, font: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._setup = setup
        self._furniture_font = font
        self._kept_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._kept_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages = len(self._kept_pages)
        for number, state in enumerate(self._kept_pages, start=1):
            self.__dict__.update(state)
            self._furniture.draw(
                self, setup=self._setup, font=self._furniture_font, page=number, pages=pages
            )
            super().showPage()
        super().save()


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of our documents, all in the CJK font."""

    body: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    small: ParagraphStyle


def styles(font: str | None = None) -> Styles:
    font = font or cjk_font()
    return Styles(
        body=ParagraphStyle("body", fontName=font, fontSize=9.5, leading=13),
        title=ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=TA_CENTER),
        heading=ParagraphStyle("head", fontName=font, fontSize=11, leading=16, spaceBefore=6),
        small=ParagraphStyle("small", fontName=font, fontSize=8, leading=10),
    )


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: user input is never read as reportlab markup."""
    value = "" if text is None else str(text)
    return Paragraph(value.replace("&", "&amp;").replace("<", "&lt;"), style)


def para_rows(rows: Sequence[Sequence[object]], style: ParagraphStyle) -> list[list[Paragraph]]:
    """Table rows of plain text as paragraphs, so that long cells wrap."""
    return [[para(cell, style) for cell in row] for row in rows]


def render_pdf(
    story: list[Flowable],
    *,
    title: str,
    author: str = "",
    subject: str = "",
    page: PageSetup = A4_PORTRAIT,
    furniture: Furniture | None = None,
) -> bytes:
    """The story laid out on ``page`` as PDF bytes; with ``furniture``, every page gets its
    header and footer."""
    buf = io.BytesIO()
    top, right, bottom, left = page.margins
    doc = SimpleDocTemplate(
        buf,
        pagesize=page.size,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=author,
        subject=subject,
    )
    if furniture is None:
        doc.build(story)
    else:
        maker = partial(_FurnishedCanvas, furniture=furniture, setup=page, font=cjk_font())
        doc.build(story, canvasmaker=maker)
    return buf.getvalue()
