"""One database setup: the proxy, ``init_db(path)``, pragmas, migrations."""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Callable

import peewee as pw
from platformdirs import user_data_dir

from borderdesk.store.models import DB
from borderdesk.store.target import ServerUrl, parse as parse_target

APP_NAME = "BorderDesk"


def default_db_path() -> Path:
    """``borderdesk.sqlite`` in the user's data folder (``BORDERDESK_DB`` overrides)."""
    env = os.environ.get("BORDERDESK_DB")
    if env:
        return Path(env)
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "borderdesk.sqlite"


PRAGMAS = {
    "journal_mode": "wal",
    # FULL: a committed save survives a power cut too, not only a killed process.
    "synchronous": "full",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "cache_size": -32000,
    "temp_store": "memory",
}


LOCK_TYPE = "IMMEDIATE"


#: Given the path and the pragmas, a database of another kind (a SQLCipher file), or None for plain SQLite.
Opener = Callable[[Path, dict], "pw.SqliteDatabase | None"]


def open_database(path: str | os.PathLike | ServerUrl, opener: Opener | None = None) -> pw.Database:
    """Open (creating the folder if needed) without touching the schema.

    *path* is a file, or a ``postgresql://`` URL (``store.target``): a headquarters' server
    database (``store.postgres``), where the server does access control and *opener* is not asked.
    *opener* is asked first (the encryption's, passed by ``borderdesk.app``): ``store``
    knows nothing of what sits above it.
    """
    target = parse_target(path)
    if isinstance(target, ServerUrl):
        from borderdesk.store import postgres  # psycopg: only a headquarters' server needs it

        return postgres.open_server(target.url)
    p = target
    p.parent.mkdir(parents=True, exist_ok=True)
    if opener is not None:
        db = opener(p, PRAGMAS)
        if db is not None:
            return db
    # IMMEDIATE: a write transaction takes the write lock at BEGIN and waits (busy_timeout) for
    # another writer (the desk saving while a worker imports) instead of failing at its first
    # write with "database is locked" because its read snapshot went stale.
    return pw.SqliteDatabase(str(p), pragmas=PRAGMAS, check_same_thread=False, lock_type=LOCK_TYPE)


def vietnamese_key(text: str) -> tuple[str, str]:
    """Sort key of Vietnamese alphabetical order: letters first without their marks (Đ with D),
    then the marks, so "Đồn" sorts among the D's and not after "Z"."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D").casefold())
    return "".join(ch for ch in folded if not unicodedata.combining(ch)), text


def _collate_vi(a: str, b: str) -> int:
    ka, kb = vietnamese_key(a or ""), vietnamese_key(b or "")
    return (ka > kb) - (ka < kb)


def init_db(path: str | os.PathLike | ServerUrl, migrate: bool = True, opener: Opener | None = None) -> pw.Database:
    """Open the database at *path*, bind the models to it and bring its schema up to date.

    The application opens databases through ``borderdesk.app.open_database``, which
    also rebuilds the search index when a migration asked for it and installs the
    audit listener.
    """
    from borderdesk.store.migrations import run_migrations

    if DB.obj is not None and not DB.is_closed():
        DB.close()
    db = open_database(path, opener)
    db.register_collation(_collate_vi, "VI")  # ORDER BY name COLLATE VI (registry lists)
    DB.initialize(db)
    db.connect(reuse_if_open=True)
    if getattr(db, "server", False):
        from borderdesk.store import postgres

        postgres.prepare_server(db)
    if migrate:
        run_migrations(db)
    return db


def is_server(db=None) -> bool:
    """Is *db* (default: the open database) a PostgreSQL server's (``store.postgres``)?"""
    return getattr(DB.obj if db is None else db, "server", False) is True


def close_db() -> None:
    if DB.obj is not None and not DB.is_closed():
        DB.close()
