"""A headquarters' database on a PostgreSQL 15+ server, behind the same peewee models.

:class:`ServerDatabase` is peewee's ``PostgresqlDatabase`` (psycopg 3) with what makes the rest
of BorderDesk run on it unchanged:

* every statement goes through :func:`borderdesk.store.pg_sql.translate` (SQLite's dialect in,
  PostgreSQL's out, cached), including those run on a raw cursor (bulk ``executemany`` paths);
* values cross the wire as SQLite stores them: dates and times as ISO text, booleans as 0/1,
  and a ``sum()`` comes back as an integer (PostgreSQL's ``numeric`` would not print in JSON);
* a transaction opened with SQLite's lock types (``atomic("IMMEDIATE")``) is a plain one;
  every transaction takes the writers' advisory lock, as SQLite's ``BEGIN IMMEDIATE`` does (:meth:`ServerDatabase.begin`).

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


def lock_key(name: str) -> int:
    """A stable 63-bit advisory-lock key for *name*."""
    return int.from_bytes(hashlib.sha256(f"borderdesk:{name}".encode()).digest()[:8], "big") >> 1


#: the key of the writers' lock every transaction takes (see :meth:`ServerDatabase.begin`)
WRITERS_LOCK = lock_key("writers")


#: ``INSERT INTO t (…) VALUES (%s, …)`` and what follows (``ON CONFLICT …``)
_VALUES = re.compile(r"^(\s*INSERT INTO [^()]+\([^()]*\)\s*VALUES\s*)(\((?:\s*%s\s*,)*\s*%s\s*\))(\s*(?:ON CONFLICT.*)?)$",
                     re.S | re.I)
_ROWS_PER_INSERT = 500


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
        if not rows:
            return self
        text = t.sql.removesuffix(" RETURNING id") if t.returns_id else t.sql
        parts = _VALUES.match(text)
        with _as_peewee_errors:
            # (not an upsert: one statement may not update the same row twice, row by row may)
            if parts is None or "DO UPDATE" in parts.group(3).upper():
                self._cur.executemany(text, rows)
                return self
            # one INSERT of many rows instead of a round trip per row: the bulk paths' speed
            head, one, tail = parts.groups()
            for i in range(0, len(rows), _ROWS_PER_INSERT):
                values = ",".join(self._cur.mogrify(one, r) for r in rows[i : i + _ROWS_PER_INSERT])
                self._cur.execute(head + values + tail)
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
        """A write transaction, as SQLite's ``BEGIN IMMEDIATE`` is here: it waits for the database's
        writers' lock (an advisory lock, held to its end). The sequence numbers, the audit chain and
        the clock read-then-write one after the other, so two analysts saving, or two bundle imports,
        take turns; a query outside a transaction (lists, stats, reports) never waits."""
        if isinstance(isolation_level, str) and isolation_level.upper() in ("IMMEDIATE", "EXCLUSIVE", "DEFERRED"):
            isolation_level = None
        super().begin(isolation_level)
        with _as_peewee_errors:
            self._state.conn.cursor().execute("SELECT pg_advisory_xact_lock(%s)" % WRITERS_LOCK)

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
        schema = db.execute_sql("SELECT e.extnamespace::regnamespace::text FROM pg_extension e "
                                "WHERE e.extname = 'unaccent'").fetchone()[0]
        for stmt in pg_sql.FUNCTIONS:
            db.execute_sql(stmt.replace("{schema}", quote_ident(schema)))


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




def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
