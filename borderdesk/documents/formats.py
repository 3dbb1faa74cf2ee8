"""Numbers, dates and percentages as each language writes them in a document.

Delegates to :mod:`borderdesk.i18n.formatting` (Babel) with the document's
language rather than the interface's: Vietnamese ``1.182``, ``30/12/2025``;
Chinese ``1,182``, ``2025年12月30日``.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from borderdesk.i18n import formatting


@lru_cache(maxsize=8192)
def number(n: int | float, lang: str) -> str:
    # cached: a report prints a few thousand numbers and Babel resolves the locale on every call
    return formatting.format_number(n, lang)


def date(d: dt.date | str | None, lang: str) -> str:
    """``30/12/2025`` (vi) or ``2025年12月30日`` (zh)."""
    if d is None or d == "":
        return ""
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    return formatting.format_date(d, lang, "medium")


def date_words(d: dt.date, lang: str) -> str:
    """The date as official text writes it: ``ngày 30 tháng 12 năm 2025`` / ``2025年12月30日``."""
    if lang == "vi":
        # Decree 30/2020: a zero before days below 10 and before months 1 and 2 only
        month = f"{d.month:02d}" if d.month < 3 else str(d.month)
        return f"ngày {d.day:02d} tháng {month} năm {d.year}"
    return date(d, "zh")


def change(percent_value: float | None, lang: str) -> str:
    """A signed change from a per-cent value (44.0 → ``+44%``); ``—`` with nothing to compare."""
    return formatting.format_change(None if percent_value is None else percent_value / 100.0, lang)
