"""Working-day calendars of Vietnam and China, for the deadlines between the two sides.

A verification request is answered within 7 working days, counted in the
calendar of the side that must answer. The defaults come from the
``holidays`` package: Vietnam's public holidays (Tết and Hùng Kings' day
follow the lunar calendar) with its substituted days off, and China's with
its make-up working weekends (调休上班). Governments announce changes late,
so a :class:`WorkCalendar` takes *corrections* (from the ``HolidayCorrection``
table) that override the defaults day by day.

Everything here is pure: the defaults of a (country, year) are computed once
and cached; a calendar caches the cumulative count of working days of each
year it has been asked about, so counting across years stays O(1).
"""
from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import re
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping

COUNTRIES = ("VN", "CN")
#: the ``holidays`` package's module and class of each country
_COUNTRY_CLASS = {"VN": ("vietnam", "Vietnam"), "CN": ("china", "China")}
#: the answering side of a handover ('vn' | 'cn') to its country
SIDE_COUNTRY = {"vn": "VN", "cn": "CN"}
#: a verification request is answered within this many working days
VERIFICATION_WORKING_DAYS = 7

#: each country's own language in the ``holidays`` package
_NATIVE = {"VN": "vi", "CN": "zh_CN"}

# The package names Vietnam's holidays in Vietnamese and China's in Chinese,
# not the other way round: these fill the other language of the bilingual
# list, keyed by the package's English name (without "(observed)").
_VI_FOR_EN = {
    "New Year's Day": "Tết Dương lịch",
    "Chinese New Year (Spring Festival)": "Tết Xuân (Trung Quốc)",
    "Chinese New Year's Eve": "Giao thừa (Trung Quốc)",
    "Chinese New Year Extended Holiday": "Nghỉ Tết Xuân kéo dài",
    "Tomb-Sweeping Day": "Tiết Thanh minh",
    "Labor Day": "Ngày Quốc tế Lao động",
    "Dragon Boat Festival": "Tết Đoan ngọ",
    "Mid-Autumn Festival": "Tết Trung thu",
    "National Day": "Quốc khánh",
}
_ZH_FOR_EN = {
    "New Year's Day": "元旦",
    "Lunar New Year's Eve": "越南除夕",
    "29 of Lunar New Year": "越南农历腊月廿九",
    "Lunar New Year": "越南春节",
    "Second Day of Lunar New Year": "越南春节（初二）",
    "Third Day of Lunar New Year": "越南春节（初三）",
    "Fourth Day of Lunar New Year": "越南春节（初四）",
    "Fifth Day of Lunar New Year": "越南春节（初五）",
    "Hung Kings' Commemoration Day": "雄王忌日",
    "Liberation Day/Reunification Day": "南方解放日",
    "International Labor Day": "国际劳动节",
    "National Day": "越南国庆节",
    "Vietnam Cultural Day": "越南文化日",
}
_OBSERVED = {"vi": " (nghỉ bù)", "zh": "（补假）"}
_SUBSTITUTED = re.compile(r"^Day off \(substituted from (\d\d)/(\d\d)/(\d{4})\)$")
_MAKEUP_VI = "Ngày làm việc bù"
_MAKEUP_ZH = "调休上班"


@dataclass(frozen=True)
class Holiday:
    """A day that differs from the plain Monday–Friday week (or a correction)."""

    day: dt.date
    name_vi: str
    name_zh: str
    is_day_off: bool
    source: str = "default"  # default | correction


@dataclass(frozen=True)
class Correction:
    day: dt.date
    is_day_off: bool
    name_vi: str = ""
    name_zh: str = ""


def _translate_en(name_en: str, table: Mapping[str, str], lang: str) -> str | None:
    """The other-language name of a holiday from its English name, or None."""
    out = []
    for part in name_en.split("; "):
        observed = part.endswith(" (observed)")
        base = part[: -len(" (observed)")] if observed else part
        mo = _SUBSTITUTED.match(base)
        if mo:
            month, day, year = mo.groups()
            text = (f"Ngày nghỉ (thay cho ngày {day}/{month}/{year})" if lang == "vi"
                    else f"休息日（由 {year}-{month}-{day} 调休）")
        elif base in table:
            text = table[base]
        else:
            return None
        out.append(text + (_OBSERVED[lang] if observed else ""))
    return ("; " if lang == "vi" else "；").join(out)


@lru_cache(maxsize=256)
def default_year(country: str, year: int) -> tuple[dict[dt.date, Holiday], dict[dt.date, Holiday]]:
    """The package's days off and make-up working weekend days of one year.

    Returns ``(days_off, makeup_workdays)``, both keyed by date.
    """
    country = _check_country(country)
    cls = _country_class(country)
    native = cls(years=year, language=_NATIVE[country])
    english = cls(years=year, language="en_US")
    days_off: dict[dt.date, Holiday] = {}
    for day, name in native.items():
        if day.year != year:
            continue
        other = _translate_en(english.get(day, ""), _ZH_FOR_EN if country == "VN" else _VI_FOR_EN,
                              "zh" if country == "VN" else "vi") or name
        name_vi, name_zh = (name, other) if country == "VN" else (other, name)
        days_off[day] = Holiday(day, name_vi, name_zh, True)
    makeup = {
        d: Holiday(d, _MAKEUP_VI, _MAKEUP_ZH, False)
        for d in native.weekend_workdays
        if d.year == year and d not in days_off
    }
    return days_off, makeup


#: one import of a country at a time: the desk's dashboard worker and the GUI thread may both ask
#: first, and the empty package put in place below must not be removed under the other's import
_IMPORT_LOCK = threading.Lock()


@lru_cache(maxsize=None)
def _country_class(country: str) -> type:
    """The ``holidays`` class of *country*, imported alone.

    ``holidays.country_holidays`` imports ``holidays.countries``, whose ``__init__`` imports
    all of its ~250 countries (0.4 s on an idle 2-core machine, over 1 s on a busy one). The
    package's directory is put in place as an empty package for the time of this import, so
    only the country's own module loads (through the normal finders, so it works frozen too);
    a later ``import holidays.countries`` still runs the real ``__init__``.
    """
    module, name = _COUNTRY_CLASS[country]
    full = f"holidays.countries.{module}"
    with _IMPORT_LOCK:
        if full not in sys.modules and "holidays.countries" not in sys.modules:
            spec = importlib.util.find_spec("holidays.countries")  # imports 'holidays', not its countries
            shell = importlib.util.module_from_spec(spec)
            sys.modules["holidays.countries"] = shell
            try:
                importlib.import_module(full)
            finally:
                if sys.modules.get("holidays.countries") is shell:
                    del sys.modules["holidays.countries"]
        return getattr(importlib.import_module(full), name)


def _check_country(country: str) -> str:
    c = (country or "").upper()
    if c not in COUNTRIES:
        raise ValueError(f"unknown country: {country!r} (expected VN or CN)")
    return c


def _as_correction(c) -> Correction:
    if isinstance(c, Correction):
        return c
    return Correction(c.day, bool(c.is_day_off), getattr(c, "name_vi", "") or "", getattr(c, "name_zh", "") or "")


class WorkCalendar:
    """The working days of one country, with corrections layered over the defaults.

    :param corrections: ``HolidayCorrection`` rows, :class:`Correction` objects, or a
        mapping ``date -> is_day_off``; a correction wins over the default for its day.
    """

    def __init__(self, country: str, corrections: Iterable | Mapping[dt.date, bool] = ()) -> None:
        self.country = _check_country(country)
        if isinstance(corrections, Mapping):
            items = [Correction(d, bool(off)) for d, off in corrections.items()]
        else:
            items = [_as_correction(c) for c in corrections]
        self.corrections: dict[dt.date, Correction] = {c.day: c for c in items}
        # year -> (prefix counts: working days from Jan 1 up to and including each day, total)
        self._years: dict[int, tuple[list[int], int]] = {}

    def __repr__(self) -> str:
        return f"WorkCalendar({self.country!r}, {len(self.corrections)} corrections)"

    # --- single days ---------------------------------------------------------

    def is_working_day(self, d: dt.date) -> bool:
        c = self.corrections.get(d)
        if c is not None:
            return not c.is_day_off
        days_off, makeup = default_year(self.country, d.year)
        if d in makeup:
            return True
        return d.weekday() < 5 and d not in days_off

    def holidays_in(self, year: int) -> list[Holiday]:
        """Every day of *year* that is not an ordinary weekday or weekend day, sorted.

        Days off and make-up working days from the defaults, then the corrections
        (``source='correction'``) in place of the default of their day.
        """
        days_off, makeup = default_year(self.country, year)
        out: dict[dt.date, Holiday] = {**days_off, **makeup}
        for day, c in self.corrections.items():
            if day.year != year:
                continue
            default = out.get(day)
            name_vi = c.name_vi or (default.name_vi if default else "")
            name_zh = c.name_zh or (default.name_zh if default else "")
            if not (name_vi or name_zh):
                name_vi, name_zh = ("Ngày nghỉ", "休息日") if c.is_day_off else (_MAKEUP_VI, _MAKEUP_ZH)
            out[day] = Holiday(day, name_vi, name_zh, c.is_day_off, "correction")
        return [out[d] for d in sorted(out)]

    # --- counting --------------------------------------------------------------

    def _year(self, year: int) -> tuple[list[int], int]:
        got = self._years.get(year)
        if got is None:
            day = dt.date(year, 1, 1)
            prefix, n = [], 0
            while day.year == year:
                n += self.is_working_day(day)
                prefix.append(n)
                day += dt.timedelta(days=1)
            got = self._years[year] = (prefix, n)
        return got

    def _upto(self, d: dt.date, base_year: int) -> int:
        """Working days from Jan 1 of *base_year* up to and including *d*."""
        total = sum(self._year(y)[1] for y in range(base_year, d.year))
        return total + self._year(d.year)[0][d.timetuple().tm_yday - 1]

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days after *a* up to and including *b*; negative when *b* is before *a*.

        ``working_days_between(a, add_working_days(a, n)) == n``; so for a due date
        it is the working days left (0 = due today, negative = overdue).
        """
        if b < a:
            return -self.working_days_between(b, a)
        base = a.year
        return self._upto(b, base) - self._upto(a, base)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The day on which the *n*-th working day after *start* falls.

        A request made on day D: day 1 is the next working day after D (D itself
        does not count, even when it is a working day). Negative *n* counts back.
        """
        step = dt.timedelta(days=1 if n >= 0 else -1)
        left = abs(n)
        d = start
        while left:
            d += step
            if self.is_working_day(d):
                left -= 1
        return d

    def next_working_day(self, d: dt.date) -> dt.date:
        """*d* itself when it is a working day, else the next one."""
        while not self.is_working_day(d):
            d += dt.timedelta(days=1)
        return d


def calendar_for_side(side: str, corrections: Iterable = ()) -> WorkCalendar:
    """The calendar of the side ('vn' | 'cn') that must answer."""
    try:
        country = SIDE_COUNTRY[(side or "").lower()]
    except KeyError:
        raise ValueError(f"unknown side: {side!r} (expected vn or cn)") from None
    return WorkCalendar(country, corrections)
