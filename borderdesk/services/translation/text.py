"""Keys, folding and segmentation of Vietnamese and Chinese text for the translation memory.

A *key* is what two texts must share to be "the same sentence": Vietnamese folded
(lower case, no diacritics, đ as d, punctuation as spaces) and Chinese without
spaces or punctuation, both with every run of digits written as ``0`` so that a
sentence seen with "3 đợt" matches one typed with "5 đợt" (the numbers are then
carried over, see :mod:`.suggest`).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_DIGITS = re.compile(r"\d+")
_NON_WORD = re.compile(r"[^\w]+")
_SPACES = re.compile(r"\s+")
#: a list marker at the start of a line: "1.", "2)", "-", "•"
_BULLET = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•–+*])\s+")
#: where a Vietnamese sentence ends (the mark stays with it)
_VI_END = re.compile(r"(?<=[.!?;])\s+(?=\S)")
#: where a Chinese sentence ends
_ZH_END = re.compile(r"(?<=[。！？；])")


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


#: one character for one: Latin letters with their marks (Vietnamese's among them) to the bare lower-case letter
_FOLD_TABLE = {c: _fold_char(chr(c)) for r in ((0x41, 0x5B), (0xC0, 0x250), (0x1E00, 0x1F00)) for c in range(*r)}


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without diacritics, one character for one (positions are kept)."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


def vi_key(text: str) -> str:
    """The matching key of a Vietnamese text: folded words and ``0`` for numbers."""
    words = _NON_WORD.sub(" ", fold(text))
    return _DIGITS.sub("0", _SPACES.sub(" ", words).strip())


_NOT_ALNUM = re.compile(r"[\W_]+")


def zh_key(text: str) -> str:
    """The matching key of a Chinese text: characters only, ``0`` for numbers."""
    return _DIGITS.sub("0", _NOT_ALNUM.sub("", text.lower()))


def key(text: str, lang: str) -> str:
    return zh_key(text) if lang == "zh" else vi_key(text)


def is_chinese(text: str) -> bool:
    """True when most letters of *text* are Han characters."""
    han = len(HAN.findall(text))
    letters = sum(1 for c in text if c.isalpha())
    return letters > 0 and han * 2 >= letters


def fts_body(text: str, lang: str) -> str:
    """What the full-text index holds for a text: folded words, or Chinese bigrams."""
    if lang == "vi":
        return vi_key(text)
    k = zh_key(text)
    if len(k) < 2:
        return k
    return " ".join(k[i : i + 2] for i in range(len(k) - 1))


def clean_line(line: str) -> str:
    return _BULLET.sub("", line).strip()


def lines(text: str) -> list[str]:
    """The non-empty lines of *text*, list markers taken off."""
    return [c for c in (clean_line(ln) for ln in (text or "").splitlines()) if c]


def sentences(line: str, lang: str) -> list[str]:
    """The sentences of one line."""
    parts = _ZH_END.split(line) if lang == "zh" else _VI_END.split(line)
    return [p.strip() for p in parts if p.strip()]


def aligned_segments(vi: str, zh: str) -> list[tuple[str, str]]:
    """The (Vietnamese, Chinese) segments of a field pair, aligned by position.

    Lines are paired when both texts have as many lines; within a pair of lines,
    sentences are paired when both have as many sentences. A whole line is a
    segment too, so a line of two sentences is found whole or by either half.
    """
    vi_lines, zh_lines = lines(vi), lines(zh)
    if not vi_lines or len(vi_lines) != len(zh_lines):
        return []  # nothing to pair with certainty
    out: list[tuple[str, str]] = []
    for v, z in zip(vi_lines, zh_lines):
        out.append((v, z))
        vs, zs = sentences(v, "vi"), sentences(z, "zh")
        if len(vs) > 1 and len(vs) == len(zs):
            out.extend(zip(vs, zs))
    return out


def segments(text: str, lang: str) -> list[tuple[str, str]]:
    """What an officer typed, cut where the memory cuts: ``(segment, separator after it)``.

    The separator is what joins the translated segments back: a new line between
    lines, a space (Vietnamese) or nothing (Chinese) between sentences.
    """
    out: list[tuple[str, str]] = []
    joiner = "" if lang == "vi" else " "  # the separator of the *target* language
    all_lines = lines(text)
    for i, line in enumerate(all_lines):
        parts = sentences(line, lang)
        for j, part in enumerate(parts):
            last_of_line = j == len(parts) - 1
            sep = ("\n" if i < len(all_lines) - 1 else "") if last_of_line else joiner
            out.append((part, sep))
    return out
