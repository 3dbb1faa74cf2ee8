"""Change notifications: services announce every write here.

Listeners run inside the write's transaction (the audit trail appends its
entry there, so an entry exists exactly when the change does). The GUI
registers a listener that re-emits a Qt signal for lists to refresh.

``action`` is one of: create, update, delete, restore, import, export,
bundle_export, bundle_import, print, login, login_failed, merge, backup,
restore_backup. ``before``/``after`` are JSON-able dicts or None.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Change:
    action: str
    kind: str  # record kind, registry kind, or a subject such as "bundle"
    uuid: str | None = None
    before: dict | None = None
    after: dict | None = None
    detail: str = ""


_listeners: list[Callable[[Change], None]] = []


def subscribe(fn: Callable[[Change], None]) -> Callable[[], None]:
    _listeners.append(fn)
    return lambda: _listeners.remove(fn) if fn in _listeners else None


def emit(change: Change) -> None:
    for fn in list(_listeners):
        fn(change)


def is_subscribed(fn: Callable[[Change], None]) -> bool:
    return fn in _listeners
