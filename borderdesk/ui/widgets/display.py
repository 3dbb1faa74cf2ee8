"""How values read on screen: dates, bilingual text, vocabulary labels, working-day deadlines."""
from __future__ import annotations

import datetime as dt

from borderdesk.domain.validation import parse_date
from borderdesk.i18n import _, current_language, ngettext
from borderdesk.i18n.formatting import format_date


def fmt_date(value) -> str:
    d = parse_date(value) if value not in (None, "") else None
    if d is None:
        return ""
    return format_date(d)


def pick(vi: str | None, zh: str | None) -> str:
    """The text in the interface's language, else the other one."""
    vi, zh = vi or "", zh or ""
    if current_language() == "zh":
        return zh or vi
    return vi or zh


def label(vocab: dict[str, str], key: str | None) -> str:
    """The translated label of a vocabulary key (the key itself when unknown)."""
    if not key:
        return ""
    text = vocab.get(key)
    return _(text) if text else key


def one_line(text: str | None, limit: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def deadline_text(due: dt.date | None, days_left: int | None, done: bool = False) -> str:
    """'Due 21/03/2025 — 3 working days left', '… — overdue by 2 working days', '… — due today'."""
    if due is None:
        return ""
    when = _("Due {date}").format(date=fmt_date(due))
    if done:
        return _("{due} — answered").format(due=when)
    if days_left is None:
        return when
    if days_left > 0:
        rest = ngettext("{n} working day left", "{n} working days left", days_left).format(n=days_left)
    elif days_left == 0:
        rest = _("due today")
    else:
        rest = ngettext("overdue by {n} working day", "overdue by {n} working days", -days_left).format(n=-days_left)
    return f"{when} — {rest}"
