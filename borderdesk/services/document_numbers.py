"""Numbers of the documents that are signed: minutes ("Số: 07/BB-PL"), numbered per year per post.

A number is given once, at the first final print of the minutes, and kept in
the record (``Talks.minutes_number``), so a reprint carries the same number
and the number travels to headquarters with the record. Drafts get none.
"""
from __future__ import annotations

import datetime as dt

from borderdesk.services import changes, records
from borderdesk.store import models as m
from borderdesk.store.models import DB
from borderdesk.services.permissions import require

SYMBOL = "BB"  # biên bản


def _number_of(text: str) -> int:
    head = (text or "").split("/", 1)[0].strip()
    return int(head) if head.isdigit() else 0


def minutes_number(record_uuid: str) -> str:
    """The number of the minutes of *record_uuid*, given now when it has none."""
    row = records.find(record_uuid)
    if row.minutes_number:
        return row.minutes_number
    require("records")
    with DB.atomic():
        day = row.date if isinstance(row.date, dt.date) else dt.date.fromisoformat(str(row.date))
        taken = (m.Talks.select(m.Talks.minutes_number)
                 .where(m.Talks.site == row.site, m.Talks.minutes_number != "",
                        m.Talks.date >= dt.date(day.year, 1, 1), m.Talks.date <= dt.date(day.year, 12, 31)))
        n = max([_number_of(r.minutes_number) for r in taken] + [0]) + 1
        before = records.to_dict(row)
        row.minutes_number = f"{n:02d}/{SYMBOL}-{row.site}"
        changes.save(row, "meeting" if row.kind == "meeting" else "talks", "update", before, records.to_dict)
    return row.minutes_number
