"""The columns each record kind's list shows: header, how a row reads, and what sorts it.

All of it comes from the kind's field spec (:attr:`Field.list_column`); a field's type says
how its cell reads (a vocabulary's label, a date, a counterpart's name, a bilingual text in
the officer's language), and the kind's :class:`~borderdesk.domain.kinds.Deadline` makes its
due date's column a status (answered, or the working days left).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from borderdesk.domain import kinds as K
from borderdesk.domain.fields import Field
from borderdesk.i18n import _
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
    #: widest, *width* characters at most (a Chinese label needs half the room of a Vietnamese one);
    #: a column that stretches keeps room for the widest (a deadline's status stays readable)
    texts: Callable[[], list[str]] | None = None


#: the widest date of a year (28/12/2026, 2026年12月28日) and the widest count a list shows
_WIDEST_DATE = dt.date(2026, 12, 28)
_WIDEST_COUNT = "9999"


def _texts(f: Field):
    """What a column of *f* may show, when that is known whatever the rows: its width follows it."""
    if f.type == "date":
        return lambda: [fmt_date(_WIDEST_DATE)]
    if f.type == "choice":
        return lambda: [label(f.vocab, k) for k in f.vocab]
    if f.type in ("count", "year"):
        return lambda: [_WIDEST_COUNT]
    return None


def _value(f: Field):
    """How a row's *f* reads in a list cell, by the field's type."""
    col = f.list_column
    if f.type == "date":
        return lambda row, _n: fmt_date(getattr(row, f.name))
    if f.type == "choice":
        return lambda row, _n: label(f.vocab, getattr(row, f.name))
    if f.type in ("count", "year"):
        return lambda row, _n: str(getattr(row, f.name) or 0)
    if f.type == "ref" and f.ref == "counterpart":
        def _cp(row, names) -> str:
            got = names.get(getattr(row, f.name) or "")
            return pick(*got) if got else ""
        return _cp
    limit = 2 * col.width if col.width else 80
    if f.bilingual:
        vi, zh = f.columns
        return lambda row, _n: one_line(pick(getattr(row, vi), getattr(row, zh)), limit)
    other = col.or_else
    return lambda row, _n: one_line(getattr(row, f.name) or (getattr(row, other) if other else "") or "", limit)


def _status_texts() -> list[str]:
    """The longest a status reads: answered on a date, due on one, overdue."""
    return [_("Answered {date}").format(date=fmt_date(_WIDEST_DATE)), deadline_text(_WIDEST_DATE, 12),
            deadline_text(_WIDEST_DATE, -12)]


def _status(deadline: K.Deadline):
    """A deadline's column: answered on …, or the working days left in the answering side's calendar."""
    def value(row, _n) -> str:
        answered = getattr(row, deadline.answered)
        if answered:
            return _("Answered {date}").format(date=fmt_date(answered))
        due = getattr(row, deadline.due)
        return _status_due(due, deadline.side(row)) if due else ""
    return value


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


def columns_of(spec: K.KindSpec) -> tuple[Column, ...]:
    """The list's columns, read from the fields the spec marks (its order, widths, headers, sorting)."""
    out = []
    for f in spec.list_fields:
        col = f.list_column
        status = spec.deadline is not None and f.name == spec.deadline.due
        out.append(Column(f.name, col.header or f.label, _status(spec.deadline) if status else _value(f),
                          f.columns[0] if col.sort else None, col.width, col.optional,
                          _status_texts if status else _texts(f)))
    return tuple(out)

