"""Dates, numbers and percentages for people, through Babel, in the interface language.

Every function takes ``lang`` (``vi``, ``zh``, ``en``; also ``zh_CN``, ``vi_VN`` …) and
defaults to the current interface language, so a language switch shows on the next redraw.
Nothing else in BorderDesk formats a date or a number for a user.

    >>> format_date(date(2025, 12, 30), "vi"), format_date(date(2025, 12, 30), "zh")
    ('30/12/2025', '2025年12月30日')
    >>> format_number(1182, "vi"), format_number(1182, "zh")
    ('1.182', '1,182')
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import ROUND_HALF_UP, Decimal
from numbers import Number

from babel import Locale
from babel import dates as _dates
from babel import numbers as _numbers

from borderdesk.i18n import current_language, normalize_language

#: Babel locale for each interface language. English is British-style (30 Dec 2025,
#: 30/12/2025): day first like the Vietnamese and Chinese forms it sits beside.
BABEL_LOCALES = {"vi": "vi", "zh": "zh_CN", "en": "en_GB"}

#: Date patterns per style and language, written out here rather than taken from CLDR's
#: skeletons or named formats: what a signed document or a report says must not change because
#: a newer Babel changed its locale data (tests/test_i18n_formatting.py runs against the newest
#: Babel as well: ``make test-latest``). Babel date patterns; quoted text is literal.
#: ``medium`` is what lists, forms and reports show.
_DATE_STYLES = {
    # Vietnamese forms and papers write 05/03/2025 (CLDR's short pattern drops the zeros).
    "short": {"vi": "dd/MM/y", "zh": "y/M/d", "en": "dd/MM/y"},
    "medium": {"vi": "dd/MM/y", "zh": "y年M月d日", "en": "d MMM y"},
    "long": {"vi": "'ngày' d 'tháng' M 'năm' y", "zh": "y年M月d日", "en": "d MMMM y"},
}
_MONTH_PATTERNS = {"vi": "'tháng' M 'năm' y", "zh": "y年M月", "en": "MMMM y"}
_QUARTER_FORMATS = {"vi": "Quý {q} năm {y}", "zh": "{y}年第{q}季度", "en": "Q{q} {y}"}
#: Where the time goes beside the date: vi 14:05 30/12/2025, zh 2025年12月30日 14:05.
_DATETIME_FORMATS = {"vi": "{time} {date}", "zh": "{date} {time}", "en": "{date}, {time}"}
#: Digit grouping and decimal mark: vi 1.234.567,5; zh and en 1,234,567.5.
_NUMBER_SYMBOLS = {"vi": (".", ","), "zh": (",", "."), "en": (",", ".")}
_TIME_PATTERN = "HH:mm"
NO_VALUE = "—"


def _lang(lang: str | None) -> str:
    return normalize_language(lang) or current_language() if lang else current_language()


@functools.lru_cache(maxsize=None)
def _parse_locale(name: str) -> Locale:
    return Locale.parse(name)


def babel_locale(lang: str | None = None) -> Locale:
    """The Babel locale used for *lang* (default: the interface language); parsed once per locale."""
    return _parse_locale(BABEL_LOCALES[_lang(lang)])


def _format_day(value: dt.date, lang: str, style: str) -> str:
    return _dates.format_date(value, _DATE_STYLES[style][lang], locale=_parse_locale(BABEL_LOCALES[lang]))


def format_date(value: dt.date | None, lang: str | None = None, style: str = "medium") -> str:
    """vi ``30/12/2025``, zh ``2025年12月30日``, en ``30 Dec 2025``; ``—`` for no date.

    *style* is ``short`` (all digits), ``medium`` (the default) or ``long`` (month in words).
    """
    if value is None:
        return NO_VALUE
    if isinstance(value, dt.datetime):
        value = value.date()
    return _format_day(value, _lang(lang), style)


def _local(value: dt.datetime) -> dt.datetime:
    # Stored timestamps are UTC; an aware one is shown in the machine's local time.
    # A naive one is taken as already local (a time typed into a form).
    return value.astimezone() if value.tzinfo is not None else value


def format_time(value: dt.datetime | dt.time | None, lang: str | None = None) -> str:
    """``14:05`` in every language (24-hour clock, as on both sides of the border)."""
    if value is None:
        return NO_VALUE
    if isinstance(value, dt.datetime):
        value = _local(value)
    return _dates.format_time(value, _TIME_PATTERN, locale=_parse_locale(BABEL_LOCALES[_lang(lang)]))


def format_datetime(value: dt.datetime | None, lang: str | None = None, style: str = "medium") -> str:
    """Date and time in the language's order: vi ``14:05 30/12/2025``, zh ``2025年12月30日 14:05``."""
    if value is None:
        return NO_VALUE
    lang = _lang(lang)
    value = _local(value)
    time = _dates.format_time(value, _TIME_PATTERN, locale=_parse_locale(BABEL_LOCALES[lang]))
    return _DATETIME_FORMATS[lang].format(date=_format_day(value.date(), lang, style), time=time)


#: The period line of reports, written out per language rather than taken from CLDR's interval
#: formats: a signed document must not change because a newer Babel changed its locale data
#: (Babel 2.19 turned 至 into a dash). ``{a}``/``{b}`` are the two ends.
_PERIOD_PATTERNS = {
    # language: (same year, different years); dates as Babel patterns, quoted text literal
    "zh": (("y年M月d日", "M月d日"), ("y年M月d日", "y年M月d日"), "{a}至{b}"),
    "en": (("d MMM", "d MMM y"), ("d MMM y", "d MMM y"), "{a} – {b}"),
}


def format_period(start: dt.date, end: dt.date, lang: str | None = None) -> str:
    """A date range: vi ``01/10/2025 – 31/12/2025``, zh ``2025年10月1日至12月31日``,
    en ``1 Oct – 31 Dec 2025``; the end's year is repeated only when it differs."""
    lang = _lang(lang)
    if lang == "vi":
        return f"{format_date(start, lang)} – {format_date(end, lang)}"
    same_year, other_years, joint = _PERIOD_PATTERNS[lang]
    first, last = same_year if start.year == end.year else other_years
    locale = _parse_locale(BABEL_LOCALES[lang])
    return joint.format(a=_dates.format_date(start, first, locale=locale),
                        b=_dates.format_date(end, last, locale=locale))


def format_month(value: dt.date, lang: str | None = None) -> str:
    """vi ``tháng 12 năm 2025``, zh ``2025年12月``, en ``December 2025``."""
    lang = _lang(lang)
    return _dates.format_date(value, _MONTH_PATTERNS[lang], locale=_parse_locale(BABEL_LOCALES[lang]))


def format_quarter(year: int, quarter: int, lang: str | None = None) -> str:
    """vi ``Quý 4 năm 2025``, zh ``2025年第4季度``, en ``Q4 2025``."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter must be 1..4, not {quarter}")
    lang = _lang(lang)
    return _QUARTER_FORMATS[lang].format(q=quarter, y=year)


def format_number(value: Number | None, lang: str | None = None, decimals: int | None = None) -> str:
    """vi ``1.182``, zh and en ``1,182``; *decimals* fixes the digits after the separator."""
    if value is None:
        return NO_VALUE
    group, decimal = _NUMBER_SYMBOLS[_lang(lang)]
    if decimals is None:
        # As many decimals as the value has (1234.5 -> 1.234,5), none for a whole number.
        text = f"{Decimal(str(value)).normalize():,f}" if not isinstance(value, int) else f"{value:,}"
    else:
        rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = f"{rounded:,f}"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


def _percent_pattern(locale: Locale, decimals: int) -> str:
    pattern = locale.percent_formats[None].pattern
    if decimals > 0:
        # The locale's pattern ("#,##0%", "#,##0 %" …) with digits after its last 0.
        pattern = re.sub(r"0(?=[^0]*$)", "0." + "0" * decimals, pattern, count=1)
    return pattern


def format_percent(ratio: float | None, lang: str | None = None, decimals: int = 0) -> str:
    """0.44 → ``44%`` (vi, zh, en); ``—`` when there is no ratio."""
    if ratio is None:
        return NO_VALUE
    locale = _parse_locale(BABEL_LOCALES[_lang(lang)])
    return _numbers.format_percent(ratio, format=_percent_pattern(locale, decimals), locale=locale)


def change_ratio(current: float, previous: float) -> float | None:
    """How much *current* grew against *previous* (0.44 for +44%); None when there was nothing before."""
    if not previous:
        return None
    return (current - previous) / previous


def format_change(ratio: float | None, lang: str | None = None, decimals: int = 0) -> str:
    """A signed change: ``+44%``, ``-12%``, ``0%``; ``—`` when there is nothing to compare with."""
    if ratio is None:
        return NO_VALUE
    locale = _parse_locale(BABEL_LOCALES[_lang(lang)])
    text = format_percent(abs(ratio), lang, decimals)
    # Compare what is shown, not the float: +0.2% rounded to "0%" carries no sign.
    if text == format_percent(0, lang, decimals):
        return text
    sign = _numbers.get_plus_sign_symbol(locale) if ratio > 0 else _numbers.get_minus_sign_symbol(locale)
    return sign + text
