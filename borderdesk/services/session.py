"""Who is working, at which site: the identity every write is stamped with.

One database is open at a time (``borderdesk.store.connection.init_db``);
:func:`open_session` reads its site identity and starts the clock from the
highest version it holds, so versions keep increasing across restarts.
"""
from __future__ import annotations

import os
import uuid as _uuid

from borderdesk.domain.errors import SetupError
from borderdesk.store.clock import HybridClock
from borderdesk.store.models import DB, Setting, SYNCED_MODELS

_shared: dict = {"site": None, "kind": None, "clock": None, "user": None}


def new_uuid() -> str:
    return str(_uuid.uuid4())


def get_setting(key: str, default: str | None = None) -> str | None:
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row else default


def set_setting(key: str, value: str) -> None:
    Setting.insert(key=key, value=value).on_conflict(conflict_target=[Setting.key], update={Setting.value: value}).execute()


def open_session(user: str | None = None) -> None:
    """Load the site identity of the open database. Call after ``init_db``."""
    site = get_setting("site_code")
    _shared["site"] = site
    _shared["kind"] = get_setting("site_kind", "post")
    _shared["user"] = user or os.environ.get("BORDERDESK_USER") or _shared.get("user") or "system"
    last = None
    if site:
        versions = []
        from borderdesk.store.attachment_store import Attachment

        for model in SYNCED_MODELS + (Attachment,):
            v = model.select(model.version).order_by(model.version.desc()).limit(1).scalar()
            if v:
                versions.append(v)
        last = max(versions) if versions else None
    _shared["clock"] = HybridClock(site or "?", last)


def site_code() -> str:
    site = _shared.get("site")
    if not site:
        raise SetupError("this database has no post yet: run 'borderdesk init --code CODE --name NAME' first")
    return site


def site_kind() -> str:
    return _shared.get("kind") or "post"


def is_headquarters() -> bool:
    return site_kind() == "headquarters"


def has_site() -> bool:
    return bool(_shared.get("site"))


def current_user() -> str:
    return _shared.get("user") or "system"


def set_user(name: str) -> None:
    _shared["user"] = name


def clock() -> HybridClock:
    c = _shared.get("clock")
    if c is None:
        raise SetupError("no database is open")
    return c


def next_seq() -> int:
    """The next local update sequence number (call inside the write's transaction)."""
    cur = DB.execute_sql("SELECT value FROM setting WHERE key = 'seq'").fetchone()
    n = int(cur[0]) + 1 if cur else 1
    DB.execute_sql("INSERT OR REPLACE INTO setting (key, value) VALUES ('seq', ?)", (str(n),))
    return n


def reserve_seq(count: int) -> int:
    """Reserve *count* sequence numbers for a bulk write; returns the first."""
    cur = DB.execute_sql("SELECT value FROM setting WHERE key = 'seq'").fetchone()
    first = int(cur[0]) + 1 if cur else 1
    DB.execute_sql("INSERT OR REPLACE INTO setting (key, value) VALUES ('seq', ?)", (str(first + count - 1),))
    return first


def stamp(row, *, new: bool) -> None:
    """Give a synced row the identity fields of a local change."""
    from borderdesk.store.models import utcnow

    now = utcnow()
    if new:
        if not row.uuid:
            row.uuid = new_uuid()
        row.site = row.site or site_code()
        row.created_at = now
    row.updated_at = now
    row.version = clock().tick()
    row.changed_by = current_user()
    row.seq = next_seq()
