"""The fonts of every PDF: registered with reportlab from ``resources/fonts``, chosen per run of text.

No single free serif covers both Vietnamese and Chinese, so text is cut into
runs by which face has the glyph: Noto Serif (Times-like) draws Latin,
Vietnamese and digits; BorderDesk Serif CJK SC (Noto Serif CJK SC Medium, a
Song face converted to TrueType outlines by ``scripts/make_cjk_serif.py``,
22,000 characters: all of GBK) draws Han and CJK punctuation with the same
page colour as the Vietnamese; WenQuanYi Micro Hei (a Hei face, 34,000
characters) draws whatever the Song face lacks and the Chinese of headings. A Vietnamese
paragraph quoting a Chinese unit name, or a Chinese one quoting a Vietnamese
name, therefore draws every character. Reportlab embeds a subset of each
TrueType font, so the PDF opens the same on any machine.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from borderdesk.resources import get_asset

SERIF = "BD-Serif"
SERIF_BOLD = "BD-Serif-Bold"
SERIF_ITALIC = "BD-Serif-Italic"
SONG = "BD-Song"
HEI = "BD-Hei"

#: reportlab name -> (file under resources/fonts, subfont index in a collection)
FONT_FILES: dict[str, tuple[str, int]] = {
    SERIF: ("NotoSerif-Regular.ttf", 0),
    SERIF_BOLD: ("NotoSerif-Bold.ttf", 0),
    SERIF_ITALIC: ("NotoSerif-Italic.ttf", 0),
    SONG: ("BDSerifCJKsc-Medium.ttf", 0),
    HEI: ("wqy-microhei.ttc", 0),
}

#: which faces to try, in order, for regular and for bold text
_CHAIN = (SERIF, SONG, HEI)
_CHAIN_BOLD = (SERIF_BOLD, HEI, SONG)
_CHAIN_ITALIC = (SERIF_ITALIC, SONG, HEI)

_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}


def register_fonts() -> None:
    """Register the shipped fonts with reportlab (once per process; thread-safe)."""
    with _lock:
        if _coverage:
            return
        for name, (filename, index) in FONT_FILES.items():
            path = get_asset("fonts", filename)
            font = TTFont(name, str(path), subfontIndex=index)
            pdfmetrics.registerFont(font)
            _coverage[name] = frozenset(font.face.charToGlyph)
        # reportlab starts every canvas and every chart in an unembedded Helvetica, which
        # PDF/A refuses: the embedded serif is the default everywhere instead
        from reportlab import rl_config
        from reportlab.graphics import shapes

        pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC, boldItalic=SERIF_BOLD)
        rl_config.canvas_basefontname = SERIF
        shapes.STATE_DEFAULTS["fontName"] = SERIF
        from reportlab.platypus import tables

        tables.CellStyle.fontname = SERIF
        from borderdesk.documents.line_breaking import install_line_breaking_rules

        install_line_breaking_rules()  # a table selects its cell font even when every cell is a paragraph


def _is_space(ch: str) -> bool:
    return ch in " \t\u00a0\u3000"


@lru_cache(maxsize=65536)
def font_for(ch: str, bold: bool = False, italic: bool = False) -> str | None:
    """The first face of the chain that has a glyph for *ch* (None when none has)."""
    register_fonts()
    cp = ord(ch)
    for name in _CHAIN_BOLD if bold else (_CHAIN_ITALIC if italic else _CHAIN):
        if cp in _coverage[name]:
            return name
    return None


def font_runs(text: str, bold: bool = False, italic: bool = False) -> list[tuple[str, str]]:
    """Split *text* into ``(font name, text)`` runs, each drawable by its font.

    Spaces join the run they are in, so a line of Vietnamese stays one run.
    A character no font has goes to the Hei face (the widest); the glyph check
    of the tests would catch it.
    """
    base = SERIF_BOLD if bold else (SERIF_ITALIC if italic else SERIF)
    runs: list[tuple[str, str]] = []
    cur_font, cur = None, []
    for ch in text:
        if _is_space(ch) and cur_font is not None and ord(ch) in _coverage[cur_font]:
            cur.append(ch)
            continue
        name = font_for(ch, bold, italic) or HEI
        if name != cur_font:
            if cur:
                runs.append((cur_font, "".join(cur)))
            cur_font, cur = name, [ch]
        else:
            cur.append(ch)
    if cur:
        runs.append((cur_font or base, "".join(cur)))
    return runs


def markup(text: str, bold: bool = False, italic: bool = False) -> str:
    """*text* as reportlab Paragraph markup: escaped, one ``<font>`` per run, newlines as ``<br/>``."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    out = []
    for line in lines:
        out.append("".join(f'<font name="{f}">{escape(t)}</font>' for f, t in font_runs(line, bold, italic)))
    return "<br/>".join(out)


def has_han(text: str) -> bool:
    """True when *text* holds CJK characters (paragraphs with them wrap between characters)."""
    return any("\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\uff00" <= c <= "\uffef" for c in text)


def string_width(text: str, size: float, bold: bool = False) -> float:
    return sum(pdfmetrics.stringWidth(t, f, size) for f, t in font_runs(text, bold))


def draw_string(canvas, x: float, y: float, text: str, size: float, bold: bool = False,
                anchor: str = "left") -> float:
    """Draw one line on a reportlab canvas, switching fonts per run; returns its width."""
    width = string_width(text, size, bold)
    if anchor == "center":
        x -= width / 2
    elif anchor == "right":
        x -= width
    for font, t in font_runs(text, bold):
        canvas.setFont(font, size)
        canvas.drawString(x, y, t)
        x += pdfmetrics.stringWidth(t, font, size)
    return width
