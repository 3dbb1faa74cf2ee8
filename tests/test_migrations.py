"""A database file made by the first release opens in this one with every record kept."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from borderdesk.domain.errors import SetupError
from borderdesk.services import records, session
from borderdesk.store import migrations, search_index
from borderdesk.store.connection import close_db, init_db
from borderdesk.store.models import DB

V1 = Path(__file__).parent / "data" / "schema_v1.sqlite"


def test_a_schema_1_file_upgrades_without_losing_a_record(tmp_path):
    path = tmp_path / "old post.sqlite"
    shutil.copy(V1, path)
    init_db(path)
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
    init_db(path)
    close_db()
    db = init_db(path)
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
        init_db(path)
    close_db()
