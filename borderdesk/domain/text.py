"""The one boundary every text crosses on its way in, and the key names are matched by.

Forms, spreadsheets, bundles, search queries, registry names and command-line
arguments all reach the services, which clean each text here (:func:`clean`):
NFC-normalised (Vietnamese typed on some systems arrives decomposed, NFD),
stripped of surrounding whitespace, and refused when it holds a control
character. :func:`fold` is the key that names are compared by: without
diacritics (đ as d), case or Unicode form, so "Muong Khuong", "Mường Khương"
and its NFD spelling are one name.
"""
from __future__ import annotations

import difflib
import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    """*text* in Unicode's composed form (a no-op, and fast, for text already in it)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def clean(value: str, multiline: bool = False) -> str:
    """The text as it is kept: NFC, without the whitespace around it (a multi-line text keeps
    the indentation of its first line)."""
    value = nfc(value)
    return value.strip("\n\r ").rstrip() if multiline else value.strip()


def has_control(text: str, multiline: bool = False) -> bool:
    """A control, format, surrogate, private-use or unassigned character (newlines and tabs are
    allowed in a multi-line text; the zero-width joiners are part of some scripts)."""
    # Fast path (a spreadsheet import checks millions of cells): a printable text holds no
    # character of a C* category; only the others need the loop below.
    probe = text.replace("\n", "").replace("\t", "").replace("\r", "") if multiline else text
    if probe.isprintable():
        return False
    for ch in text:
        if multiline and ch in "\n\t\r":
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch not in "\u200b\u200c\u200d":
            return True
    return False


def fold(text: str) -> str:
    """The key a name is matched by: no diacritics, no case, one Unicode form, single spaces."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_D))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", bare).casefold().split())


def close_matches(name: str, candidates: dict[str, tuple[str, ...]], limit: int = 5) -> list[str]:
    """The keys of *candidates* (key -> its names) whose names are closest to *name*, best first.

    A name containing what was typed (or contained in it) comes first, then names alike
    letter by letter (``difflib`` ratio of at least 0.6 on the folded names).
    """
    wanted = fold(name)
    if not wanted:
        return []
    scored: list[tuple[float, str]] = []
    for key, names in candidates.items():
        best = 0.0
        for candidate in names:
            folded = fold(candidate)
            if not folded:
                continue
            if folded == wanted:
                score = 2.0
            elif wanted in folded or folded in wanted:
                score = 1.0 + min(len(wanted), len(folded)) / max(len(wanted), len(folded))
            else:
                score = difflib.SequenceMatcher(None, wanted, folded).ratio()
            best = max(best, score)
        if best >= 0.6:
            scored.append((best, key))
    scored.sort(key=lambda pair: -pair[0])
    return [key for _score, key in scored[:limit]]
