"""Backups: written with the online backup API, rotated, and restored exactly."""
from __future__ import annotations

import sqlite3

import pytest

from borderdesk.services import records, session
from borderdesk.store.models import Case
from borderdesk.trust import accounts, audit, backup

from trust_helpers import a_case, run_cli, fast_hashes  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("fast_hashes")


def _cases() -> dict[str, dict]:
    return {r.uuid: records.to_dict(r) for r in Case.select()}


def test_a_restore_brings_back_exactly_the_records_the_backup_held(post_db, db_path):
    kept = [records.create("case", a_case(persons=n)) for n in (1, 2, 3)]
    held = _cases()
    file = backup.make_backup()
    assert file.parent == db_path.parent / "backups" and backup.check_backup(file) == "ok"

    # The day goes on: one more case, one corrected, one deleted.
    records.create("case", a_case(persons=9))
    records.update("case", kept[0].uuid, {"persons": 7})
    records.delete("case", kept[1].uuid)
    assert _cases() != held

    aside = backup.restore(file)
    assert _cases() == held
    assert aside.exists() and "before-restore" in aside.name
    # The trail keeps what happened after the backup, then the restore itself.
    assert audit.verify() is None
    actions = [e["action"] for e in audit.list_entries()]
    assert actions[0] == "restore_backup"
    assert actions.count("create") == 5 and "delete" in actions  # post, 3 cases, the 4th case
    # The database set aside still holds the day's work.
    con = sqlite3.connect(aside)
    assert con.execute("SELECT COUNT(*) FROM \"case\"").fetchone()[0] == 4
    con.close()
    # Work goes on after a restore: the search index and the sequence follow.
    records.create("case", a_case(persons=5))
    assert len(_cases()) == 4


def test_a_damaged_backup_is_refused_and_nothing_changes(post_db, tmp_path):
    records.create("case", a_case())
    file = backup.make_backup()
    data = bytearray(file.read_bytes())
    data[4096 * 3: 4096 * 3 + 200] = b"\xff" * 200
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(bytes(data))
    before = _cases()
    with pytest.raises(backup.BackupError, match="cannot be restored"):
        backup.restore(bad)
    with pytest.raises(backup.BackupError, match="not a BorderDesk database"):
        plain = tmp_path / "plain.sqlite"
        sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.close()
        backup.restore(plain)
    assert _cases() == before


def test_backups_rotate_keeping_the_newest(post_db, tmp_path):
    session.set_setting("backup_keep", "3")
    made = [backup.make_backup(tmp_path / "stick") for _ in range(5)]
    left = backup.list_backups(tmp_path / "stick")
    assert left == made[:1:-1]  # the newest three, newest first


def test_the_daily_backup_also_goes_to_the_stick_when_it_is_there(post_db, tmp_path):
    session.set_setting("backup_extra_dir", str(tmp_path / "usb"))
    assert backup.daily_backup_due()
    made = backup.backup_if_due()
    assert made is not None and not (tmp_path / "usb").exists()  # stick not plugged in: only the local one
    assert not backup.daily_backup_due() and backup.backup_if_due() is None
    (tmp_path / "usb").mkdir()
    assert len(backup.auto_backup("exit")) == 2
    assert len(backup.list_backups(tmp_path / "usb")) == 1


def test_a_backup_is_one_self_contained_file(post_db):
    file = backup.make_backup()
    con = sqlite3.connect(f"{file.as_uri()}?mode=ro", uri=True)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()
    assert not list(file.parent.glob("*-wal")) and not list(file.parent.glob("*.partial"))


def test_only_an_administrator_restores(post_db):
    file = backup.make_backup()
    accounts.create_user("admin", "admin-pass-1", "administrator")
    accounts.authenticate("admin", "admin-pass-1")
    accounts.create_user("chihuy", "commander-1", "commander")
    accounts.authenticate("chihuy", "commander-1")
    with pytest.raises(accounts.PermissionDenied):
        backup.restore(file)


def test_backup_and_restore_from_the_command_line(tmp_path):
    path = tmp_path / "pl.sqlite"
    admin = {"user": "admin", "password": "admin-pass-1"}
    assert run_cli(path, "init", "--code", "PL", "--name", "Đồn Biên phòng Pha Long", **admin).returncode == 0
    r = run_cli(path, "backup", "--to", str(tmp_path / "usb"), **admin)
    assert r.returncode == 0, r.stderr
    (file,) = (tmp_path / "usb").glob("pl-*.sqlite")
    r = run_cli(path, "user", "add", "canbo", BORDERDESK_NEW_PASSWORD="officer-pass", **admin)
    assert r.returncode == 0
    r = run_cli(path, "restore", str(file), **admin)
    assert r.returncode == 0, r.stderr
    assert "previous database was kept" in r.stdout
    r = run_cli(path, "user", "list", "--json", **admin)
    assert '"canbo"' not in r.stdout  # the backup was made before canbo existed
    assert run_cli(path, "audit", "verify", **admin).returncode == 0
    # A record id still restores a deleted record through the same command.
    r = run_cli(path, "restore", "no-such-id", **admin)
    assert r.returncode != 0 and "No record" in r.stderr
