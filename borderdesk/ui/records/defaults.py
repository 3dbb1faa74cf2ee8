"""What a new record starts with: today, the post's usual counterpart, the officer on duty.

Read through the services (the forms never touch the ORM); every default stays editable.
"""
from __future__ import annotations

from collections import Counter

#: how many of the latest records say which counterpart is the usual one
RECENT = 50


def usual_counterpart(kind: str) -> str | None:
    """The counterpart unit named most often in the latest records of *kind* (the newest wins a tie)."""
    from borderdesk.services import records

    rows = [r.counterpart for r in records.list_records(kind, order="-date", limit=RECENT) if r.counterpart]
    if not rows:
        return None
    counts = Counter(rows)
    best = max(counts.values())
    return next(uuid for uuid in rows if counts[uuid] == best)


def officer_on_duty(kind: str) -> str:
    """The logged-in officer's full name, else the officer of the latest record of *kind*."""
    from borderdesk.services import records
    from borderdesk.trust import accounts

    user = accounts.current_user()
    if user:
        name = accounts.get_user(user).get("full_name") or user
        return name
    rows = records.list_records(kind, order="-date", limit=1)
    return (getattr(rows[0], "our_officer", "") or "") if rows else ""
