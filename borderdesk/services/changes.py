"""The one way a synced row is written by a user's action.

Stamp it (identity, version, author, sequence), save it, keep the search index in
step and announce the change, inside the caller's transaction. Records and the
registry both write through here, so every write is audited and indexed alike.
"""
from __future__ import annotations

from typing import Callable

from borderdesk.services import events, indexing, session
from borderdesk.store.models import DB

#: Checks run before a user's change to an existing row is saved: ``fn(row)`` raises to refuse it
#: (the sync package adds "only a row's own site, or a site it exchanges bundles with, may change it").
GUARDS: list[Callable[[object], None]] = []


def add_guard(guard: Callable[[object], None]) -> None:
    """Install *guard* (once): ``borderdesk.app`` does, when it opens a database."""
    if guard not in GUARDS:
        GUARDS.append(guard)


def save(row, kind: str, action: str, before: dict | None, to_dict: Callable[[object], dict],
         before_index: Callable[[], None] | None = None) -> None:
    """Stamp and save *row* (a new row when *action* is ``create``), reindex it, emit the change.

    *before_index* runs after the save and before the index and the event
    (child rows, for instance, which the index and the event include).
    """
    new = action == "create"
    if new:
        row.uuid = None
        row.site = None
    else:
        for guard in GUARDS:
            guard(row)
    session.stamp(row, new=new)
    row.save(force_insert=new)
    if before_index is not None:
        before_index()
    indexing.reindex(DB, [row])
    events.emit(events.Change(action, kind, row.uuid, before, to_dict(row)))


def set_deleted(row, kind: str, deleted: bool, to_dict: Callable[[object], dict]):
    """Tombstone a row (or bring it back): a change like any other, that travels in bundles."""
    if row.deleted == deleted:
        return row
    with DB.atomic():
        before = to_dict(row)
        row.deleted = deleted
        save(row, kind, "delete" if deleted else "restore", before, to_dict)
    return row
