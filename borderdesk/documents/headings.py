"""Typesetting rules shared by the documents' tables and paragraphs.

Chinese text wraps between any two characters, so two rules of Chinese (and
Vietnamese) typesetting are enforced here: a line never starts with closing
punctuation (，。、；：！？）」』 …: reportlab then lets it hang in the margin) and
a table header never wraps inside its brackets (its bracketed part is one
unbreakable unit that the column is made wide enough for).
"""
from __future__ import annotations

import re

from borderdesk.documents.line_breaking import CANNOT_START, install_line_breaking_rules  # noqa: F401

#: punctuation that must not end a line
CANNOT_END = "（「『《〈【〔［｛([{"

_PARTS = re.compile(r"（[^）]*）|\([^)]*\)|[^\s（(]+")


def unbreakable_parts(text: str) -> list[str]:
    """The pieces of a header that must stay on one line: words, and bracketed groups whole."""
    return _PARTS.findall(text) or [text]


def break_before_brackets(text: str, width: float, size: float) -> str:
    """*text* for a header cell *width* wide: unchanged when it fits on one line, else with a line
    break before each bracketed group, whose spaces become non-breaking (the group stays whole)."""
    from borderdesk.documents.fonts import string_width

    if string_width(text, size, bold=True) <= width:
        return text
    out = re.sub(r"\s*([（(])", lambda mt: "\n" + mt.group(1), text).lstrip("\n")
    return keep_brackets(out)


def keep_brackets(text: str) -> str:
    """*text* with the spaces inside brackets made non-breaking."""
    return re.sub(r"[（(][^）)]*[）)]", lambda mt: mt.group(0).replace(" ", "\u00a0"), text)


def _line_texts(bl) -> list[str]:
    """The text of each line of a wrapped paragraph (one font: (space, [text]); several: frags)."""
    out = []
    for ln in bl.lines:
        if isinstance(ln, tuple):
            out.append("".join(ln[1]))
        else:
            out.append("".join(getattr(w, "text", "") for w in ln.words))
    return out


def kinsoku_paragraph_class():
    """A reportlab Paragraph whose Chinese wrapping keeps an opening mark with the text after it
    and never starts a line with a closing mark, whatever the fonts of the paragraph.

    Reportlab breaks Chinese between any two characters and lets one closing mark hang in the
    margin; it has no rule for a line that would end with an opening bracket, nor for two
    closing marks in a row. Here the paragraph is wrapped, and wrapped again with the width of
    an offending line narrowed by its last character (that character then moves to the next
    line) or widened by the next line's first mark (which then hangs), until no line breaks a rule.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    class KinsokuParagraph(Paragraph):
        def breakLinesCJK(self, maxWidths):
            widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
            size = self.style.fontSize
            for _round in range(40):
                bl = super().breakLinesCJK(widths)
                texts = _line_texts(bl)
                fix = None
                for k in range(len(texts) - 1):
                    if texts[k] and texts[k][-1] in CANNOT_END and len(texts[k]) > 1:
                        fix = (k, -stringWidth(texts[k][-1], _song(), size) - 0.01)
                        break
                    nxt = texts[k + 1]
                    if nxt and nxt[0] in CANNOT_START:
                        fix = (k, stringWidth(nxt[0], _song(), size) + 0.01)
                        break
                if fix is None:
                    return bl
                k, delta = fix
                while len(widths) <= k + 1:
                    widths.append(widths[-1])
                widths[k] += delta
            return bl

    return KinsokuParagraph


def _song() -> str:
    from borderdesk.documents.fonts import SONG

    return SONG
