"""Field rules shared by every record kind.

Each check returns None when the value is fine, or raises nothing and
records a translated message in the collector; the services raise one
:class:`ValidationError` naming every bad field at once.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from borderdesk.domain import text
from borderdesk.i18n import _

#: Longest single-line text (names, subjects, places) and longest free text.
MAX_LINE = 500
MAX_TEXT = 20000
#: Records dated further ahead than this are refused (a typo in the year).
MAX_DAYS_AHEAD = 31
EARLIEST = dt.date(1975, 1, 1)

_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
#: how officers write a time: 09:30, 9:30, 9h30, 9h, 9g30 (giờ), 9.30
_TIME_TYPED = re.compile(r"^\s*(\d{1,2})\s*(?:[:.hHgG]\s*(\d{2})?)?\s*$")


def parse_time(value: Any) -> str | None:
    """``HH:MM`` from what an officer types (09:30, 9:30, 9h30, 9h); None if it is not a time."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if not isinstance(value, str):
        return None
    mo = _TIME_TYPED.match(value)
    if not mo or (mo.group(2) is None and not re.search(r"[hHgG]", value)):
        return None  # a bare "9" is not a time; "9h" is
    hour, minute = int(mo.group(1)), int(mo.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def date_problem(value: Any) -> str | None:
    """Why *value* is not a date, in words an officer can act on (None when it is one).

    The format is checked first, then the month, then the day in that month, so
    ``31/02/2025`` reads "February 2025 has only 28 days" and not "write it as …".
    """
    if value in (None, "") or parse_date(value) is not None:
        return None
    if not isinstance(value, str):
        return _("This is not a valid date: write it as 14/03/2025 or 2025-03-14.")
    mo = _ISO.match(value)
    if mo:
        y, mth, d = (int(x) for x in mo.groups())
    else:
        mo = _DMY.match(value)
        if not mo:
            return _("This is not a valid date: write it as 14/03/2025 or 2025-03-14.")
        d, mth, y = (int(x) for x in mo.groups())
    if not 1 <= mth <= 12:
        return _("There is no month {month}: months go from 1 to 12.").format(month=mth)
    if y < 1:
        return _("This is not a valid date: write it as 14/03/2025 or 2025-03-14.")
    days = calendar.monthrange(y, mth)[1]
    if d < 1:
        return _("Days of the month start at 1.")
    return _("Month {month} of {year} has only {days} days.").format(month=mth, year=y, days=days)


def parse_date(value: Any) -> dt.date | None:
    """A date from ``2025-03-14``, ``14/03/2025``, a date or a datetime; None if it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    mo = _ISO.match(value)
    if mo:
        y, mth, d = (int(x) for x in mo.groups())
    else:
        mo = _DMY.match(value)
        if not mo:
            return None
        d, mth, y = (int(x) for x in mo.groups())
    try:
        return dt.date(y, mth, d)
    except ValueError:
        return None


class Checker:
    """Collects the messages for every bad field of one form."""

    def __init__(self, today: dt.date | None = None) -> None:
        self.errors: dict[str, str] = {}
        self.today = today or dt.date.today()

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def date(self, field: str, value: Any, *, required: bool = True, future_ok: bool = False) -> dt.date | None:
        if value in (None, ""):
            if required:
                self.fail(field, _("Enter a date."))
            return None
        d = parse_date(value)
        if d is None:
            self.fail(field, date_problem(value) or _("This is not a valid date: write it as 14/03/2025 or 2025-03-14."))
            return None
        if d < EARLIEST:
            self.fail(field, _("The date lies too far in the past."))
        elif not future_ok and d > self.today + dt.timedelta(days=MAX_DAYS_AHEAD):
            self.fail(field, _("The date lies in the future: check the year."))
        return d

    def count(self, field: str, value: Any, *, required: bool = True, maximum: int = 100000) -> int | None:
        if value in (None, ""):
            if required:
                self.fail(field, _("Enter a number."))
            return None if not required else 0
        if isinstance(value, bool):
            self.fail(field, _("Enter a whole number of zero or more."))
            return None
        if isinstance(value, float):
            if not value.is_integer():
                self.fail(field, _("Enter a whole number of zero or more."))
                return None
            value = int(value)
        if isinstance(value, str):
            text = value.strip()
            if not re.fullmatch(r"\d+", text):
                self.fail(field, _("Enter a whole number of zero or more."))
                return None
            value = int(text)
        if not isinstance(value, int) or value < 0:
            self.fail(field, _("Enter a whole number of zero or more."))
            return None
        if value > maximum:
            self.fail(field, _("This number is too large (at most {max}).").format(max=maximum))
            return None
        return value

    def text(self, field: str, value: Any, *, required: bool = False, multiline: bool = False,
             max_len: int | None = None) -> str:
        if value is None or value == "":  # most cells of a row are empty: the short way
            if required:
                self.fail(field, _("This field is required."))
            return ""
        if not isinstance(value, str):
            value = str(value)
        value = text.clean(value, multiline)  # the one boundary: NFC, trimmed, no control characters
        limit = max_len or (MAX_TEXT if multiline else MAX_LINE)
        if required and not value:
            self.fail(field, _("This field is required."))
        elif len(value) > limit:
            self.fail(field, _("Too long: at most {max} characters.").format(max=limit))
        elif text.has_control(value, multiline):
            self.fail(field, _("Contains control characters: remove them."))
        return value

    def choice(self, field: str, value: Any, choices, *, required: bool = True, default: str | None = None) -> str | None:
        if value in (None, ""):
            if required and default is None:
                self.fail(field, _("Choose a value."))
                return None
            return default
        if not isinstance(value, str) or value not in choices:  # a list or dict from a bad file is not a key
            self.fail(field, _("Not one of the allowed values: {values}.").format(values=", ".join(choices)))
            return None
        return value

    def time(self, field: str, value: Any) -> str:
        if value in (None, ""):
            return ""
        got = parse_time(str(value).strip())
        if got is None:
            self.fail(field, _("Write the time as 08:30, 8:30, 8h30 or 8h."))
            return ""
        return got

    def year(self, field: str, value: Any, *, required: bool = False) -> int | None:
        if value in (None, ""):
            if required:
                self.fail(field, _("Enter a year."))
            return None
        y = self.count(field, value, required=required, maximum=9999)
        if y is not None and not (1900 <= y <= self.today.year):
            self.fail(field, _("Enter a year between 1900 and {year}.").format(year=self.today.year))
            return None
        return y
