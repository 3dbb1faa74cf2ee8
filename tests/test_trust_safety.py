"""Crash safety: a damaged file, a second instance, a full disk, a read-only folder."""
from __future__ import annotations

import os
import subprocess
import sys

import peewee as pw
import pytest

from borderdesk.services import records
from borderdesk.app import open_database
from borderdesk.store.connection import close_db
from borderdesk.store.models import DB, Case
from borderdesk.trust import backup, safety

from trust_helpers import ROOT, a_case, cli_env, run_cli


def test_a_second_instance_is_told_clearly(db_path):
    open_database(db_path)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys,time; from borderdesk.trust.safety import acquire_instance_lock as a; "
         f"a({str(db_path)!r}); print('held', flush=True); sys.stdin.read()"],
        cwd=ROOT, env=cli_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(safety.AlreadyOpen) as err:
            safety.acquire_instance_lock(db_path)
        assert err.value.pid == holder.pid
        assert f"process {holder.pid}" in str(err.value)
    finally:
        holder.stdin.close()
        holder.wait(10)
    # The owner is gone (even had it crashed, the OS lock goes with it): the next one gets in.
    lock = safety.acquire_instance_lock(db_path)
    assert safety.acquire_instance_lock(db_path) is lock  # the same process may ask again
    safety.release_instance_lock(db_path)


def test_a_damaged_database_names_the_backup_to_restore(post_db, db_path):
    records.create("case", a_case())
    good = backup.make_backup()
    close_db()
    for side in ("-wal", "-shm"):
        p = db_path.with_name(db_path.name + side)
        if p.exists():
            p.unlink()
    data = bytearray(db_path.read_bytes())
    data[0:16] = b"garbage garbage!"
    db_path.write_bytes(bytes(data))
    r = run_cli(db_path, "list", "--kind", "case")
    assert r.returncode != 0
    assert len(r.stderr.strip().splitlines()) == 1
    assert "damaged" in r.stderr and str(good) in r.stderr and "restore" in r.stderr

    r = run_cli(db_path, "restore", str(good))
    assert r.returncode == 0, r.stderr
    assert "damaged database was kept" in r.stdout
    assert run_cli(db_path, "list", "--kind", "case", "--json").stdout.count('"uuid"') == 1


def test_quick_check_at_start(post_db):
    safety.check_at_start(DB.obj)  # a sound file passes silently


def test_a_full_disk_loses_nothing(post_db):
    kept = records.create("case", a_case())
    DB.execute_sql("PRAGMA max_page_count = 1")  # below the file's size: SQLite reports a full disk
    with pytest.raises(pw.OperationalError) as err:
        for n in range(50):
            records.create("case", a_case(notes="x" * 5000))
    assert "disk is full" in safety.explain(err.value)
    assert "nothing was lost" in safety.explain(err.value)
    DB.execute_sql("PRAGMA max_page_count = 1073741823")
    assert [c.uuid for c in Case.select()] == [kept.uuid]


def test_a_read_only_database_gives_a_clear_message(post_db):
    kept = records.create("case", a_case())
    DB.execute_sql("PRAGMA query_only = 1")
    with pytest.raises(pw.OperationalError) as err:
        records.create("case", a_case())
    assert "read-only" in safety.explain(err.value)
    DB.execute_sql("PRAGMA query_only = 0")
    assert [c.uuid for c in Case.select()] == [kept.uuid]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_gives_a_clear_message(tmp_path):
    path = tmp_path / "ro" / "pl.sqlite"
    assert run_cli(path, "init", "--code", "PL", "--name", "Pha Long", "--no-encryption").returncode == 0
    os.chmod(path.parent, 0o555)
    try:
        r = run_cli(path, "list", "--kind", "case")
    finally:
        os.chmod(path.parent, 0o755)
    assert r.returncode != 0
    assert "read-only" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_folder_that_refuses_writes_is_named(tmp_path, monkeypatch):
    # As root (CI containers) chmod does not stop writes; make the probe fail instead.
    import tempfile

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(safety.StorageError) as err:
        safety.check_folder_writable(tmp_path / "pl.sqlite")
    assert str(tmp_path) in str(err.value) and "read-only" in str(err.value)


def test_storage_errors_are_one_clear_sentence():
    assert "disk is full" in safety.explain(OSError(28, "No space left on device"))
    assert "busy" in safety.explain(pw.OperationalError("database is locked"))
    assert "USB" in safety.explain(pw.OperationalError("disk I/O error"))
    assert safety.explain(ValueError("something else")) is None


def test_a_database_locked_by_another_program_gives_a_clear_message(post_db, db_path):
    import sqlite3

    kept = records.create("case", a_case())
    other = sqlite3.connect(db_path)
    other.execute("BEGIN EXCLUSIVE")  # e.g. a copy tool or a second program writing
    try:
        DB.execute_sql("PRAGMA busy_timeout = 50")
        with pytest.raises(pw.OperationalError) as err:
            records.create("case", a_case())
        assert "busy in another program" in safety.explain(err.value)
    finally:
        other.rollback()
        other.close()
    assert [c.uuid for c in Case.select()] == [kept.uuid]


def test_two_writers_at_once_wait_for_each_other_instead_of_failing(post_db):
    """The desk saving while a background import writes: both succeed, the trail stays one chain."""
    import threading

    from borderdesk.trust import audit

    errors, made = [], []

    def officer(n: int) -> None:
        try:
            for i in range(15):
                made.append(records.create("case", a_case(persons=i, notes=f"writer {n}")).uuid)
        except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong
            errors.append(exc)
        finally:
            DB.close()  # this thread's own connection

    threads = [threading.Thread(target=officer, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Case.select().count() == len(made) == 45
    assert audit.verify() is None
