"""An encrypted database (SQLCipher): unreadable without the passphrase, usable with it, backups too."""
from __future__ import annotations

import sqlite3

import pytest

from trust_helpers import run_cli

pytest.importorskip("sqlcipher3")
KEY = "núi rừng biên cương"


def test_an_encrypted_post_works_only_with_its_passphrase(tmp_path):
    path = tmp_path / "pl.sqlite"
    r = run_cli(path, "init", "--code", "PL", "--name", "Đồn Biên phòng Pha Long", "--encrypt")
    assert r.returncode != 0 and "BORDERDESK_DB_KEY" in r.stderr and not path.exists()
    r = run_cli(path, "init", "--code", "PL", "--name", "Đồn Biên phòng Pha Long", "--encrypt", BORDERDESK_DB_KEY=KEY)
    assert r.returncode == 0, r.stderr
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and "Pha Long".encode() not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()

    r = run_cli(path, "search", "Pha Long", "--json", BORDERDESK_DB_KEY=KEY)
    assert r.returncode == 0 and "Pha Long" in r.stdout
    for env in ({}, {"BORDERDESK_DB_KEY": "not-the-passphrase"}):
        r = run_cli(path, "list", "--kind", "case", **env)
        assert r.returncode != 0 and r.stdout == ""
        assert len(r.stderr.strip().splitlines()) == 1 and "BORDERDESK_DB_KEY" in r.stderr, r.stderr

    r = run_cli(path, "backup", BORDERDESK_DB_KEY=KEY)
    assert r.returncode == 0, r.stderr
    (file,) = (tmp_path / "backups").glob("pl-*.sqlite")
    assert not file.read_bytes().startswith(b"SQLite format 3")  # the backup is encrypted too
    r = run_cli(path, "restore", str(file), BORDERDESK_DB_KEY=KEY)
    assert r.returncode == 0, r.stderr
    assert run_cli(path, "check", BORDERDESK_DB_KEY=KEY).returncode == 0


def test_the_passphrase_can_be_changed(tmp_path):
    path = tmp_path / "pl.sqlite"
    assert run_cli(path, "init", "--code", "PL", "--name", "Pha Long", "--encrypt", BORDERDESK_DB_KEY=KEY).returncode == 0
    r = run_cli(path, "passphrase", BORDERDESK_DB_KEY=KEY, BORDERDESK_NEW_DB_KEY="đèo cao gió lộng")
    assert r.returncode == 0, r.stderr
    assert run_cli(path, "list", "--kind", "case", BORDERDESK_DB_KEY=KEY).returncode != 0
    assert run_cli(path, "audit", "verify", BORDERDESK_DB_KEY="đèo cao gió lộng").returncode == 0
    (fresh,) = (tmp_path / "backups").glob("pl-*.sqlite")
    r = run_cli(path, "restore", str(fresh), BORDERDESK_DB_KEY="đèo cao gió lộng")
    assert r.returncode == 0, r.stderr


def test_a_plain_database_has_no_passphrase_to_change(tmp_path):
    path = tmp_path / "pl.sqlite"
    assert run_cli(path, "init", "--code", "PL", "--name", "Pha Long").returncode == 0
    r = run_cli(path, "passphrase", BORDERDESK_NEW_DB_KEY="whatever-long")
    assert r.returncode != 0 and "not encrypted" in r.stderr
