"""A headquarters on PostgreSQL: what ``--db`` accepts, and the same services on both backends."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from borderdesk.app import database_target, open_database
from borderdesk.domain.errors import SetupError
from borderdesk.services import records, session, site
from borderdesk.store import target


ROOT = Path(__file__).resolve().parent.parent


def bd(db, *args, ok=True, cwd=None):
    env = {**os.environ, "BORDERDESK_LANG": "en", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(db), *args],
                          capture_output=True, text=True, env=env, timeout=180, cwd=cwd)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_db_values_are_a_file_a_server_or_refused(tmp_path):
    assert database_target(str(tmp_path / "a.sqlite")) == tmp_path / "a.sqlite"
    url = database_target("postgresql://hq@db.bdbp.vn:5432/national")
    assert isinstance(url, target.ServerUrl) and url.name == "national"
    assert str(database_target("postgres://hq:secret@db:5432/national")) == "postgres://hq:***@db:5432/national"
    for bad in ("mysql://root@localhost/bd", "http://example.com/db", "sqlite://x/y"):
        with pytest.raises(SetupError, match="databases are not supported"):
            database_target(bad)
    with pytest.raises(SetupError, match="names its database"):
        database_target("postgresql://hq@db:5432/")


def test_an_unsupported_scheme_is_refused_in_one_line_and_nothing_is_made(tmp_path):
    proc = bd("mysql://root@localhost/bd", "init", "--code", "HQ", "--name", "x", "--headquarters", ok=False,
              cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "mysql:// databases are not supported" in proc.stderr
    assert list(tmp_path.iterdir()) == []  # no folder named mysql:


def test_a_server_that_cannot_be_reached_is_one_line(tmp_path):
    from tests.pg_cluster import _free_port

    proc = bd(f"postgresql://nobody@127.0.0.1:{_free_port()}/none", "stats", "--from", "2025-01-01",
              "--to", "2025-12-31", ok=False)
    assert proc.returncode == 1 and "cannot open the PostgreSQL database" in proc.stderr
    assert proc.stderr.strip().count("\n") == 0, proc.stderr


def test_records_and_search_work_on_both_backends(any_db):
    open_database(any_db)
    site.init_site(code="PL", name_vi="Đồn Biên phòng Pha Long", province="Lào Cai")
    session.open_session()
    rec = records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming",
                                          "subject_vi": "Trao đổi tình hình biên giới", "subject_zh": "交换边境情况"})
    assert records.get("hotline_call", rec.uuid).subject_zh == "交换边境情况"
    assert [r.uuid for r in records.list_records("hotline_call", text="tinh hinh")] == [rec.uuid]
    assert [r.uuid for r in records.list_records("hotline_call", text="边境")] == [rec.uuid]
    assert records.count("hotline_call", text="bien gioi") == 1
    assert records.count("hotline_call", text="情况交") == 0
    records.delete("hotline_call", rec.uuid)
    assert records.count("hotline_call") == 0 and records.count("hotline_call", deleted=True) == 1


def test_init_on_a_server_needs_headquarters(pg_cluster):
    url = pg_cluster.url(pg_cluster.new_database())
    proc = bd(url, "init", "--code", "HQ", "--name", "Bộ Tư lệnh", ok=False)
    assert proc.returncode == 1 and "--headquarters" in proc.stderr
    out = bd(url, "init", "--code", "HQ", "--name", "Bộ Tư lệnh BĐBP", "--headquarters")
    assert "Created headquarters HQ" in out.stdout and "pg_hba.conf" in out.stderr
    assert "already set up" in bd(url, "init", "--code", "HQ", "--name", "x", "--headquarters", ok=False).stderr
    stats = json.loads(bd(url, "stats", "--from", "2025-01-01", "--to", "2025-12-31", "--json").stdout)
    assert stats["cases"]["count"] == 0
