"""A headquarters' database on a PostgreSQL 15+ server, behind the same peewee models.

:class:`ServerDatabase` is peewee's ``PostgresqlDatabase`` (psycopg 3) with what makes the rest
of BorderDesk run on it unchanged:

* every statement goes through :func:`borderdesk.store.pg_sql.translate` (SQLite's dialect in,
  PostgreSQL's out, cached), including those run on a raw cursor (bulk ``executemany`` paths);
* values cross the wire as SQLite stores them: dates and times as ISO text, booleans as 0/1,
  and a ``sum()`` comes back as an integer (PostgreSQL's ``numeric`` would not print in JSON);
* a transaction opened with SQLite's lock types (``atomic("IMMEDIATE")``) is a plain one;
  writers that must not interleave take an advisory lock (:func:`advisory_lock`).

Access control is the server's: roles and ``pg_hba.conf`` decide who connects; the SQLCipher
key slots of a post's file do not apply to a server database.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re

import peewee as pw

from borderdesk.store import pg_sql

import psycopg
from psycopg.adapt import Dumper, Loader


class UnsuitableServer(RuntimeError):
    """The server or database cannot hold BorderDesk's data faithfully (old version, not UTF-8)."""


class _DateText(Dumper):
    oid = 0  # untyped literal: PostgreSQL reads it as the column's type (TEXT here)

    def dump(self, obj):
        return obj.isoformat().encode()


class _DateTimeText(Dumper):
    oid = 0

    def dump(self, obj):
        return obj.isoformat(" ").encode()  # what sqlite3 writes for a datetime


class _BoolInt(Dumper):
    oid = 0

    def dump(self, obj):
        return b"1" if obj else b"0"

    def quote(self, obj):
        return self.dump(obj)


class _Number(Loader):
    """``numeric`` (a ``sum()`` of integers) as an int when whole, else a float: what SQLite returns."""

    def load(self, data):
        s = bytes(data).decode()
        return int(s) if s.lstrip("-").isdigit() else float(s)


_as_peewee_errors = getattr(pw, "__exception_wrapper__")


class _Cursor:
    """A psycopg cursor that takes SQLite's statements (see :mod:`borderdesk.store.pg_sql`)."""

    def __init__(self, cur) -> None:
        self._cur = cur
        self.lastrowid = None

    def execute(self, sql, params=()):
        t = pg_sql.translate(sql)
        params = _take(params, t.params)
        with _as_peewee_errors:  # IntegrityError, OperationalError … as on SQLite, for the bulk paths too
            self._cur.execute(t.sql, params)
        if t.returns_id:
            row = self._cur.fetchone()
            self.lastrowid = row[0] if row else None
        return self

    def executemany(self, sql, seq):
        t = pg_sql.translate(sql)
        rows = [_take(p, t.params) for p in seq]
        if rows:
            with _as_peewee_errors:
                self._cur.executemany(t.sql.removesuffix(" RETURNING id") if t.returns_id else t.sql, rows)
        return self

    def fetchone(self):
        return self._cur.fetchone()

    def fetchall(self):
        return self._cur.fetchall()

    def fetchmany(self, size=None):
        return self._cur.fetchmany(size) if size else self._cur.fetchmany()

    def __iter__(self):
        return iter(self._cur)

    def __getattr__(self, name):
        return getattr(self._cur, name)


def _take(params, n):
    if params is None:
        return ()
    params = tuple(params)
    return params if n is None else params[:n]


class ServerDatabase(pw.PostgresqlDatabase):
    """A PostgreSQL database that speaks to BorderDesk's SQLite-dialect statements."""

    server = True

    def __init__(self, url: str, **kwargs) -> None:
        kwargs.setdefault("cursor_factory", psycopg.ClientCursor)
        super().__init__(url, prefer_psycopg3=True, **kwargs)
        self.url = url

    def _connect(self):
        conn = super()._connect()
        a = conn.adapters
        a.register_dumper(dt.date, _DateText)
        a.register_dumper(dt.datetime, _DateTimeText)
        a.register_dumper(bool, _BoolInt)
        a.register_loader("numeric", _Number)
        return conn

    def cursor(self, named_cursor=None):
        return _Cursor(super().cursor())

    def begin(self, isolation_level=None):
        # SQLite's lock types (atomic("IMMEDIATE")) mean nothing here: a plain transaction
        if isinstance(isolation_level, str) and isolation_level.upper() in ("IMMEDIATE", "EXCLUSIVE", "DEFERRED"):
            isolation_level = None
        return super().begin(isolation_level)

    def register_collation(self, fn, name=None):  # ORDER BY … COLLATE VI: ICU's Vietnamese (pg_sql)
        return None


def is_server(db) -> bool:
    return getattr(db, "server", False) is True


def open_server(url: str) -> ServerDatabase:
    return ServerDatabase(url)


def prepare_server(db: ServerDatabase) -> None:
    """Check the server can hold BorderDesk's texts, and make the helpers search needs (idempotent)."""
    version = db.execute_sql("SHOW server_version_num").fetchone()[0]
    if int(version) < 150000:
        raise UnsuitableServer(f"PostgreSQL {int(version) // 10000}")
    enc = db.execute_sql("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()"
                         ).fetchone()[0]
    if enc != "UTF8":
        raise UnsuitableServer(f"encoding {enc}")
    # letters of every script must be letters to the search's [[:alnum:]] and tokenizer
    if db.execute_sql("SELECT 'Đồn交换' ~ '^[[:alnum:]]+$'").fetchone()[0] is not True:
        raise UnsuitableServer("LC_CTYPE")
    with db.atomic():
        db.execute_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
        for stmt in pg_sql.FUNCTIONS:
            db.execute_sql(stmt)


def check_storage(db) -> list[str]:
    """``["ok"]``, like SQLite's ``integrity_check``, when every table of the schema reads to its end
    and (where the server has the ``amcheck`` extension) every B-tree index checks; else what failed.
    The server's own storage (checksums, WAL) is its administrator's: ``pg_amcheck`` checks all of it."""
    tables = [r[0] for r in db.execute_sql(
        "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY 1")]
    for t in tables:
        db.execute_sql(f"SELECT count(*) FROM {quote_ident(t)}").fetchone()
    if db.execute_sql("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'").fetchone():
        bad = []
        for (name,) in db.execute_sql(
                "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON "
                "a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace WHERE a.amname = 'btree' AND "
                "n.nspname = current_schema()").fetchall():
            try:
                with db.atomic():
                    db.execute_sql(f"SELECT bt_index_check('{quote_ident(name)}'::regclass)")
            except pw.DatabaseError as exc:
                bad.append(f"{name}: {exc}")
        if bad:
            return bad
    return ["ok"]


def lock_key(name: str) -> int:
    """A stable 63-bit advisory-lock key for *name*."""
    return int.from_bytes(hashlib.sha256(f"borderdesk:{name}".encode()).digest()[:8], "big") >> 1


def advisory_lock(db, name: str) -> None:
    """Inside a transaction: wait for, then hold until its end, the server-wide lock *name*
    (two bundle imports serialise; readers are never blocked)."""
    if is_server(db):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)" % int(lock_key(name)))


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
