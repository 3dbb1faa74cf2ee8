"""Typesetting rules shared by the documents' tables and paragraphs.

Chinese text wraps between any two characters, so two rules of Chinese (and
Vietnamese) typesetting are enforced here: a line never starts with closing
punctuation (，。、；：！？）」』 …: reportlab then lets it hang in the margin) and
a table header never wraps inside its brackets (its bracketed part is one
unbreakable unit that the column is made wide enough for).
"""
from __future__ import annotations

import re

#: punctuation that must not start a line (Chinese and Latin closing marks)
CANNOT_START = "，。、；：！？）」』》〉】〕］｝,.;:!?)]}%％·…—"
#: punctuation that must not end a line
CANNOT_END = "（「『《〈【〔［｛([{"

_PARTS = re.compile(r"（[^）]*）|\([^)]*\)|[^\s（(]+")


def install_line_breaking_rules() -> None:
    """Teach reportlab's CJK wrapping the full list of marks that cannot start a line (explicit, once)."""
    from reportlab.platypus import paragraph

    missing = "".join(c for c in CANNOT_START if c not in paragraph.ALL_CANNOT_START)
    if missing:
        paragraph.ALL_CANNOT_START = paragraph.ALL_CANNOT_START + missing


def unbreakable_parts(text: str) -> list[str]:
    """The pieces of a header that must stay on one line: words, and bracketed groups whole."""
    return _PARTS.findall(text) or [text]


def keep_brackets(text: str) -> str:
    """*text* with the spaces inside brackets made non-breaking."""
    return re.sub(r"[（(][^）)]*[）)]", lambda mt: mt.group(0).replace(" ", "\u00a0"), text)
