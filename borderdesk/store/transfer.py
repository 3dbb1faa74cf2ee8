"""Moving a headquarters' SQLite database onto a PostgreSQL server, table by table.

Every table is copied as it is, the sync tables included (this site's keys, its peers, what
each sent and acknowledged, every row version seen), so the posts' bundles continue at the
server without a gap and the audit trail's hashes still chain. The full-text index is the
server's own (``store.pg_sql``): its rows are filled from ``search_doc`` and ``tm_unit``.
All of it happens in one transaction on the server: a copy that fails, or whose counts do
not match, leaves the server database as it was.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import peewee as pw

from borderdesk.store import pg_sql

BATCH = 5000
#: tables made again on the server from others, never copied
_DERIVED = {"schema_migration"} | set(pg_sql.FTS_COLUMNS) | {"tm_vocab"}


class TargetNotEmpty(RuntimeError):
    """The server database already holds a site (``borderdesk.cli`` words it)."""


@dataclass
class Copied:
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # table -> (source, target)

    @property
    def matching(self) -> bool:
        return all(a == b for a, b in self.counts.values())


def source_tables(src: pw.Database) -> list[str]:
    rows = src.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                           "ORDER BY name").fetchall()
    virtual = {n for n, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")}
    # an FTS5 table's shadow tables (search_fts_data, _idx, _docsize, _config, _content)
    shadow = {n for n, _sql in rows for v in virtual if n.startswith(v + "_")}
    tables = [n for n, _sql in rows if n not in virtual | shadow | _DERIVED]
    # the server checks foreign keys row by row: the tables others refer to go first
    refers = {t for t in tables if src.execute_sql(f'PRAGMA foreign_key_list("{t}")').fetchall()}
    return [t for t in tables if t not in refers] + [t for t in tables if t in refers]


def _columns_sqlite(src: pw.Database, table: str) -> list[str]:
    return [r[1] for r in src.execute_sql(f'PRAGMA table_info("{table}")').fetchall()]


def _columns_server(dst: pw.Database, table: str) -> list[str]:
    return [r[0] for r in dst.execute_sql(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position", (table,)).fetchall()]


def is_empty(dst: pw.Database) -> bool:
    return dst.execute_sql("SELECT count(*) FROM post").fetchone()[0] == 0 and \
        dst.execute_sql("SELECT count(*) FROM setting WHERE key = 'site_code'").fetchone()[0] == 0


def copy(src: pw.Database, dst: pw.Database, progress: Callable[[str, int], None] | None = None) -> Copied:
    """Copy every table of *src* (SQLite) into *dst* (a migrated, empty server database).
    Call inside a transaction on *dst*; returns the row counts on both sides."""
    if not is_empty(dst):
        raise TargetNotEmpty()
    out = Copied()
    # the migrations wrote their own bookkeeping rows (the search rebuild flag …): the source's replace them
    dst.execute_sql("DELETE FROM setting")
    for table in source_tables(src):
        theirs = set(_columns_server(dst, table))
        if not theirs:
            continue  # a table this version of the schema no longer has
        cols = [c for c in _columns_sqlite(src, table) if c in theirs]
        with_rowid = "rowid" in theirs and "rowid" not in cols
        select = (["rowid"] if with_rowid else []) + cols
        names = ", ".join(f'"{c}"' for c in select)
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(select))})'
        cur = src.execute_sql(f'SELECT {names} FROM "{table}"')
        n = 0
        while True:
            rows = cur.fetchmany(BATCH)
            if not rows:
                break
            dst.cursor().executemany(sql, rows)
            n += len(rows)
            if progress:
                progress(table, n)
        got = dst.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        out.counts[table] = (n, got)
    # the server's full-text tables, from the copied documents
    dst.execute_sql("INSERT INTO search_fts (rowid, body) SELECT id, body FROM search_doc")
    dst.execute_sql("INSERT INTO tm_fts (rowid, vi_body, zh_body) SELECT id, vi_body, zh_body FROM tm_unit")
    _advance_sequences(dst)
    return out


def _advance_sequences(dst: pw.Database) -> None:
    """Rows came with their ids: each serial column's sequence continues after the highest."""
    rows = dst.execute_sql(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND column_default LIKE 'nextval(%'").fetchall()
    for table, column in rows:
        dst.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
                        f"coalesce((SELECT max(\"{column}\") FROM \"{table}\"), 0) + 1, false)")
