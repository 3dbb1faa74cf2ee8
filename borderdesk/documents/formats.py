"""Numbers, dates and percentages as each language writes them in a document.

Thin wrappers over Babel (Vietnamese ``1.182``, ``30/12/2025``; Chinese
``1,182``, ``2025年12月30日``). When ``borderdesk.i18n.formatting`` offers the
same, these delegate to it so the app formats one way everywhere.
"""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal, format_percent

LOCALE = {"vi": "vi", "zh": "zh_CN"}


def number(n: int | float, lang: str) -> str:
    return format_decimal(n, locale=LOCALE[lang])


def date(d: dt.date | str | None, lang: str) -> str:
    """``30/12/2025`` (vi) or ``2025年12月30日`` (zh)."""
    if d is None or d == "":
        return ""
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    if lang == "vi":
        return _babel_date(d, "dd/MM/yyyy", locale="vi")
    return _babel_date(d, "long", locale="zh_CN")


def date_words(d: dt.date, lang: str) -> str:
    """The date as official text writes it: ``ngày 30 tháng 12 năm 2025`` / ``2025年12月30日``."""
    if lang == "vi":
        return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"
    return date(d, "zh")


def percent(fraction: float, lang: str) -> str:
    """``44%`` in both languages (Babel; no decimals)."""
    return format_percent(fraction, locale=LOCALE[lang])
