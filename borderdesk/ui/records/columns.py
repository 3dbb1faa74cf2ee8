"""The columns each record kind's list shows: header, how a row reads, and what sorts it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from borderdesk.domain import kinds as K
from borderdesk.i18n import N_, _
from borderdesk.ui.widgets.display import deadline_text, fmt_date, label, one_line, pick


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # N_-marked
    value: Callable  # (row, names) -> str; names: counterpart uuid -> (vi, zh)
    sort: str | None = None  # the ``order`` name list_records accepts
    width: int = 0  # characters, 0: stretch
    optional: int = 0  # left out while the list is too narrow: 1 first, then 2 …
    #: every text the column may show (in the language shown now): the column is as wide as the
    #: widest, *width* characters at most (a Chinese label needs half the room of a Vietnamese one)
    texts: Callable[[], list[str]] | None = None


def _date(row, _n) -> str:
    return fmt_date(row.date)


def _cp(row, names) -> str:
    got = names.get(row.counterpart or "")
    return pick(*got) if got else ""


def _bi(base: str, limit: int = 80):
    return lambda row, _n: one_line(pick(getattr(row, f"{base}_vi"), getattr(row, f"{base}_zh")), limit)


def _choice(field: str, header: str, vocab: dict, sort: str | None, width: int, optional: int = 0) -> Column:
    """A column showing a label of *vocab*: as wide as the labels, *width* characters at most."""
    return Column(field, header, lambda row, _n: label(vocab, getattr(row, field)), sort, width, optional,
                  lambda: [label(vocab, k) for k in vocab])


def _num(field: str):
    return lambda row, _n: str(getattr(row, field) or 0)


def _letter_status(row, _n) -> str:
    if row.answered_on:
        return _("Answered {date}").format(date=fmt_date(row.answered_on))
    if row.reply_due:
        return _status_due(row.reply_due, "vn" if row.direction == "incoming" else "cn")
    return ""


def _handover_status(row, _n) -> str:
    if row.verification_answered:
        return _("Answered {date}").format(date=fmt_date(row.verification_answered))
    if row.verification_due:
        return _status_due(row.verification_due, row.verification_side or "vn")
    return ""


_calendars: dict[str, object] = {}


def begin_page() -> None:
    """Forget the calendars read for the last page (holiday corrections may have changed)."""
    _calendars.clear()


def _status_due(due, side: str) -> str:
    from borderdesk.services import calendar

    due_d = due if isinstance(due, dt.date) else dt.date.fromisoformat(str(due))
    cal = _calendars.get(side)
    if cal is None:
        cal = _calendars[side] = calendar.calendar_for_side(side)
    return deadline_text(due_d, cal.working_days_between(dt.date.today(), due_d))


#: the widest date of a year in each language (28/12/2026, 2026年12月28日)
DATE = Column("date", N_("Date"), _date, "date", 15, texts=lambda: [fmt_date(dt.date(2026, 12, 28))])
#: a count is as wide as its header: a few digits are narrower than any header
COUNT = 4
COUNTERPART = Column("counterpart", N_("Counterpart unit"), _cp, "counterpart")

COLUMNS: dict[str, tuple[Column, ...]] = {
    "hotline_call": (
        DATE,
        Column("time", N_("Time"), lambda r, _n: r.time or "", None, 6, optional=2),
        _choice("direction", N_("Direction"), K.CALL_DIRECTIONS, "direction", 18),
        COUNTERPART,
        Column("our_officer", N_("Our officer"), lambda r, _n: r.our_officer, None, 18, optional=1),
        Column("subject", N_("Subject"), _bi("subject"), "subject_vi"),
    ),
    "letter": (
        DATE,
        _choice("direction", N_("Direction"), K.LETTER_DIRECTIONS, "direction", 10, optional=2),
        Column("our_ref", N_("Our reference"), lambda r, _n: r.our_ref or r.their_ref, "our_ref", 12, optional=1),
        COUNTERPART,
        Column("reply", N_("Reply"), _letter_status, "reply_due", 30),
        Column("subject", N_("Subject"), _bi("subject"), "subject_vi"),
    ),
    "talks": (
        DATE,
        _choice("talks_type", N_("Type"), K.TALKS_TYPES, None, 16, optional=2),
        Column("place", N_("Place"), _bi("place", 40), None, 20, optional=1),
        COUNTERPART,
        Column("participants", N_("Members"), _num("participants"), "participants", COUNT),
        Column("agenda", N_("Agenda"), _bi("agenda")),
    ),
    "meeting": (
        DATE,
        Column("place", N_("Place"), _bi("place", 40), None, 20, optional=1),
        COUNTERPART,
        Column("participants", N_("Persons"), _num("participants"), "participants", COUNT),
        Column("purpose", N_("Purpose"), _bi("purpose")),
    ),
    "patrol": (
        DATE,
        _choice("patrol_type", N_("Type"), K.PATROL_TYPES, None, 18, optional=1),
        Column("section", N_("Section"), _bi("section", 60)),
        COUNTERPART,
        Column("teams", N_("Teams"), _num("teams"), "teams", COUNT, optional=2),
        Column("personnel", N_("Personnel"), _num("personnel"), "personnel", COUNT),
    ),
    "handover": (
        DATE,
        _choice("direction", N_("Direction"), K.HANDOVER_DIRECTIONS, "direction", 22),
        _choice("handover_type", N_("Type"), K.HANDOVER_TYPES, None, 12, optional=1),
        Column("persons", N_("Persons"), _num("persons"), "persons", COUNT),
        COUNTERPART,
        Column("verification", N_("Verification"), _handover_status, "verification_due"),
    ),
    "case": (
        DATE,
        _choice("category", N_("Category"), K.CASE_CATEGORIES, "category", 24),
        _choice("outcome", N_("Outcome"), K.CASE_OUTCOMES, "outcome", 20, optional=1),
        Column("persons", N_("Persons"), _num("persons"), "persons", COUNT),
        Column("summary", N_("Summary"), _bi("summary")),
    ),
    "friendship": (
        DATE,
        _choice("activity_type", N_("Activity"), K.FRIENDSHIP_TYPES, None, 18, optional=2),
        Column("place", N_("Place"), _bi("place", 40), None, 20, optional=1),
        COUNTERPART,
        Column("participants", N_("Participants"), _num("participants"), "participants", COUNT),
        Column("description", N_("Description"), _bi("description")),
    ),
}
