"""What every document shares: the A4 page, the paragraph styles, the footer, the build.

Margins follow Vietnamese administrative documents (Decree 30/2020: left
30 mm, right 15–20 mm, top and bottom 20 mm), which sit well for Chinese
text too. Paragraphs holding Han characters wrap between characters
(``wordWrap='CJK'``, which still breaks Latin text at spaces); others wrap
between words and are justified.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from borderdesk.documents import fonts

PAGE = A4
MARGINS = {"left": 30 * mm, "right": 18 * mm, "top": 20 * mm, "bottom": 22 * mm}
FRAME_WIDTH = PAGE[0] - MARGINS["left"] - MARGINS["right"]
ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


@lru_cache(maxsize=256)
def style(size: float = 12.5, align: str = "justify", bold: bool = False, cjk: bool = False,
          indent: float = 0, first: float = 0, before: float = 0, after: float = 3, leading: float = 0,
          italic_gray: bool = False) -> ParagraphStyle:
    """A paragraph style; cached, because reportlab styles are plain objects built per use."""
    name = f"bd-{size}-{align}-{bold}-{cjk}-{indent}-{first}-{before}-{after}-{leading}-{italic_gray}"
    if cjk and align == "justify":
        align = "left"  # Chinese text has no spaces to stretch
    return ParagraphStyle(
        name, fontName=fonts.SERIF_BOLD if bold else fonts.SERIF, fontSize=size,
        leading=leading or size * 1.4, alignment=ALIGN[align], leftIndent=indent, firstLineIndent=first,
        spaceBefore=before, spaceAfter=after, wordWrap="CJK" if cjk else None,
        textColor="#555555" if italic_gray else "#000000", splitLongWords=1,
    )


def para(text: str, size: float = 12.5, align: str = "justify", bold: bool = False, **kw) -> Paragraph:
    """A paragraph of any mix of Vietnamese and Chinese, every run in a font that has its glyphs."""
    cjk = fonts.has_han(text)
    if cjk and kw.get("first", 0) > 0:
        kw["first"] = 2 * size  # Chinese paragraphs indent two characters
    return Paragraph(fonts.markup(text, bold=bold), style(size, align, bold, cjk, **kw))


def _footer_canvas(footer: tuple[str, str]):
    """A canvas class that writes "page n of N" in both languages once the page count is known."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                n = self._pageNumber
                text = f"{footer[0]} {n}/{total}   ·   {footer[1]} 第{n}页/共{total}页"
                fonts.draw_string(self, PAGE[0] / 2, 12 * mm, text, 8.5, anchor="center")
                super().showPage()
            super().save()

    return NumberedCanvas


def build(flowables: list, out: str | Path | io.BytesIO, *, title: str, footer: tuple[str, str] = ("Trang", "")) -> None:
    """Lay out *flowables* on A4 pages and write the PDF to *out* (a path or a binary buffer)."""
    fonts.register_fonts()
    target = str(out) if isinstance(out, (str, Path)) else out
    doc = SimpleDocTemplate(
        target, pagesize=PAGE, leftMargin=MARGINS["left"], rightMargin=MARGINS["right"],
        topMargin=MARGINS["top"], bottomMargin=MARGINS["bottom"], title=title, author="BorderDesk",
        creator="BorderDesk", subject=title,
    )
    canvasmaker = _footer_canvas(footer)
    doc.build(flowables, canvasmaker=canvasmaker)
