"""Field rules shared by every record kind.

Each check returns None when the value is fine, or raises nothing and
records a translated message in the collector; the services raise one
:class:`ValidationError` naming every bad field at once.
"""
from __future__ import annotations

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
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


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
            self.fail(field, _("This is not a valid date: write it as 14/03/2025 or 2025-03-14."))
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
        text = str(value).strip()
        mo = _TIME.match(text)
        if not mo:
            self.fail(field, _("Write the time as HH:MM, e.g. 08:30."))
            return ""
        return f"{int(mo.group(1)):02d}:{mo.group(2)}"

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
