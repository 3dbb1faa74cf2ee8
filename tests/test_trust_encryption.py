"""The database encrypted by default, unlocked by the accounts' own passwords (the real command line,
the real Argon2id cost of a slot, real SQLCipher files)."""
from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from trust_helpers import run_cli

ADMIN = {"user": "chihuy", "password": "núi rừng biên cương"}
DATA = Path(__file__).parent / "data"


def make_encrypted(path: Path) -> str:
    """``init`` with the first administrator in the environment; returns the recovery key it printed."""
    r = run_cli(path, "init", "--code", "PL", "--name", "Đồn Biên phòng Pha Long", BORDERDESK_USER=ADMIN["user"],
                BORDERDESK_NEW_PASSWORD=ADMIN["password"])
    assert r.returncode == 0, r.stderr
    return r.stdout.strip().splitlines()[-1]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(r) -> str:
    assert r.returncode != 0 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


def test_init_encrypts_by_default_and_only_the_password_opens_it(tmp_path):
    path = tmp_path / "pl.sqlite"
    recovery = make_encrypted(path)
    assert len(recovery.split("-")) == 24 and all(len(g) == 4 and g.isdigit() for g in recovery.split("-"))
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and "Pha Long".encode() not in raw
    assert (tmp_path / "pl.sqlite.keys").is_file()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()
    import sqlcipher3

    con = sqlcipher3.connect(str(path))
    con.execute("PRAGMA cipher_log_level = NONE")
    con.execute("PRAGMA key = 'chihuy'")  # neither a password nor anything typed is the database's key
    with pytest.raises(sqlcipher3.DatabaseError):
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    con.close()

    r = run_cli(path, "search", "Pha Long", "--json", **ADMIN)
    assert r.returncode == 0 and "Pha Long" in r.stdout, r.stderr
    before = digest(path)
    assert one_line(run_cli(path, "list", "--kind", "case", user="chihuy", password="wrong-password")) == \
        "borderdesk: wrong user name or password"
    assert one_line(run_cli(path, "list", "--kind", "case", user="nobody", password=ADMIN["password"])) == \
        "borderdesk: wrong user name or password"
    assert "BORDERDESK_USER" in one_line(run_cli(path, "list", "--kind", "case"))
    assert digest(path) == before  # a wrong password changes nothing in the database
    r = run_cli(path, "audit", "list", "--action", "login_failed", "--json", **ADMIN)
    (entry,) = json.loads(r.stdout)  # told at the next login, since the file was locked then
    assert entry["user"] == "chihuy" and "1 wrong password while" in entry["detail"]
    r = run_cli(path, "check", **ADMIN)
    assert r.returncode == 0 and "sound" in r.stdout, r.stderr


def test_init_without_an_administrator_refuses_and_leaves_nothing(tmp_path):
    path = tmp_path / "pl.sqlite"
    line = one_line(run_cli(path, "init", "--code", "PL", "--name", "Pha Long"))
    assert "BORDERDESK_USER" in line and "BORDERDESK_NEW_PASSWORD" in line and "--no-encryption" in line
    assert list(tmp_path.iterdir()) == []
    r = run_cli(path, "init", "--code", "PL", "--name", "Pha Long", BORDERDESK_USER="chihuy",
                BORDERDESK_NEW_PASSWORD="short")
    assert r.returncode != 0 and "8 characters" in r.stderr and list(tmp_path.iterdir()) == []


def test_no_encryption_makes_an_open_database_and_says_what_that_means(tmp_path):
    path = tmp_path / "pl.sqlite"
    r = run_cli(path, "init", "--code", "PL", "--name", "Pha Long", "--no-encryption")
    assert r.returncode == 0, r.stderr
    assert path.read_bytes().startswith(b"SQLite format 3") and not (tmp_path / "pl.sqlite.keys").exists()
    assert "Not encrypted" in r.stderr and "borderdesk encrypt" in r.stderr
    assert "passphrase --recovery" in one_line(run_cli(path, "passphrase"))


def test_accounts_wrap_and_unwrap_their_own_slots(tmp_path):
    path = tmp_path / "pl.sqlite"
    make_encrypted(path)
    officer = {"user": "canbo", "password": "officer-pass-1"}
    assert run_cli(path, "user", "add", "canbo", BORDERDESK_NEW_PASSWORD=officer["password"], **ADMIN).returncode == 0
    assert run_cli(path, "list", "--kind", "case", **officer).returncode == 0
    r = run_cli(path, "user", "passwd", BORDERDESK_NEW_PASSWORD="officer-pass-2", **officer)
    assert r.returncode == 0, r.stderr
    assert run_cli(path, "list", "--kind", "case", **officer).returncode != 0
    assert run_cli(path, "list", "--kind", "case", user="canbo", password="officer-pass-2").returncode == 0
    r = run_cli(path, "user", "reset", "canbo", BORDERDESK_NEW_PASSWORD="given-by-admin", **ADMIN)
    assert r.returncode == 0, r.stderr
    assert run_cli(path, "list", "--kind", "case", user="canbo", password="given-by-admin").returncode == 0
    slots = json.loads((tmp_path / "pl.sqlite.keys").read_text())["slots"]
    assert len(slots) == 2 and "canbo" not in (tmp_path / "pl.sqlite.keys").read_text()
    assert run_cli(path, "user", "remove", "canbo", **ADMIN).returncode == 0
    assert len(json.loads((tmp_path / "pl.sqlite.keys").read_text())["slots"]) == 1
    assert one_line(run_cli(path, "list", "--kind", "case", user="canbo", password="given-by-admin")) == \
        "borderdesk: wrong user name or password"


def test_five_wrong_passwords_lock_that_slot_only(tmp_path):
    path = tmp_path / "pl.sqlite"
    make_encrypted(path)
    assert run_cli(path, "user", "add", "canbo", BORDERDESK_NEW_PASSWORD="officer-pass-1", **ADMIN).returncode == 0
    for _ in range(4):
        assert "wrong user name" in one_line(run_cli(path, "list", "--kind", "case", user="canbo", password="guess-1"))
    assert "locked for 15" in one_line(run_cli(path, "list", "--kind", "case", user="canbo", password="guess-1"))
    assert "locked" in one_line(run_cli(path, "list", "--kind", "case", user="canbo", password="officer-pass-1"))
    r = run_cli(path, "user", "list", "--json", **ADMIN)
    assert [u["username"] for u in json.loads(r.stdout) if u["locked_until"]] == ["canbo"]
    assert run_cli(path, "user", "unlock", "canbo", **ADMIN).returncode == 0
    assert run_cli(path, "list", "--kind", "case", user="canbo", password="officer-pass-1").returncode == 0


def test_the_recovery_key_opens_it_with_or_without_the_key_file(tmp_path):
    path = tmp_path / "pl.sqlite"
    recovery = make_encrypted(path)
    assert run_cli(path, "user", "add", "canbo", BORDERDESK_NEW_PASSWORD="officer-pass-1", **ADMIN).returncode == 0
    wrong = recovery.replace(recovery[:4], f"{(int(recovery[:4]) + 1) % 10000:04d}", 1)
    assert "mistyped" in one_line(run_cli(path, "passphrase", "--recovery", BORDERDESK_RECOVERY_KEY=wrong,
                                          BORDERDESK_USER="chihuy", BORDERDESK_NEW_PASSWORD="forgot-it-1"))
    r = run_cli(path, "passphrase", "--recovery", BORDERDESK_RECOVERY_KEY=recovery, BORDERDESK_USER="chihuy",
                BORDERDESK_NEW_PASSWORD="new-admin-pass")
    assert r.returncode == 0, r.stderr
    assert run_cli(path, "list", "--kind", "case", **ADMIN).returncode != 0
    assert run_cli(path, "list", "--kind", "case", user="chihuy", password="new-admin-pass").returncode == 0

    (tmp_path / "pl.sqlite.keys").write_text("{ not json")
    assert "damaged" in one_line(run_cli(path, "list", "--kind", "case", user="chihuy", password="new-admin-pass"))
    (tmp_path / "pl.sqlite.keys").unlink()
    line = one_line(run_cli(path, "list", "--kind", "case", user="chihuy", password="new-admin-pass"))
    assert "no key file" in line and "passphrase --recovery" in line
    other = tmp_path / "other.sqlite"
    other_recovery = make_encrypted(other)
    assert "another database" in one_line(run_cli(
        path, "passphrase", "--recovery", BORDERDESK_RECOVERY_KEY=other_recovery, BORDERDESK_USER="chihuy",
        BORDERDESK_NEW_PASSWORD="new-admin-pass"))
    r = run_cli(path, "passphrase", "--recovery", BORDERDESK_RECOVERY_KEY=recovery, BORDERDESK_USER="chihuy",
                BORDERDESK_NEW_PASSWORD="after-the-loss")
    assert r.returncode == 0, r.stderr
    assert "canbo" in r.stderr  # lost its slot with the key file: an administrator resets it
    assert run_cli(path, "check", user="chihuy", password="after-the-loss").returncode == 0
    r = run_cli(path, "audit", "verify", user="chihuy", password="after-the-loss")
    assert r.returncode == 0, r.stderr


def test_backups_are_encrypted_and_restore_asks_a_password_or_the_recovery_key(tmp_path):
    path = tmp_path / "pl.sqlite"
    recovery = make_encrypted(path)
    r = run_cli(path, "backup", "--to", str(tmp_path / "usb"), **ADMIN)
    assert r.returncode == 0, r.stderr
    (file,) = (tmp_path / "usb").glob("pl-*.sqlite")
    assert not file.read_bytes().startswith(b"SQLite format 3")
    assert Path(str(file) + ".keys").is_file()
    # Into the live database (same key) …
    assert run_cli(path, "user", "add", "canbo", BORDERDESK_NEW_PASSWORD="officer-pass-1", **ADMIN).returncode == 0
    r = run_cli(path, "restore", str(file), **ADMIN)
    assert r.returncode == 0, r.stderr
    assert run_cli(path, "list", "--kind", "case", user="canbo", password="officer-pass-1").returncode != 0
    assert len(json.loads((tmp_path / "pl.sqlite.keys").read_text())["slots"]) == 1  # canbo's slot went too
    # … or as a new database, with a password the backup's slots know, or with the recovery key.
    fresh = tmp_path / "laptop2" / "pl.sqlite"
    fresh.parent.mkdir()
    assert "wrong user name" in one_line(run_cli(fresh, "restore", str(file), user="chihuy", password="nope-nope"))
    assert not fresh.exists()
    r = run_cli(fresh, "restore", str(file), **ADMIN)
    assert r.returncode == 0, r.stderr
    assert run_cli(fresh, "check", **ADMIN).returncode == 0
    third = tmp_path / "laptop3.sqlite"
    r = run_cli(third, "restore", str(file), BORDERDESK_RECOVERY_KEY=recovery)
    assert r.returncode == 0, r.stderr
    assert run_cli(third, "check", **ADMIN).returncode == 0


def test_a_schema_1_database_is_encrypted_in_place(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copyfile(DATA / "schema_v1.sqlite", path)
    r = run_cli(path, "list", "--kind", "talks", "--json")
    assert r.returncode == 0, r.stderr
    talks = json.loads(r.stdout)
    assert talks and talks[0]["members"]
    r = run_cli(path, "encrypt")
    assert "BORDERDESK_USER" in one_line(r) and path.read_bytes().startswith(b"SQLite format 3")
    r = run_cli(path, "encrypt", BORDERDESK_USER="chihuy", BORDERDESK_NEW_PASSWORD=ADMIN["password"])
    assert r.returncode == 0, r.stderr
    recovery = r.stdout.strip().splitlines()[-1]
    assert len(recovery.split("-")) == 24
    assert not path.read_bytes().startswith(b"SQLite format 3")
    backups = list((tmp_path / "backups").glob("old-*.sqlite"))
    assert backups and all(not b.read_bytes().startswith(b"SQLite format 3") for b in backups)
    assert not list(tmp_path.glob("*.encrypting*"))
    r = run_cli(path, "list", "--kind", "talks", "--json", **ADMIN)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == talks
    assert "encrypted already" in one_line(run_cli(path, "encrypt", **ADMIN))
    assert run_cli(path, "audit", "verify", **ADMIN).returncode == 0
    # The backup made first (encrypted since) restores with the same key.
    r = run_cli(path, "restore", str(sorted(backups)[0]), **ADMIN)
    assert r.returncode == 0, r.stderr


def test_check_finds_a_page_changed_on_disk(tmp_path):
    path = tmp_path / "pl.sqlite"
    make_encrypted(path)
    assert run_cli(path, "check", **ADMIN).returncode == 0
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    assert pages >= 3
    data[4096 * (pages - 1) + 200] ^= 0x01  # one bit of the last page: its HMAC no longer matches
    path.write_bytes(bytes(data))
    line = one_line(run_cli(path, "check", **ADMIN))
    assert "damaged" in line, line


def test_init_in_a_terminal_asks_for_the_administrator(tmp_path):
    """Without the environment but with a terminal, init asks (name, password twice) and encrypts."""
    import os
    import pty
    import select
    import sys
    import time

    from trust_helpers import ROOT, cli_env

    path = tmp_path / "pl.sqlite"
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real command line on a real terminal
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "borderdesk", "--db", str(path), "init", "--code", "PL",
                                   "--name", "Pha Long"], cli_env())
    seen = b""

    def wait_for(text: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 60
        while text not in seen:
            assert time.monotonic() < deadline, seen
            if select.select([fd], [], [], 1)[0]:
                seen += os.read(fd, 4096)

    for prompt, answer in ((b"user name: ", b"chihuy"), (b"New password: ", ADMIN["password"].encode()),
                           (b"Repeat the new password: ", ADMIN["password"].encode())):
        wait_for(prompt)
        os.write(fd, answer + b"\n")
    try:
        while True:
            if select.select([fd], [], [], 60)[0]:
                chunk = os.read(fd, 4096)
                if not chunk:
                    break
                seen += chunk
    except OSError:  # the terminal closes with the child
        pass
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, seen
    assert ADMIN["password"].encode() not in seen  # typed without echo
    assert b"Recovery key" in seen
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert run_cli(path, "check", **ADMIN).returncode == 0
