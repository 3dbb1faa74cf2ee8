"""The SQLite statements BorderDesk writes, said for PostgreSQL (store/pg_sql.py): no server needed."""
from __future__ import annotations

import pytest

from borderdesk.store import migrations
from borderdesk.store.pg_sql import Untranslatable, translate


def test_parameters_and_literal_percents():
    t = translate("SELECT a FROM t WHERE v NOT LIKE ? AND w = 'a%b' -- it's a comment\n AND x = ?")
    assert t.sql == "SELECT a FROM t WHERE v NOT LIKE %s AND w = 'a%%b' \n AND x = %s"
    # peewee's own statements already say %s: left alone
    assert translate('SELECT "t1"."a" FROM "t" AS "t1" WHERE ("t1"."b" = %s)').sql == \
        'SELECT "t1"."a" FROM "t" AS "t1" WHERE ("t1"."b" = %s)'


def test_sqlite_verbs_and_functions():
    assert translate("INSERT OR IGNORE INTO sync_state (peer) VALUES (?)").sql == \
        "INSERT INTO sync_state (peer) VALUES (%s) ON CONFLICT DO NOTHING"
    assert translate("INSERT OR REPLACE INTO setting (key, value) VALUES ('seq', ?)").sql == \
        "INSERT INTO setting (key, value) VALUES ('seq', %s) ON CONFLICT (key) DO UPDATE SET \"value\" = EXCLUDED.\"value\""
    with pytest.raises(Untranslatable):
        translate("INSERT OR REPLACE INTO unknown_table (a) VALUES (?)")
    with pytest.raises(Untranslatable):
        translate("PRAGMA integrity_check")
    sql = translate("UPDATE s SET n = max(n, ?), at = datetime('now'), w = substr(v, instr(v, '@') + 1)").sql
    assert "greatest(n, %s)" in sql and "now() AT TIME ZONE 'UTC'" in sql and "strpos(v, '@')" in sql
    assert translate("DROP TABLE IF EXISTS temp.stats_groups").sql == "DROP TABLE IF EXISTS pg_temp.stats_groups"


def test_full_text_statements():
    assert translate("INSERT INTO search_fts(search_fts, rowid, body) VALUES('delete', ?, ?)").sql == \
        "DELETE FROM search_fts WHERE rowid = %s"
    assert translate("INSERT INTO search_fts(search_fts, rowid, body) VALUES('delete', ?, ?)").params == 1
    assert translate("INSERT INTO tm_fts (tm_fts) VALUES ('delete-all')").sql == "DELETE FROM tm_fts"
    assert translate("INSERT INTO search_fts(search_fts, rank) VALUES('automerge', 0)").sql == "SELECT 1"
    assert "f.body_tsv @@ bd_fts_query(%s)" in translate("SELECT 1 FROM search_fts f WHERE f.body MATCH ?").sql
    assert '"t3"."body_tsv" @@ bd_fts_query(%s)' in translate('SELECT 1 WHERE ("t3"."body" MATCH %s)').sql


def test_every_migration_statement_translates():
    """The frozen DDL of every migration becomes PostgreSQL's: types, the rowid of synced tables."""
    for script in (migrations._V1, migrations._V2, migrations._V3, migrations._V4, migrations._V7,
                   migrations._V9, migrations._V10):
        for stmt in script.split(";\n"):
            if stmt.strip():
                sql = translate(stmt).sql
                for sqlite_only in ("DATETIME", "AUTOINCREMENT", "BLOB", "WITHOUT ROWID", "VIRTUAL", "datetime("):
                    assert sqlite_only not in sql, (sqlite_only, sql[:120])
    talks = next(s for s in migrations._V1.split(";\n") if s.startswith('CREATE TABLE "talks"'))
    assert translate(talks).sql.endswith(", rowid BIGSERIAL)")
    assert "id BIGSERIAL PRIMARY KEY" in translate("CREATE TABLE x (id INTEGER PRIMARY KEY, n INTEGER)").sql
