"""A database file made by the first release opens in this one with every record kept."""
from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from pathlib import Path

import peewee as pw
import pytest

from borderdesk.domain.errors import SetupError
from borderdesk.domain.fields import Field
from borderdesk.services import indexing, records, session
from borderdesk.store import migrations, search_index
from borderdesk.app import open_database
from borderdesk.store import models as m
from borderdesk.store.connection import close_db
from borderdesk.store.models import DB

V1 = Path(__file__).parent / "data" / "schema_v1.sqlite"


def test_a_schema_1_file_upgrades_without_losing_a_record(tmp_path):
    path = tmp_path / "old post.sqlite"
    shutil.copy(V1, path)
    open_database(path)
    try:
        session.open_session()
        assert DB.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.schema_version()
        assert session.site_code() == "PL"
        call = records.get("hotline_call", "00000000-0000-4000-8000-000000000003")
        assert call.subject_zh == "通报春节期间边境情况"
        talks = records.get("talks", "00000000-0000-4000-8000-000000000004")
        assert [m["name_zh"] or m["name_vi"] for m in records.children_of(talks)] == ["Trần Quốc Hùng", "张建国"]
        # the search index was built for the old records by the migration
        assert [h["id"] for h in search_index.search(DB, "tet")] == [call.uuid]
        # and writing goes on where the old file stopped
        new = records.create("case", {"date": "2026-01-06", "category": "smuggling"})
        assert new.version > talks.version and new.seq == 5
    finally:
        close_db()


def test_migrations_are_recorded_and_not_run_twice(tmp_path):
    path = tmp_path / "db.sqlite"
    open_database(path)
    close_db()
    db = open_database(path)
    try:
        assert migrations.run_migrations(db) == []
        assert migrations.applied(db) == set(migrations.MIGRATIONS)
    finally:
        close_db()


def test_a_file_from_a_newer_release_is_refused(tmp_path):
    path = tmp_path / "future.sqlite"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {migrations.schema_version() + 1}")
    con.close()
    with pytest.raises(SetupError, match="newer"):
        open_database(path)
    close_db()


@pytest.fixture
def a_column_added_later(monkeypatch):
    """What the next schema change looks like: a new column on a model, added by a new migration."""
    from borderdesk.domain import kinds

    number = migrations.schema_version() + 1

    def add_column(db):
        db.execute_sql("ALTER TABLE hotline_call ADD COLUMN weather VARCHAR(100) NOT NULL DEFAULT ''")

    monkeypatch.setitem(migrations.MIGRATIONS, number, add_column)
    field = pw.CharField(max_length=100, default="")
    m.HotlineCall._meta.add_field("weather", field)
    spec = kinds.KINDS["hotline_call"]  # the field in the spec: the search index reads it too
    monkeypatch.setitem(kinds.KINDS, "hotline_call", dataclasses.replace(
        spec, fields=spec.fields + (Field("weather", "Weather", searchable=True),)))
    try:
        yield number
    finally:
        m.HotlineCall._meta.remove_field("weather")


def test_a_new_column_in_a_new_migration_leaves_init_and_the_schema_1_upgrade_working(tmp_path, a_column_added_later):
    # a fresh file: every migration, then the search index rebuilt once by today's code
    open_database(tmp_path / "fresh.sqlite")
    try:
        assert migrations.applied(DB) == set(migrations.MIGRATIONS)
        assert not migrations.search_rebuild_pending(DB)
    finally:
        close_db()
    # a file of the first release: its old records come back with the new column, and are found
    path = tmp_path / "old.sqlite"
    shutil.copy(V1, path)
    open_database(path)
    try:
        session.open_session()
        call = records.get("hotline_call", "00000000-0000-4000-8000-000000000003")
        assert call.weather == ""
        assert [h["id"] for h in search_index.search(DB, "tet")] == [call.uuid]  # the rebuild ran
        DB.execute_sql("UPDATE hotline_call SET weather = 'sương mù dày' WHERE uuid = ?", (call.uuid,))
        indexing.reindex(DB, [records.get("hotline_call", call.uuid)])
        assert [h["id"] for h in search_index.search(DB, "suong mu")] == [call.uuid]
        assert DB.execute_sql("PRAGMA user_version").fetchone()[0] == a_column_added_later
    finally:
        close_db()


def test_no_migration_reads_the_models():
    """Each migration is frozen SQL: its source names no model class."""
    import inspect

    for number, fn in migrations.MIGRATIONS.items():
        source = inspect.getsource(fn)
        assert "models" not in source and ".select(" not in source, number
    assert "borderdesk.store.models" not in inspect.getsource(migrations)
