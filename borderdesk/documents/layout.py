"""What every document shares: the A4 page, the paragraph styles, the footer, the build.

Margins follow Vietnamese administrative documents (Decree 30/2020: left
30 mm, right 15–20 mm, top and bottom 20 mm), which sit well for Chinese
text too. Paragraphs holding Han characters wrap between characters
(``wordWrap='CJK'``, which still breaks Latin text at spaces); others wrap
between words and are justified.
"""
from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate
from reportlab.platypus.doctemplate import FrameBreak
from reportlab.platypus.flowables import _listWrapOn

from borderdesk.documents import fonts, tagging
from borderdesk.documents.headings import kinsoku_paragraph_class
from borderdesk.documents.pdfa import LANG_TAGS, finish

PAGE = A4
MARGINS = {"left": 30 * mm, "right": 18 * mm, "top": 20 * mm, "bottom": 22 * mm}
FRAME_WIDTH = PAGE[0] - MARGINS["left"] - MARGINS["right"]
ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


@lru_cache(maxsize=256)
def style(size: float = 12.5, align: str = "justify", bold: bool = False, cjk: bool = False,
          indent: float = 0, first: float = 0, before: float = 0, after: float = 3, leading: float = 0,
          italic_gray: bool = False, italic: bool = False, tag: str = "P") -> ParagraphStyle:
    """A paragraph style; cached, because reportlab styles are plain objects built per use.
    *tag* is the paragraph's element in the PDF's structure (``P``, ``H1``, ``H2``)."""
    name = f"bd-{size}-{align}-{bold}-{cjk}-{indent}-{first}-{before}-{after}-{leading}-{italic_gray}-{italic}-{tag}"
    if cjk and align == "justify":
        align = "left"  # Chinese text has no spaces to stretch
    st = ParagraphStyle(
        name, fontName=fonts.SERIF_BOLD if bold else (fonts.SERIF_ITALIC if italic else fonts.SERIF), fontSize=size,
        leading=leading or size * 1.4, alignment=ALIGN[align], leftIndent=indent, firstLineIndent=first,
        spaceBefore=before, spaceAfter=after, wordWrap="CJK" if cjk else None,
        textColor="#555555" if italic_gray else "#000000", splitLongWords=1,
    )
    st.bd_tag = tag
    return st


def _tagged(cls):
    """*cls* drawing itself as one element of the structure tree (its parts, once split, too)."""

    class Tagged(cls):
        def drawOn(self, canv, x, y, _sW=0):
            text = "".join(getattr(f, "text", "") for f in getattr(self, "frags", None) or ()).strip() or \
                re.sub(r"<[^>]+>", "", getattr(self, "text", "") or "").strip()
            lang = tagging.text_lang(text) if any(c.isalpha() for c in text) else \
                tagging.LANG.get(getattr(canv, "_bd_part", ("vi",))[0])
            return tagging.draw_tagged(self, canv, x, y, _sW, cls.drawOn, getattr(self.style, "bd_tag", "P"), lang)

    Tagged.__name__ = Tagged.__qualname__ = f"Tagged{cls.__name__}"
    return Tagged


_PARAGRAPH = _tagged(Paragraph)
_KINSOKU = _tagged(kinsoku_paragraph_class())


def para(text: str, size: float = 12.5, align: str = "justify", bold: bool = False, **kw) -> Paragraph:
    """A paragraph of any mix of Vietnamese and Chinese, every run in a font that has its glyphs."""
    fonts.register_fonts()
    cjk = fonts.has_han(text)
    if cjk and kw.get("first", 0) > 0:
        kw["first"] = 2 * size  # Chinese paragraphs indent two characters
    cls = _KINSOKU if cjk else _PARAGRAPH
    return cls(fonts.markup(text, bold=bold, italic=kw.get("italic", False)), style(size, align, bold, cjk, **kw))


class Part(Flowable):
    """A zero-size mark: the pages from here on belong to the part *lang* (numbered on their own).

    *numbering* is how the part numbers its pages: ``decree`` (Decree 30/2020: the number
    alone, centred at the top, from the part's second page), ``gb`` (GB/T 9704: "— n —" at
    the foot, odd pages right, even pages left), ``count`` ("Trang n/N" / "第n页/共N页" at the
    foot) or ``both`` (the two languages of ``count`` on one line, for side-by-side minutes).
    """

    width = height = 0

    def __init__(self, lang: str, numbering: str = "count"):
        super().__init__()
        self.lang, self.numbering = lang, numbering

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        self.canv._bd_part = (self.lang, self.numbering)


class KeepWithLast(KeepTogether):
    """The *tail* (a closing formula and signature blocks) on the page of the end of *last* (the
    last paragraph or table of the text): a page of signatures alone proves nothing it signs.

    When the tail does not fit under *last*, *last* is split so that its final line (or whole
    table row, under the repeated header) goes over with the tail, and the rest of it fills the
    page; only a *last* that cannot split (one line, one row) moves over whole.
    """

    def __init__(self, last: Flowable, tail: list):
        super().__init__([last] + list(tail))
        self._last, self._tail = last, list(tail)

    def split(self, aW, aH):
        canv = self.canv
        _w, h_last = _listWrapOn([self._last], aW, canv)
        _w, h_all = _listWrapOn([self._last] + self._tail, aW, canv)
        if h_all <= aH:
            return [self._last] + self._tail
        frame = getattr(self, "_frame", None)
        at_top = bool(frame is not None and getattr(frame, "_atTop", False))
        if h_last > aH:  # the last part fills the page and continues on the next one, with the tail
            parts = self._split(aW, aH)
            if parts:
                return parts[:-1] + [KeepWithLast(parts[-1], self._tail)]
        else:
            # it fits, the tail does not: its final line (or row) goes over with the tail; a row
            # moves whole (a split inside the row would move its bottom padding, no text)
            for cut in (1, 12, 24, 48, 96):
                parts = self._split(aW, h_last - cut, whole_rows=True)
                if parts:
                    return parts[:-1] + [KeepWithLast(parts[-1], self._tail)]
        if at_top:  # cannot split and cannot fit even on a fresh page: let it flow
            return [self._last] + self._tail
        return [FrameBreak(), self._last] + self._tail

    def _split(self, aW, height, whole_rows=False) -> list:
        """*last* split at *height*; [] unless the split makes progress: both parts hold at least a
        line (6 pt) and the rest is shorter than the whole (a table split inside its only row can
        hand back all of it, which would split again forever)."""
        if height <= 0:
            return []
        last, canv = self._last, self.canv
        in_row = getattr(last, "splitInRow", 0) if whole_rows else 0
        if in_row:
            last.splitInRow = 0
        try:
            parts = last.splitOn(canv, aW, height)
        finally:
            if in_row:
                last.splitInRow = in_row
        for part in parts if in_row else ():
            part.splitInRow = in_row  # the rest may split inside its rows again when it overflows
        if len(parts) < 2:
            return []
        h_first, h_rest = _listWrapOn(parts[:-1], aW, canv)[1], _listWrapOn(parts[-1:], aW, canv)[1]
        h_whole = _listWrapOn([last], aW, canv)[1]
        if whole_rows and _ends_with_heading(parts[-2]):
            return []  # a heading stays with the text under it: cut one row higher
        return parts if h_first >= 6 and 6 <= h_rest < h_whole - 0.5 else []


def is_heading(flowable) -> bool:
    """Whether *flowable* is a heading paragraph (made by :func:`para` with an ``H`` tag)."""
    return getattr(getattr(flowable, "style", None), "bd_tag", "P").startswith("H")


def _ends_with_heading(flowable) -> bool:
    """Whether a table's last row holds a heading (the side-by-side minutes put one per row)."""
    rows = getattr(flowable, "_cellvalues", None)
    if not rows:
        return is_heading(flowable)
    cells = rows[-1]
    return any(is_heading(f) for cell in cells for f in (cell if isinstance(cell, (list, tuple)) else [cell]))


def _page_number(lang: str, numbering: str, n: int, total: int) -> tuple[str, float, float, float] | None:
    """(text, x, y, size) of a page number, or None where the convention prints none."""
    if numbering == "decree":
        return (str(n), PAGE[0] / 2 + (MARGINS["left"] - MARGINS["right"]) / 2, PAGE[1] - 12 * mm, 12) \
            if n > 1 else None
    if numbering == "gb":
        x = PAGE[0] - MARGINS["right"] if n % 2 else MARGINS["left"]
        return f"— {n} —", x, 12 * mm, 12
    if numbering == "both":
        return f"Trang {n}/{total}   ·   第{n}页/共{total}页", PAGE[0] / 2, 12 * mm, 8.5
    return (f"Trang {n}/{total}" if lang == "vi" else f"第{n}页/共{total}页"), PAGE[0] / 2, 12 * mm, 8.5


def _numbered_canvas(draft: tuple[str, ...] = (), structures: list | None = None):
    """A canvas class that numbers each part's pages once the count is known (and marks drafts),
    and collects the document's structure (appended to *structures*) for the tagged PDF."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            # the default initial font is an unembedded Helvetica that PDF/A refuses
            kwargs["initialFontName"] = kwargs.get("initialFontName") or fonts.SERIF
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            self._bd_part = ("vi", "count")
            self._bd_structure = tagging.Collector()
            if structures is not None:
                structures.append(self._bd_structure)

        def showPage(self):
            state = dict(self.__dict__)
            state["_bd_page_part"] = self._bd_part
            self._pages.append(state)
            self._startPage()
            self._bd_structure.new_page()

        def save(self):
            # a part runs from the page its mark is drawn on to the page before the next mark
            counts: dict[int, int] = {}
            index: list[tuple[int, int]] = []
            part_no, last = -1, None
            for state in self._pages:
                part = state["_bd_page_part"]
                if part is not last or part_no < 0:
                    part_no, last = part_no + 1, part
                counts[part_no] = counts.get(part_no, 0) + 1
                index.append((part_no, counts[part_no]))
            for state, (pno, n) in zip(self._pages, index):
                self.__dict__.update(state)
                lang, numbering = state["_bd_page_part"]
                got = _page_number(lang, numbering, n, counts[pno])
                began = tagging.artifact_begin(self)  # page numbers and the draft mark are not text
                if got is not None:
                    text, x, y, size = got
                    anchor = "center"
                    if numbering == "gb":
                        anchor = "right" if n % 2 else "left"
                    fonts.draw_string(self, x, y, text, size, anchor=anchor)
                if draft:
                    _draw_draft_mark(self, draft)
                tagging.artifact_end(self, began)
                super().showPage()
            super().save()

    return NumberedCanvas


def _draw_draft_mark(canvas, words: tuple[str, ...]) -> None:
    """A large grey diagonal "BẢN NHÁP / 草稿" across the page: this print cannot be signed."""
    canvas.saveState()
    canvas.setFillGray(0.82)
    canvas.translate(PAGE[0] / 2, PAGE[1] / 2)
    canvas.rotate(35)
    fonts.draw_string(canvas, 0, 0, "  ".join(words), 54, bold=True, anchor="center")
    canvas.restoreState()


def build(flowables: list, out: str | Path | io.BytesIO, *, title: str, subject: str = "", lang: str = "vi",
          draft: tuple[str, ...] = ()) -> None:
    """Lay out *flowables* on A4 pages and write the PDF/A-2b file to *out* (a path or a binary buffer).

    Put a :class:`Part` first (and before each further language part) to choose how pages are
    numbered; *draft* words, when given, are printed across every page.
    """
    fonts.register_fonts()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=PAGE, leftMargin=MARGINS["left"], rightMargin=MARGINS["right"],
        topMargin=MARGINS["top"], bottomMargin=MARGINS["bottom"], title=title, author="BorderDesk",
        creator="BorderDesk", subject=subject or title, lang=LANG_TAGS.get(lang, lang),
    )
    tagging.prepare(flowables)
    structures: list = []
    doc.build(flowables, canvasmaker=_numbered_canvas(draft, structures))
    finish(buf.getvalue(), out, title=title, subject=subject or title, lang=lang, structure=structures[-1].root)
